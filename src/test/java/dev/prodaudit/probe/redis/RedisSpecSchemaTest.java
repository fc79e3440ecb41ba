package dev.prodaudit.probe.redis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.InputException;
import dev.prodaudit.probe.ProbeRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published schema's {@code redisProbe} and the loader accept and reject the same {@code type: redis} mappings. */
class RedisSpecSchemaTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper().readTree(Path.of("schema", "catalogue.schema.json").toFile()));
    }

    private static String file(String probe) {
        return """
                section: Infra
                checks:
                  - id: infra.redis
                    title: Redis
                    severity: high
                    rationale: why
                    remediation: how
                    probe: {type: redis%s}
                """.formatted(probe.isEmpty() ? "" : ", " + probe);
    }

    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        return schema.validate(new YAMLMapper().readTree(yaml));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "checks: [auth]",
            "checks: memory",
            "checks: [auth, persistence, backup, memory, workers, queues]",
            "checks: [workers, queues], queues: [notion-sync, emails], prefix: rag",
            "checks: [queues], queues: notion-sync, maxFailed: 0",
            "checks: [memory], policy: allkeys-lru",
            "checks: [backup], maxBackupAge: 36h"})
    void bothAccept(String probe) throws IOException {
        assertEquals(Set.of(), validate(file(probe)));
        assertDoesNotThrow(() -> LOADER.parseFile("t.yaml", file(probe)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "checks: []",
            "checks: [aut]",
            "checks: [AUTH]",
            "checks: [queues], queues: []",
            "checks: [queues], queues: ['bull:notion']",
            "checks: [queues], queues: ['']",
            "checks: [queues], prefix: 'a b'",
            "checks: [memory], policy: 'NoEviction'",
            "checks: [queues], maxFailed: -1",
            "checks: [queues], maxFailed: 1.5",
            "checks: [backup], maxBackupAge: soon",
            "checks: [auth], password: x"})
    void bothReject(String probe) throws IOException {
        assertFalse(validate(file(probe)).isEmpty(), "the schema accepted: " + probe);
        assertThrows(InputException.class, () -> LOADER.parseFile("t.yaml", file(probe)), "the loader accepted: " + probe);
    }

    @Test
    void defaults() {
        RedisSpec s = new RedisSpec(List.of("workers", "workers"), null, null, null, null, null);
        assertEquals(List.of("workers"), s.checks());
        assertEquals(List.of("notion-sync"), s.queues());
        assertEquals("bull", s.prefix());
        assertEquals("noeviction", s.policy());
        assertEquals(java.time.Duration.ofHours(24), s.backupAge());
        assertEquals("1d", s.backupAgeText());
    }
}
