package dev.prodaudit.probe.redis;

import dev.prodaudit.probe.Deadline;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pieces of the redis probe that need no server: the allow-list, BullMQ's names, URLs, INFO and CLIENT LIST. */
class RedisUnitsTest {

    // ---- the read-only allow-list ----

    @ParameterizedTest
    @ValueSource(strings = {"PING", "AUTH x", "HELLO 3", "SELECT 2", "INFO persistence", "LASTSAVE", "CONFIG GET save",
            "config get maxmemory-policy", "CLIENT LIST", "CLIENT SETNAME prodaudit", "TYPE bull:q:wait", "LLEN bull:q:wait",
            "ZCARD bull:q:failed", "SCARD s", "HLEN h", "EXISTS a b c", "HGET bull:q:meta paused", "HGETALL bull:q:meta",
            "SCAN 0 MATCH bull:*:meta COUNT 1000"})
    void allows(String command) {
        assertEquals(Optional.empty(), ReadOnlyCommands.violation(List.of(command.split(" "))), command);
    }

    @ParameterizedTest
    @ValueSource(strings = {"CONFIG SET maxmemory 0", "CONFIG REWRITE", "CONFIG RESETSTAT", "KEYS *", "SET a b", "DEL a",
            "FLUSHALL", "HSET bull:q:meta paused 1", "HGET bull:q:1 data", "HGETALL bull:q:1", "SCAN 0", "SCAN 0 COUNT 100000",
            "CLIENT KILL ID 1", "CLIENT SETINFO LIB-NAME jedis", "CLIENT PAUSE 1000", "MONITOR", "DEBUG SLEEP 1", "EVAL x 0",
            "SHUTDOWN", "BGSAVE", "LPUSH l x", "CONFIG"})
    void refuses(String command) {
        assertTrue(ReadOnlyCommands.violation(List.of(command.split(" "))).isPresent(), command);
        assertThrows(IllegalStateException.class, () -> ReadOnlyCommands.require(List.of(command.split(" "))));
    }

    @Test
    void commandStatsNames() {
        for (String ok : List.of("config|get", "client|list", "client|setname", "hget", "scan", "info", "auth")) {
            assertTrue(ReadOnlyCommands.allowsName(ok), ok);
        }
        for (String no : List.of("config|set", "client|kill", "set", "keys", "flushall", "client|setinfo", "hset")) {
            assertFalse(ReadOnlyCommands.allowsName(no), no);
        }
    }

    // ---- BullMQ names ----

    @Test
    void bullMqClientNamesAreThePrefixAndTheBase64OfTheQueueName() {
        // Buffer.from('notion-sync').toString('base64') in Node.
        assertEquals("bull:bm90aW9uLXN5bmM=", BullMq.clientName("bull", "notion-sync"));
        assertTrue(BullMq.isWorker("bull:bm90aW9uLXN5bmM=", "bull", "notion-sync"));
        assertTrue(BullMq.isWorker("bull:bm90aW9uLXN5bmM=:w:worker-1", "bull", "notion-sync"));
        assertFalse(BullMq.isWorker("bull:bm90aW9uLXN5bmM=:qe", "bull", "notion-sync"), "QueueEvents is not a worker");
        assertFalse(BullMq.isWorker("bull:bm90aW9uLXN5bmM=x", "bull", "notion-sync"));
        assertFalse(BullMq.isWorker("", "bull", "notion-sync"));
        assertFalse(BullMq.isWorker("rag:bm90aW9uLXN5bmM=", "bull", "notion-sync"));
        assertEquals("bull:notion-sync:meta", BullMq.key("bull", "notion-sync", "meta"));
    }

    @Test
    void parsesClientList() {
        List<BullMq.Client> clients = BullMq.parseClientList(
                "id=3 addr=127.0.0.1:5 laddr=127.0.0.1:6379 fd=8 name=bull:cQ== age=42 idle=0 flags=N db=0\r\n"
                        + "id=4 addr=127.0.0.1:6 laddr=127.0.0.1:6379 fd=9 name= age=7 idle=0 flags=N db=0\n");
        assertEquals(2, clients.size());
        assertEquals("bull:cQ==", clients.get(0).name());
        assertEquals(42, clients.get(0).ageSeconds());
        assertEquals("", clients.get(1).name());
    }

    @Test
    void globEscape() {
        assertEquals("a\\*b\\?c\\[d\\]", BullMq.globEscape("a*b?c[d]"));
    }

    // ---- URLs ----

    @Test
    void parsesRedisUrls() throws Exception {
        RedisTarget t = RedisTarget.parse("rediss://app:p%40ss%3Aword@Cache.Example.com:6380/2", null);
        assertTrue(t.tls());
        assertEquals("cache.example.com", t.host());
        assertEquals(6380, t.port());
        assertEquals("app", t.user());
        assertEquals("p@ss:word", t.password());
        assertEquals(2, t.database());
        assertEquals("rediss://app:[redacted]@cache.example.com:6380/2", t.toString());
        assertFalse(t.toString().contains("p@ss"));

        RedisTarget plain = RedisTarget.parse("redis://localhost", null);
        assertEquals(6379, plain.port());
        assertFalse(plain.hasPassword());
        assertEquals(null, plain.user());

        RedisTarget emptyUser = RedisTarget.parse("redis://:pw+x@10.0.0.5:6378/0?family=4", null);
        assertEquals(null, emptyUser.user());
        assertEquals("pw+x", emptyUser.password());
        assertEquals(0, emptyUser.database());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://cache:6379", "redis://a:1,b:2", "redis://cache/x", "not a url", "redis://cache:99999"})
    void rejectsOtherUrls(String url) {
        RedisTarget.Invalid e = assertThrows(RedisTarget.Invalid.class, () -> RedisTarget.parse(url, null));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void anInvalidUrlIsShownWithoutItsPassword() {
        RedisTarget.Invalid e = assertThrows(RedisTarget.Invalid.class,
                () -> RedisTarget.parse("memcache://u:Secret-pw-77@h:1", null));
        assertFalse(e.getMessage().contains("Secret-pw-77"), e.getMessage());
    }

    // ---- INFO, formatting ----

    @Test
    void parsesInfo() {
        Info info = Info.parse("# Persistence\r\nrdb_last_bgsave_status:ok\r\nrdb_saves:3\r\n\r\n# Memory\r\nmaxmemory_policy:noeviction\r\n");
        assertEquals(Optional.of("ok"), info.get("rdb_last_bgsave_status"));
        assertEquals(3, info.number("rdb_saves").getAsLong());
        assertTrue(info.number("maxmemory_policy").isEmpty());
        assertTrue(info.get("missing").isEmpty());
    }

    @Test
    void theBudgetIsALittleUnderTheTimeout() {
        assertEquals(900, Deadline.budget(1000));
        assertEquals(9750, Deadline.budget(10_000));
        assertEquals(50, Deadline.budget(100));
    }
}
