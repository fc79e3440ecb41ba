package dev.prodaudit.testing;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.probe.ProbeRegistry;
import java.util.List;

/**
 * The built-in catalogue as the tests see it, so that no test hard-codes how many checks it holds: adding an
 * item to {@code checks/} changes these figures and every assertion built on them follows.
 */
public final class BuiltinCatalogue {
    private final List<Check> checks;

    private BuiltinCatalogue(List<Check> checks) {
        this.checks = checks;
    }

    public static BuiltinCatalogue load() {
        try {
            return new BuiltinCatalogue(new CatalogLoader(ProbeRegistry.load()).load(List.of(CatalogLoader.BUILTIN)).checks());
        } catch (Exception e) {
            throw new IllegalStateException("the built-in catalogue does not load", e);
        }
    }

    public List<Check> checks() {
        return checks;
    }

    public int size() {
        return checks.size();
    }

    public long manual() {
        return checks.stream().filter(c -> c.probeType().equals("manual")).count();
    }

    public long automatic() {
        return size() - manual();
    }

    public long inSections(String... sections) {
        List<String> wanted = List.of(sections);
        return checks.stream().filter(c -> wanted.contains(c.section())).count();
    }

    public long withIdPrefix(String prefix) {
        return checks.stream().filter(c -> c.id().startsWith(prefix)).count();
    }

    public long sectionCount() {
        return checks.stream().map(Check::section).distinct().count();
    }
}
