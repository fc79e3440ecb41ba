package dev.prodaudit.catalog;

import java.util.Set;
import java.util.EnumSet;
import java.util.Collections;
import dev.prodaudit.probe.Evidence;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.input.OutputText;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.FindingAnchor;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeRegistry;
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
 * @param probe     the probe of {@code probeType}, which knows what reports and policies ask of its checks
 *                  ({@link #manual()}, {@link #anchor()}, {@link #remediationAppliesToError()},
 *                  {@link #targets()}); null for a type
 *                  no probe on the class path has (engine tests run probes of their own)
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
        AttestationRule attestation,
        Probe<?> probe) {

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
        if (probe != null && !probe.type().equals(probeType)) {
            throw new IllegalArgumentException("probe type '" + probe.type() + "' bound to a check of type '" + probeType + "'");
        }
    }

    /** A check whose probe is the one on the class path for {@code probeType} (or none, for a type no probe has). */
    public Check(String id, String title, String section, String subsection, Severity severity, String rationale,
                 String remediation, List<String> tags, String probeType, ProbeSpec spec, JsonNode probeNode,
                 Duration timeout, boolean enabled, String source, AttestationRule attestation) {
        this(id, title, section, subsection, severity, rationale, remediation, tags, probeType, spec, probeNode, timeout,
                enabled, source, attestation, ProbeRegistry.load().find(probeType).orElse(null));
    }

    /** A check that asks nothing particular of its attestations. */
    public Check(String id, String title, String section, String subsection, Severity severity, String rationale,
                 String remediation, List<String> tags, String probeType, ProbeSpec spec, JsonNode probeNode,
                 Duration timeout, boolean enabled, String source) {
        this(id, title, section, subsection, severity, rationale, remediation, tags, probeType, spec, probeNode, timeout,
                enabled, source, AttestationRule.NONE);
    }

    /**
     * The spec of a check whose probe parameters were not bound, because the run leaves it out
     * ({@link CatalogLoader#bindingOnly}). No probe runs on it: the runner reports such a check ERROR, a bug.
     */
    public static final ProbeSpec NOT_BOUND = new NotBound();

    private record NotBound() implements ProbeSpec {
    }

    /** Whether this check's probe parameters were bound (see {@link #NOT_BOUND}). */
    public boolean bound() {
        return spec != NOT_BOUND;
    }

    /** This check with its probe parameters bound to {@code newSpec}. */
    public Check withSpec(ProbeSpec newSpec) {
        return new Check(id, title, section, subsection, severity, rationale, remediation, tags, probeType, newSpec,
                probeNode, timeout, enabled, source, attestation, probe);
    }

    public Check withOverrides(Severity newSeverity, Duration newTimeout, boolean newEnabled, ProbeSpec newSpec,
                               JsonNode newProbeNode) {
        return new Check(id, title, section, subsection, newSeverity, rationale, remediation, tags, probeType, newSpec,
                newProbeNode, newTimeout, newEnabled, source, attestation, probe);
    }

    /** Whether a person decides this check: it reports MANUAL and only it may be attested. */
    public boolean manual() {
        return probe != null && probe.manual();
    }

    /**
     * Whether an attestation may settle this check: a manual one, or an automatic one that reports MANUAL when nothing
     * it reads decides (see {@link Probe#attestable()}); the attestation then settles only a MANUAL result.
     */
    public boolean attestable() {
        return probe != null && probe.attestable();
    }

    /** Whether the remediation is shown under ERROR too (see {@link Probe#remediationAppliesToError()}). */
    public boolean remediationAppliesToError() {
        return probe != null && probe.remediationAppliesToError();
    }

    /** The file a finding of this check that names none is placed on. */
    public FindingAnchor anchor() {
        return probe == null ? FindingAnchor.AUDIT_CONFIG : anchorOf(probe, spec);
    }

    private static <S extends ProbeSpec> FindingAnchor anchorOf(Probe<S> probe, ProbeSpec spec) {
        return probe.specType().isInstance(spec) ? probe.anchor(probe.specType().cast(spec)) : FindingAnchor.AUDIT_CONFIG;
    }

    /** The live targets this check reaches (see {@link Probe#targets}); empty for a repository-only check. */
    public List<TargetKind> targets() {
        return probe == null ? List.of() : targetsOf(probe, spec);
    }

    private static <S extends ProbeSpec> List<TargetKind> targetsOf(Probe<S> probe, ProbeSpec spec) {
        return probe.specType().isInstance(spec) ? probe.targets(probe.specType().cast(spec)) : List.of();
    }

    /** Where the check finds its evidence, in {@link Evidence} order (see {@link Probe#evidence}). */
    public Set<Evidence> evidence() {
        if (probe == null) {
            return Set.of();
        }
        EnumSet<Evidence> sorted = EnumSet.noneOf(Evidence.class);
        sorted.addAll(evidenceOf(probe, spec));
        return Collections.unmodifiableSet(sorted);
    }

    private static <S extends ProbeSpec> Set<Evidence> evidenceOf(Probe<S> probe, ProbeSpec spec) {
        return probe.specType().isInstance(spec) ? probe.evidence(probe.specType().cast(spec)) : Set.of();
    }

    /** How the check's probe decides, for explain (see {@link Probe#decides}). */
    public List<String> decides() {
        return probe == null ? List.of() : decidesOf(probe, spec);
    }

    private static <S extends ProbeSpec> List<String> decidesOf(Probe<S> probe, ProbeSpec spec) {
        return probe.specType().isInstance(spec) ? probe.decides(probe.specType().cast(spec)) : List.of();
    }

    /** "Section / Subsection", or the section alone. */
    public String heading() {
        return subsection == null ? section : section + " / " + subsection;
    }
}
