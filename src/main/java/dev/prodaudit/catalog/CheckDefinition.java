package dev.prodaudit.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.input.Timeout;
import dev.prodaudit.input.TimeSpan;
import java.util.List;

/** The YAML shape of one check before its probe is bound; unknown keys are rejected. */
record CheckDefinition(
        String id,
        String title,
        String subsection,
        String severity,
        List<String> tags,
        String rationale,
        String remediation,
        Timeout timeout,
        AttestationDefinition attestation,
        JsonNode probe) {

    /** {@code attestation:} as written; read into an {@link AttestationRule}. */
    record AttestationDefinition(TimeSpan maxAge, Boolean perRelease) {
    }
}
