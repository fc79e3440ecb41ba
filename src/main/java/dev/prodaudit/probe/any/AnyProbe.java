package dev.prodaudit.probe.any;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.Fact;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Offline;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Parts;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SpecBinder;
import dev.prodaudit.probe.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the alternatives in order until one holds; their statuses combine by {@link Status#either} (one PASS is
 * enough; an alternative that could not decide outranks the failure of the others, since it might have held).
 *
 * <p>Evidence and findings follow the verdict. When an alternative holds (PASS or WARN), only what it says is kept:
 * the alternatives that did not hold are not faults of the item, and a report that lists findings must not show
 * them as such. Under FAIL, every alternative's failure is named, each with its part ("file part: no file matches
 * .env.resend.production.enc; secret-store part: no ExternalSecret ..."), so the reader sees every way it could have
 * held. Under ERROR or MANUAL the undecided alternatives lead, and those that failed follow as "did not hold".
 */
public final class AnyProbe implements Probe<AnySpec> {

    @Override
    public String type() {
        return "any";
    }

    @Override
    public Class<AnySpec> specType() {
        return AnySpec.class;
    }

    @Override
    public List<BoundProbe> parts(AnySpec spec) {
        return spec.probes();
    }

    @Override
    public Set<Evidence> evidence(AnySpec spec) {
        return Parts.evidence(spec.probes());
    }

    @Override
    public boolean decidesOffline() {
        return true;
    }

    @Override
    public List<String> decides(AnySpec spec) {
        return Parts.decides(spec.probes());
    }

    @Override
    public List<TargetKind> targets(AnySpec spec) {
        return Parts.targets(spec.probes());
    }

    /** {@code probes} holds probe mappings, each bound as the catalogue binds any probe; none is itself an 'any'. */
    @Override
    public <E extends Exception> AnySpec bind(JsonNode params, String path, SpecBinder<E> binder) throws E {
        Parts.onlyProbes(params, path, binder, "any");
        JsonNode children = params.get("probes");
        String hint = "a single probe needs no 'any': use it directly";
        if (children == null) {
            throw binder.keyError(path, "'any' needs 'probes' with at least two alternatives", hint);
        }
        if (!children.isArray() || children.size() < 2) {
            throw binder.valueError(path + "/probes", "'any' needs 'probes' with at least two alternatives", hint);
        }
        return new AnySpec(Parts.bind(children, path, binder, AnyProbe.class, "any", "alternative"));
    }

    @Override
    public Outcome run(AnySpec spec, ProbeContext ctx) {
        // One alternative that holds is enough: the rest cannot change the verdict.
        List<Outcome> outcomes = Parts.run(spec.probes(), ctx, o -> o.status() == Status.PASS || o.status() == Status.WAIVED);
        Status status = Status.either(outcomes.stream().map(Outcome::status).toList());
        List<String> notRun = Offline.notRunParts(outcomes);
        // Offline, the alternatives that were run failing says nothing of those that were not: one might hold.
        boolean undecidedOffline = !notRun.isEmpty() && status == Status.FAIL;
        if (undecidedOffline) {
            status = Status.SKIP;
        }
        List<String> labels = labels(spec.probes());
        List<String> lead = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            Status s = o.status() == Status.WAIVED ? Status.PASS : o.status();
            List<Finding> own = o.findings().isEmpty() ? List.of(Finding.of(o.status(), o.evidence())) : o.findings();
            if (status == Status.FAIL) {
                if (s == Status.FAIL) {
                    lead.add(labels.get(i) + ": " + o.evidence());
                }
                findings.addAll(own);
            } else if (s == status) {
                lead.add((status == Status.ERROR ? labels.get(i) + " undecided: " : "") + o.evidence());
                findings.addAll(own);
            } else if (s == Status.FAIL && (status == Status.ERROR || status == Status.MANUAL || undecidedOffline)) {
                failed.add(labels.get(i) + " did not hold: " + o.evidence());
            }
        }
        lead.replaceAll(line -> line.equals(Offline.NOT_RUN) ? Offline.NOT_RUN + ": " + String.join(", ", notRun) : line);
        List<String> evidence = new ArrayList<>(lead.stream().distinct().toList());
        if (!notRun.isEmpty() && status != Status.SKIP && status != Status.PASS && status != Status.WARN) {
            evidence.add(Offline.NOT_RUN + ": " + String.join(", ", notRun));
        }
        evidence.addAll(failed);
        // An alternative that held decided the item whole: the parts not run offline could not have changed it.
        List<Fact> facts = status == Status.PASS || status == Status.WARN
                ? Parts.facts(outcomes).stream().filter(f -> !(f instanceof Fact.NotRunOffline)).toList()
                : Parts.facts(outcomes);
        return new Outcome(status, evidence.isEmpty() ? "no alternative decided" : String.join("; ", evidence), findings,
                facts);
    }

    /** "file part", "secret-store part"; "file part 2" when two alternatives are of one type. */
    private static List<String> labels(List<BoundProbe> probes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            String type = probes.get(i).type();
            boolean repeated = probes.stream().filter(p -> p.type().equals(type)).count() > 1;
            out.add(type + " part" + (repeated ? " " + (i + 1) : ""));
        }
        return out;
    }
}
