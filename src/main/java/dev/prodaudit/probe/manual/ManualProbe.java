package dev.prodaudit.probe.manual;

import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;

/** Reports MANUAL, never PASS: nothing automatic has looked at the item. */
public final class ManualProbe implements Probe<ManualSpec> {

    @Override
    public String type() {
        return "manual";
    }

    @Override
    public Class<ManualSpec> specType() {
        return ManualSpec.class;
    }

    @Override
    public boolean manual() {
        return true;
    }

    @Override
    public Outcome run(ManualSpec spec, ProbeContext ctx) {
        return Outcome.manual(spec.verify() == null || spec.verify().isBlank()
                ? "no automatic probe; verify by hand"
                : "verify by hand: " + spec.verify().strip());
    }
}
