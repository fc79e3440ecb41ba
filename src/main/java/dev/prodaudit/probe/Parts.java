package dev.prodaudit.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.config.TargetKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;

/**
 * What the composite probes ({@code type: all}, {@code type: any}) share: their {@code probes} list is bound like
 * any probe mapping, runs within one time budget (an {@code any}'s in order until one holds, the live parts of an
 * {@code all} at once) and reaches the union of its parts' targets. They differ in how the outcomes make a verdict.
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
            if (notRunOffline(part, ctx)) {
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

    /**
     * Runs the parts for a composite that needs every part's outcome ({@code all}), those that reach a live service
     * at once: they wait on different services (a TLS handshake and a redirect, a page and a database), so the check
     * takes as long as the slowest of them, not their sum. The parts that read the repository, env files or docs run
     * in turn on this thread, as do one live part, and each other live part on a thread of its own; their work is
     * the CPU's, which the other checks share. Each part has what is left of the check's budget, which bounds the
     * whole as it bounds each. The outcomes are in the parts' order, as {@link #run} gives them, and so are the
     * verdict and its evidence. Offline, a part that needs a live service is not run, as in {@link #run}. A part
     * that throws throws here, as it would run in turn. When this thread is interrupted (the runner's watchdog
     * decided the check), the other parts are interrupted too and the interrupt is kept.
     */
    public static List<Outcome> runAtOnce(List<BoundProbe> parts, ProbeContext ctx) {
        Outcome[] outcomes = new Outcome[parts.size()];
        List<Integer> here = new ArrayList<>();
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            BoundProbe part = parts.get(i);
            if (notRunOffline(part, ctx)) {
                outcomes[i] = Offline.notRun(part.type());
            } else {
                (Offline.needsLive(part.evidence()) ? live : here).add(i);
            }
        }
        List<Started> started = new ArrayList<>();
        for (int i : live.subList(0, Math.max(live.size() - 1, 0))) {
            started.add(Started.start(i, parts.get(i), ctx));
        }
        if (!live.isEmpty()) {
            here.add(live.get(live.size() - 1));
        }
        try {
            for (int i : here) {
                outcomes[i] = parts.get(i).run(ctx);
            }
            for (Started s : started) {
                outcomes[s.index()] = s.task().get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the parts ran", e);
        } catch (ExecutionException e) {
            throw TaskFailures.unwrapped(e);
        } finally {
            for (Started s : started) {
                s.task().cancel(true); // a no-op for a part that ended
            }
        }
        return List.of(outcomes);
    }

    /** Whether {@code part} needs a live service an offline run does not reach, and does not leave that out itself. */
    private static boolean notRunOffline(BoundProbe part, ProbeContext ctx) {
        return ctx.offline() && Offline.needsLive(part.evidence()) && !part.probe().decidesOffline();
    }

    /** A part of {@link #runAtOnce} running on a thread of its own: the part's index, and its outcome to come. */
    private record Started(int index, FutureTask<Outcome> task) {
        static Started start(int index, BoundProbe part, ProbeContext ctx) {
            FutureTask<Outcome> task = new FutureTask<>(() -> part.run(ctx));
            Thread thread = new Thread(task, Thread.currentThread().getName() + "-" + part.type());
            thread.setDaemon(true); // as the runner's own threads: a part stuck in I/O must not keep the JVM alive
            thread.start();
            return new Started(index, task);
        }
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
