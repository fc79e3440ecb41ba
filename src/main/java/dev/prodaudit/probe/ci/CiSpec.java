package dev.prodaudit.probe.ci;

import dev.prodaudit.probe.ProbeSpec;
import java.util.List;

/**
 * {@code type: ci}: the release commit's CI jobs of one stage all finished green.
 *
 * <pre>
 * probe:
 *   type: ci
 *   stage: tests     # tests, build or smoke: which job names count comes from audit.yaml's ci.jobs (or the defaults)
 * </pre>
 */
public record CiSpec(String stage) implements ProbeSpec {
    public static final List<String> STAGES = List.of("tests", "build", "smoke");

    public CiSpec {
        if (stage == null || !STAGES.contains(stage)) {
            throw new IllegalArgumentException("'stage' must be one of " + String.join(", ", STAGES)
                    + (stage == null ? "" : "; found '" + stage + "'"));
        }
    }
}
