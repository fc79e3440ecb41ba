package dev.prodaudit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodaudit.config.ConfigLoader;
import dev.prodaudit.testing.TreeVariants;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * audit.yaml is bound straight from the tree when everything in it is plain ({@link PlainRecords}), else by Jackson.
 * The two must never disagree: on a configuration of every key, on the short one the training run writes, and on
 * each of them with any value replaced, removed or joined by an unknown key.
 */
class ConfigReadingTest {

    /** Every key of audit.yaml, as a team would write them. */
    private static final String EVERY_KEY = """
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
            ci: {provider: gitlab, repository: acme/platform/app, jobs: {tests: [unit*], smoke: [e2e]}}
            offline: false
            pushGateway: http://pushgateway.internal:9091
            environment: production
            history: {dir: audit-history, keep: 30}
            """;

    /** What the training run writes: targets and one probe override. */
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

    /** The keys of targets: the loader binds as a record (the one-string targets it reads itself). */
    private static final String SPECIAL_TARGETS = """
            tls: [api.example-company.com:443]
            qdrant: {url: "http://qdrant.internal:6333", apiKey: "${QDRANT_API_KEY}", collection: docs, grpcPort: 6334}
            caFile: certs/internal-ca.pem
            """;

    /** Values of every node type, each put in place of each value above. */
    private static final List<String> VALUES = List.of("null", "''", "text", "'15s'", "15s", "0s", "99999d", "1", "0",
            "-3", "65", "4294967296", "1.5", "true", "false", "[]", "[a, b]", "[1]", "[a, null]", "[[a]]", "{}",
            "{a: b}", "{enabled: false}", "{severity: low, enabled: true}", "{probe: {a: 1}}", "{probe: null}",
            "{timeout: soon}", "{dir: history, keep: 3}", "{dir: history, keep: 1.5}", "{provider: github}",
            "{provider: github, jobs: {tests: [a]}}", "{url: 'http://q:6333', grpcPort: 6334}");

    private static JsonNode yaml(String text) throws InputException {
        return YamlDocument.parse("audit.yaml", text).root();
    }

    @Test
    void aConfigurationOfEveryKeyIsReadPlainAndAsJacksonReadsIt() throws Exception {
        for (String text : List.of(EVERY_KEY, SMALL)) {
            assertTrue(PlainRecordsTest.readAlike(yaml(text), ConfigLoader.ConfigFile.class), text);
        }
        assertTrue(PlainRecordsTest.readAlike(yaml(SPECIAL_TARGETS), ConfigLoader.SpecialTargets.class));
        ConfigLoader.ConfigFile plain = PlainRecords.read(yaml(EVERY_KEY), ConfigLoader.ConfigFile.class);
        assertNotNull(plain);
        assertEquals(false, plain.checks().get("docs.runbook").enabled());
        assertEquals("20s", plain.checks().get("infra.redis-password").timeout().text());
        assertEquals(500, plain.historyDepth());
        assertEquals(List.of("e2e"), plain.ci().jobs().smoke());
        assertEquals(30, plain.history().keep());
        assertNull(PlainRecords.read(yaml(SMALL + "concurency: 4\n"), ConfigLoader.ConfigFile.class),
                "a misspelt key: Jackson names it");
    }

    /**
     * Each value of each configuration (top level, each override, the targets and their qdrant mapping, ci and its
     * jobs, history) replaced by each of {@link #VALUES}, each key removed, an unknown key added: wherever the plain
     * reading takes the result, Jackson reads it to the same record.
     */
    @Test
    void everyVariantThePlainReadingTakesJacksonReadsAlike() throws Exception {
        List<JsonNode> values = TreeVariants.values(VALUES);
        TreeVariants.Counts counts = new TreeVariants.Counts(0, 0);
        for (String text : List.of(EVERY_KEY, SMALL)) {
            ObjectNode root = (ObjectNode) yaml(text);
            for (ObjectNode mapping : TreeVariants.mappings(root)) {
                counts = counts.plus(TreeVariants.each(mapping, values, () -> PlainRecordsTest.readAlike(root, ConfigLoader.ConfigFile.class)));
            }
        }
        ObjectNode special = (ObjectNode) yaml(SPECIAL_TARGETS);
        for (ObjectNode mapping : TreeVariants.mappings(special)) {
            counts = counts.plus(TreeVariants.each(mapping, values,
                    () -> PlainRecordsTest.readAlike(special, ConfigLoader.SpecialTargets.class)));
        }
        assertTrue(counts.variants() > 2_000, "variants: " + counts.variants());
        assertTrue(counts.plain() > 300 && counts.plain() < counts.variants(),
                "read plain: " + counts.plain() + " of " + counts.variants());
    }
}
