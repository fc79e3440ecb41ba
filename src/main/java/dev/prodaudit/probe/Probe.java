package dev.prodaudit.probe;

/**
 * One family of automatic checks. Implementations are found with {@link java.util.ServiceLoader}
 * (see META-INF/services/dev.prodaudit.probe.Probe) and must be stateless: everything a run needs
 * comes from the {@link ProbeContext}.
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
}
