package dev.prodaudit.engine;

import dev.prodaudit.probe.Status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.ProbeKit;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine's contract: bounded concurrency, per-check timeouts, catalogue order, errors not crashes. */
class RunnerTest {

    /** What the engine tests ask their probe to do. */
    record TaskSpec(String action, long millis) implements ProbeSpec {
    }

    /**
     * A probe for engine tests: sleeps, blocks reading a socket that never answers (a hung server),
     * throws, or echoes text; counts how many runs overlap.
     */
    static final class TaskProbe implements Probe<TaskSpec> {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final List<String> started = java.util.Collections.synchronizedList(new ArrayList<>());
        int hungPort;

        @Override
        public String type() {
            return "task";
        }

        @Override
        public Class<TaskSpec> specType() {
            return TaskSpec.class;
        }

        @Override
        public Outcome run(TaskSpec spec, ProbeContext ctx) {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            started.add(spec.action() + spec.millis());
            try {
                switch (spec.action()) {
                    case "sleep" -> Thread.sleep(spec.millis());
                    case "hang" -> {
                        // No read timeout: only the engine's watchdog can end this check.
                        try (Socket s = new Socket("127.0.0.1", hungPort); InputStream in = s.getInputStream()) {
                            in.read();
                        }
                    }
                    case "throw" -> throw new IllegalStateException("boom\nsecond line");
                    // What InetAddress throws on Java 18+ when a jar registers a name-service provider it lacks.
                    case "error" -> throw new java.util.ServiceConfigurationError(
                            "java.net.spi.InetAddressResolverProvider: Provider org.example.Missing not found");
                    case "leak" -> {
                        return new Outcome(Status.FAIL, "value is " + ctx.env().get("JWT_ACCESS_SECRET").orElseThrow(),
                                List.of(Finding.of(Status.FAIL, "again: " + ctx.env().get("JWT_ACCESS_SECRET").orElseThrow())));
                    }
                    default -> { }
                }
                return Outcome.pass(spec.action() + " done");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.error("interrupted");
            } catch (java.io.IOException e) {
                return Outcome.error(e.getMessage());
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private final TaskProbe probe = new TaskProbe();
    private final ProbeRegistry registry = ProbeRegistry.of(List.of(probe));

    private static Check check(String id, String action, long millis, Duration timeout) {
        return ProbeKit.check(id).title("title " + id).type("task", new TaskSpec(action, millis)).timeout(timeout)
                .source("test:1").build();
    }

    private List<Result> run(List<Check> checks, int concurrency, Duration timeout, Env env) {
        return run(checks, concurrency, timeout, env, r -> { });
    }

    private List<Result> run(List<Check> checks, int concurrency, Duration timeout, Env env,
                             java.util.function.Consumer<Result> onDone) {
        Runner runner = new Runner(registry, concurrency, timeout, Redactor.of(env, List.of()));
        try (SharedClients clients = new SharedClients()) {
            return runner.run(checks, budget -> new ProbeContext(env, Path.of("."), Targets.none(), budget, clients), onDone);
        }
    }

    @Test
    void resultsComeBackInCatalogueOrderWhateverFinishesFirst() {
        List<Check> checks = List.of(check("a.slow", "sleep", 300, null), check("a.fast", "sleep", 1, null),
                check("a.mid", "sleep", 100, null));
        List<Result> results = run(checks, 3, Duration.ofSeconds(5), Env.empty());
        assertEquals(List.of("a.slow", "a.fast", "a.mid"), results.stream().map(r -> r.check().id()).toList());
        assertTrue(results.stream().allMatch(r -> r.status() == Status.PASS));
    }

    @Test
    void aCheckWhoseParametersWereNotReadIsAnErrorAndItsProbeNeverRuns() {
        Check unread = check("a.unread", "sleep", 1, null).withSpec(Check.NOT_BOUND);
        List<Result> results = run(List.of(unread, check("a.read", "sleep", 1, null)), 2, Duration.ofSeconds(5), Env.empty());
        assertEquals(Status.ERROR, results.get(0).status());
        assertEquals("the probe failed unexpectedly: the probe parameters of a.unread were not read", results.get(0).evidence());
        assertEquals(Status.PASS, results.get(1).status());
        assertEquals(List.of("sleep1"), probe.started, "only the bound check's probe ran");
    }

    @Test
    void neverRunsMoreChecksAtOnceThanTheBound() {
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            checks.add(check("c.n" + i, "sleep", 40, null));
        }
        run(checks, 3, Duration.ofSeconds(5), Env.empty());
        assertEquals(3, probe.maxRunning.get());
    }

    @Test
    void startsChecksInCatalogueOrder() {
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            checks.add(check("c.n" + i, "sleep", i, null));
        }
        run(checks, 1, Duration.ofSeconds(5), Env.empty());
        assertEquals(List.of("sleep0", "sleep1", "sleep2", "sleep3", "sleep4", "sleep5"), probe.started);
    }

    @Test
    @Timeout(60) // a hang guard, not a time window: a slot held by a stuck probe would block the run forever
    void aStuckProbeDoesNotHoldItsSlot() throws Exception {
        try (ServerSocket hung = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            probe.hungPort = hung.getLocalPort();
            List<Check> checks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                checks.add(check("h.n" + i, "hang", 0, null));
            }
            // 20 checks, 4 slots, and no probe ever returns on its own: the watchdog gives each slot to the next
            // check at its timeout, so every check got to run and the run ends.
            List<Result> results = run(checks, 4, Duration.ofMillis(500), Env.empty());
            assertEquals(20, probe.started.size(), "every check ran, although every probe before it was stuck");
            for (Result r : results) {
                assertEquals(Status.ERROR, r.status());
                assertEquals("timed out after 500 ms", r.evidence());
            }
        }
    }

    @Test
    @Timeout(60)
    void withEnoughSlotsHungChecksTimeOutTogether() throws Exception {
        try (ServerSocket hung = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            probe.hungPort = hung.getLocalPort();
            List<Check> checks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                checks.add(check("h.n" + i, "hang", 0, null));
            }
            // How many checks had started when the first result came in: with 20 slots all of them run at once, so
            // the run costs one timeout; a runner that queued them would have started only the first few.
            AtomicInteger startedAtFirstResult = new AtomicInteger(-1);
            List<Result> results = run(checks, 20, Duration.ofMillis(700), Env.empty(),
                    r -> startedAtFirstResult.compareAndSet(-1, probe.started.size()));
            assertEquals(20, startedAtFirstResult.get(), "checks started before the first timed out");
            for (Result r : results) {
                assertEquals(Status.ERROR, r.status());
                assertEquals("timed out after 700 ms", r.evidence());
            }
        }
    }

    @Test
    @Timeout(30) // a hang guard: a context that throws left the check open until its 60 s budget ran out
    void aCheckWhoseContextCannotBeBuiltIsDecidedAtOnce() {
        Runner runner = new Runner(registry, 2, Duration.ofSeconds(60), Redactor.of(Env.empty(), List.of()));
        List<Result> results = runner.run(List.of(check("x.ctx", "sleep", 0, null), check("x.next", "sleep", 0, null)),
                budget -> {
                    throw new IllegalStateException("no context for this check");
                }, r -> { });
        for (Result r : results) {
            assertEquals(Status.ERROR, r.status());
            assertTrue(r.evidence().contains("no context for this check"), r.evidence());
        }
    }

    @Test
    void perCheckTimeoutOverridesTheDefault() {
        List<Result> results = run(List.of(check("t.short", "sleep", 2000, Duration.ofMillis(100)),
                check("t.default", "sleep", 300, null)), 2, Duration.ofSeconds(5), Env.empty());
        assertEquals(Status.ERROR, results.get(0).status());
        assertEquals("timed out after 100 ms", results.get(0).evidence());
        assertEquals(Status.PASS, results.get(1).status());
    }

    @Test
    @Timeout(30)
    void aShortBudgetStartedAfterALongOneIsDecidedAtItsOwnDeadline() {
        // The watchdog sleeps until the earliest deadline it knows of, the long check's, 20 s away. The short check,
        // started after it, must wake it: otherwise its probe would end after 10 s and pass, long past its budget.
        List<Result> results = run(List.of(check("t.long", "sleep", 300, null),
                check("t.short", "sleep", 10_000, Duration.ofMillis(100))), 2, Duration.ofSeconds(20), Env.empty());
        assertEquals(Status.PASS, results.get(0).status());
        assertEquals(Status.ERROR, results.get(1).status());
        assertEquals("timed out after 100 ms", results.get(1).evidence());
    }

    @Test
    void aThrowingProbeBecomesAnErrorWithOneLineReason() {
        Result r = run(List.of(check("x.boom", "throw", 0, null)), 1, Duration.ofSeconds(5), Env.empty()).get(0);
        assertEquals(Status.ERROR, r.status());
        assertEquals("the probe failed unexpectedly: boom", r.evidence()); // no class name without --debug
    }

    @Test
    void aProbeThatThrowsAnErrorIsDecidedAtOnceNotLeftToTheWatchdog() {
        // The budget is long: a result left open would come back "timed out after 60000 ms", a minute later.
        List<Result> results = run(List.of(check("x.error", "error", 0, null), check("x.after", "sleep", 1, null)), 1,
                Duration.ofSeconds(60), Env.empty());
        assertEquals(Status.ERROR, results.get(0).status());
        assertEquals("the probe failed unexpectedly: Provider not found", // no class names without --debug
                results.get(0).evidence());
        assertEquals(Status.PASS, results.get(1).status(), "and its slot is free for the next check");
    }

    @Test
    void disabledChecksAreSkippedWithoutRunning() {
        Check disabled = check("x.off", "sleep", 0, null).withOverrides(Severity.HIGH, null, false,
                new TaskSpec("sleep", 0), null);
        Result r = run(List.of(disabled), 1, Duration.ofSeconds(5), Env.empty()).get(0);
        assertEquals(Status.SKIP, r.status());
        assertTrue(probe.started.isEmpty());
    }

    @Test
    void evidenceAndFindingsAreRedactedEvenWhenAProbeIsCareless() {
        String secret = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhmb29iYXJiYXpxdXg";
        Env env = Env.of(List.of(EnvFile.parse(Path.of(".env.production"), "JWT_ACCESS_SECRET=" + secret + "\n")),
                Map.of(), Set.of(), List.of());
        Result r = run(List.of(check("x.leak", "leak", 0, null)), 1, Duration.ofSeconds(5), env).get(0);
        assertFalse(r.evidence().contains(secret));
        assertFalse(r.findings().get(0).message().contains(secret));
        assertEquals("value is " + Redactor.MASK, r.evidence());
    }

    @Test
    void gateCountsFailuresAndErrorsAtOrAboveTheThreshold() {
        Check high = check("g.high", "sleep", 0, null);
        Check low = check("g.low", "sleep", 0, null).withOverrides(Severity.LOW, null, true, new TaskSpec("sleep", 0), null);
        Result highFail = new Result(high, Status.FAIL, "", List.of(), 0);
        Result highError = new Result(high, Status.ERROR, "", List.of(), 0);
        Result lowFail = new Result(low, Status.FAIL, "", List.of(), 0);
        Result highWarn = new Result(high, Status.WARN, "", List.of(), 0);
        assertEquals(1, new Gate(Severity.HIGH, false).exitCode(List.of(highFail)));
        assertEquals(1, new Gate(Severity.HIGH, false).exitCode(List.of(highError)));
        assertEquals(0, new Gate(Severity.HIGH, true).exitCode(List.of(highError)));
        assertEquals(0, new Gate(Severity.HIGH, false).exitCode(List.of(lowFail, highWarn)));
        assertEquals(1, new Gate(Severity.LOW, false).exitCode(List.of(lowFail)));
        assertEquals(0, new Gate(null, false).exitCode(List.of(highFail, highError)));
    }
}
