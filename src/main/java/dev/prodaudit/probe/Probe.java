package dev.prodaudit.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.config.TargetKind;
import java.util.List;
import java.util.Set;

/**
 * One family of automatic checks. Implementations are found with {@link java.util.ServiceLoader}
 * (see META-INF/services/dev.prodaudit.probe.Probe) and must be stateless: everything a run needs
 * comes from the {@link ProbeContext}.
 *
 * <p>What the rest of the tool needs to know about a family (is it manual, where do its findings sit,
 * does its fix still apply when it cannot decide, how is its mapping bound) is asked of the probe here,
 * so that no loader or reporter tests a type name.
 */
public interface Probe<S extends ProbeSpec> {

    /** The {@code type:} key in the catalogue, e.g. "env". */
    String type();

    /** The record the {@code probe:} mapping binds to. */
    Class<S> specType();

    /**
     * Decides one check. Should not throw: anything it cannot decide is an {@code ERROR} outcome with
     * the reason. The runner still turns a stray exception into ERROR.
     */
    Outcome run(S spec, ProbeContext ctx);

    /**
     * Whether this probe leaves the verdict to a person: its checks report MANUAL, count as manual in
     * listings, and are the only ones an attestation may settle.
     */
    default boolean manual() {
        return false;
    }

    /**
     * Whether an attestation may settle this probe's checks. Manual probes always; an automatic probe that reports
     * MANUAL when no system it reads shows anything (MongoDB backups with neither Atlas nor a scheduled job to read)
     * says true, and then an attestation settles only a MANUAL result, never an automatic verdict.
     */
    default boolean attestable() {
        return manual();
    }

    /**
     * Whether the check's remediation is still worth showing when this probe reports ERROR. Usually not:
     * an ERROR means the probe could not look, and "fix it" would claim a fault nobody saw. A probe whose
     * ERROR is itself a gap in the project (no env file to read) says true.
     */
    default boolean remediationAppliesToError() {
        return false;
    }

    /** Where a finding that names no file is placed in file-based reports (SARIF). */
    default FindingAnchor anchor(S spec) {
        return FindingAnchor.AUDIT_CONFIG;
    }

    /**
     * The live targets a check of this spec reaches, in the order it reaches them, as entries of the target
     * table: {@code audit explain} names each with its setting and its configured value. Empty for a probe that
     * reads only the repository, or whose spec names its own endpoint instead of a configured target.
     */
    default List<TargetKind> targets(S spec) {
        return List.of();
    }

    /**
     * How the probe decides with this spec, one line each, for {@code audit explain}: what it looks for and whose
     * rule it follows. Empty when the spec itself says it all.
     */
    default List<String> decides(S spec) {
        return List.of();
    }

    /**
     * Where a check of this spec finds its evidence, for {@code audit list} and README's table of what decides each
     * item. Every probe of the built-in catalogue names at least one (a test holds it to that); composites name
     * their parts' union.
     */
    default Set<Evidence> evidence(S spec) {
        return manual() ? Set.of(Evidence.PERSON) : Set.of();
    }

    /**
     * The probes a check of this spec runs inside it (a composite's parts), so that work the run's checks share can be
     * planned for all of them at once ({@link SharedClients#planned}); empty for a probe that runs no other.
     */
    default List<BoundProbe> parts(S spec) {
        return List.of();
    }

    /**
     * Whether this probe, run under {@code --offline}, leaves out by itself what needs a live service and decides
     * the rest: a composite ({@code all}, {@code any}) through {@link Parts}, a probe that reads the repository
     * beside a live source by skipping that source. Any other check whose evidence is live is not run at all.
     */
    default boolean decidesOffline() {
        return false;
    }

    /**
     * Binds the {@code probe:} mapping (without its {@code type}) to this probe's spec. The default binds it
     * strictly to {@link #specType()}; a probe whose parameters hold other probes binds them through
     * {@link SpecBinder#probe}, so that their errors are located like any other.
     *
     * @param path the JSON pointer of the mapping in its file, for error locations
     */
    default <E extends Exception> S bind(JsonNode params, String path, SpecBinder<E> binder) throws E {
        return binder.record(params, specType(), path);
    }
}
