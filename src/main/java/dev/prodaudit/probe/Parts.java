package dev.prodaudit.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.config.TargetKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the composite probes ({@code type: all}, {@code type: any}) share: their {@code probes} list is bound like
 * any probe mapping, run in order on shares of one time budget, and reaches the union of its parts' targets. They
 * differ only in how the parts' outcomes make a verdict.
 */
public final class Parts {

    private Parts() {
    }

    /** Rejects every key of {@code params} but {@code probes}: "an 'all' probe takes only 'probes'". */
    public static <E extends Exception> void onlyProbes(JsonNode params, String path, SpecBinder<E> binder, String type)
            throws E {
        Iterator<String> keys = params.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.equals("probes")) {
                throw binder.keyError(path + "/" + key, "unknown key '" + key + "'", "an '" + type + "' probe takes only 'probes'");
            }
        }
    }

    /**
     * Binds each mapping of {@code children} (at {@code path/probes/i}); a part that is itself of {@code composite}
     * is rejected: "'all' probes do not nest", "list every probe in one 'all'".
     *
     * @param part what the hint calls one part: "probe" or "alternative"
     */
    public static <E extends Exception> List<BoundProbe> bind(JsonNode children, String path, SpecBinder<E> binder,
                                                              Class<?> composite, String type, String part) throws E {
        List<BoundProbe> bound = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            BoundProbe child = binder.probe(children.get(i), path + "/probes/" + i);
            if (composite.isInstance(child.probe())) {
                throw binder.valueError(path + "/probes/" + i, "'" + type + "' probes do not nest",
                        "list every " + part + " in one '" + type + "'");
            }
            bound.add(child);
        }
        return bound;
    }

    /**
     * Runs {@code parts} in order until {@code enough} says the verdict cannot change. Each part gets an equal share
     * of what is left of the budget, so a hung part cannot use up the time of the others, and parts that finish at
     * once (env, file) hand their share on. Offline ({@link ProbeContext#offline}), a part that needs a live
     * service is not run (its outcome is {@link Offline#notRun}) unless its probe leaves that out by itself
     * ({@link Probe#decidesOffline}).
     */
    public static List<Outcome> run(List<BoundProbe> parts, ProbeContext ctx, Predicate<Outcome> enough) {
        List<Outcome> outcomes = new ArrayList<>();
        long start = System.nanoTime();
        long budget = ctx.timeout().toNanos();
        int left = parts.size();
        for (BoundProbe part : parts) {
            if (ctx.offline() && Offline.needsLive(part.evidence()) && !part.probe().decidesOffline()) {
                outcomes.add(Offline.notRun(part.type()));
                left--;
                continue;
            }
            long remaining = Math.max(budget - (System.nanoTime() - start), 0);
            Duration share = Duration.ofNanos(Math.max(remaining / left--, 1_000_000));
            Outcome o = part.run(ctx.withTimeout(share));
            outcomes.add(o);
            if (enough.test(o)) {
                break;
            }
        }
        return outcomes;
    }

    /** How each part decides, in the order the parts run, each line once. */
    public static List<String> decides(List<BoundProbe> parts) {
        Set<String> lines = new LinkedHashSet<>();
        for (BoundProbe part : parts) {
            lines.addAll(part.decides());
        }
        return List.copyOf(lines);
    }

    /**
     * The facts of the parts' outcomes (a certificate's expiry), in the order the parts ran, each once; and under
     * {@code --offline}, one {@link Fact.NotRunOffline} naming every part not run, when any was.
     */
    public static List<Fact> facts(List<Outcome> outcomes) {
        Set<Fact> facts = new LinkedHashSet<>();
        for (Outcome o : outcomes) {
            o.facts().stream().filter(f -> !(f instanceof Fact.NotRunOffline)).forEach(facts::add);
        }
        List<String> notRun = Offline.notRunParts(outcomes);
        if (!notRun.isEmpty()) {
            facts.add(new Fact.NotRunOffline(notRun));
        }
        return List.copyOf(facts);
    }

    /** The union of the parts' evidence, in {@link Evidence} order. */
    public static Set<Evidence> evidence(List<BoundProbe> parts) {
        java.util.EnumSet<Evidence> union = java.util.EnumSet.noneOf(Evidence.class);
        for (BoundProbe part : parts) {
            union.addAll(part.evidence());
        }
        return java.util.Collections.unmodifiableSet(union);
    }

    /** The parts' targets in the order the parts run, each once. */
    public static List<TargetKind> targets(List<BoundProbe> parts) {
        Set<TargetKind> union = new LinkedHashSet<>();
        for (BoundProbe part : parts) {
            union.addAll(part.targets());
        }
        return List.copyOf(union);
    }
}
