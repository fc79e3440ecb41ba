package dev.prodaudit.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.config.OutputText;
import dev.prodaudit.probe.ProbeSpec;
import java.time.Duration;
import java.util.List;

/**
 * One checklist item, ready to run: its text, its severity, and its probe bound to a typed spec.
 *
 * @param probeNode the probe mapping as written (after config overrides), for {@code audit explain}
 * @param timeout   this check's time budget, or null for the run's default
 * @param enabled   false when audit.yaml disables it: it reports SKIP
 * @param source    where it is defined, {@code file:line}
 * @param attestation what attestations of this check must satisfy ({@link AttestationRule#NONE} when it says nothing)
 */
public record Check(
        String id,
        String title,
        String section,
        String subsection,
        Severity severity,
        String rationale,
        String remediation,
        List<String> tags,
        String probeType,
        ProbeSpec spec,
        JsonNode probeNode,
        Duration timeout,
        boolean enabled,
        String source,
        AttestationRule attestation) {

    /**
     * The texts come from catalogue files, where YAML escapes ({@code "\e"}) can write any control character:
     * they are escaped here, once, so that no report, listing or explanation prints one raw.
     */
    public Check {
        title = OutputText.oneLine(title);
        section = OutputText.oneLine(section);
        subsection = OutputText.oneLine(subsection);
        rationale = OutputText.block(rationale);
        remediation = OutputText.block(remediation);
        tags = tags == null ? List.of() : tags.stream().map(OutputText::oneLine).toList();
        source = OutputText.oneLine(source);
        attestation = attestation == null ? AttestationRule.NONE : attestation;
    }

    /** A check that asks nothing particular of its attestations. */
    public Check(String id, String title, String section, String subsection, Severity severity, String rationale,
                 String remediation, List<String> tags, String probeType, ProbeSpec spec, JsonNode probeNode,
                 Duration timeout, boolean enabled, String source) {
        this(id, title, section, subsection, severity, rationale, remediation, tags, probeType, spec, probeNode, timeout,
                enabled, source, AttestationRule.NONE);
    }

    public Check withOverrides(Severity newSeverity, Duration newTimeout, boolean newEnabled, ProbeSpec newSpec,
                               JsonNode newProbeNode) {
        return new Check(id, title, section, subsection, newSeverity, rationale, remediation, tags, probeType, newSpec,
                newProbeNode, newTimeout, newEnabled, source, attestation);
    }

    /** "Section / Subsection", or the section alone. */
    public String heading() {
        return subsection == null ? section : section + " / " + subsection;
    }
}
