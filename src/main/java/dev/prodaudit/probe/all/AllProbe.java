package dev.prodaudit.probe.all;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Parts;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SpecBinder;
import java.util.ArrayList;
import java.util.List;

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
    public List<String> decides(AllSpec spec) {
        return Parts.decides(spec.probes());
    }

    @Override
    public List<TargetKind> targets(AllSpec spec) {
        return Parts.targets(spec.probes());
    }

    /** {@code probes} holds probe mappings: each is bound as the catalogue binds any probe, and none is an 'all'. */
    @Override
    public <E extends Exception> AllSpec bind(JsonNode params, String path, SpecBinder<E> binder) throws E {
        Parts.onlyProbes(params, path, binder, "all");
        JsonNode children = params.get("probes");
        if (children == null || !children.isArray() || children.size() < 2) {
            throw binder.keyError(path, "'all' needs 'probes' with at least two probes", null);
        }
        return new AllSpec(Parts.bind(children, path, binder, AllProbe.class, "all", "probe"));
    }

    @Override
    public Outcome run(AllSpec spec, ProbeContext ctx) {
        List<Finding> findings = new ArrayList<>();
        List<Outcome> outcomes = Parts.run(spec.probes(), ctx, o -> false);
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
}
