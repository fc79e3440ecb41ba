package dev.prodaudit.probe.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code type: redis}: its defaults. The schema and the loader agreeing on its mappings is
 * {@link dev.prodaudit.catalog.ProbeSpecSchemaTest}'s.
 */
class RedisSpecTest {

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
