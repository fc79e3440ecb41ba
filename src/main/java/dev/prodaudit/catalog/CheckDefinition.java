package dev.prodaudit.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.prodaudit.input.Binder;
import dev.prodaudit.input.Timeout;
import dev.prodaudit.input.TimeSpan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * The definition of a check whose keys are all known, whose texts are all text and whose tags are a list of text,
     * and which has a probe mapping: what {@link dev.prodaudit.input.Binder} makes of it (the probe left out as the
     * loader leaves it out, an empty mapping), read straight from the tree; a timeout and an attestation
     * ({@code maxAge}, {@code perRelease}) too when their parse accepts them. Empty for anything else (another type, an
     * unknown key, a span the parse refuses), which the binder binds and, where it is wrong, reports. Jackson's
     * deserializers cost more than a third of loading a 10,000-check catalogue, most of it before they are compiled,
     * and building them for the two attested checks of the built-in catalogue cost every audit about 20 ms of CPU;
     * {@code CheckDefinitionTest} holds the two readings equal.
     */
    static Optional<CheckDefinition> readPlain(JsonNode check) {
        JsonNode probe = check.get("probe");
        if (probe == null || probe.isNull()) {
            return Optional.empty();
        }
        String id = null;
        String title = null;
        String subsection = null;
        String severity = null;
        String rationale = null;
        String remediation = null;
        List<String> tags = null;
        Timeout timeout = null;
        AttestationDefinition attestation = null;
        for (Map.Entry<String, JsonNode> entry : check.properties()) {
            JsonNode value = entry.getValue();
            String key = entry.getKey();
            if (key.equals("probe")) {
                continue;
            }
            if (key.equals("tags")) {
                tags = Binder.textList(value);
                if (tags == null) {
                    return Optional.empty();
                }
                continue;
            }
            if (key.equals("timeout")) {
                timeout = Binder.plainTimeout(value);
                if (timeout == null) {
                    return Optional.empty();
                }
                continue;
            }
            if (key.equals("attestation")) {
                attestation = Binder.plain(value, AttestationDefinition.class);
                if (attestation == null) {
                    return Optional.empty();
                }
                continue;
            }
            if (!value.isTextual()) {
                return Optional.empty();
            }
            String text = value.textValue();
            switch (key) {
                case "id" -> id = text;
                case "title" -> title = text;
                case "subsection" -> subsection = text;
                case "severity" -> severity = text;
                case "rationale" -> rationale = text;
                case "remediation" -> remediation = text;
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new CheckDefinition(id, title, subsection, severity, tags, rationale, remediation, timeout,
                attestation, JsonNodeFactory.instance.objectNode()));
    }

    /**
     * {@code attestation:} as written; read into an {@link AttestationRule}. Public, so that {@link Binder#plain} may
     * read it straight from the tree.
     */
    public record AttestationDefinition(TimeSpan maxAge, Boolean perRelease) {
    }
}
