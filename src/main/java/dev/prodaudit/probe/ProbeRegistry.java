package dev.prodaudit.probe;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** The probe types on the class path, found with {@link ServiceLoader}. */
public final class ProbeRegistry {
    private final Map<String, Probe<?>> byType;

    private ProbeRegistry(Map<String, Probe<?>> byType) {
        this.byType = byType;
    }

    /** The probes on the class path. */
    @SuppressWarnings("rawtypes")
    public static ProbeRegistry load() {
        java.util.List<Probe<?>> probes = new java.util.ArrayList<>();
        for (Probe probe : ServiceLoader.load(Probe.class, ProbeRegistry.class.getClassLoader())) {
            probes.add(probe);
        }
        return of(probes);
    }

    /** A registry of exactly these probes (the engine's tests use probes of their own). */
    public static ProbeRegistry of(Iterable<Probe<?>> probes) {
        Map<String, Probe<?>> found = new TreeMap<>();
        for (Probe<?> probe : probes) {
            Probe<?> previous = found.putIfAbsent(probe.type(), probe);
            if (previous != null) {
                throw new IllegalStateException("two probes claim type '" + probe.type() + "': "
                        + previous.getClass().getName() + " and " + probe.getClass().getName());
            }
        }
        return new ProbeRegistry(found);
    }

    public Optional<Probe<?>> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public Set<String> types() {
        return byType.keySet();
    }
}
