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

    public static ProbeRegistry load() {
        Map<String, Probe<?>> found = new TreeMap<>();
        for (Probe<?> probe : ServiceLoader.load(Probe.class, ProbeRegistry.class.getClassLoader())) {
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
