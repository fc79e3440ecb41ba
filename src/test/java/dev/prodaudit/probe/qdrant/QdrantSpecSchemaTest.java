package dev.prodaudit.probe.qdrant;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.catalog.InputException;
import dev.prodaudit.probe.ProbeRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code type: qdrant}: its defaults, and the published schema and the loader accepting and rejecting alike. */
class QdrantSpecSchemaTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper().readTree(Path.of("schema", "catalogue.schema.json").toFile()));
    }

    private static String file(String probe) {
        return """
                section: Infrastructure
                checks:
                  - id: infra.qdrant
                    title: Qdrant
                    severity: high
                    rationale: why
                    remediation: how
                    probe: {type: qdrant%s}
                """.formatted(probe.isEmpty() ? "" : ", " + probe);
    }

    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        return schema.validate(new YAMLMapper().readTree(yaml));
    }

    @Test
    void defaults() throws InputException {
        List<Check> checks = LOADER.parseFile("t.yaml", file(""));
        QdrantSpec spec = (QdrantSpec) checks.get(0).spec();
        assertEquals(List.of("auth", "collection", "snapshot"), spec.checks());
        assertNull(spec.collection(), "the target's collection applies");
        assertEquals(1536, spec.size());
        assertEquals("Cosine", spec.distance());
        assertNull(spec.vector());
        assertEquals(Duration.ofHours(24), spec.maxSnapshotAge().duration());
    }

    @Test
    void checksAreDeduplicatedInOrder() throws InputException {
        QdrantSpec spec = (QdrantSpec) LOADER.parseFile("t.yaml", file("checks: [snapshot, auth, snapshot]")).get(0).spec();
        assertEquals(List.of("snapshot", "auth"), spec.checks());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "checks: [auth]",
            "checks: snapshot",
            "checks: [auth, collection, snapshot], collection: kb, size: 3072, distance: Dot, vector: text, maxSnapshotAge: 7d",
            "distance: Euclid",
            "distance: Manhattan",
            "maxSnapshotAge: 36h"})
    void bothAccept(String probe) throws IOException {
        assertEquals(Set.of(), validate(file(probe)));
        assertDoesNotThrow(() -> LOADER.parseFile("t.yaml", file(probe)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "checks: []",
            "checks: [auth, backup]",
            "checks: [AUTH]",
            "collection: ''",
            "collection: ' '",
            "size: 0",
            "size: 1536.5",
            "size: '1536'",
            "distance: cosine",
            "distance: Euclidean",
            "vector: ''",
            "maxSnapshotAge: 24",
            "maxSnapshotAge: soon",
            "maxSnapshotAge: 0s",
            "maxAge: 24h",
            "apiKey: secret"})
    void bothReject(String probe) throws IOException {
        assertFalse(validate(file(probe)).isEmpty(), "the schema accepted: " + probe);
        assertThrows(InputException.class, () -> LOADER.parseFile("t.yaml", file(probe)), "the loader accepted: " + probe);
    }
}
