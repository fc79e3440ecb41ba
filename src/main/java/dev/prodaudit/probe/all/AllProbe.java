package dev.prodaudit.probe.all;

import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeSpec;
import java.util.ArrayList;
import java.util.List;

/** Runs each child probe in order; the worst status wins and every finding is kept. */
public final class AllProbe implements Probe<AllSpec> {

    @Override
    public String type() {
        return "all";
    }

    @Override
    public Class<AllSpec> specType() {
        return AllSpec.class;
    }

    @Override
    public Outcome run(AllSpec spec, ProbeContext ctx) {
        List<Finding> findings = new ArrayList<>();
        Status status = Status.PASS;
        List<Outcome> outcomes = new ArrayList<>();
        boolean allManual = true;
        long start = System.nanoTime();
        long budget = ctx.timeout().toNanos();
        int left = spec.probes().size();
        for (BoundProbe child : spec.probes()) {
            // Each child gets an equal share of what is left, so a hung first child cannot use up the
            // time of the others; children that finish at once (env, file) hand their share on.
            long remaining = Math.max(budget - (System.nanoTime() - start), 0);
            java.time.Duration share = java.time.Duration.ofNanos(Math.max(remaining / left--, 1_000_000));
            ProbeContext childCtx = new ProbeContext(ctx.env(), ctx.repository(), ctx.targets(), share, ctx.clients());
            Outcome o = runChild(child.probe(), child.spec(), childCtx);
            allManual &= o.status() == Status.MANUAL;
            status = Status.worst(status, o.status());
            if (o.findings().isEmpty()) {
                findings.add(Finding.of(o.status(), o.evidence()));
            } else {
                findings.addAll(o.findings());
            }
            outcomes.add(o);
        }
        if (allManual) {
            status = Status.MANUAL;
        }
        Status decided = status;
        List<String> lead = outcomes.stream().filter(o -> o.status() == decided).map(Outcome::evidence).toList();
        return new Outcome(status, String.join("; ", lead), findings);
    }

    private static <S extends ProbeSpec> Outcome runChild(Probe<S> probe, ProbeSpec spec, ProbeContext ctx) {
        return probe.run(probe.specType().cast(spec), ctx);
    }
}
