package dev.prodaudit.probe.qdrant;

import static dev.prodaudit.probe.qdrant.QdrantTestSupport.KEY;
import static dev.prodaudit.probe.qdrant.QdrantTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.Targets;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.all.AllSpec;
import dev.prodaudit.testing.QdrantTestServer;
import dev.prodaudit.testing.TimedOut;
import dev.prodaudit.testing.ProbeKit;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.Distance;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Qdrant probe through the real engine: the shipped catalogue's Qdrant items against a good and a bad server
 * (read-only: every RPC the server received is on the allow-list; the key appears nowhere), and 20 checks against a
 * hung port bounded by one timeout.
 */
class QdrantRunnerTest {
    /** The Qdrant items of the shipped catalogue and what each asks. */
    private static final Map<String, String> ITEMS = Map.of(
            "infra.qdrant-api-key", "auth",
            "infra.qdrant-collection", "collection",
            "infra.qdrant-backups", "schedule",
            "backup.qdrant-backups", "snapshot");

    @TempDir
    Path dir;

    private static List<Check> shippedQdrantItems() throws Exception {
        List<Check> out = new ArrayList<>();
        for (Check c : new CatalogLoader(ProbeRegistry.load()).load(List.of(CatalogLoader.BUILTIN)).checks()) {
            if (usesQdrant(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean usesQdrant(Check c) {
        if (c.spec() instanceof QdrantSpec) {
            return true;
        }
        return c.spec() instanceof AllSpec all && all.probes().stream().anyMatch(p -> p.spec() instanceof QdrantSpec);
    }

    private static QdrantSpec qdrantSpecOf(Check c) {
        if (c.spec() instanceof QdrantSpec q) {
            return q;
        }
        return (QdrantSpec) ((AllSpec) c.spec()).probes().stream().filter(p -> p.spec() instanceof QdrantSpec)
                .findFirst().orElseThrow().spec();
    }

    private List<Result> run(List<Check> checks, Targets targets, Env env, int concurrency, Duration timeout) {
        // No redactor: the probe itself must keep the key out of its evidence.
        Runner runner = new Runner(ProbeRegistry.load(), concurrency, timeout, Redactor.none());
        try (SharedClients clients = new SharedClients()) {
            return runner.run(checks, budget -> new ProbeContext(env, dir, targets, budget, clients), r -> { });
        }
    }

    private static void assertKeyNowhere(List<Result> results) {
        for (Result r : results) {
            assertFalse(r.evidence().contains(KEY), r.check().id() + ": " + r.evidence());
            for (Finding f : r.findings()) {
                assertFalse(f.message().contains(KEY), r.check().id() + ": " + f.message());
            }
        }
    }

    @Test
    void theShippedCatalogueChecksQdrantWhereTheChecklistAsks() throws Exception {
        List<Check> items = shippedQdrantItems();
        Map<String, String> found = new java.util.TreeMap<>();
        for (Check c : items) {
            found.put(c.id(), String.join(",", qdrantSpecOf(c).checks()));
        }
        assertEquals(new java.util.TreeMap<>(ITEMS), found);
        Check key = items.stream().filter(c -> c.id().equals("infra.qdrant-api-key")).findFirst().orElseThrow();
        assertEquals("all", key.probeType(), "the env rule on QDRANT_API_KEY stays beside the live check");
    }

    @Test
    void aFullRunAgainstAGoodQdrantPassesAndOnlyReads() throws Exception {
        try (QdrantTestServer qdrant = QdrantTestServer.builder()
                .apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green, 120_000)
                .snapshot("documents", Instant.now().minus(3, ChronoUnit.HOURS))
                .snapshot("documents", Instant.now().minus(27, ChronoUnit.HOURS))
                .snapshot("documents", Instant.now().minus(51, ChronoUnit.HOURS))
                .snapshot("documents", Instant.now().minus(75, ChronoUnit.HOURS))
                .snapshot("documents", Instant.now().minus(99, ChronoUnit.HOURS))
                .snapshot("documents", Instant.now().minus(123, ChronoUnit.HOURS))
                .snapshot("documents", Instant.now().minus(147, ChronoUnit.HOURS))
                .snapshot("documents", Instant.now().minus(171, ChronoUnit.HOURS))
                .start()) {
            Env env = Env.of(List.of(), Map.of("QDRANT_API_KEY", KEY), Set.of(), List.of());
            List<Result> results = run(shippedQdrantItems(), targets(qdrant, KEY), env, 8, Duration.ofSeconds(10));
            for (Result r : results) {
                assertEquals(Status.PASS, r.status(), r.check().id() + ": " + r.evidence());
            }
            assertKeyNowhere(results);
            assertFalse(qdrant.calls().isEmpty());
            assertTrue(QdrantProbe.readOnlyRpcs().containsAll(qdrant.calls()),
                    "calls outside the allow-list: " + qdrant.calls());
        }
    }

    @Test
    void aFullRunAgainstABadQdrantFailsAndStillOnlyReads() throws Exception {
        try (QdrantTestServer qdrant = QdrantTestServer.builder()
                .collection("docs", 768, Distance.Dot, CollectionStatus.Red)
                .start()) {
            Env env = Env.of(List.of(), Map.of("QDRANT_API_KEY", KEY), Set.of(), List.of());
            List<Result> results = run(shippedQdrantItems(), targets(qdrant, KEY), env, 8, Duration.ofSeconds(10));
            for (Result r : results) {
                assertEquals(Status.FAIL, r.status(), r.check().id() + ": " + r.evidence());
            }
            assertKeyNowhere(results);
            Set<String> received = new TreeSet<>(qdrant.calls());
            assertTrue(QdrantProbe.readOnlyRpcs().containsAll(received), "calls outside the allow-list: " + received);
            // The read-only guard is the channel's: a write never leaves the process.
            assertFalse(received.stream().anyMatch(m -> m.contains("Create") || m.contains("Delete") || m.contains("Upsert")));
        }
    }

    @Test
    void theAllowListHoldsOnlyListsAndReads() {
        assertEquals(Set.of("qdrant.Collections/List", "qdrant.Collections/Get", "qdrant.Snapshots/List", "qdrant.Qdrant/HealthCheck"),
                QdrantProbe.readOnlyRpcs());
    }

    @Test
    void theChannelRefusesAWriteBeforeSendingIt() throws Exception {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY).start(); SharedClients clients = new SharedClients()) {
            ProbeContext ctx = QdrantTestSupport.ctx(targets(qdrant, KEY), dir, clients);
            QdrantConnection conn = QdrantConnection.of(ctx);
            var future = conn.keyed().createSnapshotAsync("documents", Duration.ofSeconds(2));
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> future.get(5, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(String.valueOf(e.getCause()).contains("FAILED_PRECONDITION"), String.valueOf(e.getCause()));
            assertEquals(List.of(), qdrant.calls(), "nothing reached the server");
        }
    }

    @Test
    void twentyChecksAgainstAHungPortCostOneTimeout() throws Exception {
        // The wall-clock side of this claim is measured by bench/hung-targets.sh, not asserted here.
        try (QdrantTestSupport.HungServer hung = new QdrantTestSupport.HungServer()) {
            Targets t = targets("http://127.0.0.1:6333", KEY, "documents", hung.port(), null);
            List<String> kinds = List.of(QdrantSpec.AUTH, QdrantSpec.COLLECTION, QdrantSpec.SNAPSHOT);
            List<Check> checks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                QdrantSpec spec = QdrantTestSupport.spec(kinds.get(i % kinds.size()));
                checks.add(ProbeKit.check("hung.q" + i).title("hung qdrant " + i).spec(spec).source("test:" + i).build());
            }
            // 2 s: the probe's own budget (1.8 s) then ends the first wave well before the engine's watchdog would.
            List<Result> results = run(checks, t, Env.empty(), 8, Duration.ofSeconds(2));

            assertEquals(20, results.size());
            for (Result r : results) {
                assertEquals(Status.ERROR, r.status(), r.check().id() + ": " + r.evidence());
                // The probe's own budget ended it (the watchdog would say "timed out after 2000 ms").
                TimedOut.withinBudget(r.evidence(), 1800);
            }
            // The first wave (8 slots) waited; every later check was told of the hung port without calling it.
            long told = results.stream().filter(r -> r.evidence().contains("did not answer an earlier check")).count();
            assertTrue(told >= 12, told + " checks were short-circuited");
            assertTrue(hung.accepted() <= 8, hung.accepted() + " connections: at most one per check of the first wave");
            assertKeyNowhere(results);
        }
    }
}
