package dev.prodaudit.probe;

import dev.prodaudit.config.TargetKind;
import java.util.List;

/** A catalogue {@code probe:} mapping bound to its probe and typed spec. */
public record BoundProbe(String type, Probe<?> probe, ProbeSpec spec) {

    /** Runs the probe on its spec. */
    public Outcome run(ProbeContext ctx) {
        return run(probe, spec, ctx);
    }

    /** The live targets the probe reaches with its spec. */
    public List<TargetKind> targets() {
        return targets(probe, spec);
    }

    /** How the probe decides with its spec (see {@link Probe#decides}). */
    public List<String> decides() {
        return decides(probe, spec);
    }

    /** Where the probe finds its evidence with its spec (see {@link Probe#evidence}). */
    public java.util.Set<Evidence> evidence() {
        return evidence(probe, spec);
    }

    /** This probe, then, depth first, every probe it runs inside it ({@link Probe#parts}). */
    public List<BoundProbe> withParts() {
        List<BoundProbe> out = new java.util.ArrayList<>();
        out.add(this);
        for (BoundProbe part : parts(probe, spec)) {
            out.addAll(part.withParts());
        }
        return out;
    }

    private static <S extends ProbeSpec> List<BoundProbe> parts(Probe<S> probe, ProbeSpec spec) {
        return probe.parts(probe.specType().cast(spec));
    }

    private static <S extends ProbeSpec> java.util.Set<Evidence> evidence(Probe<S> probe, ProbeSpec spec) {
        return probe.evidence(probe.specType().cast(spec));
    }

    private static <S extends ProbeSpec> List<String> decides(Probe<S> probe, ProbeSpec spec) {
        return probe.decides(probe.specType().cast(spec));
    }

    private static <S extends ProbeSpec> Outcome run(Probe<S> probe, ProbeSpec spec, ProbeContext ctx) {
        return probe.run(probe.specType().cast(spec), ctx);
    }

    private static <S extends ProbeSpec> List<TargetKind> targets(Probe<S> probe, ProbeSpec spec) {
        return probe.targets(probe.specType().cast(spec));
    }
}
