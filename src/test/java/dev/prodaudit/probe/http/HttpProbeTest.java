package dev.prodaudit.probe.http;

import static dev.prodaudit.probe.http.HttpTestSupport.base;
import static dev.prodaudit.probe.http.HttpTestSupport.caFile;
import static dev.prodaudit.probe.http.HttpTestSupport.ctx;
import static dev.prodaudit.probe.http.HttpTestSupport.respond;
import static dev.prodaudit.probe.http.HttpTestSupport.server;
import static dev.prodaudit.probe.http.HttpTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.input.InputException;
import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.input.Regex;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.TimedOut;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: http} against real loopback servers. */
class HttpProbeTest {
    /** The stack-trace pattern of app.fallback-messages, from the shipped catalogue. */
    private static final String STACK_TRACE = shippedStackTracePattern();

    private static String shippedStackTracePattern() {
        try {
            return new CatalogLoader(ProbeRegistry.load()).load(List.of(CatalogLoader.BUILTIN)).checks().stream()
                    .filter(c -> c.id().equals("app.fallback-messages"))
                    .map(c -> ((HttpSpec) HttpCatalogueTest.httpPart(c).spec()).expect().bodyNotMatches().source())
                    .findFirst().orElseThrow();
        } catch (InputException e) {
            throw new IllegalStateException(e);
        }
    }

    @TempDir
    Path dir;

    private final HttpProbe probe = new HttpProbe();

    private static HttpSpec get(String path, HttpSpec.Expect expect) {
        return new HttpSpec(null, null, path, null, null, null, expect);
    }

    private static HttpSpec.Expect expect(List<Integer> status, Map<String, HeaderRule> headers, String json) {
        return new HttpSpec.Expect(status, headers, null, null, null, json);
    }

    private Outcome run(MockWebServer s, HttpSpec spec) throws Exception {
        try (SharedClients clients = new SharedClients()) {
            return probe.run(spec, ctx(targets(base(s), null, caFile(dir)), dir, clients));
        }
    }

    @Test
    void healthEndpointWithAJsonStatusPasses() throws Exception {
        try (MockWebServer s = server(true, r -> r.getUrl().encodedPath().equals("/health")
                ? respond(200, "{\"status\":\"ok\",\"mongo\":\"up\"}", "Content-Type", "application/json")
                : respond(404, "{}"))) {
            Outcome o = run(s, get("/health", expect(List.of(200), null, "status")));
            assertEquals(Status.PASS, o.status(), o.toString());
            assertEquals("GET " + base(s) + "/health answered 200; JSON field 'status' is \"ok\"", o.evidence());
        }
    }

    @Test
    void healthEndpointFailures() throws Exception {
        try (MockWebServer s = server(true, r -> switch (r.getUrl().encodedPath()) {
            case "/down" -> respond(503, "{\"status\":\"degraded\"}");
            case "/html" -> respond(200, "<html>ok</html>", "Content-Type", "text/html");
            default -> respond(200, "{\"healthy\":true}");
        })) {
            Outcome down = run(s, get("/down", expect(List.of(200), null, "status")));
            assertEquals(Status.FAIL, down.status());
            assertEquals("GET " + base(s) + "/down answered 503; expected 200", down.evidence());

            Outcome html = run(s, get("/html", expect(List.of(200), null, "status")));
            assertEquals(Status.FAIL, html.status());
            assertEquals("body is not JSON (15 chars, text/html); expected an object with 'status'", html.evidence());

            Outcome noField = run(s, get("/other", expect(List.of(200), null, "status")));
            assertEquals(Status.FAIL, noField.status());
            assertEquals("JSON body has no 'status' field (fields: healthy)", noField.evidence());
        }
    }

    @Test
    void correlationIdHeaderPresentOrMissing() throws Exception {
        try (MockWebServer s = server(true, r -> r.getUrl().encodedPath().equals("/traced")
                ? respond(200, "ok", "X-Request-Id", "7f1c2a9e-0d4b-4c38-9d1e-3f6a2b8c1d00")
                : respond(200, "ok"))) {
            Map<String, HeaderRule> rules = Map.of("X-Request-Id", HeaderRule.PRESENT);
            Outcome traced = run(s, get("/traced", expect(null, rules, null)));
            assertEquals(Status.PASS, traced.status());
            assertTrue(traced.evidence().contains("X-Request-Id: 7f1c2a9e-0d4b-4c38-9d1e-3f6a2b8c1d00"), traced.evidence());

            Outcome untraced = run(s, get("/plain", expect(null, rules, null)));
            assertEquals(Status.FAIL, untraced.status());
            assertEquals("X-Request-Id is missing", untraced.evidence());
        }
    }

    @Test
    void errorPagesWithoutStackTracesPassAndWithThemFailWithALineNumber() throws Exception {
        String trace = "{\"error\":\"Cannot read properties of undefined\",\n\"stack\":\"TypeError: x\\n    at handler (/app/src/routes/chat.js:42:17)\"}";
        try (MockWebServer s = server(true, r -> r.getUrl().encodedPath().startsWith("/api/leaky")
                ? respond(500, trace, "Content-Type", "application/json")
                : r.getUrl().encodedPath().startsWith("/api/plain-text")
                ? respond(404, "Error: not found\n    at Layer.handle (node_modules/express/lib/router/layer.js:95:5)", "Content-Type", "text/plain")
                : respond(404, "{\"error\":\"Not found\"}", "Content-Type", "application/json; charset=utf-8"))) {
            HttpSpec.Expect e = new HttpSpec.Expect(List.of(401, 403, 404),
                    Map.of("Content-Type", new HeaderRule(null, null, Regex.of("(?i)json|html"), null, null)), null, null,
                    Regex.of(STACK_TRACE), null);
            Outcome clean = run(s, get("/api/prodaudit-unknown-route", e));
            assertEquals(Status.PASS, clean.status(), clean.toString());

            Outcome leaky = run(s, get("/api/leaky", e));
            assertEquals(Status.FAIL, leaky.status());
            assertTrue(leaky.findings().stream().anyMatch(f -> f.message().equals("body matches /" + STACK_TRACE + "/ at line 2 ("
                    + trace.length() + " chars, application/json)")), leaky.findings().toString());
            assertTrue(leaky.findings().stream().noneMatch(f -> f.message().contains("chat.js")), "the trace itself is not shown");

            Outcome text = run(s, get("/api/plain-text", e));
            assertEquals(Status.FAIL, text.status());
            assertTrue(text.findings().stream().anyMatch(f -> f.message().startsWith("Content-Type: text/plain does not match")));
        }
    }

    @Test
    void anyHeaderRulesPassOnTheFirstThatHoldsAndSayWhich() throws Exception {
        try (MockWebServer s = server(true, r -> switch (r.getUrl().encodedPath()) {
            case "/cdn" -> respond(200, "<html/>", "Cache-Control", "private, no-store", "X-Cache", "Hit from cloudfront");
            case "/cacheable" -> respond(200, "<html/>", "Cache-Control", "public, max-age=0, s-maxage=31536000");
            case "/private" -> respond(200, "<html/>", "Cache-Control", "private, max-age=600");
            default -> respond(200, "<html/>", "Cache-Control", "public, max-age=0");
        })) {
            Map<String, HeaderRule> any = new LinkedHashMap<>();
            any.put("Cache-Control", new HeaderRule(null, null, Regex.of("^(?!.*(?i:private|no-store)).*(?:s-maxage|max-age)=[1-9]"), null, null));
            any.put("Age", HeaderRule.PRESENT);
            any.put("X-Cache", HeaderRule.PRESENT);
            HttpSpec.Expect e = new HttpSpec.Expect(List.of(200), null, any, null, null, null);

            Outcome cdn = run(s, get("/cdn", e));
            assertEquals(Status.PASS, cdn.status());
            assertEquals("GET " + base(s) + "/cdn answered 200; X-Cache: Hit from cloudfront", cdn.evidence());
            assertEquals(Status.PASS, run(s, get("/cacheable", e)).status());

            Outcome priv = run(s, get("/private", e));
            assertEquals(Status.FAIL, priv.status());
            assertTrue(priv.evidence().startsWith("none of Cache-Control matching /^(?!.*(?i:private|no-store))"), priv.evidence());
            assertTrue(priv.evidence().endsWith(", Age, X-Cache is in the response"), priv.evidence());
            assertEquals(Status.FAIL, run(s, get("/nocache", e)).status());
        }
    }

    @Test
    void numericHeaderRulesAndAbsentHeaders() throws Exception {
        try (MockWebServer s = server(true, r -> respond(200, "x", "Cache-Control", "public, max-age=60", "X-Powered-By", "Express"))) {
            HeaderRule maxAge = new HeaderRule(null, null, Regex.of("max-age=(\\d+)"), 3600L, null);
            Outcome low = run(s, get("/", expect(null, Map.of("Cache-Control", maxAge), null)));
            assertEquals(Status.FAIL, low.status());
            assertEquals("Cache-Control: public, max-age=60: 60 is below the minimum 3600", low.evidence());

            HeaderRule ok = new HeaderRule(null, null, Regex.of("max-age=(\\d+)"), 1L, 86400L);
            assertEquals(Status.PASS, run(s, get("/", expect(null, Map.of("Cache-Control", ok), null))).status());

            Outcome powered = run(s, get("/", expect(null, Map.of("X-Powered-By", new HeaderRule(null, true, null, null, null)), null)));
            assertEquals(Status.FAIL, powered.status());
            assertEquals("X-Powered-By: Express is present; it must be absent", powered.evidence());

            Outcome optional = run(s, get("/", expect(null, Map.of("X-Other", new HeaderRule(false, null, null, null, null)), null)));
            assertEquals(Status.PASS, optional.status());
        }
    }

    @Test
    void secretHeaderValuesAreNeverShown() throws Exception {
        String secret = "s3ss10n-0f4a9c2e7b1d-do-not-print";
        try (MockWebServer s = server(true, r -> respond(200, "ok",
                "Set-Cookie", "sid=" + secret + "; Path=/; HttpOnly",
                "Authorization", "Bearer " + secret,
                "X-Session-Token", secret))) {
            Map<String, HeaderRule> rules = new LinkedHashMap<>();
            rules.put("Set-Cookie", new HeaderRule(null, null, Regex.of("Secure"), null, null));
            rules.put("Authorization", new HeaderRule(null, true, null, null, null));
            rules.put("X-Session-Token", HeaderRule.PRESENT);
            Outcome o = run(s, get("/", expect(null, rules, null)));
            assertEquals(Status.FAIL, o.status());
            assertFalse(o.evidence().contains(secret), o.evidence());
            for (Finding f : o.findings()) {
                assertFalse(f.message().contains(secret), f.message());
            }
            assertTrue(o.findings().stream().anyMatch(f -> f.message().equals("Set-Cookie (value not shown) does not match /Secure/")));
            assertTrue(o.findings().stream().anyMatch(f -> f.message().equals("X-Session-Token (value not shown)")));
        }
    }

    @Test
    void sendsTheConfiguredMethodAndHeadersAndFollowsRedirectsOnlyWhenAsked() throws Exception {
        List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
        try (MockWebServer s = server(true, r -> {
            seen.add(r);
            return r.getUrl().encodedPath().equals("/old")
                    ? respond(301, "", "Location", "/new")
                    : respond(200, "fine");
        })) {
            Outcome notFollowed = run(s, new HttpSpec(null, null, "/old", "head", Map.of("X-Audit", "1"), null, null));
            assertEquals(Status.FAIL, notFollowed.status());
            assertEquals("HEAD " + base(s) + "/old answered 301; expected a 2xx status", notFollowed.evidence());
            assertEquals("HEAD", seen.get(0).getMethod());
            assertEquals("1", seen.get(0).getHeaders().get("X-Audit"));

            Outcome followed = run(s, new HttpSpec(null, null, "/old", null, null, true, null));
            assertEquals(Status.PASS, followed.status());
            assertEquals("GET " + base(s) + "/new answered 200", followed.evidence());
        }
    }

    @Test
    void theFrontEndTargetAndAnExplicitUrl() throws Exception {
        try (MockWebServer api = server(true, r -> respond(200, "api"));
             MockWebServer ui = server(true, r -> respond(200, "ui", "X-Served-By", "ui"))) {
            try (SharedClients clients = new SharedClients()) {
                ProbeContext c = ctx(targets(base(api), base(ui), caFile(dir)), dir, clients);
                Outcome o = probe.run(new HttpSpec("frontend", null, "/privacy", null, null, null, null), c);
                assertEquals("GET " + base(ui) + "/privacy answered 200", o.evidence());
                Outcome u = probe.run(new HttpSpec(null, base(ui) + "/x/y", null, null, null, null, null), c);
                assertEquals("GET " + base(ui) + "/x/y answered 200", u.evidence());
            }
        }
    }

    @Test
    void aTargetThatIsNotConfiguredIsAnError(@TempDir Path d) {
        try (SharedClients clients = new SharedClients()) {
            ProbeContext c = ctx(targets(null, null, null), d, clients);
            Outcome api = probe.run(get("/health", null), c);
            assertEquals(Status.ERROR, api.status());
            assertEquals("not configured: set NEXT_PUBLIC_API_URL or targets.baseUrl in audit.yaml", api.evidence());
            Outcome ui = probe.run(new HttpSpec("frontend", null, "/", null, null, null, null), c);
            assertEquals("not configured: set FRONTEND_URL or targets.frontendUrl in audit.yaml", ui.evidence());
        }
    }

    @Test
    void anUntrustedCertificateIsAnErrorThatSaysHowToTrustIt() throws Exception {
        try (MockWebServer s = server(true, r -> respond(200, "ok")); SharedClients clients = new SharedClients()) {
            Outcome o = probe.run(get("/", null), ctx(targets(base(s), null, null), dir, clients));
            assertEquals(Status.ERROR, o.status());
            assertTrue(o.evidence().startsWith("TLS handshake with "), o.evidence());
            assertTrue(o.evidence().endsWith("if its CA is private, pass it with --ca-file"), o.evidence());
        }
    }

    @Test
    void anUntrustedCertificateNamesItsIssuerNotThePkixInternals() throws Exception {
        try (MockWebServer s = server(true, r -> respond(200, "ok")); SharedClients clients = new SharedClients()) {
            Outcome o = probe.run(get("/", null), ctx(targets(base(s), null, null), dir, clients));
            assertEquals(Status.ERROR, o.status());
            assertTrue(o.evidence().contains("failed (certificate not trusted: issuer CN=prodaudit test CA is not in the system"
                    + " store or --ca-file)"), o.evidence());
            assertFalse(java.util.regex.Pattern.compile("PKIX|\\b[A-Z][a-zA-Z]+(Exception|Error)\\b|java\\.|javax\\.|sun\\.")
                    .matcher(o.evidence()).find(), o.evidence());
        }
    }

    @Test
    void anUnreadableCaFileIsAnErrorForEveryCheckThatMayMeetTls() throws Exception {
        Path notPem = java.nio.file.Files.writeString(dir.resolve("not-a-ca.pem"), "hello\n");
        try (MockWebServer s = server(true, r -> respond(200, "ok")); SharedClients clients = new SharedClients()) {
            ProbeContext c = ctx(targets(base(s), null, notPem), dir, clients);
            Outcome o = probe.run(get("/", null), c);
            assertEquals(Status.ERROR, o.status());
            assertEquals("cannot use CA file " + notPem + ": No certificate data found", o.evidence());
            assertEquals(Status.ERROR, probe.run(get("/health", null), c).status());
        }
        try (MockWebServer s = server(true, r -> respond(200, "ok")); SharedClients clients = new SharedClients()) {
            Outcome missing = probe.run(get("/", null), ctx(targets(base(s), null, dir.resolve("nope.pem")), dir, clients));
            assertEquals("CA file " + dir.resolve("nope.pem") + " not found", missing.evidence());
        }
    }

    /**
     * Redirects are followed hop by hop, each hop through the client its own scheme needs: a request whose redirects
     * stay on http:// never reads the trust store or the CA file; a redirect to https:// takes the TLS client for that
     * hop and meets the CA file's error. (The CA file is checked before any audit runs; here it is broken anyway, to
     * show which client each hop took.)
     */
    @Test
    void redirectsThatStayOnPlainHttpNeverLoadTheTrustStore() throws Exception {
        Path notPem = java.nio.file.Files.writeString(dir.resolve("not-a-ca.pem"), "hello\n");
        try (MockWebServer tls = server(true, r -> respond(200, "secure"));
             MockWebServer s = server(false, r -> switch (r.getUrl().encodedPath()) {
                 case "/old" -> respond(301, "", "Location", "/health");
                 case "/secure" -> respond(302, "", "Location", base(tls) + "/");
                 default -> respond(200, "ok");
             });
             SharedClients clients = new SharedClients()) {
            ProbeContext c = ctx(targets(base(s), null, notPem), dir, clients);
            Outcome plain = probe.run(get("/health", null), c);
            assertEquals(Status.PASS, plain.status(), plain.evidence());
            assertEquals("GET " + base(s) + "/health answered 200", plain.evidence());

            Outcome followed = probe.run(new HttpSpec(null, null, "/old", null, null, true, null), c);
            assertEquals(Status.PASS, followed.status(), followed.evidence());
            assertEquals("GET " + base(s) + "/health answered 200", followed.evidence());

            Outcome toHttps = probe.run(new HttpSpec(null, null, "/secure", null, null, true, null), c);
            assertEquals(Status.ERROR, toHttps.status());
            assertEquals("cannot use CA file " + notPem + ": No certificate data found", toHttps.evidence());
            assertEquals(4, s.getRequestCount(), "/health, /old, /health again, /secure");
            assertEquals(0, tls.getRequestCount());
        }
    }

    /** As okhttp does: a hop to another scheme, host or port is not sent the Authorization header; other headers go on. */
    @Test
    void aRedirectToAnotherOriginIsNotSentTheAuthorizationHeader() throws Exception {
        List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
        try (MockWebServer other = server(true, r -> {
            seen.add(r);
            return respond(200, "elsewhere");
        });
             MockWebServer s = server(true, r -> {
                 seen.add(r);
                 return switch (r.getUrl().encodedPath()) {
                     case "/same" -> respond(302, "", "Location", "/landing");
                     case "/away" -> respond(307, "", "Location", base(other) + "/landing");
                     default -> respond(200, "here");
                 };
             })) {
            Map<String, String> headers = Map.of("Authorization", "Bearer not-a-real-token", "X-Audit", "1");
            Outcome same = run(s, new HttpSpec(null, null, "/same", null, headers, true, null));
            assertEquals("GET " + base(s) + "/landing answered 200", same.evidence());
            assertEquals("Bearer not-a-real-token", seen.get(1).getHeaders().get("Authorization"));

            Outcome away = run(s, new HttpSpec(null, null, "/away", null, headers, true, null));
            assertEquals("GET " + base(other) + "/landing answered 200", away.evidence());
            assertEquals(4, seen.size());
            assertEquals("Bearer not-a-real-token", seen.get(2).getHeaders().get("Authorization"), "the first hop has it");
            assertEquals(null, seen.get(3).getHeaders().get("Authorization"));
            assertEquals("1", seen.get(3).getHeaders().get("X-Audit"));
        }
    }

    /** As okhttp does: OPTIONS goes on as GET after 301, 302 and 303, and stays OPTIONS after 307 and 308. */
    @Test
    void anOptionsRequestGoesOnAsGetUnlessTheRedirectKeepsTheMethod() throws Exception {
        List<RecordedRequest> seen = new CopyOnWriteArrayList<>();
        try (MockWebServer s = server(true, r -> {
            seen.add(r);
            return switch (r.getUrl().encodedPath()) {
                case "/found" -> respond(302, "", "Location", "/landing");
                case "/temporary" -> respond(307, "", "Location", "/landing");
                default -> respond(204, "");
            };
        })) {
            Outcome found = run(s, new HttpSpec(null, null, "/found", "options", null, true, null));
            assertEquals("GET " + base(s) + "/landing answered 204", found.evidence());
            Outcome temporary = run(s, new HttpSpec(null, null, "/temporary", "options", null, true, null));
            assertEquals("OPTIONS " + base(s) + "/landing answered 204", temporary.evidence());
            assertEquals(List.of("OPTIONS", "GET", "OPTIONS", "OPTIONS"), seen.stream().map(RecordedRequest::getMethod).toList());
        }
    }

    /** okhttp's limit: twenty redirects are followed, the twenty-first is an error rather than a verdict. */
    @Test
    void aRedirectLoopEndsAfterTwentyHops() throws Exception {
        try (MockWebServer s = server(true, r -> {
            int n = Integer.parseInt(r.getUrl().queryParameter("n"));
            return respond(302, "", "Location", "/loop?n=" + (n + 1));
        })) {
            Outcome o = run(s, new HttpSpec(null, null, "/loop?n=0", null, null, true, null));
            assertEquals(Status.ERROR, o.status());
            assertEquals("GET " + base(s) + "/loop?n=0 failed: more than 20 redirects", o.evidence());
            assertEquals(21, s.getRequestCount());
        }
    }

    /**
     * Where a redirect leads is the server's choice, and its query may carry a token: the evidence shows it as a
     * Location is shown, without the query, for the URL that answered and for a hop that failed.
     */
    @Test
    void aRedirectsQueryIsNotShown() throws Exception {
        int port = HttpTestSupport.refusedPort();
        try (MockWebServer s = server(true, r -> switch (r.getUrl().encodedPath()) {
            case "/login" -> respond(302, "", "Location", "/landing?session=not-a-real-token-7f3a");
            case "/away" -> respond(302, "", "Location", "http://127.0.0.1:" + port + "/next?session=not-a-real-token-7f3a");
            default -> respond(200, "here");
        })) {
            Outcome landed = run(s, new HttpSpec(null, null, "/login", null, null, true, null));
            assertEquals("GET " + base(s) + "/landing?… answered 200", landed.evidence());
            Outcome refused = run(s, new HttpSpec(null, null, "/away", null, null, true, null));
            assertEquals("connection refused by 127.0.0.1:" + port + ": GET http://127.0.0.1:" + port + "/next?… (redirected from "
                    + base(s) + "/away)", refused.evidence());
            // The query the audit itself was given is the catalogue's, and is shown as before.
            Outcome asked = run(s, new HttpSpec(null, null, "/landing?page=2", null, null, true, null));
            assertEquals("GET " + base(s) + "/landing?page=2 answered 200", asked.evidence());
        }
    }

    /** A hop that fails is named, with the request it was redirected from. */
    @Test
    void aRedirectToARefusedPortNamesTheHopAndItsOrigin() throws Exception {
        int port = HttpTestSupport.refusedPort();
        try (MockWebServer s = server(false, r -> respond(301, "", "Location", "http://127.0.0.1:" + port + "/next"));
             SharedClients clients = new SharedClients()) {
            Outcome o = probe.run(new HttpSpec(null, null, "/go", null, null, true, null),
                    ctx(targets(base(s), null, null), dir, clients));
            assertEquals(Status.ERROR, o.status());
            assertEquals("connection refused by 127.0.0.1:" + port + ": GET http://127.0.0.1:" + port + "/next (redirected from "
                    + base(s) + "/go)", o.evidence());
        }
    }

    @Test
    void aRefusedPortIsAnError() throws Exception {
        int port = HttpTestSupport.refusedPort();
        try (SharedClients clients = new SharedClients()) {
            Outcome o = probe.run(get("/health", null), ctx(targets("http://127.0.0.1:" + port, null, null), dir, clients));
            assertEquals(Status.ERROR, o.status());
            assertEquals("connection refused by 127.0.0.1:" + port + ": GET http://127.0.0.1:" + port + "/health", o.evidence());
        }
    }

    @Test
    void aHungServerTimesOutWithinTheBudgetAndLaterChecksAreToldAtOnce() throws Exception {
        HttpTestSupport.warmUp(dir);
        try (HttpTestSupport.HungServer hung = new HttpTestSupport.HungServer(); SharedClients clients = new SharedClients()) {
            ProbeContext c = ctx(targets("http://127.0.0.1:" + hung.port(), null, null), Env.empty(), dir, Duration.ofMillis(600), clients);
            Outcome first = probe.run(get("/health", null), c);
            assertEquals(Status.ERROR, first.status());
            assertTrue(first.evidence().matches("timed out after \\d+ ms: GET http://127\\.0\\.0\\.1:" + hung.port() + "/health"),
                    first.evidence());
            // The probe gave up on its own budget (540 ms: 600 ms less a tenth, counted from the start of the check),
            // before the engine's watchdog at 600 ms.
            TimedOut.withinBudget(first.evidence(), 540);

            Outcome second = probe.run(get("/metrics", null), c);
            assertEquals(Status.ERROR, second.status());
            assertTrue(second.evidence().matches("timed out after \\d+ ms \\(127\\.0\\.0\\.1:" + hung.port()
                    + " did not answer an earlier check in this run\\)"), second.evidence());
            // The second check did not wait: it never connected.
            assertEquals(1, hung.accepted(), "connections to the hung server");
        }
    }

    @Test
    void writeMethodsAreRejectedWhenTheCatalogueLoads() {
        CatalogLoader loader = new CatalogLoader(ProbeRegistry.load());
        String yaml = """
                section: S
                checks:
                  - id: s.post
                    title: Post
                    severity: low
                    rationale: r
                    remediation: f
                    probe:
                      type: http
                      path: /api/auth/login
                      method: POST
                """;
        InputException e = assertThrows(InputException.class, () -> loader.parseFile("t.yaml", yaml));
        assertTrue(e.getMessage().contains("'method' is GET, HEAD or OPTIONS (the audit never writes), not 'POST'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HttpSpec(null, null, "health", null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new HttpSpec("backend", null, null, null, null, null, null));
    }

    @Test
    void theSessionItselfRefusesToWrite() throws Exception {
        try (SharedClients clients = new SharedClients()) {
            HttpSession session = HttpSession.open(ctx(targets("http://127.0.0.1:1", null, null), dir, clients));
            assertThrows(IllegalArgumentException.class,
                    () -> session.send("DELETE", okhttp3.HttpUrl.get("http://127.0.0.1:1/"), Map.of(), false));
        }
    }
}
