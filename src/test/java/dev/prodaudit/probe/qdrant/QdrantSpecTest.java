package dev.prodaudit.probe.qdrant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.prodaudit.input.InputException;
import dev.prodaudit.testing.ProbeKit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code type: qdrant}: its defaults. The schema and the loader agreeing on its mappings is
 * {@link dev.prodaudit.catalog.ProbeSpecSchemaTest}'s.
 */
class QdrantSpecTest {

    @Test
    void defaults() throws InputException {
        QdrantSpec spec = ProbeKit.spec(QdrantProbe.class, "");
        assertEquals(List.of("auth", "collection", "snapshot"), spec.checks());
        assertNull(spec.collection(), "the target's collection applies");
        assertEquals(1536, spec.size());
        assertEquals("Cosine", spec.distance());
        assertNull(spec.vector());
        assertEquals(Duration.ofHours(24), spec.maxSnapshotAge().duration());
        assertEquals(7, spec.minSnapshots());
        assertEquals(Duration.ofDays(7), spec.snapshotWindow().duration());
        assertEquals(Duration.ofHours(26), spec.maxSnapshotGap().duration());
    }

    @Test
    void theScheduleCheckIsAskedForByName() throws InputException {
        QdrantSpec spec = ProbeKit.spec(QdrantProbe.class, "checks: [schedule], minSnapshots: 14, snapshotWindow: 14d, maxSnapshotGap: 13h");
        assertEquals(List.of("schedule"), spec.checks());
        assertEquals(14, spec.minSnapshots());
        assertEquals(Duration.ofDays(14), spec.snapshotWindow().duration());
        assertEquals(Duration.ofHours(13), spec.maxSnapshotGap().duration());
    }

    @Test
    void checksAreDeduplicatedInOrder() throws InputException {
        QdrantSpec spec = ProbeKit.spec(QdrantProbe.class, "checks: [snapshot, auth, snapshot]");
        assertEquals(List.of("snapshot", "auth"), spec.checks());
    }
}
