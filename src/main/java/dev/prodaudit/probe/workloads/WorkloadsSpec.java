package dev.prodaudit.probe.workloads;

import dev.prodaudit.probe.ProbeSpec;
import java.util.List;

/**
 * {@code type: workloads}: one requirement judged on every application workload the repository declares
 * (Dockerfiles, Compose services, Kubernetes workloads); third-party images are listed, not judged.
 *
 * <pre>
 * probe:
 *   type: workloads
 *   require: nonRoot        # nonRoot, limits, health, logRotation, structuredLogging
 * </pre>
 *
 * @param require what every application workload must have
 */
public record WorkloadsSpec(String require) implements ProbeSpec {
    public static final String NON_ROOT = "nonRoot";
    public static final String LIMITS = "limits";
    public static final String HEALTH = "health";
    public static final String LOG_ROTATION = "logRotation";
    public static final String STRUCTURED_LOGGING = "structuredLogging";
    public static final List<String> REQUIREMENTS = List.of(NON_ROOT, LIMITS, HEALTH, LOG_ROTATION, STRUCTURED_LOGGING);

    public WorkloadsSpec {
        if (require == null || !REQUIREMENTS.contains(require)) {
            throw new IllegalArgumentException("'require' must be one of " + String.join(", ", REQUIREMENTS)
                    + (require == null ? "" : "; found '" + require + "'"));
        }
    }
}
