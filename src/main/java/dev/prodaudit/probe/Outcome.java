package dev.prodaudit.probe;

import java.util.ArrayList;
import java.util.List;

/**
 * What a probe decided: a status, a one-line evidence summary, the findings behind it and the structured
 * {@link Fact}s some reports need (a certificate's expiry), usually none.
 */
public record Outcome(Status status, String evidence, List<Finding> findings, List<Fact> facts) {

    public Outcome {
        findings = List.copyOf(findings);
        facts = facts == null ? List.of() : List.copyOf(facts);
    }

    /** An outcome without facts. */
    public Outcome(Status status, String evidence, List<Finding> findings) {
        this(status, evidence, findings, List.of());
    }

    /** The same outcome with {@code more} facts. */
    public Outcome withFacts(List<? extends Fact> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Fact> all = new ArrayList<>(facts);
        all.addAll(more);
        return new Outcome(status, evidence, findings, all);
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
     * Folds findings into an outcome, the one way every probe does: {@link Status#combine} decides the status, and
     * the evidence line leads with the first deciding finding ("(+N more)" when several decided). When a FAIL
     * outranks findings that could not be decided, they are named too ({@link #undecided}), so the evidence never
     * reads as if everything else had been checked.
     */
    public static Outcome from(List<Finding> findings) {
        return fold(findings, false);
    }

    /** As {@link #from}, with every deciding finding joined into the evidence line (for probes with few findings). */
    public static Outcome fromAll(List<Finding> findings) {
        return fold(findings, true);
    }

    private static Outcome fold(List<Finding> findings, boolean joinAll) {
        // A loop, not a stream: every check of a run folds its findings, and a stream pipeline per check was a fifth
        // of the env probe's time in a 10,000-check run (C1, which compiles an audit, does not flatten pipelines).
        List<Status> statuses = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            statuses.add(f.status());
        }
        Status status = Status.combine(statuses);
        List<String> lead = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Finding f : findings) {
            if (f.status() == status) {
                lead.add(f.message());
            } else if (f.status() == Status.ERROR) {
                errors.add(f.message());
            }
        }
        String evidence = lead.isEmpty() ? "nothing to check" : joinAll ? String.join("; ", lead) : summary(lead);
        return new Outcome(status, evidence + undecided(status, "undecided", errors), relabel(status, "undecided", findings));
    }

    /**
     * The findings as every report lists them: under a FAIL, each ERROR finding reads {@code "label: message"}, so a
     * report that shows findings without their status still says that part was undecided, not checked.
     */
    public static List<Finding> relabel(Status decided, String label, List<Finding> findings) {
        if (decided != Status.FAIL) {
            return findings;
        }
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            out.add(f.status() != Status.ERROR || f.message().startsWith(label + ": ") ? f
                    : new Finding(f.status(), label + ": " + f.message(), f.file(), f.line()));
        }
        return out;
    }

    /**
     * The tail that keeps undecided parts visible under a FAIL that outranks them: {@code "; undecided: reason"}
     * (label names the part, e.g. "redis part undecided"); empty when the outcome is not FAIL or nothing was undecided.
     */
    public static String undecided(Status decided, String label, List<String> reasons) {
        if (decided != Status.FAIL || reasons.isEmpty()) {
            return "";
        }
        return "; " + label + ": " + summary(reasons);
    }

    private static String summary(List<String> texts) {
        return texts.get(0) + (texts.size() > 1 ? " (+" + (texts.size() - 1) + " more)" : "");
    }
}
