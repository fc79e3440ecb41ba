package dev.prodaudit.probe.redis;

import static dev.prodaudit.probe.redis.RedisTestSupport.run;
import static dev.prodaudit.probe.redis.RedisTestSupport.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Status;
import dev.prodaudit.testing.GarbageServer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** REDIS_URL pointing at something that is not Redis: a clean reason, not the driver's "Unknown reply: H". */
class RedisGarbageReplyTest {
    static final Pattern CLASS_NAME = Pattern.compile("\\b[A-Z][a-zA-Z]+(Exception|Error)\\b|java\\.|javax\\.|io\\.netty|redis\\.clients");

    @Test
    void aWebServerOnTheRedisPortIsNotARedisServer() throws Exception {
        try (GarbageServer web = GarbageServer.answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")) {
            Outcome o = run("redis://:Garbage-pass-1@127.0.0.1:" + web.port(), spec("auth"));
            assertEquals(Status.ERROR, o.status(), o.evidence());
            assertTrue(o.evidence().contains("not a Redis server: unexpected reply"), o.evidence());
            assertFalse(CLASS_NAME.matcher(o.evidence()).find(), o.evidence());
            o.findings().forEach(f -> assertFalse(CLASS_NAME.matcher(f.message()).find(), f.message()));
        }
    }
}
