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
    }

    @Test
    void checksAreDeduplicatedInOrder() throws InputException {
        QdrantSpec spec = ProbeKit.spec(QdrantProbe.class, "checks: [snapshot, auth, snapshot]");
        assertEquals(List.of("snapshot", "auth"), spec.checks());
    }
}
