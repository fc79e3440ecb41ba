package dev.prodaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodaudit.input.Binder;
import dev.prodaudit.input.InputException;
import dev.prodaudit.input.YamlDocument;
import dev.prodaudit.testing.TreeVariants;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * audit.yaml is read straight from the tree when it is written as most are ({@link ConfigLoader#readPlain}), else by
 * the binder. The two must never disagree: whatever the plain reading accepts, the binder reads to the same record.
 */
class ConfigReadingTest {

    /** Every key the plain reading takes, as a team would write them. */
    private static final String EVERY_PLAIN_KEY = """
            version: 1
            envFiles: [.env.production, .env]
            processEnv: false
            repository: ../app
            secrets: [INTERNAL_TOKEN]
            targets:
              baseUrl: https://api.example-company.com
              tls: [api.example-company.com:443, app.example-company.com]
              qdrant: {url: "http://qdrant.internal:6333", collection: docs, grpcPort: 6334}
              caFile: certs/internal-ca.pem
            checks:
              security.https-tls:
                probe:
                  probes: [{type: https-redirect, port: 8080}]
              infra.redis-password: {severity: medium, timeout: 20s}
              docs.runbook: {enabled: false}
            failOn: high
            timeout: 15s
            concurrency: 4
            catalogue: [builtin, ./our-checks]
            attestations: audit.attestations.yaml
            waivers:
              - {check: perf.load-test, reason: "load test runs after launch", expires: 2027-01-31, approvedBy: ops@example-company.com}
            requireAttested: high
            historyDepth: 500
            offline: false
            pushGateway: http://pushgateway.internal:9091
            environment: production
            """;

    /** What {@code audit init} and the training run write: targets and one probe override. */
    private static final String SMALL = """
            version: 1
            targets:
              baseUrl: "http://127.0.0.1:4000"
              tls: ["127.0.0.1:4443"]
              caFile: '/tmp/training/ca.pem'
            checks:
              deploy.dependencies-updated:
                probe: {audit: registry}
            """;

    /** Values of every node type, each put in place of each value above. */
    private static final List<String> VALUES = List.of("null", "''", "text", "'15s'", "15s", "0s", "99999d", "1", "0",
            "-3", "65", "4294967296", "1.5", "true", "false", "[]", "[a, b]", "[1]", "[a, null]", "[[a]]", "{}",
            "{a: b}", "{enabled: false}", "{severity: low, enabled: true}", "{probe: {a: 1}}", "{probe: null}",
            "{timeout: soon}", "{dir: history, keep: 3}", "{provider: github}");

    private static ConfigLoader.ConfigFile bound(JsonNode root) {
        try {
            return Binder.bind(root, ConfigLoader.ConfigFile.class, "", Binder.Locator.of(YamlDocument.parse("audit.yaml", "{}")));
        } catch (InputException e) {
            return null;
        }
    }

    private static JsonNode yaml(String text) throws InputException {
        return YamlDocument.parse("audit.yaml", text).root();
    }

    @Test
    void aConfigOfEveryPlainKeyIsReadPlainAndEqualsTheBindersReading() throws Exception {
        for (String text : List.of(EVERY_PLAIN_KEY, SMALL)) {
            JsonNode root = yaml(text);
            Optional<ConfigLoader.ConfigFile> plain = ConfigLoader.readPlain(root);
            assertTrue(plain.isPresent(), text);
            assertEquals(bound(root), plain.get());
        }
        ConfigLoader.ConfigFile plain = ConfigLoader.readPlain(yaml(EVERY_PLAIN_KEY)).orElseThrow();
        assertEquals(false, plain.checks().get("docs.runbook").enabled());
        assertEquals("20s", plain.checks().get("infra.redis-password").timeout().text());
        assertEquals(500, plain.historyDepth());
    }

    @Test
    void ciAndHistoryGoThroughTheBinder() throws Exception {
        assertFalse(ConfigLoader.readPlain(yaml(SMALL + "ci: {provider: github}\n")).isPresent());
        assertFalse(ConfigLoader.readPlain(yaml(SMALL + "history: {dir: audit-history}\n")).isPresent());
        assertFalse(ConfigLoader.readPlain(yaml(SMALL + "concurency: 4\n")).isPresent(), "a misspelt key: the binder names it");
    }

    /**
     * Each value of both configurations (top-level, each override and each override's key) replaced by each of
     * {@link #VALUES}, each key removed, an unknown key added: wherever the plain reading says yes, the binder gives
     * the same record.
     */
    @Test
    void everyVariantThePlainReadingAcceptsTheBinderReadsAlike() throws Exception {
        List<JsonNode> values = TreeVariants.values(VALUES);
        TreeVariants.Counts counts = new TreeVariants.Counts(0, 0);
        for (String text : List.of(EVERY_PLAIN_KEY, SMALL)) {
            ObjectNode root = (ObjectNode) yaml(text);
            for (ObjectNode mapping : mappings(root)) {
                counts = counts.plus(TreeVariants.each(mapping, values, () -> readAlike(root)));
            }
        }
        assertTrue(counts.variants() > 1_000, "variants: " + counts.variants());
        assertTrue(counts.plain() > 100 && counts.plain() < counts.variants(),
                "read plain: " + counts.plain() + " of " + counts.variants());
    }

    /** Whether the plain reading took {@code root}; asserts the binder reads it to the same record. */
    private static boolean readAlike(JsonNode root) {
        Optional<ConfigLoader.ConfigFile> plain = ConfigLoader.readPlain(root);
        if (plain.isEmpty()) {
            return false;
        }
        ConfigLoader.ConfigFile bound = bound(root);
        assertNotNull(bound, "the binder refuses what the plain reading took: " + root);
        assertEquals(bound, plain.get(), root.toString());
        return true;
    }

    /** {@code targets.tls} and {@code targets.caFile}, each of {@link #VALUES} or absent, with and without qdrant. */
    @Test
    void theTargetsThatAreNotOneStringAreReadAlike() throws Exception {
        List<String> values = new ArrayList<>(VALUES);
        values.add(null);
        int plain = 0;
        for (String tls : values) {
            for (String caFile : values) {
                for (String qdrant : java.util.Arrays.asList(null, "{url: 'http://qdrant:6333'}")) {
                    StringBuilder yaml = new StringBuilder("{");
                    if (tls != null) {
                        yaml.append("tls: ").append(tls).append(", ");
                    }
                    if (caFile != null) {
                        yaml.append("caFile: ").append(caFile).append(", ");
                    }
                    if (qdrant != null) {
                        yaml.append("qdrant: ").append(qdrant);
                    }
                    JsonNode special = yaml(yaml.append("}").toString());
                    ConfigLoader.SpecialTargets read = ConfigLoader.SpecialTargets.readPlain(special);
                    if (read != null) {
                        plain++;
                        assertEquals(Binder.bind(special, ConfigLoader.SpecialTargets.class, "/targets",
                                Binder.Locator.of(YamlDocument.parse("audit.yaml", "{}"))), read, special.toString());
                    }
                }
            }
        }
        assertEquals(3 * 7, plain, "tls absent or one of two lists of text, caFile absent or one of six texts, no qdrant");
    }

    /** The root, each {@code checks.<id>} override and the {@code checks} mapping itself. */
    private static List<ObjectNode> mappings(ObjectNode root) {
        List<ObjectNode> out = new ArrayList<>(List.of(root));
        JsonNode checks = root.get("checks");
        if (checks instanceof ObjectNode c) {
            out.add(c);
            c.elements().forEachRemaining(o -> {
                if (o instanceof ObjectNode override) {
                    out.add(override);
                }
            });
        }
        return out;
    }
}
