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

/** {@code audit run}: parses the options, runs the audit through {@link Audit} and prints the report. */
public final class RunCommand implements Subcommand {
    private final Terminal terminal;
    private final CommandModel model;

    public RunCommand(Terminal terminal) {
        this.terminal = terminal;
        this.model = CommonOptions.addTo(CommandModel.of(this, "run",
                        "Run the checks and print a report. Exit 1 when a check at or above --fail-on fails."))
                .text("--fail-on", "SEVERITY",
                        "Lowest severity whose failures gate: critical, high, medium, low, info or none (default: high).")
                .flag("--allow-errors", "Do not gate on checks that could not run (ERROR).")
                .separated("--only", "SELECTOR",
                        "Run only checks matching an id (globs allowed), id prefix, tag or section; repeatable.")
                .separated("--skip", "SELECTOR", "Leave out checks matching an id, id prefix, tag or section; repeatable.")
                .choice("--format", "FORMAT", "text", Reporters.FORMATS,
                        "Report format on stdout (or in --output): ${COMPLETION-CANDIDATES}.")
                .text("--output", "FILE", "Write the --format report to FILE instead of stdout.")
                .repeatable("--report", "FORMAT=FILE",
                        "Also write a report in FORMAT to FILE; repeatable (e.g. --report json=audit.json).")
                .text("--color", "WHEN", "auto", "Colour the text report: auto (a terminal without NO_COLOR), always or never.")
                .text("--timeout", "SPAN", "Default time budget per check (default: 10s).")
                .number("--concurrency", "N", "Checks run at once (default: 8).")
                .number("--history-depth", "N",
                        "Search only the newest N commits of the git history for secrets (default: all of them).")
                .flag("--no-progress", "No progress line on the terminal for runs longer than a second.")
                .text("--attestations", "FILE",
                        "Attestations and waivers (default: audit.attestations.yaml beside audit.yaml, if present).")
                .text("--require-attested", "SEVERITY",
                        "Gate on manual checks at or above SEVERITY that no attestation covers, as on a FAIL "
                                + "(default: none, or requireAttested in audit.yaml).")
                .text("--release", "REF",
                        "The release being audited, a tag, branch or commit of the repository (default: its HEAD); "
                                + "attestations for another release do not count.")
                .text("--deployed-at", "TIME",
                        "When the audited release was deployed (ISO-8601 with offset, e.g. 2026-12-01T14:05:00Z); "
                                + "workers and cache entries older than this were not renewed by it (default: the start "
                                + "time the API reports on /version or /health).")
                .text("--baseline", "REPORT",
                        "A JSON report of an earlier run: gate only on checks that fail now and did not fail then.")
                .flag("--offline",
                        "For CI that cannot reach production: run every check and part that needs no live service; "
                                + "the others are SKIP 'live part not run (--offline)' and never gate (default: offline "
                                + "in audit.yaml).")
                .text("--push-gateway", "URL",
                        "Also push the metrics (the prometheus report) to this Pushgateway, job prodaudit, instance "
                                + "--environment; a failed push is a warning (default: pushGateway in audit.yaml).")
                .text("--environment", "NAME",
                        "The environment audited: the Pushgateway's instance label (default: environment in "
                                + "audit.yaml, else production).")
                .text("--history", "DIR",
                        "Keep this run's JSON report in DIR with the last --history-keep ones, and report what "
                                + "changed since the previous run (default: history.dir in audit.yaml).")
                .number("--history-keep", "N",
                        "How many reports --history keeps (default: history.keep in audit.yaml, else 30).");
    }

    @Override
    public CommandModel model() {
        return model;
    }

    @Override
    public Integer call() throws InputException, IOException {
        String output = model.text("--output");
        // Check the invocation before doing any work, so a typo costs nothing.
        Reporter main = reporter(model.text("--format"), "--format");
        List<ReportFiles.Target> extra = new ArrayList<>();
        for (String spec : model.list("--report")) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new InputException("--report " + spec, "expected FORMAT=FILE", "e.g. --report json=audit.json");
            }
            extra.add(new ReportFiles.Target("--report " + spec, reporter(spec.substring(0, eq), "--report"),
                    terminal.workDir().resolve(spec.substring(eq + 1))));
        }
        String color = model.text("--color");
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

        Audit audit = Audit.prepare(new AuditRequest(CommonOptions.setupRequest(model, terminal), model.text("--fail-on"),
                model.flag("--allow-errors"), model.list("--only"), model.list("--skip"), model.text("--timeout"),
                model.number("--concurrency"), model.text("--attestations"), model.text("--require-attested"),
                model.text("--release"), model.text("--baseline"), model.number("--history-depth"),
                model.text("--deployed-at"), model.flagOrNull("--offline")));
        PushGateway push = pushGateway(audit.config());
        ReportHistory history = history(audit.config());
        // The report paths last, once everything else is known good: checking them may create their folder.
        ReportFiles reportFiles = ReportFiles.prepare(files);

        AuditReport report;
        Progress progress = Progress.startIf(terminal.interactive() && !model.flag("--no-progress"), terminal.err(), audit.checkCount());
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
        String environment = model.text("--environment");
        String pushGateway = model.text("--push-gateway");
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
        Integer historyKeep = model.number("--history-keep");
        String historyDir = model.text("--history");
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
