package dev.prodaudit.engine;

import dev.prodaudit.probe.Status;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.probe.Fact;
import dev.prodaudit.probe.Finding;
import java.util.List;

/**
 * The verdict on one check: status, one-line evidence, the findings behind it, how long it took and the probe's
 * structured {@link Fact}s (kept when a policy rewrites the verdict: a waived check's certificate still expires).
 */
public record Result(Check check, Status status, String evidence, List<Finding> findings, long durationMs,
                     List<Fact> facts) {

    public Result {
        findings = List.copyOf(findings);
        facts = facts == null ? List.of() : List.copyOf(facts);
    }

    /** A result without facts. */
    public Result(Check check, Status status, String evidence, List<Finding> findings, long durationMs) {
        this(check, status, evidence, findings, durationMs, List.of());
    }

    /** The same check and facts with another verdict (attestations, waivers). */
    public Result withVerdict(Status newStatus, String newEvidence, List<Finding> newFindings) {
        return new Result(check, newStatus, newEvidence, newFindings, durationMs, facts);
    }

    /** The facts of one kind, e.g. {@code facts(Fact.CertificateExpiry.class)}. */
    public <F extends Fact> List<F> facts(Class<F> kind) {
        return facts.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
