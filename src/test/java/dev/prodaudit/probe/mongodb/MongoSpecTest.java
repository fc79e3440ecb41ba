package dev.prodaudit.probe.mongodb;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import dev.prodaudit.probe.ProbeRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code type: mongodb} as the catalogue writes it: defaults, validation, and agreement with the published schema. */
class MongoSpecTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper().readTree(Path.of("schema", "catalogue.schema.json").toFile()));
    }

    private static String file(String probe) {
        return """
                section: Database
                checks:
                  - id: db.mongo
                    title: Mongo
                    severity: high
                    rationale: why
                    remediation: how
                    probe: {type: mongodb%s}
                """.formatted(probe.isEmpty() ? "" : ", " + probe);
    }

    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        return schema.validate(new YAMLMapper().readTree(yaml));
    }

    private static MongoSpec bind(String probe) throws InputException {
        List<Check> checks = LOADER.parseFile("t.yaml", file(probe));
        return (MongoSpec) checks.get(0).spec();
    }

    @Test
    void defaultsAreTheSeedIndexSetTheAppDatabaseThreeMembersAndAtlas() throws Exception {
        MongoSpec spec = bind("checks: [indexes]");
        assertEquals(List.of("indexes"), spec.checks());
        assertEquals(null, spec.database());
        assertEquals(3, spec.minMembers());
        assertEquals(List.of(".mongodb.net"), spec.managedHosts());
        assertEquals(MongoSpec.SEED_INDEXES, spec.indexes());
        assertEquals(9, spec.indexes().size());
        MongoSpec.Index ttl = spec.indexes().stream().filter(MongoSpec.Index::ttl).findFirst().orElseThrow();
        assertEquals("messages", ttl.collection());
        assertEquals(7_776_000L, ttl.expireAfterSeconds());
        assertTrue(spec.indexes().get(0).unique(), "users {email: 1} is unique");
    }

    @Test
    void keyOrderIsKeptAsWritten() throws Exception {
        MongoSpec spec = bind("checks: [indexes], indexes: [{collection: c, keys: {z: 1, a: -1, m: 1.0, t: text}}]");
        assertEquals(List.of("z", "a", "m", "t"), List.copyOf(spec.indexes().get(0).keys().keySet()));
        assertEquals(1, spec.indexes().get(0).keys().get("m"));
        assertFalse(spec.indexes().get(0).unique());
    }

    @Test
    void ttlNeedsATtlIndexInTheList() {
        InputException e = assertThrows(InputException.class,
                () -> bind("checks: [ttl], indexes: [{collection: users, keys: {email: 1}, unique: true}]"));
        assertTrue(e.getMessage().contains("checks: ttl needs at least one entry of 'indexes' with expireAfterSeconds"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "checks: [auth]",
            "checks: auth",
            "checks: [auth, replicaSet, indexes, ttl, tls, encryptionAtRest, auditLog]",
            "checks: [replicaSet], minMembers: 5",
            "checks: [indexes, ttl], database: rag_prod",
            "checks: [indexes], indexes: [{collection: users, keys: {email: 1}, unique: true}]",
            "checks: [indexes], indexes: {collection: users, keys: {email: 1}}",
            "checks: [indexes], indexes: [{collection: places, keys: {location: 2dsphere, 'members.user': -1}}]",
            "checks: [ttl], indexes: [{collection: sessions, keys: {createdAt: 1}, expireAfterSeconds: 0}]",
            "checks: [encryptionAtRest], managedHosts: [.mongodb.net, db.internal.example.com]",
            "checks: [encryptionAtRest], managedHosts: mongodb.net",
            "checks: [encryptionAtRest], managedHosts: []"})
    void bothAccept(String probe) throws IOException {
        assertEquals(Set.of(), validate(file(probe)));
        assertDoesNotThrow(() -> LOADER.parseFile("t.yaml", file(probe)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "checks: []",
            "checks: [Auth]",
            "checks: [auth, replicaset]",
            "checks: [auth], minMembers: 0",
            "checks: [auth], database: 'a/b'",
            "checks: [auth], database: ''",
            "checks: [indexes], indexes: []",
            "checks: [indexes], indexes: [{keys: {email: 1}}]",
            "checks: [indexes], indexes: [{collection: users}]",
            "checks: [indexes], indexes: [{collection: users, keys: {}}]",
            "checks: [indexes], indexes: [{collection: users, keys: {email: 2}}]",
            "checks: [indexes], indexes: [{collection: users, keys: {email: desc}}]",
            "checks: [indexes], indexes: [{collection: users, keys: {email: 1}, unique: yes-please}]",
            "checks: [indexes], indexes: [{collection: users, keys: {email: 1}, expireAfterSeconds: -1}]",
            "checks: [indexes], indexes: [{collection: users, keys: {email: 1}, sparse: true}]",
            "checks: [encryptionAtRest], managedHosts: ['*.mongodb.net']",
            "checks: [encryptionAtRest], managedHosts: ['.']",
            "checks: [auth], uri: 'mongodb://x'"})
    void bothReject(String probe) throws IOException {
        assertFalse(validate(file(probe)).isEmpty(), "the schema accepted: " + probe);
        assertThrows(InputException.class, () -> LOADER.parseFile("t.yaml", file(probe)), "the loader accepted: " + probe);
    }
}
