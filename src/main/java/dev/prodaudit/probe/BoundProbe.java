package dev.prodaudit.probe;

/** A catalogue {@code probe:} mapping bound to its probe and typed spec. */
public record BoundProbe(String type, Probe<?> probe, ProbeSpec spec) {
}
