package dev.prodaudit.probe.manual;

import dev.prodaudit.probe.ProbeSpec;

/** {@code type: manual}: an item a person verifies; {@code verify} says how. */
public record ManualSpec(String verify) implements ProbeSpec {
}
