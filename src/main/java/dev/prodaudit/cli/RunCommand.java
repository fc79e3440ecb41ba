package dev.prodaudit.cli;

import dev.prodaudit.audit.Audit;
import dev.prodaudit.audit.AuditRequest;
import dev.prodaudit.audit.PushGateway;
import dev.prodaudit.audit.ReportHistory;
import dev.prodaudit.config.AuditConfig;
import dev.prodaudit.report.JsonReporter;
import dev.prodaudit.report.PrometheusReporter;
import java.io.StringWriter;
import java.nio.file.Path;
import dev.prodaudit.input.InputException;
import dev.prodaudit.report.AuditReport;
import dev.prodaudit.report.Reporter;
import dev.prodaudit.report.Reporters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit run}: parses the options, runs the audit through {@link Audit} and prints the report. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the checks and print a report. Exit 1 when a check at or above --fail-on fails.")
public final class RunCommand implements Callable<Integer> {
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

    @Option(names = "--require-attested", paramLabel = "SEVERITY",
            description = "Gate on manual checks at or above SEVERITY that no attestation covers, as on a FAIL "
                    + "(default: none, or requireAttested in audit.yaml).")
    String requireAttested;

    @Option(names = "--release", paramLabel = "REF",
            description = "The release being audited, a tag, branch or commit of the repository (default: its HEAD); "
                    + "attestations for another release do not count.")
    String release;

    @Option(names = "--deployed-at", paramLabel = "TIME",
            description = "When the audited release was deployed (ISO-8601 with offset, e.g. 2026-12-01T14:05:00Z); "
                    + "workers and cache entries older than this were not renewed by it (default: the start time the "
                    + "API reports on /version or /health).")
    String deployedAt;

    @Option(names = "--baseline", paramLabel = "REPORT",
            description = "A JSON report of an earlier run: gate only on checks that fail now and did not fail then.")
    String baselineFile;

    @Option(names = "--offline",
            description = "For CI that cannot reach production: run every check and part that needs no live service; "
                    + "the others are SKIP 'live part not run (--offline)' and never gate (default: offline in audit.yaml).")
    Boolean offline;

    @Option(names = "--push-gateway", paramLabel = "URL",
            description = "Also push the metrics (the prometheus report) to this Pushgateway, job prodaudit, instance "
                    + "--environment; a failed push is a warning (default: pushGateway in audit.yaml).")
    String pushGateway;

    @Option(names = "--environment", paramLabel = "NAME",
            description = "The environment audited: the Pushgateway's instance label (default: environment in "
                    + "audit.yaml, else production).")
    String environment;

    @Option(names = "--history", paramLabel = "DIR",
            description = "Keep this run's JSON report in DIR with the last --history-keep ones, and report what "
                    + "changed since the previous run (default: history.dir in audit.yaml).")
    String historyDir;

    @Option(names = "--history-keep", paramLabel = "N",
            description = "How many reports --history keeps (default: history.keep in audit.yaml, else 30).")
    Integer historyKeep;

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

        Audit audit = Audit.prepare(new AuditRequest(common.setupRequest(terminal), failOn, allowErrors, only, skip,
                timeout, concurrency, attestationsFile, requireAttested, release, baselineFile, historyDepth, deployedAt,
                offline));
        PushGateway push = pushGateway(audit.config());
        ReportHistory history = history(audit.config());
        // The report paths last, once everything else is known good: checking them may create their folder.
        ReportFiles reportFiles = ReportFiles.prepare(files);

        AuditReport report;
        Progress progress = Progress.startIf(terminal.interactive() && !noProgress, terminal.err(), audit.checkCount());
        try {
            report = audit.run(progress == null ? r -> { } : progress);
        } finally {
            if (progress != null) {
                progress.close();
            }
        }
        String json = null;
        if (history != null) {
            json = render(new JsonReporter(), report);
            report = report.withSincePrevious(history.sincePrevious(json).orElse(null));
        }
        // Files first, all or nothing, then stdout: a failed write exits 2 before any report says otherwise.
        reportFiles.write(report);
        if (history != null) {
            try {
                history.record(json, report.startedAt());
            } catch (IOException e) {
                terminal.err().println("warning: this run's report was not kept in the history: " + e.getMessage());
            }
        }
        if (push != null) {
            push.push(render(new PrometheusReporter(), report)).ifPresent(w -> terminal.err().println("warning: " + w));
            terminal.err().flush();
        }
        if (output == null) {
            main.write(report, terminal.out());
            terminal.out().flush();
        }
        return report.exitCode();
    }

    /** {@code --push-gateway}, else {@code pushGateway:} of audit.yaml; null for neither. */
    private PushGateway pushGateway(AuditConfig config) throws InputException {
        String env = environment != null ? environment
                : config.environment() != null ? config.environment() : PushGateway.DEFAULT_ENVIRONMENT;
        if (pushGateway != null) {
            return PushGateway.of(pushGateway, env, "--push-gateway " + pushGateway);
        }
        if (config.pushGateway() != null) {
            return PushGateway.of(config.pushGateway(), env, config.document().locateValue("/pushGateway"));
        }
        return null;
    }

    /** {@code --history}, else {@code history:} of audit.yaml (its folder relative to audit.yaml); null for neither. */
    private ReportHistory history(AuditConfig config) throws InputException {
        AuditConfig.HistorySection section = config.history();
        int keep = historyKeep != null ? historyKeep
                : section != null && section.keep() != null ? section.keep() : ReportHistory.DEFAULT_KEEP;
        if (historyDir != null) {
            return ReportHistory.open(terminal.workDir().resolve(historyDir), keep, "--history " + historyDir);
        }
        if (historyKeep != null && section == null) {
            throw new InputException("--history-keep " + historyKeep, "keeps reports only with --history",
                    "add --history DIR, or history: in audit.yaml");
        }
        if (section == null) {
            return null;
        }
        Path base = config.file() == null ? terminal.workDir() : config.file().toAbsolutePath().getParent();
        return ReportHistory.open(base.resolve(section.dir()), keep, config.document().locateValue("/history/dir"));
    }

    private static String render(Reporter reporter, AuditReport report) throws IOException {
        StringWriter text = new StringWriter();
        reporter.write(report, text);
        return text.toString();
    }

    private static Reporter reporter(String name, String option) throws InputException {
        return Reporters.create(name, false).orElseThrow(() -> new InputException(option + " " + name,
                "unknown report format '" + name + "'", "one of " + String.join(", ", Reporters.FORMATS)));
    }
}
