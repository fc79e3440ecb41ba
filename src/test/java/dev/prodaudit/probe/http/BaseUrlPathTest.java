package dev.prodaudit.probe.http;

import static dev.prodaudit.probe.http.HttpTestSupport.base;
import static dev.prodaudit.probe.http.HttpTestSupport.caFile;
import static dev.prodaudit.probe.http.HttpTestSupport.ctx;
import static dev.prodaudit.probe.http.HttpTestSupport.respond;
import static dev.prodaudit.probe.http.HttpTestSupport.server;
import static dev.prodaudit.probe.http.HttpTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A base URL with a path ({@code https://host/api}: an API mounted under a prefix or behind a path-routing proxy)
 * keeps that path for every relative probe path, in every HTTP probe; servers record the request targets they saw.
 */
class BaseUrlPathTest {
    /** A generous budget: the first TLS exchange of a JVM on a busy machine is slow, and timing is not tested here. */
    private static final Duration BUDGET = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "https://api.example.com/api,       /health,          https://api.example.com/api/health",
            "https://api.example.com/api/,      /health,          https://api.example.com/api/health",
            "https://api.example.com,           /health,          https://api.example.com/health",
            "https://api.example.com/,          /health,          https://api.example.com/health",
            "https://api.example.com/v1/api,    /metrics,         https://api.example.com/v1/api/metrics",
            "https://api.example.com/api,       /,                https://api.example.com/api/",
            "https://api.example.com/api?x=1,   /health?full=1,   https://api.example.com/api/health?full=1",
            "https://api.example.com/api,       /a%20b/c d,       https://api.example.com/api/a%20b/c%20d",
            "https://api.example.com:8443/api,  /socket.io/,      https://api.example.com:8443/api/socket.io/",
            "https://api.example.com/api,       https://status.example.com/up, https://status.example.com/up"})
    void aProbePathIsJoinedToTheBaseUrlsPath(String base, String path, String expected) {
        assertEquals(expected, Targeting.join(HttpUrl.get(base), path).toString());
    }

    @Test
    void noPathMeansTheBaseUrlItselfAndThePlainSideKeepsThePath() {
        HttpUrl base = HttpUrl.get("https://api.example.com/api");
        assertEquals(base, Targeting.join(base, null));
        assertEquals("http://api.example.com:8080/api/socket.io/",
                Targeting.join(Targeting.plainHttp(base, 8080), "/socket.io/").toString());
    }

    @Test
    void aPathThatWouldNameAnotherHostIsACatalogueError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HttpSpec(null, null, "//evil.example/x", null, null, null, null));
        assertEquals("'path' must not start with '//' (it would name another host; use 'url' for that)", e.getMessage());
    }

    /** Runs {@code probe} with the API at {@code <server>/api} and returns the request targets the server saw. */
    private List<String> seenUnderApiPrefix(boolean tls, Function<ProbeContext, Outcome> probe) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (MockWebServer s = server(tls, r -> {
            seen.add(r.getMethod() + " " + r.getTarget());
            return respond(200, "{\"status\":\"ok\"}", "Content-Type", "application/json");
        }); SharedClients clients = new SharedClients()) {
            Outcome o = probe.apply(ctx(targets(base(s) + "/api", null, tls ? caFile(dir) : null), Env.empty(), dir, BUDGET, clients));
            assertTrue(o.status() != Status.ERROR, o.evidence());
        }
        return seen;
    }

    @Test
    void everyHttpProbeRequestsItsPathUnderTheBaseUrlsPath() throws Exception {
        assertEquals(List.of("GET /api/health"), seenUnderApiPrefix(true,
                ctx -> new HttpProbe().run(new HttpSpec(null, null, "/health", null, null, null, null), ctx)));
        assertEquals(List.of("GET /api/api-docs.json"), seenUnderApiPrefix(true,
                ctx -> new HttpProbe().run(new HttpSpec(null, null, "/api-docs.json", null, null, null, null), ctx)));
        assertEquals(List.of("GET /api/metrics"), seenUnderApiPrefix(true,
                ctx -> new PrometheusProbe().run(new PrometheusSpec(null, null, null), ctx)));
        assertEquals(List.of("GET /api/api/auth/login"), seenUnderApiPrefix(true,
                ctx -> new RateLimitProbe().run(new RateLimitSpec(null, null, null, null, null), ctx)));
        assertEquals(List.of("GET /api/"), seenUnderApiPrefix(true,
                ctx -> new SecurityHeadersProbe().run(new SecurityHeadersSpec(null, null, null, null), ctx)));
        assertEquals(List.of("OPTIONS /api/", "GET /api/"), seenUnderApiPrefix(true,
                ctx -> new CorsProbe().run(new CorsSpec(null, null, null, null, null, null), ctx)));
    }

    @Test
    void theSocketIoAndRedirectProbesKeepThePathOnBothSides() throws Exception {
        List<String> secure = new CopyOnWriteArrayList<>();
        List<String> plain = new CopyOnWriteArrayList<>();
        try (MockWebServer tls = server(true, r -> {
            secure.add(r.getMethod() + " " + r.getTarget());
            return SocketIoProbeTest.engineIo(r);
        }); MockWebServer clear = server(false, r -> {
            plain.add(r.getMethod() + " " + r.getTarget());
            return respond(301, "", "Location", "https://" + r.getUrl().host() + r.getTarget());
        }); SharedClients clients = new SharedClients()) {
            ProbeContext ctx = ctx(targets(base(tls) + "/api", null, caFile(dir)), Env.empty(), dir, BUDGET, clients);
            new SocketIoProbe().run(new SocketIoSpec(null, null, null, clear.getPort()), ctx);
            Outcome redirect = new HttpsRedirectProbe().run(new HttpsRedirectSpec(null, null, "/health", clear.getPort()), ctx);
            assertEquals(Status.PASS, redirect.status(), redirect.evidence());
        }
        assertEquals(List.of("GET /api/socket.io/?EIO=4&transport=polling"), secure);
        assertEquals(List.of("GET /api/socket.io/?EIO=4&transport=polling", "GET /api/health"), plain);
    }

    @Test
    void anAbsoluteUrlWithoutAPathIsRequestedAsWritten() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (MockWebServer s = server(false, r -> {
            seen.add(r.getMethod() + " " + r.getTarget());
            return respond(200, "# TYPE up gauge\nup 1\n");
        }); SharedClients clients = new SharedClients()) {
            ProbeContext ctx = ctx(targets("https://api.example.invalid/api", null, null), dir, clients);
            Outcome o = new PrometheusProbe().run(new PrometheusSpec(null, base(s) + "/internal/prom", null), ctx);
            assertEquals(Status.PASS, o.status(), o.evidence());
        }
        assertEquals(List.of("GET /internal/prom"), seen);
    }
}
