package dev.prodaudit.probe;

import java.util.ArrayList;
import java.util.List;

/** What a probe decided: a status, a one-line evidence summary and the findings behind it. */
public record Outcome(Status status, String evidence, List<Finding> findings) {

    public Outcome {
        findings = List.copyOf(findings);
    }

    public static Outcome pass(String evidence) {
        return new Outcome(Status.PASS, evidence, List.of());
    }

    public static Outcome fail(String evidence) {
        return new Outcome(Status.FAIL, evidence, List.of());
    }

    public static Outcome error(String reason) {
        return new Outcome(Status.ERROR, reason, List.of());
    }

    public static Outcome skip(String reason) {
        return new Outcome(Status.SKIP, reason, List.of());
    }

    public static Outcome manual(String evidence) {
        return new Outcome(Status.MANUAL, evidence, List.of());
    }

    /**
     * Folds findings into an outcome: the worst finding decides the status (PASS when all pass), the
     * evidence line summarises what failed or, when nothing did, what was seen.
     */
    public static Outcome from(List<Finding> findings) {
        Status status = Status.PASS;
        for (Finding f : findings) {
            status = Status.worst(status, f.status());
        }
        if (status == Status.PASS && !findings.isEmpty() && findings.stream().allMatch(f -> f.status() == Status.SKIP)) {
            status = Status.SKIP;
        }
        List<String> lead = new ArrayList<>();
        for (Finding f : findings) {
            if (f.status() == status) {
                lead.add(f.message());
            }
        }
        String evidence = lead.isEmpty() ? "nothing to check" : lead.get(0)
                + (lead.size() > 1 ? " (+" + (lead.size() - 1) + " more)" : "");
        return new Outcome(status, evidence, findings);
    }
}
