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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
        private final List<Check> checks;
        private final List<CompletableFuture<Result>> futures;
        private final Function<Duration, ProbeContext> contextFor;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger threadNo = new AtomicInteger();
        private final List<Thread> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        private final ScheduledThreadPoolExecutor watchdog;

        Workers(List<Check> checks, List<CompletableFuture<Result>> futures, Function<Duration, ProbeContext> contextFor) {
            this.checks = checks;
            this.futures = futures;
            this.contextFor = contextFor;
            this.watchdog = new ScheduledThreadPoolExecutor(1, this::daemon);
            // A check that finishes cancels its timer, and a cancelled timer leaves the queue at once: a run of 10,000
            // quick checks would otherwise keep 10,000 timers queued until the end.
            watchdog.setRemoveOnCancelPolicy(true);
        }

        private Thread daemon(Runnable r) {
            Thread t = new Thread(r, "probe-" + threadNo.incrementAndGet());
            t.setDaemon(true); // a probe stuck in I/O must not keep the JVM alive after the report
            return t;
        }

        void start(int count) {
            for (int i = 0; i < count; i++) {
                startOne();
            }
        }

        private void startOne() {
            Thread t = daemon(this::work);
            threads.add(t);
            t.start();
        }

        private void work() {
            Thread self = Thread.currentThread();
            for (int i = next.getAndIncrement(); i < checks.size(); i = next.getAndIncrement()) {
                Check check = checks.get(i);
                CompletableFuture<Result> result = futures.get(i);
                if (!check.enabled()) {
                    result.complete(new Result(check, Status.SKIP, "disabled in the audit configuration", List.of(), 0));
                    continue;
                }
                Duration timeout = check.timeout() != null ? check.timeout() : defaultTimeout;
                long start = System.nanoTime();
                ScheduledFuture<?> timer = watchdog.schedule(() -> {
                    if (result.complete(error(check, "timed out after " + timeout.toMillis() + " ms", timeout.toMillis()))) {
                        startOne();
                        self.interrupt();
                    }
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
                Result r;
                try {
                    r = execute(check, contextFor.apply(timeout), start);
                } catch (RuntimeException | Error e) {
                    r = error(check, oneLine(e), elapsed(start)); // the context, not the probe: decided all the same
                }
                timer.cancel(false);
                if (!result.complete(r)) {
                    return; // timed out: another thread has taken this one's place
                }
            }
        }

        void stop() {
            watchdog.shutdownNow();
            synchronized (threads) {
                threads.forEach(Thread::interrupt);
            }
        }
    }

    private Result execute(Check check, ProbeContext ctx, long start) {
        try {
            Probe<?> probe = probes.find(check.probeType())
                    .orElseThrow(() -> new IllegalStateException("no probe for type " + check.probeType()));
            // Offline, a check that needs a live service is not run; a composite runs its other parts (Parts.run).
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

    private Result redact(Result r) {
        List<Finding> findings = r.findings().stream()
                .map(f -> new Finding(f.status(), redactor.apply(f.message()), redactor.apply(f.file()), f.line()))
                .toList();
        List<Fact> facts = r.facts().stream()
                .map(f -> f instanceof Fact.CertificateExpiry c
                        ? new Fact.CertificateExpiry(redactor.apply(c.endpoint()), c.notAfter()) : f)
                .toList();
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
