package dev.prodaudit.probe.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Timestamp;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.input.TimeSpan;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.SnapshotsService.SnapshotDescription;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Qdrant judges, given what the RPCs returned (no server): collection info and snapshot lists. */
class QdrantChecksTest {
    private static final Instant NOW = Instant.parse("2025-03-10T12:00:00Z");

    private static QdrantSpec spec(Integer size, String distance, String vector) {
        return new QdrantSpec(null, null, size, distance, vector, TimeSpan.of("24h"), null, null, null);
    }

    private static CollectionInfo info(VectorsConfig vectors, CollectionStatus status, long points) {
        return CollectionInfo.newBuilder().setStatus(status).setPointsCount(points)
                .setConfig(CollectionConfig.newBuilder().setParams(CollectionParams.newBuilder().setVectorsConfig(vectors)))
                .build();
    }

    private static VectorsConfig unnamed(int size, Distance distance) {
        return VectorsConfig.newBuilder().setParams(VectorParams.newBuilder().setSize(size).setDistance(distance)).build();
    }

    private static SnapshotDescription snapshot(String name, Instant created, long size) {
        return SnapshotDescription.newBuilder().setName(name).setSize(size)
                .setCreationTime(Timestamp.newBuilder().setSeconds(created.getEpochSecond())).build();
    }

    @Test
    void aGreenCollectionOfTheExpectedShapePasses() {
        Finding f = QdrantChecks.judgeCollection("documents", info(unnamed(1536, Distance.Cosine), CollectionStatus.Green, 1),
                spec(null, null, null));
        assertEquals(Status.PASS, f.status());
        assertEquals("collection 'documents': 1536 dimensions, Cosine, status Green, 1 point", f.message());
    }

    @Test
    void aWrongSizeFailsAndAYellowStatusIsNamedWithIt() {
        Finding f = QdrantChecks.judgeCollection("documents", info(unnamed(768, Distance.Dot), CollectionStatus.Yellow, 42),
                spec(1536, "Cosine", null));
        assertEquals(Status.FAIL, f.status());
        assertEquals("collection 'documents': vector size 768, expected 1536; distance Dot, expected Cosine; status Yellow"
                + " (optimizing: searches work but are slower until it turns Green) (768 dimensions, Dot, 42 points)", f.message());
    }

    @Test
    void severalNamedVectorsNeedTheSpecToNameOne() {
        VectorsConfig named = VectorsConfig.newBuilder().setParamsMap(VectorParamsMap.newBuilder()
                .putMap("text", VectorParams.newBuilder().setSize(1536).setDistance(Distance.Cosine).build())
                .putMap("image", VectorParams.newBuilder().setSize(512).setDistance(Distance.Cosine).build())).build();
        Finding f = QdrantChecks.judgeCollection("documents", info(named, CollectionStatus.Green, 3), spec(null, null, null));
        assertEquals(Status.ERROR, f.status());
        assertEquals("collection 'documents' has named vectors image, text: set 'vector' in the check's probe to the one"
                + " the app writes", f.message());
        Finding text = QdrantChecks.judgeCollection("documents", info(named, CollectionStatus.Green, 3), spec(null, null, "text"));
        assertEquals("collection 'documents': vector 'text': 1536 dimensions, Cosine, status Green, 3 points", text.message());
    }

    @Test
    void aSnapshotADayAndAHalfOldReadsInHoursAndFailsADailyLimit() {
        Finding f = QdrantChecks.judgeSnapshots("documents", List.of(
                snapshot("documents-old.snapshot", NOW.minus(Duration.ofDays(5)), 1000),
                snapshot("documents-new.snapshot", NOW.minus(Duration.ofHours(36)), 48_213_504L)),
                Duration.ofHours(24), NOW);
        assertEquals(Status.FAIL, f.status());
        assertEquals("recent: newest snapshot of 'documents' is 36h old (documents-new.snapshot, 46.0 MiB; 2 snapshots);"
                + " expected one within 24h", f.message());
    }

    @Test
    void aRecentSnapshotPassesAndNoneFails() {
        Finding ok = QdrantChecks.judgeSnapshots("documents",
                List.of(snapshot("s1", NOW.minus(Duration.ofMinutes(185)), 512)), Duration.ofDays(7), NOW);
        assertEquals(Status.PASS, ok.status());
        assertEquals("recent: newest snapshot of 'documents' is 3h 5m old (s1, 512 B; 1 snapshot)", ok.message());
        Finding none = QdrantChecks.judgeSnapshots("documents", List.of(), Duration.ofDays(7), NOW);
        assertEquals(Status.FAIL, none.status());
        assertEquals("recent: no snapshot of collection 'documents'; expected one within 7d", none.message());
    }

    // ---- schedule ----

    /** Snapshots made at the given hours before NOW. */
    private static List<SnapshotDescription> madeHoursAgo(long... hours) {
        return java.util.Arrays.stream(hours)
                .mapToObj(h -> snapshot("documents-" + h + ".snapshot", NOW.minus(Duration.ofHours(h)), 1000)).toList();
    }

    private static Finding schedule(List<SnapshotDescription> snapshots) {
        return QdrantChecks.judgeSchedule("documents", snapshots, 7, Duration.ofDays(7), Duration.ofHours(26), NOW);
    }

    @Test
    void aNightlySnapshotForAWeekKeepsTheSchedule() {
        Finding f = schedule(madeHoursAgo(2, 26, 50, 74, 98, 122, 146, 170));
        assertEquals(Status.PASS, f.status());
        assertEquals("schedule: 7 snapshots of 'documents' in the last 7d, no gap over 26h (largest 24h,"
                + " from 7d 2h ago to 6d 2h ago)", f.message());
    }

    @Test
    void aMissedNightIsAGapAndIsListed() {
        // Seven in the week, but one night was missed: 48 hours between two of them.
        Finding f = schedule(madeHoursAgo(1, 12, 25, 49, 73, 121, 145, 169));
        assertEquals(Status.FAIL, f.status());
        assertEquals("schedule: 7 snapshots of 'documents' in the last 7d; 1 gap over 26h: from 5d 1h ago to"
                + " 3d 1h ago (2d); expected at least 7 snapshots over the last 7d, none more than 26h apart", f.message());
    }

    @Test
    void aScheduleThatStoppedFailsOnTheGapSinceTheNewest() {
        assertEquals(Status.PASS, schedule(madeHoursAgo(23, 47, 71, 95, 119, 143, 167)).status(), "23h since the newest is within 26h");
        Finding stopped = schedule(madeHoursAgo(30, 40, 64, 88, 112, 136, 160, 184));
        assertEquals(Status.FAIL, stopped.status());
        assertEquals("schedule: 7 snapshots of 'documents' in the last 7d; 1 gap over 26h: from 30h ago to now (30h);"
                + " expected at least 7 snapshots over the last 7d, none more than 26h apart", stopped.message());
    }

    @Test
    void freshSnapshotsFromOneDayAreNotAWeekOfSchedule() {
        // Hourly snapshots made only yesterday: the "recent" check passes them, the schedule does not.
        List<SnapshotDescription> yesterday = madeHoursAgo(20, 21, 22, 23, 24, 25, 26);
        assertEquals(Status.PASS, QdrantChecks.judgeSnapshots("documents", yesterday, Duration.ofHours(24), NOW).status());
        Finding f = schedule(yesterday);
        assertEquals(Status.FAIL, f.status());
        assertEquals("schedule: 7 snapshots of 'documents' in the last 7d; 1 gap over 26h: from the window's start (7d ago,"
                + " no older snapshot) to 26h ago (5d 22h); expected at least 7 snapshots over the last 7d,"
                + " none more than 26h apart", f.message());
        Finding few = schedule(madeHoursAgo(2, 26, 50));
        assertEquals(Status.FAIL, few.status());
        assertTrue(few.message().startsWith("schedule: only 3 snapshots of 'documents' in the last 7d; 1 gap over 26h:"
                + " from the window's start"), few.message());
    }

    @Test
    void noSnapshotOrNoCreationTimesAreSaidApartFromTheRecentCheck() {
        Finding none = schedule(List.of());
        assertEquals(Status.FAIL, none.status());
        assertEquals("schedule: no snapshot of collection 'documents'; expected at least 7 snapshots over the last 7d,"
                + " none more than 26h apart", none.message());
        Finding untimed = schedule(List.of(SnapshotDescription.newBuilder().setName("documents-1.snapshot").build()));
        assertEquals(Status.ERROR, untimed.status());
        assertEquals("schedule: Qdrant lists 1 snapshot of 'documents' without creation times; cannot tell when they were made",
                untimed.message());
    }
}
