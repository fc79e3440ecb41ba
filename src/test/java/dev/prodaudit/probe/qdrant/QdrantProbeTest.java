package dev.prodaudit.probe.qdrant;

import static dev.prodaudit.probe.qdrant.QdrantTestSupport.KEY;
import static dev.prodaudit.probe.qdrant.QdrantTestSupport.ctx;
import static dev.prodaudit.probe.qdrant.QdrantTestSupport.spec;
import static dev.prodaudit.probe.qdrant.QdrantTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.QdrantTestServer;
import dev.prodaudit.testing.TimedOut;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.Distance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verdict of {@code type: qdrant} against a real gRPC server on loopback ({@link QdrantTestServer}), a refusing
 * port, a hung port and a TLS mismatch.
 */
class QdrantProbeTest {
    private static final QdrantProbe PROBE = new QdrantProbe();
    private static final Instant NOW = Instant.now();

    @TempDir
    Path dir;

    private final SharedClients clients = new SharedClients();

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private static QdrantTestServer.Builder good() {
        return QdrantTestServer.builder()
                .apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green, 4242)
                .snapshot("documents", NOW.minus(2, ChronoUnit.HOURS));
    }

    private Outcome run(QdrantTestServer server, String apiKey, QdrantSpec spec) {
        Outcome o = PROBE.run(spec, ctx(targets(server, apiKey), dir, clients));
        assertNoKey(o);
        return o;
    }

    private static void assertNoKey(Outcome o) {
        assertFalse(o.evidence().contains(KEY), o.evidence());
        for (Finding f : o.findings()) {
            assertFalse(f.message().contains(KEY), f.message());
        }
    }

    private static void assertOneLine(Outcome o) {
        assertFalse(o.evidence().contains("\n"), o.evidence());
        assertFalse(o.evidence().contains("\tat "), o.evidence());
        assertFalse(o.evidence().contains("Exception"), o.evidence());
    }

    // ---- auth ----

    @Test
    void authPassesWhenACallWithoutTheKeyIsRefused() throws IOException {
        try (QdrantTestServer qdrant = good().start()) {
            Outcome o = run(qdrant, KEY, spec("auth"));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().contains("refuses calls without an API key"), o.evidence());
            assertTrue(o.evidence().contains("UNAUTHENTICATED"), o.evidence());
            // The key-less call really went out without the key, and was the only call.
            assertEquals(List.of(new QdrantTestServer.Call("qdrant.Collections/List", false)), qdrant.received());
        }
    }

    @Test
    void authPassesOnPermissionDeniedToo() throws IOException {
        // Older Qdrant versions answer a missing key with PERMISSION_DENIED.
        try (QdrantTestServer qdrant = QdrantTestServer.builder()
                .fail("qdrant.Collections/List", io.grpc.Status.PERMISSION_DENIED.withDescription("Invalid api-key"))
                .start()) {
            Outcome o = run(qdrant, KEY, spec("auth"));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().contains("PERMISSION_DENIED"), o.evidence());
        }
    }

    @Test
    void authFailsWhenQdrantAnswersWithoutAKey() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder()
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green)
                .start()) {
            Outcome o = run(qdrant, KEY, spec("auth"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().startsWith("Qdrant accepts calls without an API key"), o.evidence());
            assertTrue(o.evidence().contains("1 collection visible"), o.evidence());
        }
    }

    @Test
    void authFailsWhenNoKeyIsConfigured() throws IOException {
        try (QdrantTestServer qdrant = good().start()) {
            Outcome o = run(qdrant, null, spec("auth"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().contains("no Qdrant API key configured: set QDRANT_API_KEY"), o.evidence());
            assertEquals(List.of(), qdrant.calls(), "nothing to ask without a key");
        }
    }

    // ---- collection ----

    @Test
    void collectionPassesWithTheExpectedSizeDistanceAndStatus() throws IOException {
        try (QdrantTestServer qdrant = good().start()) {
            Outcome o = run(qdrant, KEY, spec("collection"));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertEquals("collection 'documents': 1536 dimensions, Cosine, status Green, 4242 points", o.evidence());
            assertEquals(List.of(new QdrantTestServer.Call("qdrant.Collections/Get", true)), qdrant.received());
        }
    }

    @Test
    void collectionWithTheWrongSizeFails() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 768, Distance.Cosine, CollectionStatus.Green, 10).start()) {
            Outcome o = run(qdrant, KEY, spec("collection"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertEquals("collection 'documents': vector size 768, expected 1536 (768 dimensions, Cosine, status Green, 10 points)",
                    o.evidence());
        }
    }

    @Test
    void collectionWithTheWrongDistanceFails() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Dot, CollectionStatus.Green).start()) {
            Outcome o = run(qdrant, KEY, spec("collection"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().contains("distance Dot, expected Cosine"), o.evidence());
        }
    }

    @Test
    void aYellowCollectionWarns() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Yellow, 7).start()) {
            Outcome o = run(qdrant, KEY, spec("collection"));
            assertEquals(Status.WARN, o.status(), o.evidence());
            assertTrue(o.evidence().contains("status Yellow (optimizing"), o.evidence());
            assertTrue(o.evidence().contains("1536 dimensions, Cosine"), o.evidence());
        }
    }

    @Test
    void aRedCollectionFails() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Red).start()) {
            Outcome o = run(qdrant, KEY, spec("collection"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().contains("status Red"), o.evidence());
        }
    }

    @Test
    void aGreyCollectionFails() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Grey).start()) {
            Outcome o = run(qdrant, KEY, spec("collection"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().contains("status Grey"), o.evidence());
        }
    }

    @Test
    void aMissingCollectionFailsAndNamesTheOnesThatExist() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("docs_v2", 1536, Distance.Cosine, CollectionStatus.Green)
                .collection("archive", 1536, Distance.Cosine, CollectionStatus.Green).start()) {
            Outcome o = run(qdrant, KEY, spec("collection"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertEquals("collection 'documents' does not exist on Qdrant 127.0.0.1:" + qdrant.grpcPort()
                    + " (collections: archive, docs_v2)", o.evidence());
        }
    }

    @Test
    void theCollectionComesFromTheSpecThenTheTargetThenDocuments() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("kb", 1536, Distance.Cosine, CollectionStatus.Green)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green).start()) {
            assertEquals(Status.PASS, run(qdrant, KEY, spec("collection", "kb", null, null, null, null)).status());
            Targets named = targets(qdrant.url(), KEY, "kb", qdrant.grpcPort(), null);
            Outcome o = PROBE.run(spec("collection"), ctx(named, dir, clients));
            assertTrue(o.evidence().startsWith("collection 'kb'"), o.evidence());
            Targets unnamed = targets(qdrant.url(), KEY, null, qdrant.grpcPort(), null);
            o = PROBE.run(spec("collection"), ctx(unnamed, dir, clients));
            assertTrue(o.evidence().startsWith("collection 'documents'"), o.evidence());
        }
    }

    @Test
    void sizeAndDistanceAreConfigurable() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 3072, Distance.Euclid, CollectionStatus.Green).start()) {
            assertEquals(Status.PASS, run(qdrant, KEY, spec("collection", null, 3072, "Euclid", null, null)).status());
            assertEquals(Status.FAIL, run(qdrant, KEY, spec("collection")).status());
        }
    }

    @Test
    void namedVectorsAreJudgedByTheNamedOne() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .namedVectors("documents", CollectionStatus.Green, 12,
                        new QdrantTestServer.Vector("text", 1536, Distance.Cosine),
                        new QdrantTestServer.Vector("title", 384, Distance.Dot)).start()) {
            Outcome pass = run(qdrant, KEY, spec("collection", null, null, null, "text", null));
            assertEquals(Status.PASS, pass.status(), pass.evidence());
            assertEquals("collection 'documents': vector 'text': 1536 dimensions, Cosine, status Green, 12 points", pass.evidence());

            Outcome wrong = run(qdrant, KEY, spec("collection", null, null, null, "title", null));
            assertEquals(Status.FAIL, wrong.status(), wrong.evidence());
            assertTrue(wrong.evidence().contains("vector 'title': vector size 384, expected 1536"), wrong.evidence());
            assertTrue(wrong.evidence().contains("vector 'title': distance Dot, expected Cosine"), wrong.evidence());

            Outcome missing = run(qdrant, KEY, spec("collection", null, null, null, "body", null));
            assertEquals(Status.FAIL, missing.status(), missing.evidence());
            assertTrue(missing.evidence().contains("no named vector 'body' (named vectors: text, title)"), missing.evidence());

            Outcome ambiguous = run(qdrant, KEY, spec("collection"));
            assertEquals(Status.ERROR, ambiguous.status(), ambiguous.evidence());
            assertTrue(ambiguous.evidence().contains("set 'vector'"), ambiguous.evidence());
        }
    }

    @Test
    void aSingleNamedVectorIsJudgedWithoutNamingIt() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .namedVectors("documents", CollectionStatus.Green, 3, new QdrantTestServer.Vector("dense", 1536, Distance.Cosine))
                .start()) {
            Outcome o = run(qdrant, KEY, spec("collection"));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().contains("vector 'dense': 1536 dimensions, Cosine"), o.evidence());
        }
    }

    @Test
    void anUnnamedVectorFailsWhenANamedOneIsExpected() throws IOException {
        try (QdrantTestServer qdrant = good().start()) {
            Outcome o = run(qdrant, KEY, spec("collection", null, null, null, "text", null));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().contains("one unnamed vector, no named vector 'text'"), o.evidence());
        }
    }

    @Test
    void aRefusedKeyIsAnErrorNotAVerdictOnTheCollection() throws IOException {
        try (QdrantTestServer qdrant = good().start()) {
            Outcome wrong = run(qdrant, "not-the-right-key-at-all", spec("collection"));
            assertEquals(Status.ERROR, wrong.status(), wrong.evidence());
            assertTrue(wrong.evidence().startsWith("Qdrant refused the configured API key"), wrong.evidence());
            assertTrue(wrong.evidence().contains("UNAUTHENTICATED"), wrong.evidence());
            assertFalse(wrong.evidence().contains("not-the-right-key-at-all"), wrong.evidence());

            Outcome none = run(qdrant, null, spec("snapshot"));
            assertEquals(Status.ERROR, none.status(), none.evidence());
            assertTrue(none.evidence().startsWith("Qdrant requires an API key and none is configured"), none.evidence());
        }
        try (QdrantTestServer qdrant = good()
                .fail("qdrant.Snapshots/List", io.grpc.Status.PERMISSION_DENIED.withDescription("Access denied: manage access required"))
                .start()) {
            Outcome denied = run(qdrant, KEY, spec("snapshot"));
            assertEquals(Status.ERROR, denied.status(), denied.evidence());
            assertTrue(denied.evidence().startsWith("the configured API key may not read this: Snapshots/List on Qdrant"), denied.evidence());
            assertTrue(denied.evidence().contains("PERMISSION_DENIED: Access denied"), denied.evidence());
        }
    }

    // ---- snapshot ----

    @Test
    void aFreshSnapshotPasses() throws IOException {
        try (QdrantTestServer qdrant = good().snapshot("documents", NOW.minus(30, ChronoUnit.HOURS)).start()) {
            Outcome o = run(qdrant, KEY, spec("snapshot"));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().startsWith("recent: newest snapshot of 'documents' is 2h old (documents-"), o.evidence());
            assertTrue(o.evidence().contains("2 snapshots"), o.evidence());
            assertEquals(List.of(new QdrantTestServer.Call("qdrant.Snapshots/List", true)), qdrant.received());
        }
    }

    @Test
    void anOldSnapshotFails() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green)
                .snapshot("documents", NOW.minus(3, ChronoUnit.DAYS))
                .snapshot("documents", NOW.minus(26, ChronoUnit.HOURS)).start()) {
            Outcome o = run(qdrant, KEY, spec("snapshot"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().startsWith("recent: newest snapshot of 'documents' is 26h old"), o.evidence());
            assertTrue(o.evidence().endsWith("expected one within 24h"), o.evidence());
            // A looser limit passes the same snapshot.
            assertEquals(Status.PASS, run(qdrant, KEY, spec("snapshot", null, null, null, null, "2d")).status());
        }
    }

    @Test
    void noSnapshotFails() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green)
                .snapshot("other", NOW).start()) {
            Outcome o = run(qdrant, KEY, spec("snapshot"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertEquals("recent: no snapshot of collection 'documents'; expected one within 24h", o.evidence());
        }
    }

    @Test
    void aMissingCollectionHasNoSnapshot() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY).start()) {
            Outcome o = run(qdrant, KEY, spec("snapshot"));
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().contains("does not exist"), o.evidence());
        }
    }

    @Test
    void snapshotsWithoutCreationTimesCannotBeJudged() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green)
                .snapshot("documents", "documents-1.snapshot", null).start()) {
            Outcome o = run(qdrant, KEY, spec("snapshot"));
            assertEquals(Status.ERROR, o.status(), o.evidence());
            assertTrue(o.evidence().contains("without creation times"), o.evidence());
        }
    }

    // ---- several checks, one outcome ----

    // ---- schedule ----

    @Test
    void aWeekOfNightlySnapshotsKeepsTheScheduleAndOnlyListsThem() throws IOException {
        QdrantTestServer.Builder b = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green);
        for (int night = 0; night < 8; night++) {
            b.snapshot("documents", NOW.minus(3 + 24L * night, ChronoUnit.HOURS));
        }
        try (QdrantTestServer qdrant = b.start()) {
            Outcome o = run(qdrant, KEY, spec("schedule"));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().startsWith("schedule: 7 snapshots of 'documents' in the last 7d, no gap over 26h (largest 24h"),
                    o.evidence());
            assertEquals(List.of(new QdrantTestServer.Call("qdrant.Snapshots/List", true)), qdrant.received());
        }
    }

    @Test
    void aMissedNightFailsTheScheduleWhileTheRecentCheckPasses() throws IOException {
        QdrantTestServer.Builder b = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green);
        for (int night : new int[] {0, 1, 2, 4, 5, 6, 7, 8}) {
            b.snapshot("documents", NOW.minus(3 + 24L * night, ChronoUnit.HOURS));
        }
        try (QdrantTestServer qdrant = b.start()) {
            Outcome o = run(qdrant, KEY, spec("snapshot", "schedule"));
            assertEquals(List.of(Status.PASS, Status.FAIL), o.findings().stream().map(Finding::status).toList());
            assertTrue(o.findings().get(0).message().startsWith("recent: newest snapshot of 'documents' is 3h old"),
                    o.findings().get(0).message());
            String schedule = o.findings().get(1).message();
            assertTrue(schedule.startsWith("schedule: only 6 snapshots of 'documents' in the last 7d; 1 gap over 26h: "), schedule);
            assertTrue(schedule.contains(" (2d);"), schedule);
            assertTrue(QdrantProbe.readOnlyRpcs().containsAll(qdrant.calls()), qdrant.calls().toString());
        }
    }

    @Test
    void eachCheckIsItsOwnFindingAndTheWorstDecides() throws IOException {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Yellow, 5).start()) {
            Outcome o = run(qdrant, KEY, spec("auth", "collection", "snapshot"));
            assertEquals(3, o.findings().size());
            assertEquals(List.of(Status.PASS, Status.WARN, Status.FAIL), o.findings().stream().map(Finding::status).toList());
            assertEquals(Status.FAIL, o.status());
            assertEquals("recent: no snapshot of collection 'documents'; expected one within 24h", o.evidence());
        }
    }

    @Test
    void allChecksPassOnAGoodQdrant() throws IOException {
        try (QdrantTestServer qdrant = good().start()) {
            Outcome o = run(qdrant, KEY, new QdrantSpec(null, null, null, null, null, null, null, null, null));
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertEquals(3, o.findings().size());
            assertTrue(QdrantProbe.readOnlyRpcs().containsAll(qdrant.calls()), qdrant.calls().toString());
        }
    }

    // ---- could not decide ----

    @Test
    void notConfiguredIsAnError() {
        Targets none = Targets.none();
        Outcome o = PROBE.run(spec("auth", "collection", "snapshot"), ctx(none, dir, clients));
        assertEquals(Status.ERROR, o.status());
        assertEquals("not configured: set QDRANT_URL or targets.qdrant.url", o.evidence());
    }

    @Test
    void aUrlThatIsNotOneIsAnError() {
        Outcome o = PROBE.run(spec("auth"), ctx(targets("qdrant:6333", KEY, null, null, null), dir, clients));
        assertEquals(Status.ERROR, o.status());
        assertTrue(o.evidence().startsWith("targets.qdrant.url (QDRANT_URL) is not an http(s) URL"), o.evidence());
    }

    @Test
    void aRefusingPortIsAnErrorOfOneLine() throws IOException {
        int port = QdrantTestSupport.refusedPort();
        Targets t = targets("http://127.0.0.1:6333", KEY, null, port, null);
        Outcome o = PROBE.run(spec("auth", "collection", "snapshot"), ctx(t, dir, clients));
        assertNoKey(o);
        assertEquals(Status.ERROR, o.status(), o.evidence());
        for (Finding f : o.findings()) {
            assertEquals(Status.ERROR, f.status(), f.message());
            assertTrue(f.message().startsWith("connection refused by Qdrant 127.0.0.1:" + port + " (gRPC UNAVAILABLE)"), f.message());
        }
        assertOneLine(o);
    }

    @Test
    @Timeout(60) // a hang guard: a probe without its own deadline would wait on the hung port forever
    void aHungPortIsAnErrorWithinTheTimeout() throws IOException {
        try (QdrantTestSupport.HungServer hung = new QdrantTestSupport.HungServer()) {
            Targets t = targets("http://127.0.0.1:6333", KEY, null, hung.port(), null);
            Outcome o = PROBE.run(spec("collection", "snapshot"), ctx(t, dir, Duration.ofSeconds(1), clients));
            assertNoKey(o);
            assertEquals(Status.ERROR, o.status(), o.evidence());
            assertTrue(o.findings().get(0).message().startsWith("timed out after "), o.findings().get(0).message());
            assertTrue(o.findings().get(0).message().contains("did not answer Collections/Get"), o.findings().get(0).message());
            // The first call gave up on the probe's own budget (900 ms), under the check's 1 s timeout ...
            TimedOut.withinBudget(o.findings().get(0).message(), 900);
            // ... and the second did not wait again: it was told the port hung.
            assertTrue(o.findings().get(1).message().contains("did not answer an earlier check in this run"), o.findings().get(1).message());
            assertTrue(hung.accepted() >= 1, "the probe connected");
            assertOneLine(o);
        }
    }

    @Test
    void httpsAgainstAPlaintextServerIsATlsError() throws IOException {
        try (QdrantTestServer qdrant = good().start()) {
            Targets t = targets(qdrant.url().replace("http://", "https://"), KEY, null, qdrant.grpcPort(), null);
            Outcome o = PROBE.run(spec("collection"), ctx(t, dir, clients));
            assertEquals(Status.ERROR, o.status(), o.evidence());
            assertTrue(o.evidence().startsWith("TLS handshake with Qdrant 127.0.0.1:" + qdrant.grpcPort()
                    + " failed (the server does not speak TLS on this port; gRPC UNAVAILABLE)"), o.evidence());
            assertOneLine(o);
        }
    }

    @Test
    void tlsIsTrustedThroughTheCaFileAndOnlyThrough() throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("qdrant test CA").build();
        HeldCertificate cert = new HeldCertificate.Builder().commonName("localhost")
                .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").signedBy(ca).build();
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, ca.certificatePem(), StandardCharsets.US_ASCII);
        try (QdrantTestServer qdrant = good().tls(cert.keyPair().getPrivate(), cert.certificate(), ca.certificate()).start()) {
            assertTrue(qdrant.url().startsWith("https://"));
            Outcome trusted = PROBE.run(spec("auth", "collection"), ctx(targets(qdrant.url(), KEY, null, qdrant.grpcPort(), pem), dir, clients));
            assertEquals(Status.PASS, trusted.status(), trusted.evidence());

            Outcome untrusted = PROBE.run(spec("collection"), ctx(targets(qdrant.url(), KEY, null, qdrant.grpcPort(), null), dir, clients));
            assertEquals(Status.ERROR, untrusted.status(), untrusted.evidence());
            assertTrue(untrusted.evidence().startsWith("TLS handshake with Qdrant"), untrusted.evidence());
            assertTrue(untrusted.evidence().contains("--ca-file"), untrusted.evidence());
            assertOneLine(untrusted);
        }
    }

    @Test
    void anUnreadableCaFileIsAnError() {
        Targets t = targets("https://127.0.0.1:6333", KEY, null, 6334, dir.resolve("missing.pem"));
        Outcome o = PROBE.run(spec("auth"), ctx(t, dir, clients));
        assertEquals(Status.ERROR, o.status());
        assertTrue(o.evidence().startsWith("CA file ") && o.evidence().endsWith("not found"), o.evidence());
    }

    // ---- one connection per target per run ----

    @Test
    void oneConnectionPerTargetPerRunClosedWithTheRun() throws IOException {
        try (QdrantTestServer qdrant = good().start()) {
            SharedClients run = new SharedClients();
            Targets t = targets(qdrant, KEY);
            QdrantConnection first = QdrantConnection.of(ctx(t, dir, run));
            PROBE.run(spec("auth"), ctx(t, dir, run));
            PROBE.run(spec("collection"), ctx(t, dir, run));
            assertSame(first, QdrantConnection.of(ctx(t, dir, run)));
            assertFalse(first.isShutdown());
            run.close();
            assertTrue(first.isShutdown(), "the channel is shut down when the run ends");
        }
    }
}
