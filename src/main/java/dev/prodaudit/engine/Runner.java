package dev.prodaudit.engine;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.probe.Fact;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Offline;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.ProbeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs checks concurrently, at most {@code concurrency} at a time, each within its own timeout counted
 * from when it starts. A check that overruns is reported ERROR "timed out after N ms" and its slot is
 * given to the next check at once, even if the probe's thread is stuck in I/O: a hung server costs one
 * timeout, not the rest of the run. Results come back in catalogue order.
 */
public final class Runner {
    private final ProbeRegistry probes;
    private final int concurrency;
    private final Duration defaultTimeout;
    private final Redactor redactor;

    public Runner(ProbeRegistry probes, int concurrency, Duration defaultTimeout, Redactor redactor) {
        this.probes = probes;
        this.concurrency = concurrency;
        this.defaultTimeout = defaultTimeout;
        this.redactor = redactor;
    }

    /**
     * @param contextFor builds the probe context of a check, given its effective timeout
     * @param onDone     told of each result as it completes, on whichever thread completed it (progress display)
     */
    public List<Result> run(List<Check> checks, Function<Duration, ProbeContext> contextFor,
                            java.util.function.Consumer<Result> onDone) {
        List<CompletableFuture<Result>> futures = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            CompletableFuture<Result> f = new CompletableFuture<>();
            f.thenAccept(onDone);
            futures.add(f);
        }
        Workers workers = new Workers(checks, futures, contextFor);
        try {
            workers.start(Math.min(concurrency, checks.size()));
            List<Result> results = new ArrayList<>(checks.size());
            for (CompletableFuture<Result> f : futures) {
                results.add(join(f));
            }
            return results;
        } finally {
            workers.stop();
        }
    }

    /**
     * The run's threads: each takes the next check in catalogue order as soon as it is free, so a run of many quick
     * checks hands nothing from thread to thread (a pool fed check by check cost a tenth of a 10,000-check run in
     * hand-overs). A check that overruns is decided by the watchdog, which interrupts its thread and starts another in
     * its place: the slot is free at once, and the stuck thread ends when its probe returns, if ever.
     */
    private final class Workers {
        /** No deadline: the watchdog sleeps until a check wakes it. */
        private static final long NEVER = Long.MAX_VALUE;
        private final List<Check> checks;
        private final List<CompletableFuture<Result>> futures;
        private final Function<Duration, ProbeContext> contextFor;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger threadNo = new AtomicInteger();
        private final List<Slot> slots = new CopyOnWriteArrayList<>();
        private final Thread watchdog;
        /** When the watchdog will next look at the slots by itself ({@link System#nanoTime}), or {@link #NEVER}. */
        private volatile long watchdogWakesAt = NEVER;
        private volatile boolean stopped;

        Workers(List<Check> checks, List<CompletableFuture<Result>> futures, Function<Duration, ProbeContext> contextFor) {
            this.checks = checks;
            this.futures = futures;
            this.contextFor = contextFor;
            this.watchdog = daemon(this::watch, "probe-watchdog");
        }

        private Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true); // a probe stuck in I/O must not keep the JVM alive after the report
            return t;
        }

        void start(int count) {
            watchdog.start();
            for (int i = 0; i < count; i++) {
                startOne();
            }
        }

        private void startOne() {
            Slot slot = new Slot();
            slots.add(slot);
            slot.thread.start();
        }

        /** One worker thread and the check it is running now, if any. */
        private final class Slot implements Runnable {
            final Thread thread;
            volatile Running running;

            Slot() {
                this.thread = daemon(this, "probe-" + threadNo.incrementAndGet());
            }

            @Override
            public void run() {
                for (int i = next.getAndIncrement(); i < checks.size() && !stopped; i = next.getAndIncrement()) {
                    Check check = checks.get(i);
                    CompletableFuture<Result> result = futures.get(i);
                    if (!check.enabled()) {
                        result.complete(new Result(check, Status.SKIP, "disabled in the audit configuration", List.of(), 0));
                        continue;
                    }
                    Duration timeout = check.timeout() != null ? check.timeout() : defaultTimeout;
                    long start = System.nanoTime();
                    arm(this, new Running(check, result, timeout, start + timeout.toNanos()));
                    Result r;
                    try {
                        r = execute(check, contextFor.apply(timeout), start);
                    } catch (RuntimeException | Error e) {
                        r = error(check, oneLine(e), elapsed(start)); // the context, not the probe: decided all the same
                    }
                    running = null;
                    if (!result.complete(r)) {
                        return; // timed out: another thread has taken this one's place
                    }
                }
            }
        }

        /** A check in progress: its result to complete and when it runs out of time. */
        private record Running(Check check, CompletableFuture<Result> result, Duration timeout, long deadline) {
        }

        /**
         * Publishes the slot's new check, and wakes the watchdog only when this deadline comes before the one it sleeps
         * until: checks with the run's usual budget start one after another, so that is rare, and a run of quick checks
         * costs the watchdog nothing (one timer per check, queued and cancelled, cost a twentieth of a 10,000-check run).
         */
        private void arm(Slot slot, Running running) {
            slot.running = running;
            if (before(running.deadline, watchdogWakesAt)) {
                LockSupport.unpark(watchdog);
            }
        }

        /**
         * The watchdog: decides every check past its deadline, then sleeps until the earliest deadline still ahead.
         * It publishes that time before it looks at the slots a second time, so a check armed meanwhile is either seen
         * by that second look or sees the new time and wakes it (both sides use volatile fields, which are ordered).
         */
        private void watch() {
            while (!stopped) {
                long earliest = timeOutOverdue();
                watchdogWakesAt = earliest;
                if (before(timeOutOverdue(), earliest)) {
                    continue; // a check armed during the first look ends sooner than that look found
                }
                if (earliest == NEVER) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, earliest - System.nanoTime());
                }
            }
        }

        /** Decides each overdue check ERROR; returns the earliest deadline still ahead, or {@link #NEVER}. */
        private long timeOutOverdue() {
            long now = System.nanoTime();
            long earliest = NEVER;
            for (Slot slot : slots) {
                Running r = slot.running;
                if (r == null) {
                    continue;
                }
                if (r.deadline - now > 0) {
                    earliest = before(r.deadline, earliest) ? r.deadline : earliest;
                } else if (r.result.complete(error(r.check, "timed out after " + r.timeout.toMillis() + " ms",
                        r.timeout.toMillis()))) {
                    slots.remove(slot);
                    startOne();
                    slot.thread.interrupt();
                }
            }
            return earliest;
        }

        /** Whether deadline {@code a} comes before {@code b}, on the {@link System#nanoTime} clock; NEVER comes last. */
        private static boolean before(long a, long b) {
            return a != NEVER && (b == NEVER || a - b < 0);
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(watchdog);
            for (Slot slot : slots) {
                slot.thread.interrupt();
            }
        }
    }

    private Result execute(Check check, ProbeContext ctx, long start) {
        try {
            Probe<?> probe = probes.find(check.probeType())
                    .orElseThrow(() -> new IllegalStateException("no probe for type " + check.probeType()));
            if (!check.bound()) {
                throw new IllegalStateException("the probe parameters of " + check.id() + " were not read");
            }
            // Offline, a check that needs a live service is not run; a composite runs its other parts (Parts).
            Outcome outcome = ctx.offline() && !probe.decidesOffline() && Offline.needsLive(check.evidence())
                    ? Offline.notRun(check.probeType())
                    : runTyped(probe, check.spec(), ctx);
            if (outcome == null) {
                return error(check, "probe returned no outcome", elapsed(start));
            }
            return redact(new Result(check, outcome.status(), outcome.evidence(), outcome.findings(), elapsed(start),
                    outcome.facts()));
        } catch (RuntimeException | Error e) {
            // Any Error too (a ServiceConfigurationError from the JDK's name service, an AssertionError, even an
            // OutOfMemoryError in one probe's parse): the check is decided ERROR now, with the reason, instead of
            // leaving its result open until the watchdog's timeout says something less true.
            return error(check, oneLine(e), elapsed(start));
        }
    }

    private static <S extends ProbeSpec> Outcome runTyped(Probe<S> probe, ProbeSpec spec, ProbeContext ctx) {
        return probe.run(probe.specType().cast(spec), ctx);
    }

    private Result error(Check check, String reason, long ms) {
        return redact(new Result(check, Status.ERROR, reason, List.of(), ms));
    }

    /** Loops, not streams: every result passes here, and its two stream pipelines cost a 10,000-check run 7% of its CPU. */
    private Result redact(Result r) {
        List<Finding> findings = new ArrayList<>(r.findings().size());
        for (Finding f : r.findings()) {
            findings.add(new Finding(f.status(), redactor.apply(f.message()), redactor.apply(f.file()), f.line()));
        }
        List<Fact> facts = new ArrayList<>(r.facts().size());
        for (Fact f : r.facts()) {
            facts.add(f instanceof Fact.CertificateExpiry c ? new Fact.CertificateExpiry(redactor.apply(c.endpoint()), c.notAfter()) : f);
        }
        return new Result(r.check(), r.status(), redactor.apply(r.evidence()), findings, r.durationMs(), facts);
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** A probe's bug or an unforeseen failure, in words: class names are for --debug, not for reports. */
    private static String oneLine(Throwable e) {
        return "the probe failed unexpectedly: " + ProbeFailure.reason(e);
    }

    private static Result join(CompletableFuture<Result> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for checks", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
