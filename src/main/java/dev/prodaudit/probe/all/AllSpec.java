package dev.prodaudit.probe.all;

import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.ProbeSpec;
import java.util.List;

/**
 * {@code type: all}: several probes that must all hold, for an item with evidence in more than one place
 * (CORS: the ALLOWED_ORIGINS list and the live preflight answer). Bound by {@link AllProbe#bind}, which has
 * the catalogue loader bind each entry of {@code probes} as a probe of its own.
 */
public record AllSpec(List<BoundProbe> probes) implements ProbeSpec {

    public AllSpec {
        if (probes == null || probes.size() < 2) {
            throw new IllegalArgumentException("'probes' must list at least two probes");
        }
        probes = List.copyOf(probes);
    }
}
