package dev.prodaudit.probe.env;

import dev.prodaudit.probe.ProbeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: env}: rules for environment variables, by name, and groups of variables whose values
 * must all differ (two JWT secrets must not be the same secret).
 *
 * <pre>
 * probe:
 *   type: env
 *   vars:
 *     JWT_ACCESS_SECRET: {bytes: {min: 48, encoding: base64}, minEntropy: 4.5}
 *     NODE_ENV: {oneOf: [production]}
 *   distinct: [[JWT_ACCESS_SECRET, JWT_REFRESH_SECRET]]
 * </pre>
 */
public record EnvSpec(Map<String, EnvRule> vars, List<List<String>> distinct) implements ProbeSpec {

    public EnvSpec {
        if (vars == null || vars.isEmpty()) {
            throw new IllegalArgumentException("'vars' must name at least one variable");
        }
        vars = new LinkedHashMap<>(vars);
        vars.replaceAll((k, v) -> v == null ? EnvRule.PRESENT : v);
        vars = java.util.Collections.unmodifiableMap(vars);
        distinct = distinct == null ? List.of() : List.copyOf(distinct);
        for (List<String> group : distinct) {
            if (group.size() < 2) {
                throw new IllegalArgumentException("each 'distinct' group needs at least two variable names");
            }
        }
    }
}
