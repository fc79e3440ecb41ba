package dev.prodaudit.probe.all;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Fact;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Offline;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Parts;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SpecBinder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Runs its child probes at once ({@link Parts#runAtOnce}); the children's statuses combine by {@link Status#combine} (a FAIL of one child
 * wins over an ERROR of another) and every finding is kept. The evidence leads with the deciding children and,
 * under a FAIL, names each child that could not decide ("; cors part undecided: connection refused").
 *
 * <p>A part whose type {@code corroborating:} lists confirms what the others decide from better evidence (the live
 * rate-limit headers next to the limiter found in the source): when every other part PASSes and it only WARNs (it
 * could not see, e.g. a POST-only route from a read-only request), the check is PASS and its warnings stay as notes.
 * Its FAIL (it saw something the others contradict) and its ERROR combine as any part's.
 */
public final class AllProbe implements Probe<AllSpec> {
    /** The key listing the types of the parts that only corroborate ({@link AllSpec#corroborating}). */
    static final String CORROBORATING = "corroborating";
    private static final String NOTE = "note: ";

    @Override
    public String type() {
        return "all";
    }

    @Override
    public Class<AllSpec> specType() {
        return AllSpec.class;
    }

    @Override
    public List<BoundProbe> parts(AllSpec spec) {
        return spec.probes();
    }

    @Override
    public Set<Evidence> evidence(AllSpec spec) {
        return Parts.evidence(spec.probes());
    }

    @Override
    public boolean decidesOffline() {
        return true;
    }

    @Override
    public List<String> decides(AllSpec spec) {
        return Parts.decides(spec.probes());
    }

    @Override
    public List<TargetKind> targets(AllSpec spec) {
        return Parts.targets(spec.probes());
    }

    /**
     * {@code probes} holds probe mappings: each is bound as the catalogue binds any probe, and none is an 'all';
     * {@code corroborating} lists types of those parts, and not all of them.
     */
    @Override
    public <E extends Exception> AllSpec bind(JsonNode params, String path, SpecBinder<E> binder) throws E {
        Iterator<String> keys = params.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.equals("probes") && !key.equals(CORROBORATING)) {
                throw binder.keyError(path + "/" + key, "unknown key '" + key + "'",
                        "an 'all' probe takes only 'probes' and '" + CORROBORATING + "'");
            }
        }
        JsonNode children = params.get("probes");
        if (children == null || !children.isArray() || children.size() < 2) {
            throw binder.keyError(path, "'all' needs 'probes' with at least two probes", null);
        }
        List<BoundProbe> parts = Parts.bind(children, path, binder, AllProbe.class, "all", "probe");
        List<String> corroborating = new ArrayList<>();
        JsonNode listed = params.get(CORROBORATING);
        if (listed != null) {
            if (!listed.isArray()) {
                throw binder.valueError(path + "/" + CORROBORATING, "'" + CORROBORATING + "' must be a list of probe types",
                        "e.g. corroborating: [rate-limit]");
            }
            for (int i = 0; i < listed.size(); i++) {
                String type = listed.get(i).asText();
                if (!listed.get(i).isTextual() || parts.stream().noneMatch(p -> p.type().equals(type))) {
                    throw binder.valueError(path + "/" + CORROBORATING + "/" + i, "'" + listed.get(i).asText()
                            + "' is not the type of a part of 'probes'", "name the type of the part that corroborates");
                }
                corroborating.add(type);
            }
            if (parts.stream().allMatch(p -> corroborating.contains(p.type()))) {
                throw binder.valueError(path + "/" + CORROBORATING, "every part corroborates, so none decides",
                        "leave the type of the part whose evidence decides the item out of '" + CORROBORATING + "'");
            }
        }
        return new AllSpec(parts, corroborating);
    }

    @Override
    public Outcome run(AllSpec spec, ProbeContext ctx) {
        List<Outcome> outcomes = Parts.runAtOnce(spec.probes(), ctx);
        if (corroborated(spec, outcomes)) {
            return withNotes(spec, outcomes).withFacts(Parts.facts(outcomes));
        }
        List<Finding> findings = new ArrayList<>();
        Status status = Status.combine(outcomes.stream().map(Outcome::status).toList());
        List<String> lead = new ArrayList<>();
        StringBuilder undecided = new StringBuilder();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            String label = spec.probes().get(i).type() + " part undecided";
            List<Finding> own = o.findings().isEmpty() ? List.of(Finding.of(o.status(), o.evidence())) : o.findings();
            if (notRun(o)) {
                own = List.of(Finding.of(Status.SKIP, spec.probes().get(i).type() + " part: " + Offline.NOT_RUN));
            }
            findings.addAll(Outcome.relabel(status, label, own));
            if (o.status() == status && !lead.contains(o.evidence())) {
                lead.add(o.evidence());
            } else if (o.status() == Status.ERROR) {
                undecided.append(Outcome.undecided(status, label, List.of(o.evidence())));
            }
        }
        return new Outcome(status, String.join("; ", lead) + undecided + notRunNote(status, outcomes), findings,
                Parts.facts(outcomes));
    }

    private static boolean notRun(Outcome o) {
        return o.facts().stream().anyMatch(f -> f instanceof Fact.NotRunOffline);
    }

    /**
     * Offline, a check whose live parts were not run is decided by its other parts only: a FAIL they saw is a FAIL,
     * but a PASS is not the whole item's, so the evidence says which parts were left out
     * ("; live part not run (--offline): tls, https-redirect"). Empty when every part ran or none did.
     */
    private static String notRunNote(Status status, List<Outcome> outcomes) {
        List<String> parts = Offline.notRunParts(outcomes);
        if (parts.isEmpty() || status == Status.SKIP) {
            return "";
        }
        return "; " + Offline.NOT_RUN + ": " + String.join(", ", parts);
    }

    /** Whether the deciding parts all PASS and the corroborating ones PASS or only WARN. */
    static boolean corroborated(AllSpec spec, List<Outcome> outcomes) {
        if (spec.corroborating().isEmpty() || outcomes.size() != spec.probes().size()) {
            return false;
        }
        List<Status> deciding = new ArrayList<>();
        boolean warned = false;
        for (int i = 0; i < outcomes.size(); i++) {
            Status s = outcomes.get(i).status();
            if (!spec.corroborates(i)) {
                deciding.add(s);
            } else if (s == Status.WARN) {
                warned = true;
            } else if (s != Status.PASS && s != Status.WAIVED) {
                return false;
            }
        }
        return warned && Status.combine(deciding) == Status.PASS;
    }

    /** PASS, the corroborating parts' warnings kept as notes naming the parts that decided. */
    private static Outcome withNotes(AllSpec spec, List<Outcome> outcomes) {
        List<String> decidedBy = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (!spec.corroborates(i)) {
                decidedBy.add(spec.probes().get(i).type());
            }
        }
        String because = " (corroboration only: the " + String.join(" and ", decidedBy.stream().distinct().toList())
                + " part decides)";
        List<Finding> findings = new ArrayList<>();
        List<String> lead = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            List<Finding> own = o.findings().isEmpty() ? List.of(Finding.of(o.status(), o.evidence())) : o.findings();
            if (spec.corroborates(i) && o.status() == Status.WARN) {
                for (Finding f : own) {
                    findings.add(f.status() != Status.WARN ? f
                            : new Finding(Status.PASS, NOTE + f.message() + because, f.file(), f.line()));
                }
                notes.add(NOTE + o.evidence() + because);
            } else {
                findings.addAll(own);
                lead.add(o.evidence());
            }
        }
        lead.addAll(notes);
        return new Outcome(Status.PASS, String.join("; ", lead), findings);
    }
}
