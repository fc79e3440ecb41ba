package dev.prodaudit.probe.all;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: all}: every child probe must hold; the worst status wins and all findings are kept. */
class AllProbeTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());

    private static Check check(String probe) throws InputException {
        return LOADER.parseFile("t.yaml", """
                section: T
                checks:
                  - id: t.all
                    title: All
                    severity: high
                    rationale: r
                    remediation: f
                    probe:
                """ + probe.indent(6)).get(0);
    }

    private static Outcome run(Check c, String envText, Path repo) {
        Env env = Env.of(List.of(EnvFile.parse(Path.of(".env.production"), envText)), Map.of(), Set.of(), List.of());
        try (SharedClients clients = new SharedClients()) {
            return new AllProbe().run((AllSpec) c.spec(), new ProbeContext(env, repo, Targets.none(), Duration.ofSeconds(5), clients));
        }
    }

    private static final String PROBE = """
            type: all
            probes:
              - {type: env, vars: {NODE_ENV: {oneOf: [production]}}}
              - {type: file, paths: [Dockerfile], contains: 'USER node'}
            """;

    @Test
    void passesWhenEveryChildPasses(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("Dockerfile"), "FROM node\nUSER node\n");
        Outcome o = run(check(PROBE), "NODE_ENV=production\n", repo);
        assertEquals(Status.PASS, o.status());
        assertTrue(o.evidence().contains("NODE_ENV is \"production\"") && o.evidence().contains("Dockerfile:2"), o.evidence());
    }

    /**
     * Two services that each answer only once both have been asked: parts run in turn would leave the first waiting
     * for a request that comes only after it gave up (its half of the budget), so both answering proves the parts
     * were asked at the same time.
     */
    @Test
    void itsPartsRunAtOnceSoEachServiceIsAskedWhileTheOtherStillWaits(@TempDir Path repo) throws Exception {
        CountDownLatch bothAsked = new CountDownLatch(2);
        try (MockWebServer first = rendezvous(bothAsked); MockWebServer second = rendezvous(bothAsked)) {
            Outcome o = run(check("""
                    type: all
                    probes:
                      - {type: http, url: '%s'}
                      - {type: http, url: '%s'}
                    """.formatted(first.url("/health"), second.url("/health"))), "", repo);
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertEquals(1, first.getRequestCount());
            assertEquals(1, second.getRequestCount());
        }
    }

    /** A server that answers 200 once {@code bothAsked} reaches zero, or 503 after four seconds without. */
    private static MockWebServer rendezvous(CountDownLatch bothAsked) throws java.io.IOException {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                bothAsked.countDown();
                boolean met = bothAsked.await(4, TimeUnit.SECONDS);
                return new MockResponse.Builder().code(met ? 200 : 503).body(met ? "ok" : "alone").build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    @Test
    void theWorstChildDecidesAndItsFindingsAreKept(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("Dockerfile"), "FROM node\n");
        Outcome o = run(check(PROBE), "NODE_ENV=production\n", repo);
        assertEquals(Status.FAIL, o.status());
        assertEquals("Dockerfile does not contain /USER node/", o.evidence());
        assertEquals(3, o.findings().size()); // env PASS; file: exists PASS, contains FAIL
    }

    /** Issue 8: a definite FAIL of one child is not hidden by another child that could not decide. */
    @Test
    void aFailOfOneChildWinsOverAnErrorOfAnotherAndTheErrorStaysInTheEvidence(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("Dockerfile"), "FROM node\n");
        Outcome o = run(check("""
                type: all
                probes:
                  - {type: file, paths: [Dockerfile], contains: 'USER node'}
                  - {type: http, path: /health}
                """), "NODE_ENV=production\n", repo);
        assertEquals(Status.FAIL, o.status());
        assertEquals("Dockerfile does not contain /USER node/; http part undecided: "
                + "not configured: set NEXT_PUBLIC_API_URL or targets.baseUrl in audit.yaml", o.evidence());
        assertEquals(List.of(Status.PASS, Status.FAIL, Status.ERROR), o.findings().stream().map(f -> f.status()).toList());
    }

    @Test
    void anErrorWinsWhenNoChildFailed(@TempDir Path repo) throws Exception {
        Outcome error = run(check(PROBE), "NODE_ENV=production\n", repo.resolve("missing"));
        assertEquals(Status.ERROR, error.status());
    }

    @Test
    void bindingErrorsPointInsideTheChild() {
        InputException nested = assertThrows(InputException.class, () -> check("""
                type: all
                probes:
                  - {type: env, vars: {NODE_ENV: {oneOf: [production]}}}
                  - {type: file, pahts: [Dockerfile]}
                """));
        assertEquals("t.yaml:12:24: unknown key 'pahts' (hint: did you mean 'paths'?)", nested.oneLine());
        InputException one = assertThrows(InputException.class, () -> check("""
                type: all
                probes:
                  - {type: manual}
                """));
        assertTrue(one.oneLine().contains("'all' needs 'probes' with at least two probes"), one.oneLine());
        InputException nest = assertThrows(InputException.class, () -> check("""
                type: all
                probes:
                  - {type: manual}
                  - {type: all, probes: [{type: manual}, {type: manual}]}
                """));
        assertTrue(nest.oneLine().contains("'all' probes do not nest"), nest.oneLine());
    }

    /** The file decides, the env corroborates: its JWT_ACCESS_EXPIRY without a unit only WARNs. */
    private static final String CORROBORATED = """
            type: all
            probes:
              - {type: file, paths: [Dockerfile], contains: 'USER node'}
              - {type: env, vars: {JWT_ACCESS_EXPIRY: {duration: {max: 15m}}}}
            corroborating: [env]
            """;

    @Test
    void aCorroboratingPartsWarningIsANoteWhenTheDecidingPartsPass(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("Dockerfile"), "FROM node\nUSER node\n");
        Outcome o = run(check(CORROBORATED), "JWT_ACCESS_EXPIRY=900\n", repo);
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().contains("; note: JWT_ACCESS_EXPIRY is 900 without a unit")
                && o.evidence().endsWith("(corroboration only: the file part decides)"), o.evidence());
        assertTrue(o.findings().stream().noneMatch(f -> f.status() == Status.WARN), o.findings().toString());

        // Without the key, the same warning makes the check WARN.
        Outcome plain = run(check(CORROBORATED.replace("corroborating: [env]\n", "")), "JWT_ACCESS_EXPIRY=900\n", repo);
        assertEquals(Status.WARN, plain.status());
    }

    @Test
    void aCorroboratingPartsFailureStillFailsAndItsWarningStaysUnderADecidingWarnOrFail(@TempDir Path repo)
            throws Exception {
        Files.writeString(repo.resolve("Dockerfile"), "FROM node\nUSER node\n");
        assertEquals(Status.FAIL, run(check(CORROBORATED), "JWT_ACCESS_EXPIRY=2h\n", repo).status());
        Files.writeString(repo.resolve("Dockerfile"), "FROM node\n");
        Outcome o = run(check(CORROBORATED), "JWT_ACCESS_EXPIRY=900\n", repo);
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.findings().stream().anyMatch(f -> f.status() == Status.WARN), o.findings().toString());
    }

    @Test
    void corroboratingMustNameAPartAndLeaveOneToDecide() {
        InputException unknown = assertThrows(InputException.class, () -> check(CORROBORATED.replace("[env]", "[rate-limit]")));
        assertTrue(unknown.oneLine().contains("'rate-limit' is not the type of a part of 'probes'"), unknown.oneLine());
        InputException every = assertThrows(InputException.class, () -> check(CORROBORATED.replace("[env]", "[env, file]")));
        assertTrue(every.oneLine().contains("every part corroborates, so none decides"), every.oneLine());
        InputException key = assertThrows(InputException.class, () -> check(CORROBORATED.replace("corroborating:", "corroborate:")));
        assertTrue(key.oneLine().contains("unknown key 'corroborate'"), key.oneLine());
    }
}
