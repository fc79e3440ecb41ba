package dev.prodaudit.probe.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.Targets;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import java.nio.file.Path;
import java.time.Duration;
import dev.prodaudit.testing.MongoTestServer;
import dev.prodaudit.testing.TimedOut;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MongoDB checks through the real engine, 8 at a time with a 1 s timeout: a deployment that accepts TCP and never
 * answers costs one timeout for all twenty checks, a refusing one costs nothing.
 */
class MongoRunnerTest {
    private static final ProbeRegistry REGISTRY = ProbeRegistry.load();
    private static final String[] VARIANTS = {"[auth, tls]", "[replicaSet]", "[indexes]", "[encryptionAtRest]", "[auditLog]",
        "[ttl]", "[auth, replicaSet, indexes, ttl, tls, encryptionAtRest, auditLog]"};

    static List<Check> twentyMongoChecks() throws Exception {
        StringBuilder yaml = new StringBuilder("section: Database\nchecks:\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("""
                      - id: db.mongo-%d
                        title: Mongo %d
                        severity: high
                        rationale: because
                        remediation: fix it
                        probe: {type: mongodb, checks: %s}
                    """.formatted(i, i, VARIANTS[i % VARIANTS.length]));
        }
        return new CatalogLoader(REGISTRY).parseFile("db.yaml", yaml.toString());
    }

    /** The test URIs carry no tls=true: a check that judges TLS has a definite FAIL from the URI alone. */
    static boolean judgesTls(Check check) {
        return ((MongoSpec) check.spec()).checks().contains(MongoSpec.TLS);
    }

    /** Runs {@code checks} 8 at a time with a 2 s timeout: the probe's own budget (1.8 s) ends well before the watchdog. */
    static List<Result> run(List<Check> checks, String uri) {
        Targets targets = MongoTestSupport.targets(uri);
        Runner runner = new Runner(REGISTRY, 8, Duration.ofSeconds(2), Redactor.of(Env.empty(), List.of()));
        try (SharedClients clients = new SharedClients()) {
            return runner.run(checks, budget -> new ProbeContext(Env.empty(), Path.of("."), targets, budget, clients), r -> { });
        }
    }

    /**
     * Loads the driver's classes with one real exchange. The first MongoDB client of a JVM spends several hundred ms
     * loading classes inside the first check's budget (the CLI pays that once per run, within a 10 s default timeout);
     * the hung-server test below checks the probe's own budget, not class loading.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        try (MongoTestServer mongo = MongoTestServer.builder().start()) {
            MongoTestSupport.run(MongoTestSupport.spec("tls"), mongo.uri());
        }
    }

    @Test
    void twentyChecksAgainstAHungServerCostOneTimeout() throws Exception {
        // The wall-clock side of this claim is measured by bench/hung-targets.sh, not asserted here.
        List<Check> checks = twentyMongoChecks();
        try (MongoTestSupport.HungServer hung = new MongoTestSupport.HungServer()) {
            List<Result> results = run(checks, hung.uri());
            assertEquals(20, results.size());
            for (Result r : results) {
                assertTrue(r.evidence().contains("127.0.0.1:" + hung.port()), r.check().id() + ": " + r.evidence());
                if (judgesTls(r.check())) {
                    // The URI alone shows plain connections: a definite FAIL, with the live part undecided.
                    assertEquals(Status.FAIL, r.status(), r.check().id() + ": " + r.evidence());
                    assertTrue(r.evidence().startsWith("plain connection: ") && r.evidence().contains("; live part undecided: timed out after "),
                            r.check().id() + ": " + r.evidence());
                } else {
                    assertEquals(Status.ERROR, r.status(), r.check().id() + ": " + r.evidence());
                    assertTrue(r.evidence().startsWith("timed out after "), r.check().id() + ": " + r.evidence());
                }
                // The probe's own budget ended it (the watchdog would say "timed out after 2000 ms").
                TimedOut.withinBudget(r.evidence(), 1800);
            }
            // The first wave (8 slots) waited; every later check was told of the hung server without trying.
            long told = results.stream().filter(r -> r.evidence().contains("did not answer an earlier check in this run")).count();
            assertTrue(told >= 12, told + " checks were short-circuited");
        }
    }

    @Test
    void twentyChecksAgainstARefusingPortAreErrorsAtOnce() throws Exception {
        List<Check> checks = twentyMongoChecks();
        int port = MongoTestSupport.refusingPort();
        List<Result> results = run(checks, "mongodb://app:Refused-Pw-77@127.0.0.1:" + port + "/enterprise_rag");
        // Every check reports the refusal itself: none waited out its budget (that would read "timed out after N ms",
        // from the probe or from the engine's watchdog).
        for (Result r : results) {
            if (judgesTls(r.check())) {
                assertEquals(Status.FAIL, r.status(), r.check().id() + ": " + r.evidence());
                assertTrue(r.evidence().endsWith("; live part undecided: connection refused by 127.0.0.1:" + port), r.evidence());
            } else {
                assertEquals(Status.ERROR, r.status(), r.check().id() + ": " + r.evidence());
                assertEquals("connection refused by 127.0.0.1:" + port, r.evidence(), r.check().id());
            }
        }
    }
}
