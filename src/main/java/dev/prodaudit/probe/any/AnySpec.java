package dev.prodaudit.probe.any;

import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.ProbeSpec;
import java.util.List;

/**
 * {@code type: any}: alternatives of which one must hold, for an item that a project may meet in more than one way
 * (the Resend key in an encrypted {@code .enc} file, or supplied by a secret manager). Bound by {@link AnyProbe#bind},
 * which has the catalogue loader bind each entry of {@code probes} as a probe of its own.
 */
public record AnySpec(List<BoundProbe> probes) implements ProbeSpec {

    public AnySpec {
        if (probes == null || probes.size() < 2) {
            throw new IllegalArgumentException("'probes' must list at least two probes");
        }
        probes = List.copyOf(probes);
    }
}
