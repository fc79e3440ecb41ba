package dev.prodaudit.probe.http;

import static dev.prodaudit.probe.http.HttpTestSupport.base;
import static dev.prodaudit.probe.http.HttpTestSupport.caFile;
import static dev.prodaudit.probe.http.HttpTestSupport.respond;
import static dev.prodaudit.probe.http.HttpTestSupport.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.Targets;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped catalogue's HTTP items, and the probe mappings proposed for the five items the lead composes, run by the
 * real engine against a well-configured and a misconfigured fake app (an HTTPS API, an HTTPS front end and a
 * plain-HTTP listener). Every request any of them sends is recorded: the audit only reads.
 */
class HttpCatalogueTest {
    /** The catalogue items whose probe is an HTTP probe. */
    static final List<String> HTTP_ITEMS = List.of("security.rate-limiting", "app.fallback-messages",
            "monitoring.request-tracing", "monitoring.health-endpoint", "monitoring.api-metrics", "perf.cdn",
            "deploy.health-check-passing");

    /** The probe mappings proposed for the composed items, exactly as in the hand-over report. */
    static final Map<String, String> COMPOSED = new LinkedHashMap<>();

    static {
        COMPOSED.put("security.cors", "{type: cors}");
        // the live part of security.helmet-headers (its source part reads code, which these fake apps have none of)
        COMPOSED.put("security.helmet-headers", "{type: http-security-headers, path: /}");
        COMPOSED.put("security.websocket-secured", "{type: socketio}");
        COMPOSED.put("security.https-tls", "{type: https-redirect}");
        COMPOSED.put("docs.api-documented",
                "{type: http, path: /api-docs.json, expect: {status: [200], bodyMatches: '\"?(openapi|swagger)\"?\\s*:\\s*\"?[23]\\.'}}");
        COMPOSED.put("compliance.privacy-policy",
                "{type: http, target: frontend, path: /privacy, followRedirects: true, expect: {status: [200], bodyMatches: '(?i)privacy'}}");
    }

    static final Set<String> ALLOWED = Set.of("https://app.example.com");

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> methods = new ConcurrentLinkedQueue<>();

    private Function<RecordedRequest, MockResponse> recording(Function<RecordedRequest, MockResponse> app) {
        return r -> {
            methods.add(r.getMethod());
            return app.apply(r);
        };
    }

    // ---------------------------------------------------------------- the fake apps

    static MockResponse goodApi(RecordedRequest r) {
        String path = r.getUrl().encodedPath();
        MockResponse.Builder b = new MockResponse.Builder().code(200);
        for (int i = 0; i + 1 < SecurityHeadersProbeTest.STRICT.length; i += 2) {
            if (!SecurityHeadersProbeTest.STRICT[i].equals("Set-Cookie")) {
                b.addHeader(SecurityHeadersProbeTest.STRICT[i], SecurityHeadersProbeTest.STRICT[i + 1]);
            }
        }
        b.addHeader("X-Request-Id", "0b8e7c51-6a0f-4f7e-9d1a-4c2b9e6f3a10");
        String origin = r.getHeaders().get("Origin");
        if (origin != null && ALLOWED.contains(origin)) {
            b.addHeader("Access-Control-Allow-Origin", origin).addHeader("Access-Control-Allow-Credentials", "true");
        }
        if (r.getMethod().equals("OPTIONS")) {
            return b.code(204).build();
        }
        return switch (path) {
            case "/" -> b.body("{\"name\":\"api\"}").addHeader("Set-Cookie",
                    "__Host-sid=c2VjcmV0LXNlc3Npb24tdmFsdWU; Path=/; Secure; HttpOnly; SameSite=Lax").build();
            case "/health" -> b.body("{\"status\":\"ok\",\"mongo\":\"up\",\"redis\":\"up\",\"qdrant\":\"up\"}")
                    .addHeader("Content-Type", "application/json").build();
            case "/metrics" -> b.body(PrometheusProbeTest.PROM_CLIENT).addHeader("Content-Type", "text/plain; version=0.0.4").build();
            case "/api/auth/login" -> b.code(404).body("{\"error\":\"Not found\"}").addHeader("Content-Type", "application/json")
                    .addHeader("RateLimit-Policy", "10;w=900").addHeader("RateLimit", "limit=10, remaining=9, reset=900").build();
            case "/socket.io/" -> SocketIoProbeTest.engineIo(r);
            case "/api-docs.json" -> b.body("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"RAG API\"}}").build();
            default -> b.code(404).body("{\"error\":\"Not found\"}").addHeader("Content-Type", "application/json; charset=utf-8").build();
        };
    }

    static MockResponse goodFrontend(RecordedRequest r) {
        return switch (r.getUrl().encodedPath()) {
            case "/" -> respond(200, "<!DOCTYPE html><html></html>", "Cache-Control", "public, max-age=0, s-maxage=31536000",
                    "X-Vercel-Cache", "HIT", "Content-Type", "text/html");
            case "/privacy" -> respond(200, "<h1>Privacy Policy</h1>", "Content-Type", "text/html");
            default -> respond(404, "");
        };
    }

    static MockResponse badApi(RecordedRequest r) {
        if (r.getUrl().encodedPath().startsWith("/api/prodaudit-")) {
            // Express's default handler outside production: the stack trace goes to the client.
            return respond(404, "<pre>NotFoundError: Not Found<br> &nbsp; &nbsp;at /app/src/app.js:88:10<br>"
                    + "\n    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)</pre>",
                    "Content-Type", "text/html; charset=utf-8", "X-Powered-By", "Express");
        }
        if (r.getUrl().encodedPath().equals("/socket.io/")) {
            return respond(404, "<pre>Cannot GET /socket.io/</pre>", "Content-Type", "text/html", "X-Powered-By", "Express");
        }
        return respond(500, "<pre>Error: connect ECONNREFUSED 127.0.0.1:27017\n    at TCPConnectWrap.afterConnect [as oncomplete]"
                + " (node:net:1555:16)</pre>", "Content-Type", "text/html", "X-Powered-By", "Express",
                "Access-Control-Allow-Origin", r.getHeaders().get("Origin") == null ? "*" : r.getHeaders().get("Origin"),
                "Access-Control-Allow-Credentials", "true");
    }

    static MockResponse badFrontend(RecordedRequest r) {
        return respond(r.getUrl().encodedPath().equals("/") ? 200 : 404, "<html></html>", "Cache-Control", "private, no-store");
    }

    // ---------------------------------------------------------------- running them

    private List<Check> checks(int plainPort) throws Exception {
        CatalogLoader loader = new CatalogLoader(ProbeRegistry.load());
        List<Check> out = new ArrayList<>();
        for (Check c : loader.load(List.of(CatalogLoader.BUILTIN)).checks()) {
            if (HTTP_ITEMS.contains(c.id())) {
                out.add(httpPart(c));
            }
        }
        assertEquals(HTTP_ITEMS.size(), out.size(), "every HTTP item is in the shipped catalogue");
        // The composed items' probes; the plain-HTTP port is the test's, not 80.
        out.addAll(loader.parseFile("composed.yaml", composedCatalogue(plainPort)));
        return out;
    }

    /**
     * The check with its HTTP probe alone: items that combine the live answer with code evidence ({@code type: all}
     * with {@code type: source}) are judged here on what the network shows; the source parts have their own tests.
     */
    static Check httpPart(Check c) {
        if (!(c.spec() instanceof dev.prodaudit.probe.all.AllSpec all)) {
            return c;
        }
        // the live part: whichever part does not read the code (http, rate-limit, ...)
        dev.prodaudit.probe.BoundProbe http = all.probes().stream().filter(p -> !p.type().equals("source")).findFirst()
                .orElseThrow();
        return new Check(c.id(), c.title(), c.section(), c.subsection(), c.severity(), c.rationale(), c.remediation(),
                c.tags(), http.type(), http.spec(), c.probeNode(), c.timeout(), c.enabled(), c.source(),
                c.attestation(), http.probe());
    }

    static String composedCatalogue(Integer plainPort) {
        StringBuilder y = new StringBuilder("section: Composed\nchecks:\n");
        COMPOSED.forEach((id, probe) -> {
            String p = probe;
            if (plainPort != null && (id.equals("security.websocket-secured"))) {
                p = p.replace("}", ", httpPort: " + plainPort + "}");
            } else if (plainPort != null && id.equals("security.https-tls")) {
                p = p.replace("}", ", port: " + plainPort + "}");
            }
            y.append("  - id: composed.").append(id.substring(id.indexOf('.') + 1)).append('\n')
                    .append("    title: ").append(id).append('\n')
                    .append("    severity: high\n    rationale: r\n    remediation: f\n")
                    .append("    probe: ").append(p).append('\n');
        });
        return y.toString();
    }

    private Map<String, Result> run(Function<RecordedRequest, MockResponse> api, Function<RecordedRequest, MockResponse> ui,
                                    Function<RecordedRequest, MockResponse> plain) throws Exception {
        try (MockWebServer apiServer = server(true, recording(api)); MockWebServer uiServer = server(true, recording(ui));
             MockWebServer plainServer = server(false, recording(plain)); SharedClients clients = new SharedClients()) {
            Targets targets = HttpTestSupport.targets(base(apiServer), base(uiServer), caFile(dir));
            Env env = HttpTestSupport.env(Map.of("ALLOWED_ORIGINS", "https://app.example.com"));
            Runner runner = new Runner(ProbeRegistry.load(), 8, Duration.ofSeconds(3), Redactor.none());
            Map<String, Result> byId = new LinkedHashMap<>();
            for (Result r : runner.run(checks(plainServer.getPort()),
                    budget -> new ProbeContext(env, dir, targets, budget, clients), x -> { })) {
                byId.put(r.check().id(), r);
            }
            return byId;
        }
    }

    /**
     * The application's code, for the items the source decides and the live answer corroborates (rate limiting):
     * the end-to-end fixture project's sources.
     */
    private void sources(String project) throws java.io.IOException {
        Path from = Path.of("src", "test", "resources", "fixtures", project, "src");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
            for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                Path to = dir.resolve("src").resolve(from.relativize(file).toString());
                java.nio.file.Files.createDirectories(to.getParent());
                java.nio.file.Files.copy(file, to);
            }
        }
    }

    @Test
    void aWellConfiguredAppPassesEveryHttpItem() throws Exception {
        sources("good");
        Map<String, Result> results = run(HttpCatalogueTest::goodApi, HttpCatalogueTest::goodFrontend,
                r -> respond(301, "", "Location", "https://localhost" + r.getTarget()));
        results.forEach((id, r) -> assertEquals(Status.PASS, r.status(), id + ": " + r.evidence() + " " + r.findings()));
        assertEquals(HTTP_ITEMS.size() + COMPOSED.size(), results.size());
        assertTrue(results.get("perf.cdn").evidence().contains("X-Vercel-Cache: HIT"), results.get("perf.cdn").evidence());
        assertReadOnly();
    }

    @Test
    void aMisconfiguredAppFailsEveryHttpItem() throws Exception {
        sources("bad");
        Map<String, Result> results = run(HttpCatalogueTest::badApi, HttpCatalogueTest::badFrontend,
                r -> respond(200, "<html>plain</html>"));
        results.forEach((id, r) -> assertEquals(Status.FAIL, r.status(), id + ": " + r.evidence()));
        for (Result r : results.values()) {
            assertFalse(r.evidence().contains("c2VjcmV0"), r.evidence());
        }
        assertTrue(results.get("app.fallback-messages").evidence().startsWith("body matches /"),
                "a 404 with a stack trace fails on the trace: " + results.get("app.fallback-messages").evidence());
        assertReadOnly();
    }

    /** Only GET, HEAD and OPTIONS ever reached the servers. */
    private void assertReadOnly() {
        Set<String> seen = new TreeSet<>(methods);
        assertTrue(Set.of("GET", "HEAD", "OPTIONS").containsAll(seen), "methods sent: " + seen);
        assertTrue(seen.containsAll(Set.of("GET", "OPTIONS")), "methods sent: " + seen);
        assertTrue(methods.size() >= 15, methods.size() + " requests");
    }

    @Test
    void everyHttpProbeTypeSendsOnlyReadOnlyMethods() throws Exception {
        // One check per probe type and per method of the generic probe, against one recording app.
        String yaml = """
                section: Read only
                checks:
                  - {id: ro.get, title: t, severity: low, rationale: r, remediation: f, probe: {type: http, path: /health}}
                  - {id: ro.head, title: t, severity: low, rationale: r, remediation: f, probe: {type: http, method: HEAD, path: /health}}
                  - {id: ro.options, title: t, severity: low, rationale: r, remediation: f, probe: {type: http, method: OPTIONS, path: /}}
                  - {id: ro.headers, title: t, severity: low, rationale: r, remediation: f, probe: {type: http-security-headers}}
                  - {id: ro.cors, title: t, severity: low, rationale: r, remediation: f, probe: {type: cors, requestMethod: DELETE}}
                  - {id: ro.redirect, title: t, severity: low, rationale: r, remediation: f, probe: {type: https-redirect, port: PLAIN}}
                  - {id: ro.socketio, title: t, severity: low, rationale: r, remediation: f, probe: {type: socketio, httpPort: PLAIN}}
                  - {id: ro.metrics, title: t, severity: low, rationale: r, remediation: f, probe: {type: prometheus}}
                  - {id: ro.ratelimit, title: t, severity: low, rationale: r, remediation: f, probe: {type: rate-limit}}
                """;
        try (MockWebServer api = server(true, recording(HttpCatalogueTest::goodApi));
             MockWebServer plain = server(false, recording(r -> respond(308, "", "Location", "https://localhost/")));
             SharedClients clients = new SharedClients()) {
            List<Check> checks = new CatalogLoader(ProbeRegistry.load())
                    .parseFile("ro.yaml", yaml.replace("PLAIN", String.valueOf(plain.getPort())));
            Targets targets = HttpTestSupport.targets(base(api), base(api), caFile(dir));
            Env env = HttpTestSupport.env(Map.of("ALLOWED_ORIGINS", "https://app.example.com"));
            List<Result> results = new Runner(ProbeRegistry.load(), 4, Duration.ofSeconds(3), Redactor.none())
                    .run(checks, budget -> new ProbeContext(env, dir, targets, budget, clients), x -> { });
            for (Result r : results) {
                assertTrue(r.status() == Status.PASS || r.status() == Status.FAIL, r.check().id() + ": " + r.evidence());
            }
        }
        assertEquals(Set.of("GET", "HEAD", "OPTIONS"), new TreeSet<>(methods), "methods sent");
    }

    // ---------------------------------------------------------------- schema and loader agree on the HTTP types

    private static String probeYaml(String probe) {
        return "section: S\nchecks:\n  - id: s.one\n    title: t\n    severity: low\n    rationale: r\n    remediation: f\n"
                + "    probe: " + probe + "\n";
    }

    static java.util.stream.Stream<String> accepted() {
        return java.util.stream.Stream.of(
                "{type: http}",
                "{type: http, target: frontend, path: /privacy, method: head, headers: {Accept: text/html}, followRedirects: true}",
                "{type: http, url: 'https://status.example.com/health', expect: {status: 200, json: status}}",
                "{type: http, expect: {status: [200, 503], headers: {X-Request-Id: , X-Powered-By: {absent: true}, Age: {present: false}},"
                        + " anyHeaders: {Cache-Control: {matches: 'max-age=(\\d+)', min: 1, max: 31536000}}, bodyMatches: ok, bodyNotMatches: 'at \\S+'}}",
                "{type: http-security-headers, target: frontend, path: /, followRedirects: false}",
                "{type: cors, path: /api, origin: 'https://evil.example', requestMethod: POST, allowedOriginsVar: CORS_ORIGINS}",
                "{type: https-redirect, target: frontend, path: /login, port: 8080}",
                "{type: socketio, url: 'https://ws.example.com', path: /ws/, httpPort: 8080}",
                "{type: prometheus, url: 'http://10.0.0.5:9100', path: /metrics}",
                "{type: rate-limit, path: /api/auth/register, limit: 5, window: 1h}");
    }

    static java.util.stream.Stream<String> rejected() {
        return java.util.stream.Stream.of(
                "{type: http, method: POST}",
                "{type: http, method: DELETE}",
                "{type: http, target: backend}",
                "{type: http, path: health}",
                "{type: http, url: 'ftp://example.com'}",
                "{type: http, expect: {status: [700]}}",
                "{type: http, expect: {statuses: [200]}}",
                "{type: http, expect: {headers: {X-Powered-By: {absent: true, matches: Express}}}}",
                "{type: http, expect: {headers: {Age: {min: 1.5}}}}",
                "{type: http-security-headers, cookies: false}",
                "{type: cors, origin: 'https://evil.example/path'}",
                "{type: cors, requestMethod: 'GET POST'}",
                "{type: https-redirect, port: 0}",
                "{type: socketio, httpPort: 70000}",
                "{type: prometheus, families: [up]}",
                "{type: rate-limit, limit: 0}",
                "{type: rate-limit, window: soon}");
    }

    private static Set<ValidationMessage> validate(String yaml) throws Exception {
        JsonNode schemaNode = new ObjectMapper().readTree(Path.of("schema", "catalogue.schema.json").toFile());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode)
                .validate(new YAMLMapper().readTree(yaml));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("accepted")
    void schemaAndLoaderAccept(String probe) throws Exception {
        String yaml = probeYaml(probe);
        assertEquals(Set.of(), validate(yaml));
        new CatalogLoader(ProbeRegistry.load()).parseFile("t.yaml", yaml);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("rejected")
    void schemaAndLoaderReject(String probe) throws Exception {
        String yaml = probeYaml(probe);
        assertFalse(validate(yaml).isEmpty(), "the schema accepted " + probe);
        org.junit.jupiter.api.Assertions.assertThrows(dev.prodaudit.input.InputException.class,
                () -> new CatalogLoader(ProbeRegistry.load()).parseFile("t.yaml", yaml), "the loader accepted " + probe);
    }

    // ---------------------------------------------------------------- the proposed YAML is valid

    @Test
    void theComposedProbeMappingsValidateAgainstTheSchemaAndTheLoader() throws Exception {
        JsonNode schemaNode = new ObjectMapper().readTree(Path.of("schema", "catalogue.schema.json").toFile());
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
        String yaml = composedCatalogue(null);
        Set<ValidationMessage> problems = schema.validate(new YAMLMapper().readTree(yaml));
        assertTrue(problems.isEmpty(), problems.toString());
        assertEquals(COMPOSED.size(), new CatalogLoader(ProbeRegistry.load()).parseFile("composed.yaml", yaml).size());
    }
}
