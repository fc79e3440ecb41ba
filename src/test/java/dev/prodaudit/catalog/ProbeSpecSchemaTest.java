package dev.prodaudit.catalog;

import dev.prodaudit.input.InputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published schema's definition of each probe type ({@code $defs/<type>Probe}) and the loader agree, for every
 * probe type on the class path: the same parameter names as the spec record, the same required parameters (a
 * mapping missing one is rejected by both, one missing an optional parameter accepted by both), and the same verdict
 * on the values each family's tests name. A new family is covered as soon as it is registered.
 */
class ProbeSpecSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ProbeRegistry PROBES = ProbeRegistry.load();
    private static final CatalogLoader LOADER = new CatalogLoader(PROBES);

    private static JsonNode schemaNode;
    private static JsonSchema schema;
    /** The probe mappings of the shipped catalogue ({@code all}'s parts included), by type. */
    private static Map<String, List<ObjectNode>> shipped;

    @BeforeAll
    static void load() throws IOException {
        schemaNode = JSON.readTree(Path.of("schema", "catalogue.schema.json").toFile());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
        shipped = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("checks"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode check : YAML.readTree(file.toFile()).path("checks")) {
                    collect(check.path("probe"));
                }
            }
        }
    }

    private static void collect(JsonNode probe) {
        if (probe instanceof ObjectNode mapping) {
            shipped.computeIfAbsent(mapping.path("type").asText(), t -> new ArrayList<>()).add(mapping);
            mapping.path("probes").forEach(ProbeSpecSchemaTest::collect);
        }
    }

    static Stream<String> probeTypes() {
        return ProbeRegistry.load().types().stream();
    }

    /** The keys Jackson binds for a record, as the loader sees them (with @JsonProperty renames). */
    private static Set<String> keysOf(Class<?> record) {
        return new TreeSet<>(JSON.getDeserializationConfig().introspect(JSON.constructType(record)).findProperties()
                .stream().map(BeanPropertyDefinition::getName).toList());
    }

    /** A one-check catalogue file around this probe mapping. */
    private static ObjectNode file(JsonNode probe) {
        ObjectNode check = JSON.createObjectNode().put("id", "s.one").put("title", "T").put("severity", "high")
                .put("rationale", "R").put("remediation", "M");
        check.set("probe", probe);
        ObjectNode file = JSON.createObjectNode().put("section", "S");
        file.putArray("checks").add(check);
        return file;
    }

    private static boolean schemaAccepts(JsonNode file) {
        return schema.validate(file).isEmpty();
    }

    private static boolean loaderAccepts(String yaml) {
        try {
            LOADER.parseFile("t.yaml", yaml);
            return true;
        } catch (InputException e) {
            return false;
        }
    }

    private static boolean loaderAccepts(JsonNode file) throws IOException {
        return loaderAccepts(YAML.writeValueAsString(file));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("probeTypes")
    void theSchemaDefinitionAgreesWithTheSpecRecord(String type) throws IOException {
        Probe<?> probe = PROBES.find(type).orElseThrow();
        String def = type + "Probe";
        JsonNode node = schemaNode.path("$defs").path(def);
        assertFalse(node.isMissingNode(), "the schema has no $defs/" + def);
        assertTrue(schemaNode.path("$defs").path("probe").path("oneOf").toString().contains("\"#/$defs/" + def + "\""),
                "$defs/probe/oneOf does not reference " + def);
        assertEquals("object", node.path("type").asText(), def);
        assertFalse(node.path("additionalProperties").asBoolean(true), def + " must set additionalProperties: false");
        assertEquals(type, node.path("properties").path("type").path("const").asText(), def);

        // Names: exactly the record's components, and 'type'.
        Set<String> names = new TreeSet<>();
        node.path("properties").fieldNames().forEachRemaining(names::add);
        Set<String> expected = new TreeSet<>(keysOf(probe.specType()));
        expected.add("type");
        assertEquals(expected, names, "$defs/" + def + " vs " + probe.specType().getSimpleName());

        Set<String> required = new TreeSet<>();
        node.path("required").forEach(r -> required.add(r.asText()));
        assertTrue(required.contains("type"), def + " must require 'type'");
        assertTrue(names.containsAll(required), def + " requires a key it does not define: " + required);

        // Required-ness: the bare mapping, and every shipped mapping without each of its parameters in turn.
        ObjectNode bare = JSON.createObjectNode().put("type", type);
        assertEquals(schemaAccepts(file(bare)), loaderAccepts(file(bare)), "{type: " + type + "}: schema and loader differ");
        if (required.size() > 1) {
            assertFalse(loaderAccepts(file(bare)), "the schema requires " + required + " but the loader takes {type: " + type + "}");
        }
        for (ObjectNode example : shipped.getOrDefault(type, List.of())) {
            assertTrue(schemaAccepts(file(example)) && loaderAccepts(file(example)), "the shipped " + example + " is rejected");
            example.fieldNames().forEachRemaining(key -> {
                if (key.equals("type")) {
                    return;
                }
                ObjectNode without = example.deepCopy();
                without.remove(key);
                try {
                    boolean loader = loaderAccepts(file(without));
                    assertEquals(schemaAccepts(file(without)), loader, without + ": schema and loader differ without '" + key + "'");
                    if (required.contains(key)) {
                        assertFalse(loader, "'" + key + "' is required by the schema, but the loader takes " + without);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    /** Values each family's tests name; {@code params} is the rest of {@code probe: {type: <type>, ...}}. */
    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("redis", "checks: [auth]", true),
                Arguments.of("redis", "checks: memory", true),
                Arguments.of("redis", "checks: [auth, persistence, backup, memory, workers, queues]", true),
                Arguments.of("redis", "checks: [workers, queues], queues: [notion-sync, emails], prefix: rag", true),
                Arguments.of("redis", "checks: [queues], queues: notion-sync, maxFailed: 0", true),
                Arguments.of("redis", "checks: [memory], policy: allkeys-lru", true),
                Arguments.of("redis", "checks: [backup], maxBackupAge: 36h", true),
                Arguments.of("redis", "", false),
                Arguments.of("redis", "checks: []", false),
                Arguments.of("redis", "checks: [aut]", false),
                Arguments.of("redis", "checks: [AUTH]", false),
                Arguments.of("redis", "checks: [queues], queues: []", false),
                Arguments.of("redis", "checks: [queues], queues: ['bull:notion']", false),
                Arguments.of("redis", "checks: [queues], queues: ['']", false),
                Arguments.of("redis", "checks: [queues], prefix: 'a b'", false),
                Arguments.of("redis", "checks: [memory], policy: 'NoEviction'", false),
                Arguments.of("redis", "checks: [queues], maxFailed: -1", false),
                Arguments.of("redis", "checks: [queues], maxFailed: 1.5", false),
                Arguments.of("redis", "checks: [backup], maxBackupAge: soon", false),
                Arguments.of("redis", "checks: [auth], password: x", false),
                Arguments.of("mongodb-migrations", "", true),
                Arguments.of("mongodb-migrations", "config: api/migrate-mongo-config.js", true),
                Arguments.of("mongodb-migrations", "collection: migrations, migrationsDir: db/migrations, database: rag", true),
                Arguments.of("mongodb-migrations", "config: ''", false),
                Arguments.of("mongodb-migrations", "migrationsDir: ../elsewhere", false),
                Arguments.of("mongodb-migrations", "migrationsDir: /srv/migrations", false),
                Arguments.of("mongodb-migrations", "collection: ' '", false),
                Arguments.of("mongodb-migrations", "changelog: changelog", false),
                Arguments.of("qdrant", "", true),
                Arguments.of("qdrant", "checks: [auth]", true),
                Arguments.of("qdrant", "checks: snapshot", true),
                Arguments.of("qdrant", "checks: [auth, collection, snapshot], collection: kb, size: 3072, distance: Dot, vector: text, maxSnapshotAge: 7d", true),
                Arguments.of("qdrant", "distance: Euclid", true),
                Arguments.of("qdrant", "distance: Manhattan", true),
                Arguments.of("qdrant", "maxSnapshotAge: 36h", true),
                Arguments.of("qdrant", "checks: [schedule], minSnapshots: 14, snapshotWindow: 14d, maxSnapshotGap: 13h", true),
                Arguments.of("qdrant", "checks: []", false),
                Arguments.of("qdrant", "checks: [auth, backup]", false),
                Arguments.of("qdrant", "checks: [AUTH]", false),
                Arguments.of("qdrant", "collection: ''", false),
                Arguments.of("qdrant", "collection: ' '", false),
                Arguments.of("qdrant", "size: 0", false),
                Arguments.of("qdrant", "size: 1536.5", false),
                Arguments.of("qdrant", "size: '1536'", false),
                Arguments.of("qdrant", "distance: cosine", false),
                Arguments.of("qdrant", "distance: Euclidean", false),
                Arguments.of("qdrant", "vector: ''", false),
                Arguments.of("qdrant", "maxSnapshotAge: 24", false),
                Arguments.of("qdrant", "maxSnapshotAge: soon", false),
                Arguments.of("qdrant", "maxSnapshotAge: 0s", false),
                Arguments.of("qdrant", "minSnapshots: 0", false),
                Arguments.of("qdrant", "maxSnapshotGap: 0s", false),
                Arguments.of("qdrant", "checks: [cadence]", false),
                Arguments.of("qdrant", "maxAge: 24h", false),
                Arguments.of("qdrant", "apiKey: secret", false),
                Arguments.of("dns", "", true),
                Arguments.of("dns", "domain: example.com", true),
                Arguments.of("dns", "records: [spf, dkim, dmarc], spfNames: [\"send.{domain}\"], spfInclude: amazonses.com, dkimSelector: resend", true),
                Arguments.of("dns", "records: dmarc", true),
                Arguments.of("dns", "spfNames: \"{domain}\"", true),
                Arguments.of("dns", "spfNames: [\"send.{domain}\", \"{domain}\", bounces.example.net]", true),
                Arguments.of("dns", "spfInclude: \"ip4:192.0.2.1\"", true),
                Arguments.of("dns", "dkimSelector: s1.sub", true),
                Arguments.of("dns", "records: [spf, dkm]", false),
                Arguments.of("dns", "records: [SPF]", false),
                Arguments.of("dns", "records: []", false),
                Arguments.of("dns", "spfNames: []", false),
                Arguments.of("dns", "spfNames: ['send .{domain}']", false),
                Arguments.of("dns", "spfInclude: ''", false),
                Arguments.of("dns", "spfInclude: 'a b'", false),
                Arguments.of("dns", "dkimSelector: ''", false),
                Arguments.of("dns", "dkimSelector: .resend", false),
                Arguments.of("dns", "dkimSelector: 'a b'", false),
                Arguments.of("dns", "domain: ''", false),
                Arguments.of("dns", "selector: resend", false),
                Arguments.of("secret-store", "variable: RESEND_API_KEY", true),
                Arguments.of("secret-store", "variable: RESEND_API_KEY, names: [resend]", true),
                Arguments.of("secret-store", "names: [resend]", false),
                Arguments.of("secret-store", "variable: RESEND-API-KEY", false),
                Arguments.of("secret-store", "variable: RESEND_API_KEY, names: [' ']", false),
                Arguments.of("secret-store", "variable: RESEND_API_KEY, vault: kv", false),
                Arguments.of("any", "probes: [{type: manual}, {type: secret-store, variable: RESEND_API_KEY}]", true),
                Arguments.of("any", "probes: [{type: manual}]", false),
                Arguments.of("dns", "spfName: x", false),
                Arguments.of("tls", "", true),
                Arguments.of("tls", "require: [TLSv1.3], forbid: [TLSv1, TLSv1.1]", true),
                Arguments.of("tls", "require: TLSv1.2, forbid: TLSv1.0", true),
                Arguments.of("tls", "require: [], forbid: []", true),
                Arguments.of("tls", "endpoints: [api.example.com:443, 'app.example.com:8443']", true),
                Arguments.of("tls", "endpoints: api.example.com:443", true),
                Arguments.of("tls", "warnDays: 45, failDays: 7, minRsaBits: 3072", true),
                Arguments.of("tls", "require: [TLSv1.4]", false),
                Arguments.of("tls", "forbid: [SSLv3]", false),
                Arguments.of("tls", "require: tls1.3", false),
                Arguments.of("tls", "warnDays: -1", false),
                Arguments.of("tls", "failDays: 2.5", false),
                Arguments.of("tls", "minRsaBits: 256", false),
                Arguments.of("tls", "endpoints: ['']", false),
                Arguments.of("tls", "endpoint: [a:1]", false),
                Arguments.of("tls", "verify: by hand", false));
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("values")
    void theSchemaAndTheLoaderJudgeAlike(String type, String params, boolean accepted) throws IOException {
        String yaml = """
                section: S
                checks:
                  - id: s.one
                    title: T
                    severity: high
                    rationale: R
                    remediation: M
                    probe: {type: %s%s}
                """.formatted(type, params.isEmpty() ? "" : ", " + params);
        assertEquals(accepted, schema.validate(YAML.readTree(yaml)).isEmpty(),
                "the schema " + (accepted ? "rejected: " : "accepted: ") + params);
        assertEquals(accepted, loaderAccepts(yaml), "the loader " + (accepted ? "rejected: " : "accepted: ") + params);
    }
}
