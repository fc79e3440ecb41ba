package dev.prodaudit.catalog;

import dev.prodaudit.input.InputException;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.env.EnvRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema of a catalogue file: it accepts every shipped catalogue file, rejects unknown
 * keys everywhere (as the loader does), and names exactly the parameters of each probe's spec record.
 */
class CatalogueSchemaTest {
    private static final Path SCHEMA_FILE = Path.of("schema", "catalogue.schema.json");
    private static final Path CHECKS = Path.of("checks");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());

    private static JsonSchemaFactory factory;
    private static JsonNode schemaNode;
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schemaNode = JSON.readTree(SCHEMA_FILE.toFile());
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        schema = factory.getSchema(schemaNode);
    }

    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        return schema.validate(YAML.readTree(yaml));
    }

    private static final String VALID = """
            section: Security Checklist
            checks:
              - id: security.one
                title: First check
                subsection: Secrets & Keys
                severity: high
                tags: [secrets]
                rationale: Why it matters.
                remediation: How to fix it.
                timeout: 15s
                probe:
                  type: manual
                  verify: Ask the team.
            """;

    // ---- the schema itself ----

    @Test
    void schemaIsAValidDraft202012Schema() {
        assertEquals("https://json-schema.org/draft/2020-12/schema", schemaNode.get("$schema").asText());
        JsonSchema meta = factory.getSchema(SchemaLocation.of(SchemaId.V202012));
        Set<ValidationMessage> problems = meta.validate(schemaNode);
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void schemaIsPackagedIntoTheJar() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("prodaudit/schema/catalogue.schema.json")) {
            assertNotNull(in, "prodaudit/schema/catalogue.schema.json is not on the class path");
            assertEquals(Files.readString(SCHEMA_FILE, StandardCharsets.UTF_8), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // ---- the shipped catalogue ----

    static Stream<Path> catalogueFiles() throws IOException {
        try (Stream<Path> files = Files.list(CHECKS)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList().stream();
        }
    }

    @Test
    void theShippedCatalogueHasItsNineFiles() throws IOException {
        assertEquals(9, catalogueFiles().count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogueFiles")
    void everyShippedCatalogueFileValidates(Path file) throws IOException {
        Set<ValidationMessage> problems = schema.validate(YAML.readTree(file.toFile()));
        assertTrue(problems.isEmpty(), file + ": " + problems);
    }

    @Test
    void aValidFileValidates() throws IOException {
        assertEquals(Set.of(), validate(VALID));
    }

    // ---- unknown keys, everywhere ----

    static Stream<Arguments> unknownKeys() {
        return Stream.of(
                Arguments.of("owner", VALID + "owner: me\n"),
                Arguments.of("sevrity", VALID.replace("    severity: high", "    sevrity: high\n    severity: high")),
                Arguments.of("verfy", VALID.replace("verify: Ask", "verfy: Ask")),
                Arguments.of("exist", VALID.replace("      type: manual\n      verify: Ask the team.",
                        "      type: file\n      paths: [Dockerfile]\n      exist: true")),
                Arguments.of("ignore", VALID.replace("      type: manual\n      verify: Ask the team.",
                        "      type: git\n      noTrackedEnvFiles: true\n      ignore: [.env]")),
                Arguments.of("varz", VALID.replace("      type: manual\n      verify: Ask the team.",
                        "      type: env\n      vars: {A: {}}\n      varz: {B: {}}")),
                Arguments.of("minLenght", VALID.replace("      type: manual\n      verify: Ask the team.",
                        "      type: env\n      vars:\n        A: {minLenght: 16}")),
                Arguments.of("encodng", VALID.replace("      type: manual\n      verify: Ask the team.",
                        "      type: env\n      vars:\n        A: {bytes: {min: 32, encodng: hex}}")),
                Arguments.of("scheme", VALID.replace("      type: manual\n      verify: Ask the team.",
                        "      type: env\n      vars:\n        A: {list: {item: {url: {scheme: [https]}}}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownKeys")
    void anUnknownKeyFailsValidationAsItFailsLoading(String key, String yaml) throws IOException {
        Set<ValidationMessage> problems = validate(yaml);
        assertFalse(problems.isEmpty(), "the schema accepted an unknown key '" + key + "'");
        assertTrue(problems.toString().contains(key), problems.toString());
        InputException e = assertThrows(InputException.class, () -> LOADER.parseFile("t.yaml", yaml));
        assertTrue(e.getMessage().contains("unknown key '" + key + "'"), e.oneLine());
    }

    // ---- the schema and the loader agree ----

    private static String probe(String probeYaml) {
        return VALID.replace("      type: manual\n      verify: Ask the team.\n", probeYaml);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("minimal check", """
                        section: S
                        checks:
                          - id: s.one
                            title: T
                            severity: info
                            rationale: R
                            remediation: M
                            probe: {type: manual}
                        """),
                Arguments.of("no checks yet", "section: S\nchecks: []\n"),
                Arguments.of("tags as one string", VALID.replace("tags: [secrets]", "tags: secrets")),
                Arguments.of("env with every rule", probe("""
                              type: env
                              vars:
                                PORT:
                                HOST: ~
                                NODE_ENV: {oneOf: [production], default: production, required: false}
                                SECRET: {bytes: {min: 48, encoding: base64}, minEntropy: 4.5, hexLength: 64,
                                         secret: true, notPlaceholder: false, minLength: 16, pattern: '^[A-Za-z0-9+/=]+$'}
                                KEY: {randomBytes: {min: 32, max: 32, encoding: hex}}
                                DEBUG: {boolean: false, default: false}
                                WORKERS: {integer: {min: 1, max: 8}, default: 2}
                                TTL: {duration: {min: 1m, max: 7d, unitless: seconds}}
                                URL: {url: {schemes: [https, wss], credentials: false, localhost: false, host: '.*\\.example\\.org'}}
                                FROM: {email: {domain: 'example\\.org$', forbiddenDomains: [resend.dev]}}
                                ORIGINS: {list: {separator: ',', minItems: 1, item: {url: {schemes: https}}, forbidden: ['*']}}
                              distinct: [[SECRET, OTHER_SECRET]]
                        """)),
                Arguments.of("file with every parameter", probe("""
                              type: file
                              paths: ['**/Dockerfile', docker-compose.yml]
                              exists: true
                              nonEmpty: true
                              contains: '^USER\\s+\\w+'
                              notContains: 'console\\.log'
                              newerThan: 90d
                              encrypted: false
                        """)),
                Arguments.of("file with one glob as a string", probe("      type: file\n      paths: Dockerfile\n")),
                Arguments.of("git, each parameter alone", probe("      type: git\n      noTrackedEnvFiles: false\n")),
                Arguments.of("manual with an attestation rule", VALID.replace("    probe:\n",
                        "    attestation: {maxAge: 92d, perRelease: false}\n    probe:\n")),
                Arguments.of("git with every parameter", probe("""
                              type: git
                              ignored: [.env, .env.production]
                              noTrackedEnvFiles: true
                              secretsNotTracked: ['*']
                        """)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void bothAccept(String what, String yaml) throws IOException {
        assertEquals(Set.of(), validate(yaml));
        assertDoesNotThrow(() -> LOADER.parseFile("t.yaml", yaml));
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("missing section", VALID.replace("section: Security Checklist\n", "")),
                Arguments.of("missing checks", "section: S\n"),
                Arguments.of("blank title", VALID.replace("title: First check", "title: ' '")),
                Arguments.of("missing rationale", VALID.replace("    rationale: Why it matters.\n", "")),
                Arguments.of("missing probe", VALID.replace("    probe:\n      type: manual\n      verify: Ask the team.\n", "")),
                Arguments.of("id without a section prefix", VALID.replace("id: security.one", "id: one")),
                Arguments.of("id in upper case", VALID.replace("id: security.one", "id: Security.One")),
                Arguments.of("bad severity", VALID.replace("severity: high", "severity: urgent")),
                Arguments.of("timeout as a number", VALID.replace("timeout: 15s", "timeout: 500")),
                Arguments.of("timeout not a duration", VALID.replace("timeout: 15s", "timeout: soon")),
                Arguments.of("probe without type", probe("      verify: by hand\n")),
                Arguments.of("unknown probe type", probe("      type: evn\n      vars: {A: {}}\n")),
                Arguments.of("env without vars", probe("      type: env\n")),
                Arguments.of("env with no variables", probe("      type: env\n      vars: {}\n")),
                Arguments.of("env rule as text", probe("      type: env\n      vars: {A: strong}\n")),
                Arguments.of("minLength: abc", probe("      type: env\n      vars: {A: {minLength: abc}}\n")),
                Arguments.of("minLength: 16.5", probe("      type: env\n      vars: {A: {minLength: 16.5}}\n")),
                Arguments.of("boolean: maybe", probe("      type: env\n      vars: {A: {boolean: maybe}}\n")),
                Arguments.of("bytes without min", probe("      type: env\n      vars: {A: {bytes: {encoding: hex}}}\n")),
                Arguments.of("bytes with min 0", probe("      type: env\n      vars: {A: {bytes: {min: 0}}}\n")),
                Arguments.of("unknown encoding", probe("      type: env\n      vars: {A: {bytes: {min: 8, encoding: base32}}}\n")),
                Arguments.of("entropy over 8", probe("      type: env\n      vars: {A: {minEntropy: 9}}\n")),
                Arguments.of("randomBytes without min", probe("      type: env\n      vars: {A: {randomBytes: {max: 32}}}\n")),
                Arguments.of("empty oneOf", probe("      type: env\n      vars: {A: {oneOf: []}}\n")),
                Arguments.of("unitless hours", probe("      type: env\n      vars: {A: {duration: {unitless: hours}}}\n")),
                Arguments.of("distinct group of one", probe("      type: env\n      vars: {A: {}}\n      distinct: [[A]]\n")),
                Arguments.of("file without paths", probe("      type: file\n      exists: true\n")),
                Arguments.of("file with no globs", probe("      type: file\n      paths: []\n")),
                Arguments.of("absolute glob", probe("      type: file\n      paths: [/etc/passwd]\n")),
                Arguments.of("glob leaving the repository", probe("      type: file\n      paths: ['../secrets/*']\n")),
                Arguments.of("newerThan as a number", probe("      type: file\n      paths: [a]\n      newerThan: 7\n")),
                Arguments.of("git with nothing to check", probe("      type: git\n")),
                Arguments.of("git with only an empty list", probe("      type: git\n      ignored: []\n")),
                Arguments.of("manual with a file parameter", probe("      type: manual\n      paths: [a]\n")),
                Arguments.of("attestation maxAge in hours", VALID.replace("    probe:\n", "    attestation: {maxAge: 12h}\n    probe:\n")),
                Arguments.of("attestation maxAge of 0d", VALID.replace("    probe:\n", "    attestation: {maxAge: 0d}\n    probe:\n")),
                Arguments.of("attestation with an unknown key", VALID.replace("    probe:\n",
                        "    attestation: {maxAgeDays: 92}\n    probe:\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void bothReject(String what, String yaml) throws IOException {
        assertFalse(validate(yaml).isEmpty(), "the schema accepted: " + what);
        assertThrows(InputException.class, () -> LOADER.parseFile("t.yaml", yaml), "the loader accepted: " + what);
    }

    // ---- the schema follows the spec records ----

    /** The keys Jackson binds for a record, as the loader sees them (with @JsonProperty renames). */
    private static Set<String> keysOf(Class<?> record) {
        return new TreeSet<>(JSON.getDeserializationConfig().introspect(JSON.constructType(record)).findProperties()
                .stream().map(BeanPropertyDefinition::getName).toList());
    }

    private static Set<String> schemaKeys(String def) {
        JsonNode node = schemaNode.path("$defs").path(def);
        assertFalse(node.isMissingNode(), "the schema has no $defs/" + def);
        assertEquals("object", node.path("type").asText(), def);
        assertFalse(node.path("additionalProperties").asBoolean(true), def + " must set additionalProperties: false");
        Set<String> keys = new TreeSet<>();
        node.path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    // Each probe type's definition against its spec record: ProbeSpecSchemaTest, one case per registered type.

    @Test
    void envRuleDefinitionsFollowTheirRecords() {
        Map<String, Class<?>> defs = Map.of(
                "envRule", EnvRule.class,
                "envIntRange", EnvRule.IntRange.class,
                "envDurationRule", EnvRule.DurationRule.class,
                "envBytesRule", EnvRule.BytesRule.class,
                "envRandomBytesRule", EnvRule.RandomBytesRule.class,
                "envUrlRule", EnvRule.UrlRule.class,
                "envEmailRule", EnvRule.EmailRule.class,
                "envListRule", EnvRule.ListRule.class);
        defs.forEach((def, record) -> assertEquals(keysOf(record), schemaKeys(def), "$defs/" + def));
    }

    @Test
    void attestationRuleFollowsItsRecord() {
        assertEquals(keysOf(CheckDefinition.AttestationDefinition.class), schemaKeys("attestationRule"));
    }

    @Test
    void checkDefinitionFollowsItsRecord() {
        assertEquals(keysOf(CheckDefinition.class), schemaKeys("check"));
        assertEquals(keysOf(CatalogueFile.class), new TreeSet<>(List.of("section", "checks")));
        Set<String> top = new TreeSet<>();
        schemaNode.path("properties").fieldNames().forEachRemaining(top::add);
        assertEquals(keysOf(CatalogueFile.class), top);
        assertFalse(schemaNode.path("additionalProperties").asBoolean(true));
    }
}
