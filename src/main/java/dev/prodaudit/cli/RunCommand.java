package dev.prodaudit.cli;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.catalog.InputException;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.config.Durations;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.Targets;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.policy.Attestations;
import dev.prodaudit.policy.AttestationsLoader;
import dev.prodaudit.policy.Baseline;
import dev.prodaudit.policy.Policy;
import dev.prodaudit.policy.SavedReport;
import dev.prodaudit.policy.Waiver;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.report.AuditReport;
import dev.prodaudit.report.Reporter;
import dev.prodaudit.report.Reporters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit run}: runs the catalogue and reports. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the checks and print a report. Exit 1 when a check at or above --fail-on fails.")
public final class RunCommand implements Callable<Integer> {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int DEFAULT_CONCURRENCY = 8;

    private final Terminal terminal;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Lowest severity whose failures gate: critical, high, medium, low, info or none (default: high).")
    String failOn;

    @Option(names = "--allow-errors", description = "Do not gate on checks that could not run (ERROR).")
    boolean allowErrors;

    @Option(names = "--only", paramLabel = "SELECTOR", split = ",",
            description = "Run only checks matching an id (globs allowed), id prefix, tag or section; repeatable.")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", paramLabel = "SELECTOR", split = ",",
            description = "Leave out checks matching an id, id prefix, tag or section; repeatable.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Report format on stdout (or in --output): ${COMPLETION-CANDIDATES}.",
            completionCandidates = FormatNames.class)
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the --format report to FILE instead of stdout.")
    String output;

    @Option(names = "--report", paramLabel = "FORMAT=FILE",
            description = "Also write a report in FORMAT to FILE; repeatable (e.g. --report json=audit.json).")
    List<String> reports = new ArrayList<>();

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the text report: auto (a terminal without NO_COLOR), always or never.")
    String color;

    @Option(names = "--timeout", paramLabel = "SPAN", description = "Default time budget per check (default: 10s).")
    String timeout;

    @Option(names = "--concurrency", paramLabel = "N", description = "Checks run at once (default: 8).")
    Integer concurrency;

    @Option(names = "--history-depth", paramLabel = "N",
            description = "Search only the newest N commits of the git history for secrets (default: all of them).")
    Integer historyDepth;

    @Option(names = "--no-progress", description = "No progress line on the terminal for runs longer than a second.")
    boolean noProgress;

    @Option(names = "--attestations", paramLabel = "FILE",
            description = "Attestations and waivers (default: audit.attestations.yaml beside audit.yaml, if present).")
    String attestationsFile;

    @Option(names = "--baseline", paramLabel = "REPORT",
            description = "A JSON report of an earlier run: gate only on checks that fail now and did not fail then.")
    String baselineFile;

    public RunCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** The formats, for help and completion. */
    static final class FormatNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        FormatNames() {
            super(Reporters.FORMATS);
        }
    }

    @Override
    public Integer call() throws InputException, IOException {
        // Check the invocation before doing any work, so a typo costs nothing.
        Reporter main = reporter(format, "--format");
        List<ReportFiles.Target> extra = new ArrayList<>();
        for (String spec : reports) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new InputException("--report " + spec, "expected FORMAT=FILE", "e.g. --report json=audit.json");
            }
            extra.add(new ReportFiles.Target("--report " + spec, reporter(spec.substring(0, eq), "--report"),
                    terminal.workDir().resolve(spec.substring(eq + 1))));
        }
        boolean useColor = switch (color) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> terminal.colorByDefault() && output == null;
            default -> throw new InputException("--color " + color, "expected auto, always or never", null);
        };
        if (main.format().equals("text")) {
            main = Reporters.create("text", useColor).orElseThrow();
        }
        List<ReportFiles.Target> files = new ArrayList<>();
        if (output != null) {
            files.add(new ReportFiles.Target("--output " + output, main, terminal.workDir().resolve(output)));
        }
        files.addAll(extra);

        AuditSetup setup = AuditSetup.load(common, terminal);
        Gate gate = new Gate(failOnSeverity(setup), allowErrors);
        Duration defaultTimeout = timeout != null ? parseTimeout(timeout)
                : setup.config.timeout() != null ? setup.config.timeout().duration() : DEFAULT_TIMEOUT;
        int parallel = concurrency != null ? concurrency
                : setup.config.concurrency() != null ? setup.config.concurrency() : DEFAULT_CONCURRENCY;
        if (parallel < 1 || parallel > 64) {
            throw new InputException("--concurrency " + parallel, "must be between 1 and 64", null);
        }
        Integer depth = historyDepth != null ? historyDepth : setup.config.historyDepth();
        if (historyDepth != null && historyDepth < 1) {
            throw new InputException("--history-depth " + historyDepth, "must be at least 1",
                    "leave it out to scan the whole history");
        }
        int walkDepth = depth == null ? ProbeContext.WHOLE_HISTORY : depth;
        List<Check> checks = Selection.apply(setup.catalog.checks(), only, skip);
        Attestations attestations = loadAttestations(setup, terminal.workDir(), attestationsFile);
        SavedReport baselineReport = baselineFile == null ? null
                : SavedReport.read(terminal.workDir().resolve(baselineFile), baselineFile, "baseline");
        // The report paths last, once everything else is known good: checking them may create their folder.
        ReportFiles reportFiles = ReportFiles.prepare(files);

        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<Result> results;
        try (SharedClients clients = new SharedClients()) {
            Runner runner = new Runner(setup.probes, parallel, defaultTimeout, setup.redactor);
            Progress progress = Progress.startIf(terminal.interactive() && !noProgress, terminal.err(), checks.size());
            try {
                results = runner.run(checks,
                        budget -> new ProbeContext(setup.env, setup.repository, setup.targets, budget, clients, walkDepth),
                        progress == null ? r -> { } : progress);
            } finally {
                if (progress != null) {
                    progress.close();
                }
            }
        }
        long durationMs = (System.nanoTime() - t0) / 1_000_000;

        // Attestations and waivers, then the baseline: after the runner, in one place each.
        Policy.Applied applied = Policy.apply(results, attestations, LocalDate.now());
        results = applied.results();
        List<String> warnings = new ArrayList<>(warnings(setup));
        warnings.addAll(applied.warnings());
        // Waiver locations and ids come from files: they pass the redactor like everything else that is printed.
        warnings.replaceAll(setup.redactor::apply);
        Baseline baseline = null;
        if (baselineReport != null) {
            baseline = Baseline.compare(baselineReport, results, allowErrors);
            gate = gate.withKnownFailures(baseline.knownSet());
            baseline = new Baseline(setup.redactor.apply(baseline.file()), baseline.newFailures(),
                    baseline.knownFailures(), baseline.fixed().stream().map(setup.redactor::apply).toList());
        }

        AuditReport report = new AuditReport(Version.current(), started, durationMs, runInfo(setup),
                results, warnings, gate, applied.notes(), baseline);
        // Files first, all or nothing, then stdout: a failed write exits 2 before any report says otherwise.
        reportFiles.write(report);
        if (output == null) {
            main.write(report, terminal.out());
            terminal.out().flush();
        }
        return report.exitCode();
    }

    /**
     * {@code --attestations FILE}, else {@code attestations:} of audit.yaml (relative to it), else
     * audit.attestations.yaml beside audit.yaml (or in the working directory) if it exists; plus the
     * {@code waivers:} of audit.yaml. Checked against the whole catalogue, not only the selected checks.
     */
    static Attestations loadAttestations(AuditSetup setup, Path cwd, String attestationsFile) throws InputException {
        Path configDir = setup.config.file() == null ? cwd : setup.config.file().toAbsolutePath().getParent();
        AttestationsLoader loader = new AttestationsLoader(setup.catalog.checks());
        Attestations fromFile = Attestations.none();
        if (attestationsFile != null) {
            fromFile = loader.readFile(cwd.resolve(attestationsFile), attestationsFile);
        } else if (setup.config.attestations() != null) {
            if (setup.config.attestations().isBlank()) {
                throw new InputException(setup.config.document().locateValue("/attestations"), "'attestations' is empty",
                        "name the attestations file, or leave the key out for " + AttestationsLoader.DEFAULT_NAME);
            }
            Path file = configDir.resolve(setup.config.attestations());
            fromFile = loader.readFile(file, relative(cwd, file));
        } else {
            Path file = configDir.resolve(AttestationsLoader.DEFAULT_NAME);
            if (Files.isRegularFile(file)) {
                fromFile = loader.readFile(file, relative(cwd, file));
            }
        }
        List<Waiver> fromConfig = setup.config.document() == null ? List.of()
                : loader.readWaivers(setup.config.document(), "/waivers");
        return AttestationsLoader.merge(fromFile, fromConfig).redacted(setup.redactor::apply);
    }

    private Severity failOnSeverity(AuditSetup setup) throws InputException {
        String text = failOn != null ? failOn : setup.config.failOn() != null ? setup.config.failOn() : "high";
        try {
            return Gate.parseFailOn(text);
        } catch (IllegalArgumentException e) {
            throw new InputException(failOn != null ? "--fail-on " + failOn : String.valueOf(setup.config.file()),
                    e.getMessage().replace("(expected one of ", "(expected none or one of "), null);
        }
    }

    private static Duration parseTimeout(String text) throws InputException {
        try {
            return Durations.parseTimeout(text);
        } catch (IllegalArgumentException e) {
            throw new InputException("--timeout " + text, e.getMessage(), "e.g. --timeout 5s");
        }
    }

    private static Reporter reporter(String name, String option) throws InputException {
        return Reporters.create(name, false).orElseThrow(() -> new InputException(option + " " + name,
                "unknown report format '" + name + "'", "one of " + String.join(", ", Reporters.FORMATS)));
    }

    private AuditReport.RunInfo runInfo(AuditSetup setup) {
        Path cwd = terminal.workDir();
        List<String> envFiles = setup.env.files().stream().map(f -> relative(cwd, f.path())).toList();
        Map<String, String> targets = new LinkedHashMap<>();
        Targets t = setup.targets;
        targets.put("baseUrl", shown(setup.redactor, t.baseUrl()));
        targets.put("frontendUrl", shown(setup.redactor, t.frontendUrl()));
        targets.put("tls", t.tls().isEmpty() ? null : String.join(", ", t.tls()));
        targets.put("mongodb", shown(setup.redactor, t.mongodb()));
        targets.put("redis", shown(setup.redactor, t.redis()));
        targets.put("qdrant", t.qdrant() == null ? null : shown(setup.redactor, t.qdrant().url()));
        targets.put("mailDomain", t.mailDomain());
        targets.put("dnsServer", t.dnsServer() == null ? "system resolver" : t.dnsServer());
        targets.replaceAll((k, v) -> v == null ? "not configured" : v);
        String config = setup.config.file() == null ? null : relative(cwd, setup.config.file());
        // Paths are names from outside too: a folder named with an ESC must not reach the terminal raw.
        Redactor r = setup.redactor;
        targets.replaceAll((k, v) -> r.apply(v));
        return new AuditReport.RunInfo(r.apply(config), setup.catalog.sources().stream().map(r::apply).toList(),
                envFiles.stream().map(r::apply).toList(), r.apply(relative(cwd, setup.repository)), targets);
    }

    private static String shown(Redactor redactor, String value) {
        return value == null ? null : redactor.apply(Redactor.stripUriPasswords(value));
    }

    static String relative(Path cwd, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (abs.equals(cwd)) {
            return ".";
        }
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    private static List<String> warnings(AuditSetup setup) {
        List<String> out = new ArrayList<>();
        if (setup.env.files().isEmpty() && !setup.env.missingFiles().isEmpty()) {
            out.add("no env file found (looked for " + String.join(", ", setup.env.missingFiles())
                    + "); env checks report ERROR");
        }
        setup.env.warnings().forEach(w -> out.add(setup.redactor.apply(w)));
        return out;
    }
}
