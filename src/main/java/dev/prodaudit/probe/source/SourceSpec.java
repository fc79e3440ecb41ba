package dev.prodaudit.probe.source;

import dev.prodaudit.probe.ProbeSpec;
import java.util.List;

/**
 * {@code type: source}: one rule judged on the application's JavaScript and TypeScript, read with tree-sitter.
 *
 * <pre>
 * probe:
 *   type: source
 *   require: authRateLimit
 * </pre>
 *
 * @param require the rule, one of {@link SourceRules#NAMES}
 */
public record SourceSpec(String require) implements ProbeSpec {
    public SourceSpec {
        if (require == null || !SourceRules.NAMES.contains(require)) {
            throw new IllegalArgumentException("'require' must be one of " + String.join(", ", SourceRules.NAMES)
                    + (require == null ? "" : "; found '" + require + "'"));
        }
    }

    static List<String> names() {
        return SourceRules.NAMES;
    }
}
