package dev.prodaudit.probe.all;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.probe.SpecBinder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs each child probe in order; the children's statuses combine by {@link Status#combine} (a FAIL of one child
 * wins over an ERROR of another) and every finding is kept. The evidence leads with the deciding children and,
 * under a FAIL, names each child that could not decide ("; cors part undecided: connection refused").
 */
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
    public List<TargetKind> targets(AllSpec spec) {
        // The parts' targets in the order the parts run, each once.
        Set<TargetKind> union = new LinkedHashSet<>();
        for (BoundProbe part : spec.probes()) {
            union.addAll(targetsOf(part.probe(), part.spec()));
        }
        return List.copyOf(union);
    }

    /** {@code probes} holds probe mappings: each is bound as the catalogue binds any probe, and none is an 'all'. */
    @Override
    public <E extends Exception> AllSpec bind(JsonNode params, String path, SpecBinder<E> binder) throws E {
        java.util.Iterator<String> keys = params.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.equals("probes")) {
                throw binder.keyError(path + "/" + key, "unknown key '" + key + "'", "an 'all' probe takes only 'probes'");
            }
        }
        JsonNode children = params.get("probes");
        if (children == null || !children.isArray() || children.size() < 2) {
            throw binder.keyError(path, "'all' needs 'probes' with at least two probes", null);
        }
        List<BoundProbe> bound = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            BoundProbe child = binder.probe(children.get(i), path + "/probes/" + i);
            if (child.probe() instanceof AllProbe) {
                throw binder.valueError(path + "/probes/" + i, "'all' probes do not nest", "list every probe in one 'all'");
            }
            bound.add(child);
        }
        return new AllSpec(bound);
    }

    @Override
    public Outcome run(AllSpec spec, ProbeContext ctx) {
        List<Finding> findings = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        long start = System.nanoTime();
        long budget = ctx.timeout().toNanos();
        int left = spec.probes().size();
        for (BoundProbe child : spec.probes()) {
            // Each child gets an equal share of what is left, so a hung first child cannot use up the
            // time of the others; children that finish at once (env, file) hand their share on.
            long remaining = Math.max(budget - (System.nanoTime() - start), 0);
            java.time.Duration share = java.time.Duration.ofNanos(Math.max(remaining / left--, 1_000_000));
            ProbeContext childCtx = ctx.withTimeout(share);
            outcomes.add(runChild(child.probe(), child.spec(), childCtx));
        }
        Status status = Status.combine(outcomes.stream().map(Outcome::status).toList());
        List<String> lead = new ArrayList<>();
        StringBuilder undecided = new StringBuilder();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            String label = spec.probes().get(i).type() + " part undecided";
            List<Finding> own = o.findings().isEmpty() ? List.of(Finding.of(o.status(), o.evidence())) : o.findings();
            findings.addAll(Outcome.relabel(status, label, own));
            if (o.status() == status) {
                lead.add(o.evidence());
            } else if (o.status() == Status.ERROR) {
                undecided.append(Outcome.undecided(status, label, List.of(o.evidence())));
            }
        }
        return new Outcome(status, String.join("; ", lead) + undecided, findings);
    }

    private static <S extends ProbeSpec> List<TargetKind> targetsOf(Probe<S> probe, ProbeSpec spec) {
        return probe.targets(probe.specType().cast(spec));
    }

    private static <S extends ProbeSpec> Outcome runChild(Probe<S> probe, ProbeSpec spec, ProbeContext ctx) {
        return probe.run(probe.specType().cast(spec), ctx);
    }
}
