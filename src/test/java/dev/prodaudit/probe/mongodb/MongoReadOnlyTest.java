package dev.prodaudit.probe.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.MongoTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * A full run of every {@code checks} value through the real engine: the servers receive only read commands, no
 * evidence or finding carries the password of MONGODB_URI (with the engine's redactor switched off, so the probe
 * itself is tested), and nothing reaches the console (the driver's logging goes to slf4j-nop).
 */
class MongoReadOnlyTest {
    /** What the probe sends (its own allow-list, spelled out). */
    static final Set<String> PROBE_COMMANDS = Set.of("hello", "isMaster", "ping", "buildInfo", "listDatabases", "find", "listCollections",
            "listIndexes", "replSetGetStatus", "getCmdLineOpts", "serverStatus", "connectionStatus", "getParameter");
    /** What the driver adds on its own: the connection handshake and monitoring, SCRAM, and endSessions on close. */
    static final Set<String> DRIVER_COMMANDS = Set.of("hello", "isMaster", "ismaster", "saslStart", "saslContinue", "endSessions");

    static Set<String> allowed() {
        Set<String> all = new TreeSet<>(PROBE_COMMANDS);
        all.addAll(DRIVER_COMMANDS);
        return all;
    }

    private static final ProbeRegistry REGISTRY = ProbeRegistry.load();

    private static List<Check> everyCheck() throws Exception {
        StringBuilder yaml = new StringBuilder("section: Database\nchecks:\n");
        List<String> probes = new ArrayList<>();
        for (String c : MongoSpec.ALL_CHECKS) {
            probes.add("{type: mongodb, checks: [" + c + "]}");
        }
        probes.add("{type: mongodb, checks: [auth, replicaSet, indexes, ttl, tls, encryptionAtRest, auditLog]}");
        probes.add("{type: mongodb, checks: [indexes], database: other_db, minMembers: 5}");
        for (int i = 0; i < probes.size(); i++) {
            yaml.append("""
                      - id: db.mongo-%d
                        title: Mongo %d
                        severity: high
                        rationale: because
                        remediation: fix it
                        probe: %s
                    """.formatted(i, i, probes.get(i)));
        }
        return new CatalogLoader(REGISTRY).parseFile("db.yaml", yaml.toString());
    }

    /** Runs every check against {@code uri} with the engine's redactor off, capturing the console. */
    private static List<Result> runAll(String uri, StringBuilder console) throws Exception {
        List<Check> checks = everyCheck();
        Runner runner = new Runner(REGISTRY, 8, Duration.ofSeconds(5), Redactor.none());
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try (SharedClients clients = new SharedClients()) {
            return runner.run(checks, budget -> new ProbeContext(Env.empty(), Path.of("."), MongoTestSupport.targets(uri), budget, clients),
                    r -> { });
        } finally {
            System.setOut(out);
            System.setErr(err);
            console.append(captured.toString(StandardCharsets.UTF_8));
        }
    }

    private static void assertReadOnlyAndSilent(MongoTestServer mongo, List<Result> results, String console, String password) {
        Set<String> received = mongo.commandNames();
        Set<String> unexpected = new TreeSet<>(received);
        unexpected.removeAll(allowed());
        assertEquals(Set.of(), unexpected, "commands outside the read allow-list; received " + received);
        assertEquals("", console, "nothing may reach the console");
        for (Result r : results) {
            assertFalse(r.evidence().contains(password), r.check().id() + ": " + r.evidence());
            for (Finding f : r.findings()) {
                assertFalse(f.message().contains(password), r.check().id() + ": " + f.message());
            }
        }
    }

    @Test
    void aWellConfiguredDeploymentReceivesOnlyReadCommands() throws Exception {
        try (MongoTestServer mongo = MongoTestServer.builder().replicaSet("rs0", 3).encryption(true).auditLog(true)
                .requireAuth(true).seedIndexes(true).start()) {
            StringBuilder console = new StringBuilder();
            List<Result> results = runAll(mongo.uri(), console);
            assertReadOnlyAndSilent(mongo, results, console.toString(), mongo.password());
            for (Result r : results.subList(0, MongoSpec.ALL_CHECKS.size() + 1)) {
                // tls is the one thing a plain loopback server cannot pass.
                Status expected = r.check().id().equals("db.mongo-1") || r.check().id().equals("db.mongo-7") ? Status.FAIL : Status.PASS;
                assertEquals(expected, r.status(), r.check().id() + ": " + r.evidence());
            }
            assertEquals(Status.FAIL, results.get(MongoSpec.ALL_CHECKS.size() + 1).status(), "other_db has no indexes");
            // Every kind of command the probe needs was used, and the driver authenticated for real.
            assertTrue(mongo.commandNames().containsAll(Set.of("buildInfo", "hello", "replSetGetStatus", "listDatabases", "listIndexes",
                    "getCmdLineOpts", "saslStart", "saslContinue")), mongo.commandNames().toString());
        }
    }

    @Test
    void aMisconfiguredDeploymentReceivesOnlyReadCommands() throws Exception {
        try (MongoTestServer mongo = MongoTestServer.builder().credentials("rag_app", "Another-Secret-Pw-31").start()) {
            StringBuilder console = new StringBuilder();
            List<Result> results = runAll(mongo.uri(), console);
            assertReadOnlyAndSilent(mongo, results, console.toString(), mongo.password());
            for (Result r : results) {
                assertNotEquals(Status.ERROR, r.status(), r.check().id() + ": " + r.evidence());
            }
        }
    }

    @Test
    void aRestrictedUserAndAWrongPasswordLeakNothing() throws Exception {
        try (MongoTestServer mongo = MongoTestServer.builder().replicaSet("rs0", 3).requireAuth(true)
                .forbid("replSetGetStatus", "getCmdLineOpts").seedIndexes(true).start()) {
            StringBuilder console = new StringBuilder();
            List<Result> results = runAll(mongo.uri(), console);
            assertReadOnlyAndSilent(mongo, results, console.toString(), mongo.password());

            mongo.clearCommands();
            String wrong = "Wrong-Pw-For-Leak-Test-5521";
            StringBuilder console2 = new StringBuilder();
            List<Result> refused = runAll(mongo.uriWithPassword(wrong), console2);
            assertReadOnlyAndSilent(mongo, refused, console2.toString(), wrong);
            for (Result r : refused) {
                if (MongoRunnerTest.judgesTls(r.check())) {
                    // A plain mongodb:// URI without tls=true fails from the URI alone; the server's part stays undecided.
                    assertEquals(Status.FAIL, r.status(), r.check().id() + ": " + r.evidence());
                    assertTrue(r.evidence().contains("; live part undecided: authentication failed for user 'rag_app'"), r.evidence());
                } else {
                    assertEquals(Status.ERROR, r.status(), r.check().id() + ": " + r.evidence());
                    assertTrue(r.evidence().startsWith("authentication failed for user 'rag_app'"), r.evidence());
                }
            }
            assertFalse(mongo.commandNames().contains("buildInfo"), "nothing ran after the SASL exchange failed");
        }
    }

    @Test
    void theProbesAllowListIsExactlyTheReadCommandsAndRefusesAnythingElse() throws Exception {
        assertEquals(PROBE_COMMANDS, MongoSession.READ_ONLY);
        try (MongoTestServer mongo = MongoTestServer.builder().start(); SharedClients clients = new SharedClients()) {
            ProbeContext ctx = new ProbeContext(Env.empty(), Path.of("."), MongoTestSupport.targets(mongo.uri()), Duration.ofSeconds(5), clients);
            MongoSession session = MongoSession.open(ctx, MongoTarget.parse(mongo.uri()), System.nanoTime());
            for (UnaryOperator<Document> write : List.<UnaryOperator<Document>>of(
                    d -> new Document("createIndexes", "users").append("indexes", List.of()),
                    d -> new Document("insert", "users").append("documents", List.of(new Document("a", 1))),
                    d -> new Document("dropDatabase", 1))) {
                assertThrows(IllegalArgumentException.class, () -> session.run("enterprise_rag", write.apply(null)));
            }
            // The driver's monitor may already have said hello on its own connection; none of the writes was sent.
            assertEquals(List.of(), mongo.commandNames().stream().filter(c -> !DRIVER_COMMANDS.contains(c)).toList(),
                    "nothing but the driver's own handshake was sent");
        }
    }
}
