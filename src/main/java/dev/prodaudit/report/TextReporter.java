package dev.prodaudit.report;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.policy.Baseline;
import dev.prodaudit.policy.Policy;
import dev.prodaudit.probe.Fact;
import dev.prodaudit.probe.Finding;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The report a person reads: grouped by section, one line per check, and under each failure, error or
 * warning what was seen, where, and how to fix it. A summary line closes it.
 */
public final class TextReporter implements Reporter {
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final int MAX_FINDINGS = 10;

    private final boolean color;

    public TextReporter(boolean color) {
        this.color = color;
    }

    @Override
    public String format() {
        return "text";
    }

    @Override
    public void write(AuditReport report, Writer out) throws IOException {
        AuditReport.RunInfo run = report.run();
        out.write(style(BOLD, "prodaudit " + report.version()) + " · " + plural(report.results().size(), "check") + " · env "
                + (run.envFiles().isEmpty() ? "(none found)" : String.join(", ", run.envFiles()))
                + " · repository " + run.repository() + "\n");
        if (run.release() != null) {
            out.write("release: " + run.release().header() + "\n");
        }
        String offline = offlineLine(report);
        if (offline != null) {
            out.write(offline + "\n");
        }
        if (report.sincePrevious() != null) {
            SincePrevious since = report.sincePrevious();
            List<String> lines = since.lines();
            out.write("since the previous run (" + since.previous() + "): "
                    + (lines.isEmpty() ? "no check changed status" : plural(lines.size(), "check") + " changed status") + "\n");
            for (String line : lines) {
                out.write("  " + line + "\n");
            }
        }
        for (String w : report.warnings()) {
            out.write(style(code(Status.WARN), "warning: ") + w + "\n");
        }
        String section = null;
        String subsection = null;
        for (Result r : report.results()) {
            Check c = r.check();
            if (!Objects.equals(section, c.section())) {
                section = c.section();
                subsection = null;
                out.write("\n" + style(BOLD, section) + "\n");
            }
            if (c.subsection() != null && !Objects.equals(subsection, c.subsection())) {
                subsection = c.subsection();
                out.write("  " + style(BOLD, subsection) + "\n");
            }
            writeResult(out, r, report.gate().gates(r), report.gate().known(r), report.note(r).orElse(null));
        }
        out.write("\n" + summary(report) + "\n");
    }

    private void writeResult(Writer out, Result r, boolean gating, boolean known, Policy.Note note) throws IOException {
        Check c = r.check();
        String status = String.format("%-6s", r.status().label());
        out.write("    " + style(code(r.status()), status) + "  " + c.title() + "  "
                + style(DIM, "[" + c.severity().id() + " · " + c.id() + "]") + (gating ? style(code(Status.FAIL), "  gating") : "")
                + (known ? style(DIM, "  (also failing in baseline)") : "") + "\n");
        String pad = "            ";
        if (r.status() == Status.PASS && note != null && note.attestation() != null) {
            out.write(pad + r.evidence() + "\n"); // who attested it, when, and until when
            return;
        }
        if (r.status() == Status.MANUAL && (gating || note != null && note.attestation() != null)) {
            // Why it is still manual (an attestation for another release) or that it gates unattested.
            out.write(pad + (gating && note == null ? "not attested: " : "") + r.evidence() + "\n");
            return;
        }
        if ((r.status() == Status.PASS || r.status() == Status.MANUAL)
                && !r.facts(Fact.NotRunOffline.class).isEmpty()) {
            out.write(pad + r.evidence() + "\n"); // decided from its static parts only: say which parts were left out
            return;
        }
        if (r.status() == Status.PASS || r.status() == Status.MANUAL || r.status() == Status.SKIP) {
            return;
        }
        Policy.AppliedWaiver waiver = note == null ? null : note.waiver();
        boolean waived = r.status() == Status.WAIVED && waiver != null && waiver.applied();
        String evidence = r.evidence();
        String lead = "";
        if (waived) {
            out.write(pad + waiver.summary() + "\n");
            evidence = waiver.originalEvidence();
            lead = "was " + waiver.originalStatus().label() + ": ";
        }
        List<Finding> shown = new ArrayList<>();
        for (Finding f : r.findings()) {
            if (f.status() != Status.PASS && f.status() != Status.SKIP) {
                shown.add(f);
            }
        }
        if (shown.isEmpty()) {
            out.write(pad + lead + evidence + "\n");
        } else if (shown.size() > 1 && !lead.isEmpty()) {
            out.write(pad + lead.strip() + "\n");
        }
        for (int i = 0; i < Math.min(shown.size(), MAX_FINDINGS); i++) {
            Finding f = shown.get(i);
            String where = f.where() == null || f.message().contains(f.where()) ? "" : style(DIM, "  (" + f.where() + ")");
            out.write(pad + (shown.size() > 1 ? "- " : lead) + f.message() + where + "\n");
        }
        if (shown.size() > MAX_FINDINGS) {
            out.write(pad + "- ... " + (shown.size() - MAX_FINDINGS) + " more (see --format json)\n");
        }
        if (r.status() != Status.ERROR || c.remediationAppliesToError()) {
            List<String> lines = c.remediation().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                out.write(pad + (i == 0 ? style(BOLD, "fix: ") : "     ") + lines.get(i) + "\n");
            }
        }
    }

    private String summary(AuditReport report) {
        Map<Status, Integer> n = report.counts();
        List<String> parts = new ArrayList<>();
        parts.add(n.get(Status.PASS) + " passed");
        parts.add(n.get(Status.FAIL) + " failed");
        parts.add(plural(n.get(Status.WARN), "warning"));
        parts.add(plural(n.get(Status.ERROR), "error"));
        parts.add(n.get(Status.SKIP) + " skipped");
        parts.add(n.get(Status.MANUAL) + " manual");
        parts.add(n.get(Status.WAIVED) + " waived");
        String counts = plural(report.results().size(), "check") + ": " + String.join(", ", parts);
        int gating = report.gating().size();
        String baseline = "";
        if (report.baseline() != null) {
            Baseline b = report.baseline();
            int failures = b.newFailures().size() + b.knownFailures().size();
            baseline = "baseline " + b.file() + ": " + plural(failures, "failure") + ", " + b.newFailures().size() + " new, "
                    + b.knownFailures().size() + " known (also failing in baseline, not gating); " + b.fixed().size() + " fixed since\n";
        }
        String verdict;
        if (!report.gate().gated()) {
            verdict = style(BOLD, "result: not gated (--fail-on none)");
        } else if (gating == 0) {
            verdict = style(code(Status.PASS), "result: OK") + ", " + ReportFacts.verdictReason(report).substring("OK: ".length());
        } else {
            verdict = style(code(Status.FAIL), "result: FAILED") + ", " + String.join("; ", ReportFacts.gatingParts(report));
        }
        String offline = offlineLine(report);
        if (offline != null) {
            baseline = baseline + offline + "\n";
        }
        String attestations = ReportFacts.attestationLine(report);
        if (attestations != null) {
            baseline = baseline + attestations + "\n";
        }
        return counts + "\n" + baseline + verdict + " (exit " + report.exitCode() + ")";
    }

    /**
     * "offline: 52 of 95 checks decided statically (3 by their static parts only); 43 need a live service and were
     * not run", or null when the run was not offline.
     */
    static String offlineLine(AuditReport report) {
        AuditReport.OfflineCounts n = report.offlineCounts();
        if (n == null) {
            return null;
        }
        return "offline: " + n.decided() + " of " + plural(report.results().size(), "check") + " decided statically"
                + (n.partly() > 0 ? " (" + n.partly() + " by their static parts only)" : "") + "; " + n.notRun()
                + (n.notRun() == 1 ? " needs" : " need") + " a live service and " + (n.notRun() == 1 ? "was" : "were")
                + " not run (--offline)";
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static String code(Status s) {
        return switch (s) {
            case PASS -> "\u001b[32m";
            case FAIL -> "\u001b[31;1m";
            case ERROR -> "\u001b[35;1m";
            case WARN -> "\u001b[33m";
            case WAIVED -> "\u001b[34m";
            case SKIP, MANUAL -> "\u001b[36m";
        };
    }

    private String style(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
