package dev.prodaudit.probe.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Deployment;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import dev.prodaudit.testing.RedisServerProcess;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * deploy.workers-restarted and deploy.cache-cleared against a real redis-server: BullMQ worker connections and
 * {@code rag:*} keys compared with the deploy time ({@code --deployed-at}, else what the API reports on
 * {@code /version} or {@code /health}), read-only.
 */
class DeployStateTest {
    private static final String AUDITED = "5d6e7f8a9b0c1d2e3f405162738495a6b7c8d9e0";

    @BeforeAll
    static void needsRedisServer() {
        RedisServerProcess.assumeAvailable();
    }

    private static RedisSpec restarted(String grace) {
        return new RedisSpec(List.of("restarted"), null, null, null, null, null, null, null, null, null,
                grace);
    }

    private static RedisSpec cache(Integer sample) {
        return new RedisSpec(List.of("cache"), null, null, null, null, null, null, null, null, sample, "0s");
    }

    private static Outcome run(String redisUrl, String apiUrl, Map<String, String> env, Deployment deployment, RedisSpec spec) {
        try (SharedClients clients = new SharedClients()) {
            Targets targets = new Targets(apiUrl, null, List.of(), null, redisUrl, null, null, null, null);
            ProbeContext ctx = new ProbeContext(Env.of(List.of(), env, Set.of(), List.of()), Path.of("."), targets,
                    Duration.ofSeconds(5), clients, ProbeContext.WHOLE_HISTORY, deployment);
            return new RedisProbe().run(spec, ctx);
        }
    }

    private static Outcome run(String redisUrl, Deployment deployment, RedisSpec spec) {
        return run(redisUrl, null, Map.of("RAG_CACHE_TTL", "3600"), deployment, spec);
    }

    private static Deployment deployedAgo(Duration ago) {
        return new Deployment(Instant.now().minus(ago), AUDITED);
    }

    /** An API whose /version and /health answer these bodies (404 for a null body). */
    private static MockWebServer api(String version, String health) throws Exception {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = switch (request.getTarget()) {
                    case "/version" -> version;
                    case "/health" -> health;
                    default -> null;
                };
                return body == null ? new MockResponse.Builder().code(404).body("Not found").build()
                        : new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    // ---- deploy.workers-restarted ----

    @Test
    void aWorkerThatConnectedBeforeTheDeployFailsNamedByIdNameAndAge() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start();
             Jedis worker = r.bullWorker("bull", "notion-sync", "sync-1")) {
            // CLIENT LIST ages are whole seconds: after 1.2 s this connection is at least 1 s old.
            Thread.sleep(1200);
            Outcome o = run(r.url(), new Deployment(Instant.now(), AUDITED), restarted("0s"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().contains("notion-sync: 1 of 1 worker connection"), o.evidence());
            assertTrue(o.evidence().contains(RedisServerProcess.bullClientName("bull", "notion-sync") + ":w:sync-1 connected"),
                    o.evidence());
            assertTrue(o.evidence().matches("(?s).*id \\d+ bull:.*before the deploy.*"), o.evidence());
            assertTrue(o.evidence().contains("--deployed-at "), o.evidence());
        }
    }

    @Test
    void workersThatConnectedAfterTheDeployPass() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start();
             Jedis one = r.bullWorker("notion-sync");
             Jedis two = r.bullWorker("bull", "notion-sync", "sync-2")) {
            Outcome o = run(r.url(), deployedAgo(Duration.ofHours(1)), restarted("0s"));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().contains("notion-sync: all 2 worker connections (connected"), o.evidence());
            assertTrue(o.evidence().contains(" are younger than the deploy 1h ago (--deployed-at "), o.evidence());
        }
    }

    @Test
    void noWorkerConnectedFailsEvenWithoutADeployTime() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start()) {
            Outcome o = run(r.url(), Deployment.UNKNOWN, restarted(null));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().contains("notion-sync: no BullMQ worker is connected"), o.evidence());
        }
    }

    @Test
    void withoutADeployTimeConnectedWorkersWarnAndSayToPassDeployedAt() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis worker = r.bullWorker("notion-sync")) {
            Outcome o = run(r.url(), Deployment.UNKNOWN, restarted(null));
            assertEquals(Status.WARN, o.status(), o.evidence());
            assertTrue(o.evidence().contains("the deploy time is unknown"), o.evidence());
            assertTrue(o.evidence().contains("pass --deployed-at"), o.evidence());
        }
    }

    @Test
    void theApisStartTimeOnVersionIsTheDeployTimeAndItsCommitMustBeTheAuditedOne() throws Exception {
        String started = Instant.now().minus(Duration.ofMinutes(30)).toString();
        try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis worker = r.bullWorker("notion-sync");
             MockWebServer stale = api("{\"version\":\"1.4.2\",\"commit\":\"0a1b2c3d4e5f\",\"startedAt\":\"" + started + "\"}", null);
             MockWebServer current = api("{\"version\":\"1.5.0\",\"build\":{\"sha\":\"" + AUDITED + "\"},\"startedAt\":\""
                     + started + "\"}", null)) {
            Outcome o = run(r.url(), stale.url("/").toString(), Map.of(), new Deployment(null, AUDITED), restarted(null));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().contains("the API runs commit 0a1b2c3d4e5f"), o.evidence());
            assertTrue(o.evidence().contains("not the audited release 5d6e7f8a9b0c"), o.evidence());
            assertTrue(o.evidence().contains("/version)"), o.evidence());
            // The worker connected after the API started: that part passes, with the deploy time from the API.
            assertTrue(o.findings().stream().anyMatch(f -> f.status() == Status.PASS && f.message().contains(
                    "is younger than the deploy 30m ago (the API's start by its startedAt on GET http://")), o.findings().toString());

            Outcome ok = run(r.url(), current.url("/").toString(), Map.of(), new Deployment(null, AUDITED), restarted(null));
            assertEquals(Status.PASS, ok.status(), ok.evidence());
            assertTrue(ok.evidence().contains("the API runs the audited commit 5d6e7f8a9b0c"), ok.evidence());
        }
    }

    @Test
    void anApiWithoutVersionGivesItsStartByTheUptimeOfHealth() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis worker = r.bullWorker("notion-sync");
             MockWebServer app = api(null, "{\"status\":\"ok\",\"uptime\":7200.25,\"redis\":\"up\"}")) {
            Thread.sleep(1200);
            Outcome o = run(r.url(), app.url("/").toString(), Map.of(), new Deployment(null, AUDITED), restarted(null));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().contains("the deploy 2h ago (the API's start by its uptime on GET http://"), o.evidence());
            assertTrue(o.evidence().contains("/health)"), o.evidence());
        }
    }

    // ---- deploy.cache-cleared ----

    @Test
    void cacheKeysCachedBeforeTheDeployFailWithCountsAndNeverTheirNames() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis admin = r.admin()) {
            // RAG_CACHE_TTL=3600: a key with 600 s left was cached 50 minutes ago, one with 3590 s left just now.
            admin.set("rag:answer:tenant-acme:9f2c", "{\"answer\":\"old\"}", SetParams.setParams().ex(600));
            admin.set("rag:answer:tenant-acme:77aa", "{\"answer\":\"old\"}", SetParams.setParams().ex(900));
            admin.set("rag:answer:tenant-acme:1b3d", "{\"answer\":\"new\"}", SetParams.setParams().ex(3590));
            admin.set("bull:notion-sync:id", "12");
            Outcome o = run(r.url(), deployedAgo(Duration.ofMinutes(10)), cache(null));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().startsWith("2 of the rag:* keys were cached before the deploy 10m ago (--deployed-at "),
                    o.evidence());
            assertTrue(o.evidence().contains("3 keys sampled (the whole keyspace scanned)"), o.evidence());
            assertFalse(o.evidence().contains("tenant-acme"), o.evidence());
            assertFalse(o.evidence().contains("rag:answer"), o.evidence());
            assertFalse(o.evidence().contains("old\""), o.evidence());
        }
    }

    @Test
    void cacheKeysAllYoungerThanTheDeployPassWithTheSampleSize() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis admin = r.admin()) {
            admin.set("rag:answer:1", "a", SetParams.setParams().ex(3600));
            admin.set("rag:answer:2", "b", SetParams.setParams().ex(3500));
            Outcome o = run(r.url(), deployedAgo(Duration.ofMinutes(10)), cache(null));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().contains("2 keys sampled"), o.evidence());
        }
    }

    @Test
    void noCacheKeyAtAllPassesWithZeroSampled() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis admin = r.admin()) {
            admin.set("bull:notion-sync:id", "12");
            Outcome o = run(r.url(), deployedAgo(Duration.ofMinutes(10)), cache(null));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().startsWith("no rag:* key: 0 keys sampled"), o.evidence());
        }
    }

    @Test
    void keysWithoutATtlOrWithoutTheConfiguredTtlCannotBeDatedAndWarn() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis admin = r.admin()) {
            admin.set("rag:answer:forever", "a");
            admin.set("rag:answer:1", "b", SetParams.setParams().ex(3500));
            Outcome o = run(r.url(), deployedAgo(Duration.ofMinutes(10)), cache(null));
            assertEquals(Status.WARN, o.status(), o.evidence());
            assertTrue(o.evidence().contains("1 without a TTL"), o.evidence());

            Outcome noTtl = run(r.url(), null, Map.of(), deployedAgo(Duration.ofMinutes(10)), cache(null));
            assertEquals(Status.WARN, noTtl.status(), noTtl.evidence());
            assertTrue(noTtl.evidence().contains("1 whose age is unknown because RAG_CACHE_TTL"), noTtl.evidence());
        }
    }

    @Test
    void theScanStopsAtTheSampleAndSaysItSampled() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis admin = r.admin()) {
            for (int i = 0; i < 40; i++) {
                admin.set("rag:answer:" + i, "x", SetParams.setParams().ex(3600));
            }
            Outcome o = run(r.url(), deployedAgo(Duration.ofMinutes(10)), cache(10));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().contains("10 keys sampled (SCAN stopped after 1 call at the sample limit of 10, so this is a sample)"),
                    o.evidence());
        }
    }

    @Test
    void withoutADeployTimeTheCacheCheckWarnsAndSaysToPassDeployedAt() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start()) {
            Outcome o = run(r.url(), Deployment.UNKNOWN, cache(null));
            assertEquals(Status.WARN, o.status(), o.evidence());
            assertTrue(o.evidence().contains("pass --deployed-at"), o.evidence());
        }
    }

    // ---- read-only ----

    @Test
    void bothChecksSendOnlyReadsAndBoundedScans() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis admin = r.admin();
             Jedis worker = r.bullWorker("notion-sync")) {
            for (int i = 0; i < 5; i++) {
                admin.set("rag:answer:" + i, "x", SetParams.setParams().ex(600 * (i + 1)));
            }
            admin.set("rag:answer:forever", "x");
            Map<String, Long> before = r.commandStats();
            List<RedisServerProcess.Command> seen;
            try (RedisServerProcess.Monitor monitor = r.monitor()) {
                RedisSpec both = new RedisSpec(List.of("restarted", "cache"), null, null, null, null, null, null, null, null,
                        null, null);
                Outcome o = run(r.url(), deployedAgo(Duration.ofMinutes(30)), both);
                assertEquals(Status.FAIL, o.status(), o.evidence());
                seen = monitor.stop();
            }
            Set<String> names = new TreeSet<>();
            for (RedisServerProcess.Command c : seen) {
                assertEquals(java.util.Optional.empty(), ReadOnlyCommands.violation(c.argv()), c.raw());
                names.add(c.argv().get(0).toUpperCase(Locale.ROOT));
            }
            assertTrue(names.containsAll(List.of("SCAN", "PTTL")), names.toString());
            assertTrue(seen.stream().filter(c -> c.argv().get(0).equalsIgnoreCase("SCAN"))
                    .allMatch(c -> c.argv().contains("COUNT") && c.argv().contains("rag:*")), seen.toString());
            Map<String, Long> called = r.commandsCalled(before);
            called.remove("monitor");
            called.keySet().forEach(c -> assertTrue(ReadOnlyCommands.allowsName(c), c + " is not on the allow-list: " + called));
            assertTrue(called.containsKey("client|list"), called.toString());
        }
    }
}
