package dev.prodaudit.probe.alerts;

import dev.prodaudit.probe.ProbeSpec;
import java.util.Arrays;
import java.util.List;

/**
 * {@code type: alert-rules}: an alerting rule watches each required signal, judged from its expression.
 *
 * <pre>
 * probe:
 *   type: alert-rules
 *   require: [disk, memory]     # error-rate, latency, disk, memory: every one listed must be watched
 * </pre>
 */
public record AlertRulesSpec(List<String> require) implements ProbeSpec {

    public AlertRulesSpec {
        if (require == null || require.isEmpty()) {
            throw new IllegalArgumentException("'require' must list at least one of " + keys());
        }
        for (String r : require) {
            if (AlertKind.byKey(r).isEmpty()) {
                throw new IllegalArgumentException("'require' must hold only " + keys() + "; found '" + r + "'");
            }
        }
        require = List.copyOf(require);
    }

    List<AlertKind> kinds() {
        return require.stream().map(r -> AlertKind.byKey(r).orElseThrow()).distinct().toList();
    }

    private static String keys() {
        return String.join(", ", Arrays.stream(AlertKind.values()).map(AlertKind::key).toList());
    }
}
