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
        if (report.gate().failOn() == null) {
            return "NOT GATED";
        }
        return report.gating().isEmpty() ? "OK" : "FAILED";
    }

    /** The verdict with its reason, e.g. "FAILED: 3 checks at or above high failed or could not run (exit 1)". */
    static String verdict(AuditReport report) {
        Gate gate = report.gate();
        int errors = report.counts().get(Status.ERROR);
        String text;
        if (gate.failOn() == null) {
            text = "NOT GATED (--fail-on none)";
        } else if (report.gating().isEmpty()) {
            text = "OK: nothing at or above " + gate.failOnText() + " failed"
                    + (gate.allowErrors() && errors > 0 ? " (errors allowed)" : "");
        } else {
            int n = report.gating().size();
            text = "FAILED: " + n + " check" + (n == 1 ? "" : "s") + " at or above " + gate.failOnText()
                    + (gate.allowErrors() ? " failed" : " failed or could not run");
        }
        return text + " (exit " + report.exitCode() + ")";
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
