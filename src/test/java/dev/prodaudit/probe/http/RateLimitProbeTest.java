package dev.prodaudit.probe.http;

import static dev.prodaudit.probe.http.HttpTestSupport.base;
import static dev.prodaudit.probe.http.HttpTestSupport.caFile;
import static dev.prodaudit.probe.http.HttpTestSupport.ctx;
import static dev.prodaudit.probe.http.HttpTestSupport.respond;
import static dev.prodaudit.probe.http.HttpTestSupport.server;
import static dev.prodaudit.probe.http.HttpTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.input.TimeSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: rate-limit} against a real server sending the headers of each express-rate-limit mode. */
class RateLimitProbeTest {
    @TempDir
    Path dir;

    private Outcome run(RateLimitSpec spec, String... headers) throws Exception {
        return run(spec, 404, headers);
    }

    /** The login route answers a GET with {@code status}: 404 or 405 when only POST is routed, as in Express. */
    private Outcome run(RateLimitSpec spec, int status, String... headers) throws Exception {
        List<String> methods = new CopyOnWriteArrayList<>();
        try (MockWebServer s = server(true, r -> {
            methods.add(r.getMethod() + " " + r.getUrl().encodedPath());
            return respond(status, "{\"error\":\"Not found\"}", headers);
        }); SharedClients clients = new SharedClients()) {
            Outcome o = new RateLimitProbe().run(spec, ctx(targets(base(s), null, caFile(dir)), dir, clients));
            assertEquals(List.of("GET /api/auth/login"), methods, "one GET of the login endpoint, never a POST");
            return o;
        }
    }

    private Outcome run(String... headers) throws Exception {
        return run(new RateLimitSpec(null, null, null, null, null), headers);
    }

    @Test
    void draft7HeadersAnnouncingTenPer900SecondsPass() throws Exception {
        Outcome o = run("RateLimit-Policy", "10;w=900", "RateLimit", "limit=10, remaining=9, reset=900");
        assertEquals(Status.PASS, o.status());
        assertTrue(o.evidence().endsWith("/api/auth/login answered 404 announcing 10 requests per 900 s (RateLimit-Policy)"), o.evidence());
    }

    @Test
    void draft8HeadersPassAndThePartitionKeyIsNotShown() throws Exception {
        Outcome o = run("RateLimit-Policy", "\"login\"; q=5; w=3600; pk=:MjQ2YzYzYTg5NjZh:", "RateLimit", "\"login\"; r=4; t=3600");
        assertEquals(Status.PASS, o.status());
        assertTrue(o.evidence().endsWith("announcing 5 requests per 3600 s (RateLimit-Policy)"), o.evidence());
        assertFalse(o.evidence().contains("MjQ2"));
    }

    @Test
    void draft6HeadersPass() throws Exception {
        assertEquals(Status.PASS, run("RateLimit-Policy", "10;w=900", "RateLimit-Limit", "10", "RateLimit-Remaining", "9").status());
    }

    @Test
    void aLooserPolicyFails() throws Exception {
        Outcome many = run("RateLimit-Policy", "100;w=900");
        assertEquals(Status.FAIL, many.status());
        assertTrue(many.evidence().endsWith("announcing 100 requests per 900 s (RateLimit-Policy), looser than at most 10 requests per 900 s"),
                many.evidence());
        assertEquals(Status.FAIL, run("RateLimit-Policy", "10;w=60").status());
    }

    @Test
    void oneStrictPolicyAmongSeveralIsEnough() throws Exception {
        assertEquals(Status.PASS, run("RateLimit-Policy", "100;w=60, 10;w=900").status());
    }

    @Test
    void aLimitWithoutAWindowWarnsOrFails() throws Exception {
        Outcome legacy = run("X-RateLimit-Limit", "10", "X-RateLimit-Remaining", "9");
        assertEquals(Status.WARN, legacy.status());
        assertTrue(legacy.evidence().contains("announcing 10 requests (window not announced) (X-RateLimit-Limit); send RateLimit-Policy"),
                legacy.evidence());
        Outcome loose = run("X-RateLimit-Limit", "1000");
        assertEquals(Status.FAIL, loose.status());
        assertTrue(loose.evidence().endsWith("more than at most 10 requests per 900 s"), loose.evidence());
    }

    @Test
    void aRouteThatAnswersGetWithoutHeadersFails() throws Exception {
        for (int status : new int[] {200, 400, 401}) {
            Outcome o = run(new RateLimitSpec(null, null, null, null, null), status);
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().endsWith("/api/auth/login answered " + status + " without rate-limit headers (RateLimit-Policy,"
                    + " RateLimit, RateLimit-Limit or X-RateLimit-Limit); expected at most 10 requests per 900 s"), o.evidence());
        }
    }

    @Test
    void aPostOnlyLoginRouteWithoutHeadersIsNotVisibleFromAReadOnlyRequest() throws Exception {
        // Express with router.post('/api/auth/login', loginLimiter, login): a GET never reaches the limiter.
        for (int status : new int[] {404, 405}) {
            Outcome o = run(new RateLimitSpec(null, null, null, null, null), status);
            assertEquals(Status.WARN, o.status(), o.evidence());
            assertEquals(1, o.findings().size());
            assertTrue(o.evidence().startsWith("rate limit not visible from a read-only request: GET https://"), o.evidence());
            assertTrue(o.evidence().endsWith("/api/auth/login answered " + status + " without rate-limit headers, so the route does"
                    + " not answer GET and a limiter on POST /api/auth/login cannot be seen (the audit never sends POST);"
                    + " expected at most 10 requests per 900 s, to be confirmed in the source or by attestation"), o.evidence());
        }
    }

    @Test
    void aPostOnlyRouteThatStillAnnouncesItsPolicyIsJudgedByIt() throws Exception {
        // app.use('/api/auth', limiter) runs the limiter for every method, so even the 404 carries the headers.
        assertEquals(Status.PASS, run(new RateLimitSpec(null, null, null, null, null), 404,
                "RateLimit-Policy", "10;w=900", "RateLimit", "limit=10, remaining=9, reset=900").status());
        assertEquals(Status.FAIL, run(new RateLimitSpec(null, null, null, null, null), 405,
                "RateLimit-Policy", "100;w=60").status());
    }

    @Test
    void limitAndWindowAreConfigurable() throws Exception {
        RateLimitSpec spec = new RateLimitSpec(null, null, null, 100, TimeSpan.of("1m"));
        assertEquals(Status.PASS, run(spec, "RateLimit-Policy", "100;w=60").status());
    }

    @Test
    void aRefusedPortIsAnError() throws Exception {
        int port = HttpTestSupport.refusedPort();
        try (SharedClients clients = new SharedClients()) {
            Outcome o = new RateLimitProbe().run(new RateLimitSpec(null, null, null, null, null),
                    ctx(targets("http://127.0.0.1:" + port, null, null), dir, clients));
            assertEquals(Status.ERROR, o.status());
            assertEquals("connection refused by 127.0.0.1:" + port + ": GET http://127.0.0.1:" + port + "/api/auth/login", o.evidence());
        }
    }
}
