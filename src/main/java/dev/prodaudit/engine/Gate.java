package dev.prodaudit.engine;

import dev.prodaudit.probe.Status;
import dev.prodaudit.catalog.Severity;
import java.util.List;
import java.util.Set;

/**
 * The exit-code policy: a check at or above {@code failOn} gates when its status does ({@link Status#gates}: FAIL,
 * and ERROR unless errors are allowed, since a probe that could not decide is not a pass). {@code failOn} null means nothing gates.
 * With a baseline ({@code audit run --baseline}), {@code knownFailures} are the ids that failed there
 * too: they do not gate, only new failures do.
 */
public record Gate(Severity failOn, boolean allowErrors, Set<String> knownFailures) {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;

    public Gate {
        knownFailures = knownFailures == null ? Set.of() : Set.copyOf(knownFailures);
    }

    public Gate(Severity failOn, boolean allowErrors) {
        this(failOn, allowErrors, Set.of());
    }

    /** The same gate, not gating on checks that also failed in the baseline. */
    public Gate withKnownFailures(Set<String> known) {
        return new Gate(failOn, allowErrors, known);
    }

    /** Failing now and in the baseline: reported, but not gating. */
    public boolean known(Result r) {
        return knownFailures.contains(r.check().id()) && (r.status() == Status.FAIL || r.status() == Status.ERROR);
    }

    public boolean gates(Result r) {
        if (failOn == null || !r.check().severity().atLeast(failOn) || knownFailures.contains(r.check().id())) {
            return false;
        }
        return r.status().gates(allowErrors);
    }

    public int exitCode(List<Result> results) {
        return results.stream().anyMatch(this::gates) ? FAILED : OK;
    }

    /** "high" or "none", as written on the command line. */
    public String failOnText() {
        return failOn == null ? "none" : failOn.id();
    }

    public static Severity parseFailOn(String text) {
        return text.equalsIgnoreCase("none") ? null : Severity.parse(text);
    }
}
