package dev.prodaudit.probe.dependencies;

import dev.prodaudit.probe.ProbeSpec;
import java.util.List;

/**
 * {@code type: dependencies}: the package-lock.json of every application package is present, in sync with its
 * package.json, and free of high and critical advisories in production dependencies.
 *
 * <pre>
 * probe:
 *   type: dependencies
 *   audit: auto        # auto (npm audit when npm is on PATH, else the registry), npm, registry
 * </pre>
 *
 * @param audit how advisories are looked up; null means {@value #AUTO}
 */
public record DependenciesSpec(String audit) implements ProbeSpec {
    public static final String AUTO = "auto";
    public static final String NPM = "npm";
    public static final String REGISTRY = "registry";
    public static final List<String> AUDITS = List.of(AUTO, NPM, REGISTRY);

    public DependenciesSpec {
        if (audit == null) {
            audit = AUTO;
        }
        if (!AUDITS.contains(audit)) {
            throw new IllegalArgumentException("'audit' must be one of " + String.join(", ", AUDITS) + "; found '" + audit + "'");
        }
    }
}
