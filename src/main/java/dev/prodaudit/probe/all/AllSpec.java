package dev.prodaudit.probe.all;

import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.ProbeSpec;
import java.util.List;

/**
 * {@code type: all}: several probes that must all hold, for an item with evidence in more than one place
 * (CORS: the ALLOWED_ORIGINS list and the live preflight answer). Bound by {@link AllProbe#bind}, which has
 * the catalogue loader bind each entry of {@code probes} as a probe of its own.
 *
 * @param corroborating the probe types of the parts that only corroborate what the other parts decide
 *                      ({@code corroborating: [rate-limit]}): when the others PASS, such a part's WARN (it could not
 *                      see) is a note; its FAIL and ERROR count as any part's. Empty: every part decides.
 */
public record AllSpec(List<BoundProbe> probes, List<String> corroborating) implements ProbeSpec {

    public AllSpec {
        if (probes == null || probes.size() < 2) {
            throw new IllegalArgumentException("'probes' must list at least two probes");
        }
        probes = List.copyOf(probes);
        corroborating = corroborating == null ? List.of() : List.copyOf(corroborating);
        for (String type : corroborating) {
            if (probes.stream().noneMatch(p -> p.type().equals(type))) {
                throw new IllegalArgumentException("'corroborating' names " + type + ", which is not a part of 'probes'");
            }
        }
        List<String> types = corroborating;
        if (probes.stream().allMatch(p -> types.contains(p.type()))) {
            throw new IllegalArgumentException("every part would corroborate, so none decides");
        }
    }

    /** Parts that all decide. */
    public AllSpec(List<BoundProbe> probes) {
        this(probes, List.of());
    }

    /** Whether part {@code index} of {@link #probes} only corroborates. */
    public boolean corroborates(int index) {
        return corroborating.contains(probes.get(index).type());
    }
}
