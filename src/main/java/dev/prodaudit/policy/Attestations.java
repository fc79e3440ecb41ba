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

    public Optional<Attestation> attestationFor(String checkId) {
        return attestations.stream().filter(a -> a.check().equals(checkId)).findFirst();
    }

    public Optional<Waiver> waiverFor(String checkId) {
        return waivers.stream().filter(w -> w.check().equals(checkId)).findFirst();
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
