package dev.prodaudit.probe.http;

import static dev.prodaudit.probe.http.HttpTestSupport.base;
import static dev.prodaudit.probe.http.HttpTestSupport.caFile;
import static dev.prodaudit.probe.http.HttpTestSupport.ctx;
import static dev.prodaudit.probe.http.HttpTestSupport.env;
import static dev.prodaudit.probe.http.HttpTestSupport.server;
import static dev.prodaudit.probe.http.HttpTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.SharedClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: cors} against a real server with the CORS behaviours of common misconfigurations. */
class CorsProbeTest {
    private static final Set<String> ALLOWED = Set.of("https://app.example.com", "https://admin.example.com");

    @TempDir
    Path dir;

    /** How the server answers CORS. */
    enum Mode { ALLOW_LIST, REFLECT_WITH_CREDENTIALS, REFLECT, STAR, STAR_WITH_CREDENTIALS }

    private static MockResponse answer(Mode mode, RecordedRequest r) {
        String origin = r.getHeaders().get("Origin");
        MockResponse.Builder b = new MockResponse.Builder().code(r.getMethod().equals("OPTIONS") ? 204 : 200);
        switch (mode) {
            case ALLOW_LIST -> {
                if (origin != null && ALLOWED.contains(origin)) {
                    b.addHeader("Access-Control-Allow-Origin", origin).addHeader("Access-Control-Allow-Credentials", "true")
                            .addHeader("Vary", "Origin");
                }
            }
            case REFLECT_WITH_CREDENTIALS -> b.addHeader("Access-Control-Allow-Origin", origin)
                    .addHeader("Access-Control-Allow-Credentials", "true");
            case REFLECT -> b.addHeader("Access-Control-Allow-Origin", origin);
            case STAR -> b.addHeader("Access-Control-Allow-Origin", "*");
            case STAR_WITH_CREDENTIALS -> b.addHeader("Access-Control-Allow-Origin", "*")
                    .addHeader("Access-Control-Allow-Credentials", "true");
            default -> { }
        }
        return b.build();
    }

    private Outcome run(Mode mode, Env env, List<RecordedRequest> seen) throws Exception {
        try (MockWebServer s = server(true, r -> {
            seen.add(r);
            return answer(mode, r);
        }); SharedClients clients = new SharedClients()) {
            return new CorsProbe().run(new CorsSpec(null, null, null, null, null, null),
                    ctx(targets(base(s), null, caFile(dir)), env, dir, Duration.ofSeconds(2), clients));
        }
    }

    private Outcome run(Mode mode, Env env) throws Exception {
        return run(mode, env, new CopyOnWriteArrayList<>());
    }

    @Test
    void anAllowListRefusesTheForeignOriginAndAllowsItsOwn() throws Exception {
        List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
        Outcome o = run(Mode.ALLOW_LIST, env(Map.of("ALLOWED_ORIGINS", "https://app.example.com, https://admin.example.com")), seen);
        assertEquals(Status.PASS, o.status(), o.findings().toString());
        assertEquals("a preflight from https://prodaudit-cors-probe.invalid is refused; 2 of 2 origins from ALLOWED_ORIGINS allowed", o.evidence());
        RecordedRequest preflight = seen.get(0);
        assertEquals("OPTIONS", preflight.getMethod());
        assertEquals("https://prodaudit-cors-probe.invalid", preflight.getHeaders().get("Origin"));
        assertEquals("GET", preflight.getHeaders().get("Access-Control-Request-Method"));
        assertEquals(List.of("OPTIONS", "GET", "OPTIONS", "OPTIONS"), seen.stream().map(RecordedRequest::getMethod).toList());
    }

    @Test
    void anAllowedOriginTheServerRefusesFails() throws Exception {
        Outcome o = run(Mode.ALLOW_LIST, env(Map.of("ALLOWED_ORIGINS", "https://app.example.com,https://new.example.com")));
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().startsWith("https://new.example.com (from ALLOWED_ORIGINS) is not allowed by the preflight: OPTIONS "), o.evidence());
        assertTrue(o.evidence().endsWith("answered 204 without Access-Control-Allow-Origin"), o.evidence());
    }

    @Test
    void withoutTheVariableOnlyTheForeignOriginIsChecked() throws Exception {
        Outcome o = run(Mode.ALLOW_LIST, Env.empty());
        assertEquals(Status.PASS, o.status());
        assertTrue(o.findings().stream().anyMatch(f -> f.status() == Status.SKIP
                && f.message().equals("ALLOWED_ORIGINS is not set; allowed origins not checked")));
    }

    @Test
    void reflectingTheOriginWithCredentialsFails() throws Exception {
        Outcome o = run(Mode.REFLECT_WITH_CREDENTIALS, Env.empty());
        assertEquals(Status.FAIL, o.status());
        assertEquals("preflight from https://prodaudit-cors-probe.invalid is allowed: Access-Control-Allow-Origin echoes it with"
                + " Access-Control-Allow-Credentials: true, so any site can make authenticated requests as the logged-in user (+1 more)", o.evidence());
    }

    @Test
    void reflectingTheOriginWithoutCredentialsFails() throws Exception {
        Outcome o = run(Mode.REFLECT, Env.empty());
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().endsWith("echoes it, so the allow-list lets any site read responses (+1 more)"), o.evidence());
    }

    @Test
    void aWildcardWarnsAndAWildcardWithCredentialsFails() throws Exception {
        Outcome star = run(Mode.STAR, Env.empty());
        assertEquals(Status.WARN, star.status());
        assertEquals("preflight from https://prodaudit-cors-probe.invalid: Access-Control-Allow-Origin: * lets any site read responses"
                + " (without credentials) (+1 more)", star.evidence());
        Outcome starCred = run(Mode.STAR_WITH_CREDENTIALS, Env.empty());
        assertEquals(Status.FAIL, starCred.status());
        assertTrue(starCred.findings().stream().map(Finding::message).anyMatch(m -> m.equals(
                "preflight from https://prodaudit-cors-probe.invalid: Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true")));
    }

    @Test
    void aRefusedPortIsAnError() throws Exception {
        int port = HttpTestSupport.refusedPort();
        try (SharedClients clients = new SharedClients()) {
            Outcome o = new CorsProbe().run(new CorsSpec(null, null, null, null, null, null),
                    ctx(targets("https://127.0.0.1:" + port, null, null), dir, clients));
            assertEquals(Status.ERROR, o.status());
            assertEquals("connection refused by 127.0.0.1:" + port + ": OPTIONS https://127.0.0.1:" + port + "/", o.evidence());
        }
    }

    @Test
    void theForeignOriginMustBeAnOrigin() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CorsSpec(null, null, null, "https://evil.example/path", null, null));
        assertEquals("https://evil.example", new CorsSpec(null, null, null, "https://evil.example", null, null).origin());
    }
}
