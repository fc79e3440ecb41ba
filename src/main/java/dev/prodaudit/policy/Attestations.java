package dev.prodaudit.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The attestations and waivers of a run, at most one of each per check id, as loaded from
 * {@code audit.attestations.yaml} and the {@code waivers:} of audit.yaml.
 *
 * @param source the file they were read from (as shown to the user), or null when there is none
 */
public record Attestations(String source, List<Attestation> attestations, List<Waiver> waivers) {

    public Attestations {
        attestations = List.copyOf(attestations);
        waivers = List.copyOf(waivers);
    }

    public static Attestations none() {
        return new Attestations(null, List.of(), List.of());
    }

    public boolean isEmpty() {
        return attestations.isEmpty() && waivers.isEmpty();
    }

    // Loops, not streams: these are asked once per check of a run (10,000 in the synthetic catalogue), where setting
    // up a stream over a short list cost more than the search.
    public Optional<Attestation> attestationFor(String checkId) {
        for (Attestation a : attestations) {
            if (a.check().equals(checkId)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public Optional<Waiver> waiverFor(String checkId) {
        for (Waiver w : waivers) {
            if (w.check().equals(checkId)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    /** The same entries with every free text passed through {@code redact} (they end up in reports). */
    public Attestations redacted(UnaryOperator<String> redact) {
        UnaryOperator<String> r = s -> s == null ? null : redact.apply(s);
        return new Attestations(source,
                attestations.stream().map(a -> new Attestation(a.check(), r.apply(a.by()), a.date(), r.apply(a.evidence()),
                        a.expires(), a.location(), a.release())).toList(),
                waivers.stream().map(w -> new Waiver(w.check(), r.apply(w.justification()), r.apply(w.by()), w.expires(),
                        w.location())).toList());
    }
}
