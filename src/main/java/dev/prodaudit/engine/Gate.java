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
 * With {@code requireAttested} ({@code --require-attested}), a MANUAL check at or above it, i.e. one nobody
 * attested for this run, gates like a FAIL; null (the default) leaves manual checks informational.
 */
public record Gate(Severity failOn, boolean allowErrors, Set<String> knownFailures, Severity requireAttested) {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;

    public Gate {
        knownFailures = knownFailures == null ? Set.of() : Set.copyOf(knownFailures);
    }

    public Gate(Severity failOn, boolean allowErrors, Set<String> knownFailures) {
        this(failOn, allowErrors, knownFailures, null);
    }

    public Gate(Severity failOn, boolean allowErrors) {
        this(failOn, allowErrors, Set.of(), null);
    }

    /** The same gate, not gating on checks that also failed in the baseline. */
    public Gate withKnownFailures(Set<String> known) {
        return new Gate(failOn, allowErrors, known, requireAttested);
    }

    /** The same gate, also gating on unattested manual checks at or above {@code severity} (null: not). */
    public Gate requiringAttestation(Severity severity) {
        return new Gate(failOn, allowErrors, knownFailures, severity);
    }

    /** Failing now and in the baseline: reported, but not gating. */
    public boolean known(Result r) {
        return knownFailures.contains(r.check().id()) && (r.status() == Status.FAIL || r.status() == Status.ERROR);
    }

    public boolean gates(Result r) {
        return failureGates(r) || unattested(r);
    }

    /** A FAIL (or an ERROR, unless allowed) at or above {@code failOn} that the baseline does not know. */
    public boolean failureGates(Result r) {
        if (failOn == null || !r.check().severity().atLeast(failOn) || knownFailures.contains(r.check().id())) {
            return false;
        }
        return r.status().gates(allowErrors);
    }

    /**
     * A manual check at or above {@code requireAttested} that no counting attestation decided: it gates.
     * The baseline does not excuse it: an attestation is owed for every run, not only for new checks.
     */
    public boolean unattested(Result r) {
        return requireAttested != null && r.status() == Status.MANUAL && r.check().severity().atLeast(requireAttested);
    }

    /** True when anything can gate: a failure threshold or required attestations. */
    public boolean gated() {
        return failOn != null || requireAttested != null;
    }

    public int exitCode(List<Result> results) {
        return results.stream().anyMatch(this::gates) ? FAILED : OK;
    }

    /** "high" or "none", as written on the command line. */
    public String failOnText() {
        return failOn == null ? "none" : failOn.id();
    }

    /** "high" or "none": the {@code --require-attested} threshold. */
    public String requireAttestedText() {
        return requireAttested == null ? "none" : requireAttested.id();
    }

    public static Severity parseFailOn(String text) {
        return text.equalsIgnoreCase("none") ? null : Severity.parse(text);
    }
}
