package dev.prodaudit.probe;

/**
 * The typed parameters of one probe type, bound from the catalogue's {@code probe:} mapping.
 * Each probe family declares a record implementing this; unknown keys are rejected when binding.
 */
public interface ProbeSpec {
}
