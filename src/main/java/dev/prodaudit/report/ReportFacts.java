package dev.prodaudit.report;

import dev.prodaudit.engine.Gate;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the CI and human-facing reporters (JUnit, SARIF, Markdown, HTML) say alike: the sections in catalogue
 * order with their counts, the verdict, and whether a failure gates. Read-only over an {@link AuditReport}.
 */
final class ReportFacts {

    private ReportFacts() {
    }

    /** One catalogue section: its results in catalogue order and its counts per status. */
    record Section(String name, List<Result> results) {
        Section {
            results = List.copyOf(results);
        }

        Map<Status, Integer> counts() {
            Map<Status, Integer> counts = new EnumMap<>(Status.class);
            for (Status s : Status.values()) {
                counts.put(s, 0);
            }
            results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
            return counts;
        }

        long durationMs() {
            return results.stream().mapToLong(Result::durationMs).sum();
        }
    }

    /** Sections in order of first appearance (a section extended by a second catalogue file stays one section). */
    static List<Section> sections(AuditReport report) {
        Map<String, List<Result>> bySection = new LinkedHashMap<>();
        for (Result r : report.results()) {
            bySection.computeIfAbsent(r.check().section(), k -> new ArrayList<>()).add(r);
        }
        List<Section> out = new ArrayList<>();
        bySection.forEach((name, results) -> out.add(new Section(name, results)));
        return out;
    }

    /** The verdict in a few words, as the text report's last line says it: "FAILED", "OK" or "NOT GATED". */
    static String verdictWord(AuditReport report) {
        if (!report.gate().gated()) {
            return "NOT GATED";
        }
        return report.gating().isEmpty() ? "OK" : "FAILED";
    }

    /** The verdict with its reason, e.g. "FAILED: 3 checks at or above high failed or could not run (exit 1)". */
    static String verdict(AuditReport report) {
        return verdictReason(report) + " (exit " + report.exitCode() + ")";
    }

    /** {@link #verdict} without the exit code. */
    static String verdictReason(AuditReport report) {
        Gate gate = report.gate();
        if (!gate.gated()) {
            return "NOT GATED (--fail-on none)";
        }
        if (report.gating().isEmpty()) {
            List<String> ok = new ArrayList<>();
            if (gate.failOn() != null) {
                int errors = report.counts().get(Status.ERROR);
                ok.add("nothing at or above " + gate.failOnText() + " failed" + (gate.allowErrors() && errors > 0 ? " (errors allowed)" : ""));
            }
            if (gate.requireAttested() != null) {
                ok.add("every manual check at or above " + gate.requireAttestedText() + " is attested");
            }
            return "OK: " + String.join("; ", ok);
        }
        return "FAILED: " + String.join("; ", gatingParts(report));
    }

    /**
     * What gates, in words: "3 checks at or above high failed or could not run", "2 manual checks at or above
     * high are not attested"; only the parts that apply.
     */
    static List<String> gatingParts(AuditReport report) {
        Gate gate = report.gate();
        List<String> parts = new ArrayList<>();
        long failures = report.results().stream().filter(gate::failureGates).count();
        if (failures > 0) {
            parts.add(failures + " check" + (failures == 1 ? "" : "s") + " at or above " + gate.failOnText()
                    + (gate.allowErrors() ? " failed" : " failed or could not run"));
        }
        int unattested = report.unattested().size();
        if (unattested > 0) {
            parts.add(unattested + " manual check" + (unattested == 1 ? " at or above " + gate.requireAttestedText() + " is"
                    : "s at or above " + gate.requireAttestedText() + " are") + " not attested");
        }
        return parts;
    }

    /**
     * The summary's own line for {@code --require-attested}, or null without it: "attestations required at or
     * above high: 2 manual checks not attested (deploy.tests-passing, deploy.smoke-tests)".
     */
    static String attestationLine(AuditReport report) {
        Gate gate = report.gate();
        if (gate.requireAttested() == null) {
            return null;
        }
        List<Result> missing = report.unattested();
        String lead = "attestations required at or above " + gate.requireAttestedText() + " (--require-attested): ";
        if (missing.isEmpty()) {
            return lead + "every manual check is attested";
        }
        return lead + missing.size() + " manual check" + (missing.size() == 1 ? "" : "s") + " not attested, gating ("
                + String.join(", ", missing.stream().map(r -> r.check().id()).toList()) + ")";
    }

    /**
     * Why a FAIL or ERROR does not gate, for readers who see it listed as a failure: "does not gate at
     * --fail-on high", "does not gate: --allow-errors" or "does not gate: --fail-on none". Null when it gates,
     * or when the status never gates.
     */
    static String gateNote(AuditReport report, Result r) {
        Gate gate = report.gate();
        if ((r.status() != Status.FAIL && r.status() != Status.ERROR) || gate.gates(r)) {
            return null;
        }
        if (gate.failOn() == null) {
            return "does not gate: --fail-on none";
        }
        if (r.status() == Status.ERROR && gate.allowErrors() && r.check().severity().atLeast(gate.failOn())) {
            return "does not gate: --allow-errors";
        }
        return "does not gate at --fail-on " + gate.failOnText();
    }

    /** The findings worth showing under a failure, error, warning or waiver: not the passing observations. */
    static List<Finding> problems(Result r) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : r.findings()) {
            if (f.status() != Status.PASS && f.status() != Status.SKIP && f.status() != Status.MANUAL) {
                out.add(f);
            }
        }
        return out;
    }

    /** True for the statuses a reader must act on: FAIL, ERROR, WARN. */
    static boolean isProblem(Status s) {
        return s == Status.FAIL || s == Status.ERROR || s == Status.WARN;
    }

    /** Lets a generator or serializer close its output without closing the caller's writer (stdout). */
    static final class NonClosing extends FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
