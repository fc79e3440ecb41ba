package dev.prodaudit.audit;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.input.Durations;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.policy.Attestations;
import dev.prodaudit.policy.AttestationsLoader;
import dev.prodaudit.policy.AuditedRelease;
import dev.prodaudit.policy.Baseline;
import dev.prodaudit.policy.GitReleases;
import dev.prodaudit.policy.Policy;
import dev.prodaudit.policy.SavedReport;
import dev.prodaudit.policy.Waiver;
import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.Deployment;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.report.AuditReport;
import dev.prodaudit.report.TrackedFiles;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.repo.Git;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The audit as an application service: setup, runner, policy (attestations and waivers), baseline, and the
 * report, without a command line. {@link #prepare} reads and checks every input (an {@link InputException}
 * with file:line:col for each mistake) and runs nothing; {@link #run} runs the checks and returns the report,
 * which a front end renders with a {@link dev.prodaudit.report.Reporter}. {@code audit run} is one such front end.
 */
public final class Audit {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_CONCURRENCY = 8;
    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(10);

    private final AuditRequest request;
    private final AuditSetup setup;
    private final Gate gate;
    private final Duration defaultTimeout;
    private final int concurrency;
    private final int historyDepth;
    private final List<Check> checks;
    private final Attestations attestations;
    private final GitReleases releases;
    private final AuditedRelease auditedRelease;
    private final SavedReport baselineReport;
    private final Instant deployedAt;

    private Audit(AuditRequest request, AuditSetup setup, Gate gate, Duration defaultTimeout, int concurrency,
                  int historyDepth, List<Check> checks, Attestations attestations, GitReleases releases, AuditedRelease auditedRelease,
                  SavedReport baselineReport, Instant deployedAt) {
        this.request = request;
        this.setup = setup;
        this.gate = gate;
        this.defaultTimeout = defaultTimeout;
        this.concurrency = concurrency;
        this.historyDepth = historyDepth;
        this.checks = checks;
        this.attestations = attestations;
        this.releases = releases;
        this.auditedRelease = auditedRelease;
        this.baselineReport = baselineReport;
        this.deployedAt = deployedAt;
    }

    /** Prepares and runs the audit, without progress reporting. */
    public static AuditReport run(AuditRequest request) throws InputException {
        return prepare(request).run(result -> { });
    }

    /** Reads and checks the config, env files, catalogue, attestations, release and baseline; runs nothing. */
    public static Audit prepare(AuditRequest request) throws InputException {
        Path cwd = request.setup().workDir();
        ReleaseLookup release = new ReleaseLookup(request.release(), cwd);
        AuditSetup setup = AuditSetup.load(request.setup(), release::start, Selection.selector(request.only(), request.skip()));
        Gate gate = new Gate(failOnSeverity(request, setup), request.allowErrors())
                .requiringAttestation(requireAttestedSeverity(request, setup));
        Duration defaultTimeout = request.timeout() != null ? parseTimeout(request.timeout())
                : setup.config().timeout() != null ? setup.config().timeout().duration() : DEFAULT_TIMEOUT;
        int parallel = request.concurrency() != null ? request.concurrency()
                : setup.config().concurrency() != null ? setup.config().concurrency() : DEFAULT_CONCURRENCY;
        if (parallel < 1 || parallel > 64) {
            throw new InputException("--concurrency " + parallel, "must be between 1 and 64", null);
        }
        if (request.historyDepth() != null && request.historyDepth() < 1) {
            throw new InputException("--history-depth " + request.historyDepth(), "must be at least 1",
                    "leave it out to scan the whole history");
        }
        Integer depth = request.historyDepth() != null ? request.historyDepth() : setup.config().historyDepth();
        int walkDepth = depth == null ? ProbeContext.WHOLE_HISTORY : depth;
        List<Check> checks = Selection.apply(setup.catalog().checks(), request.only(), request.skip());
        Attestations attestations = loadAttestations(setup, cwd, request.attestationsFile());
        GitReleases releases = release.releases();
        AuditedRelease auditedRelease = release.result().redacted(setup.redactor()::apply);
        SavedReport baselineReport = request.baselineFile() == null ? null
                : SavedReport.read(cwd.resolve(request.baselineFile()), request.baselineFile(), "baseline");
        Instant deployedAt = request.deployedAt() == null ? null : parseDeployedAt(request.deployedAt(), Instant.now());
        return new Audit(request, setup, gate, defaultTimeout, parallel, walkDepth, checks, attestations, releases, auditedRelease,
                baselineReport, deployedAt);
    }

    /**
     * The audited release, resolved with git on a thread of its own from the moment the repository is known: its four
     * or five git processes (30-40 ms) then overlap the reading of the env files and the catalogue. Its answer, or its
     * error, is taken where the release was resolved before, so errors come in the same order.
     */
    private static final class ReleaseLookup {
        private final String option;
        private final Path cwd;
        private GitReleases releases;
        private Background<AuditedRelease> lookup;

        ReleaseLookup(String option, Path cwd) {
            this.option = option;
            this.cwd = cwd;
        }

        void start(Path repository) {
            releases = new GitReleases(repository, relative(cwd, repository));
            lookup = Background.start("prodaudit-release", () -> releases.audited(option)); // git has its own timeout
        }

        GitReleases releases() {
            return releases;
        }

        AuditedRelease result() throws InputException {
            return lookup.result();
        }
    }

    /** {@code --offline}, else {@code offline:} of audit.yaml: parts that need a live service are not run. */
    public boolean offline() {
        return request.offline() != null ? request.offline() : Boolean.TRUE.equals(setup.config().offline());
    }

    /** audit.yaml as read (its scheduled-run keys: {@code pushGateway}, {@code environment}, {@code history}). */
    public dev.prodaudit.config.AuditConfig config() {
        return setup.config();
    }

    /** What the checks will run, their composites' parts included, for the work they share (SharedClients). */
    private static List<BoundProbe> planned(List<Check> checks) {
        List<BoundProbe> out = new ArrayList<>();
        for (Check c : checks) {
            if (c.enabled() && c.bound()) {
                out.addAll(new BoundProbe(c.probeType(), c.probe(), c.spec()).withParts());
            }
        }
        return out;
    }

    /** The checks this audit runs (after {@code only} and {@code skip}). */
    public int checkCount() {
        return checks.size();
    }

    /**
     * Runs the checks, then applies attestations, waivers and the baseline.
     *
     * @param onDone called as each check finishes, from the runner's threads (a progress display)
     */
    public AuditReport run(Consumer<Result> onDone) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        List<Result> results;
        try (SharedClients clients = new SharedClients(planned(checks))) {
            Runner runner = new Runner(setup.probes(), concurrency, defaultTimeout, setup.redactor());
            Deployment deployment = new Deployment(deployedAt, auditedRelease.commit(), auditedRelease.repositoryUri(),
                    auditedRelease.branch());
            results = runner.run(checks,
                    budget -> new ProbeContext(setup.env(), setup.repository(), setup.targets(), budget, clients, historyDepth,
                            deployment, setup.config().ci(), offline()),
                    onDone);
        }
        long durationMs = (System.nanoTime() - t0) / 1_000_000;

        // Attestations and waivers, then the baseline: after the runner, in one place each.
        Policy.Applied applied = Policy.apply(results, attestations, LocalDate.now(), auditedRelease, releases);
        results = applied.results();
        List<String> warnings = new ArrayList<>(warnings(setup));
        warnings.addAll(applied.warnings());
        // Waiver locations and ids come from files: they pass the redactor like everything else that is printed.
        warnings.replaceAll(setup.redactor()::apply);
        Gate gated = gate;
        Baseline baseline = null;
        if (baselineReport != null) {
            baseline = Baseline.compare(baselineReport, results, request.allowErrors());
            gated = gated.withKnownFailures(baseline.knownSet());
            baseline = new Baseline(setup.redactor().apply(baseline.file()), baseline.newFailures(),
                    baseline.knownFailures(), baseline.fixed().stream().map(setup.redactor()::apply).toList());
        }
        return new AuditReport(ToolVersion.current(), started, durationMs, runInfo(), results, warnings, gated,
                applied.notes(), baseline, offline(), null);
    }

    /**
     * {@code attestationsFile}, else {@code attestations:} of audit.yaml (relative to it), else
     * audit.attestations.yaml beside audit.yaml (or in the working directory) if it exists; plus the
     * {@code waivers:} of audit.yaml. Checked against the whole catalogue, not only the selected checks.
     */
    public static Attestations loadAttestations(AuditSetup setup, Path cwd, String attestationsFile) throws InputException {
        Path configDir = setup.config().file() == null ? cwd : setup.config().file().toAbsolutePath().getParent();
        AttestationsLoader loader = new AttestationsLoader(setup.catalog().checks());
        Attestations fromFile = Attestations.none();
        if (attestationsFile != null) {
            fromFile = loader.readFile(cwd.resolve(attestationsFile), attestationsFile);
        } else if (setup.config().attestations() != null) {
            if (setup.config().attestations().isBlank()) {
                throw new InputException(setup.config().document().locateValue("/attestations"), "'attestations' is empty",
                        "name the attestations file, or leave the key out for " + AttestationsLoader.DEFAULT_NAME);
            }
            Path file = configDir.resolve(setup.config().attestations());
            fromFile = loader.readFile(file, relative(cwd, file));
        } else {
            Path file = configDir.resolve(AttestationsLoader.DEFAULT_NAME);
            if (Files.isRegularFile(file)) {
                fromFile = loader.readFile(file, relative(cwd, file));
            }
        }
        List<Waiver> fromConfig = setup.config().document() == null ? List.of()
                : loader.readWaivers(setup.config().document(), "/waivers");
        return AttestationsLoader.merge(fromFile, fromConfig).redacted(setup.redactor()::apply);
    }

    /**
     * {@code --deployed-at}: an ISO-8601 instant with its offset ({@code 2026-12-01T14:05:00Z},
     * {@code 2026-12-01T15:05:00+01:00}). A time without an offset is refused rather than guessed in some zone, and
     * a time after {@code now} cannot be a deploy that already happened.
     */
    static Instant parseDeployedAt(String text, Instant now) throws InputException {
        String where = "--deployed-at " + text;
        String hint = "an ISO-8601 time with its offset, e.g. 2026-12-01T14:05:00Z or 2026-12-01T15:05:00+01:00";
        Instant at;
        try {
            at = java.time.OffsetDateTime.parse(text.strip()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                java.time.LocalDateTime.parse(text.strip());
                throw new InputException(where, "the time has no offset, so its zone is unknown", hint);
            } catch (java.time.format.DateTimeParseException notLocal) {
                throw new InputException(where, "not an ISO-8601 time", hint);
            }
        }
        if (at.isAfter(now)) {
            throw new InputException(where, "is in the future", "give the time the release was deployed, " + hint);
        }
        return at;
    }

    private static Severity failOnSeverity(AuditRequest request, AuditSetup setup) throws InputException {
        String failOn = request.failOn();
        String text = failOn != null ? failOn : setup.config().failOn() != null ? setup.config().failOn() : "high";
        try {
            return Gate.parseFailOn(text);
        } catch (IllegalArgumentException e) {
            throw new InputException(failOn != null ? "--fail-on " + failOn : String.valueOf(setup.config().file()),
                    e.getMessage().replace("(expected one of ", "(expected none or one of "), null);
        }
    }

    /**
     * {@code requireAttested} of the request, else of audit.yaml (an error there points at its line), else none.
     * {@code none} is written out to turn the gate off where audit.yaml turned it on.
     */
    private static Severity requireAttestedSeverity(AuditRequest request, AuditSetup setup) throws InputException {
        String fromRequest = request.requireAttested();
        String text = fromRequest != null ? fromRequest : setup.config().requireAttested();
        if (text == null) {
            return null;
        }
        try {
            return Gate.parseFailOn(text.strip());
        } catch (IllegalArgumentException e) {
            String where = fromRequest != null || setup.config().document() == null ? "--require-attested " + text
                    : setup.config().document().locateValue("/requireAttested");
            String what = fromRequest != null ? "unknown severity '" + text + "'"
                    : "'requireAttested' is not a severity: '" + text + "'";
            throw new InputException(where, what, "one of none, critical, high, medium, low, info");
        }
    }

    private static Duration parseTimeout(String text) throws InputException {
        try {
            return Durations.parseTimeout(text);
        } catch (IllegalArgumentException e) {
            throw new InputException("--timeout " + text, e.getMessage(), "e.g. --timeout 5s");
        }
    }

    /** The report's header: what was read, and each target of the table as it was configured, redacted. */
    private AuditReport.RunInfo runInfo() {
        Path cwd = request.setup().workDir();
        Redactor r = setup.redactor();
        List<String> envFiles = setup.env().files().stream().map(f -> relative(cwd, f.path())).toList();
        Map<String, String> targets = new LinkedHashMap<>();
        for (TargetKind kind : TargetKind.values()) {
            targets.put(kind.key(), setup.shownTarget(kind).orElse(kind.absentShownAs()));
        }
        String config = setup.config().file() == null ? null : relative(cwd, setup.config().file());
        // Paths are names from outside too: a folder named with an ESC must not reach the terminal raw.
        targets.replaceAll((k, v) -> r.apply(v));
        return new AuditReport.RunInfo(r.apply(config), setup.catalog().sources().stream().map(r::apply).toList(),
                envFiles.stream().map(r::apply).toList(), r.apply(relative(cwd, setup.repository())), targets,
                auditedRelease, auditedRelease.gitRepository() ? trackedFiles(setup.repository()) : null);
    }

    /**
     * What git tracks, and the variables of each tracked {@code .env.example}: read-only ({@code git ls-files}),
     * within the git budget; null when git cannot tell (then reports place findings as before).
     */
    private static TrackedFiles trackedFiles(Path repository) {
        try {
            List<String> paths = new Git(repository, GIT_TIMEOUT).trackedFiles();
            Map<String, Map<String, Integer>> templates = new LinkedHashMap<>();
            for (String path : paths) {
                if (!Path.of(path).getFileName().toString().equals(TrackedFiles.TEMPLATE_NAME)) {
                    continue;
                }
                try {
                    Map<String, Integer> lines = new LinkedHashMap<>();
                    EnvFile.read(repository.resolve(path), path).entries().forEach((key, entry) -> lines.put(key, entry.line()));
                    templates.put(path, lines);
                } catch (java.io.IOException | InputException e) {
                    // A template that cannot be read documents nothing: findings fall back to the repository root.
                }
            }
            return new TrackedFiles(new java.util.HashSet<>(paths), templates);
        } catch (Git.GitException e) {
            return null;
        }
    }

    /** {@code p} relative to {@code cwd} when inside it ("." for cwd itself), else absolute. */
    public static String relative(Path cwd, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (abs.equals(cwd)) {
            return ".";
        }
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    private static List<String> warnings(AuditSetup setup) {
        List<String> out = new ArrayList<>();
        if (setup.env().files().isEmpty() && !setup.env().missingFiles().isEmpty()) {
            out.add("no env file found (looked for " + String.join(", ", setup.env().missingFiles())
                    + "); env checks report ERROR");
        }
        setup.env().warnings().forEach(w -> out.add(setup.redactor().apply(w)));
        return out;
    }
}
