package dev.prodaudit.probe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the API says about its own start and commit, as Express apps commonly write /version and /health. */
class ApiReleaseTest {
    private static final Instant ANSWERED = Instant.parse("2026-12-01T15:00:00Z");

    private static ApiRelease parse(String body) {
        return ApiRelease.parse("GET https://api.example.com/version", body, ANSWERED);
    }

    @Test
    void anIsoStartTimeAndAGitSha() {
        ApiRelease r = parse("{\"version\":\"1.4.2\",\"gitSha\":\"5D6E7F8A9B0C\",\"startedAt\":\"2026-12-01T14:05:00.123Z\"}");
        assertEquals(Instant.parse("2026-12-01T14:05:00.123Z"), r.startedAt());
        assertEquals("startedAt", r.startedBy());
        assertEquals("5d6e7f8a9b0c", r.commit());
    }

    @Test
    void nodesProcessUptimeIsCountedBackFromTheAnswer() {
        ApiRelease r = parse("{\"status\":\"ok\",\"uptime\":3600.5,\"redis\":\"up\"}");
        assertEquals(Instant.parse("2026-12-01T13:59:59.500Z"), r.startedAt());
        assertEquals("uptime", r.startedBy());
        assertNull(r.commit());
    }

    @Test
    void epochMillisecondsAndANestedBuildCommit() {
        ApiRelease r = parse("{\"start_time\":1764597900000,\"build\":{\"commit\":\"0a1b2c3d4e5f60718293a4b5c6d7e8f901234567\"}}");
        assertEquals(Instant.ofEpochMilli(1764597900000L), r.startedAt());
        assertEquals("0a1b2c3d4e5f60718293a4b5c6d7e8f901234567", r.commit());
    }

    @Test
    void aSemanticVersionIsNotACommitAndABodyWithNeitherIsNothing() {
        assertNull(parse("{\"version\":\"1.4.2\",\"status\":\"ok\"}"));
        assertNull(parse("<html>Service Unavailable</html>"));
        assertEquals("abcdef1", parse("{\"version\":\"abcdef1\"}").commit());
    }
}
