package dev.prodaudit.e2e;

import dev.prodaudit.testing.NpmAdvisories;
import dev.prodaudit.testing.DnsResponder;
import dev.prodaudit.testing.MongoTestServer;
import dev.prodaudit.testing.QdrantTestServer;
import dev.prodaudit.testing.RedisServerProcess;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.Distance;
import java.time.Duration;
import java.time.Instant;
import redis.clients.jedis.Jedis;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The audited application, live on loopback: an HTTPS API and front end, the plain-HTTP port in front
 * of it, and the DNS zone of its mail domain. The GOOD app is set up the way the checklist asks (helmet
 * headers, CORS allow-list, TLS 1.2/1.3 with a 90-day certificate, /health, /metrics, rate-limit headers,
 * SPF/DKIM/DMARC, an authenticated TLS MongoDB replica set with the seed's indexes, a password-protected
 * persistent Redis with noeviction and a BullMQ worker, a key-protected Qdrant with the right collection and
 * a fresh snapshot); the BAD app the way a hurried deploy leaves it. The stores use the credentials of the
 * fixture's env file, so the secret-leak test looks for the very passwords the probes used.
 */
final class LiveApp implements AutoCloseable {
    private static final String MAIL_DOMAIN = "mail.acme-rag.test";
    /** The session cookie the BAD app hands out without Secure/HttpOnly: a secret no report may print. */
    static final String BAD_SESSION_ID = "s%3AqJ7vX2mK9pL4wR8tY1uE6oN3bV5cZ0aH";
    private static final Set<String> GOOD_ORIGINS = Set.of("https://app.acme-rag.test", "https://admin.acme-rag.test");

    private final boolean good;
    private final HeldCertificate ca;
    private final MockWebServer https;
    private final MockWebServer http;
    /** The npm registry's bulk advisory endpoint, replaying its documented answer for the fixture's lock. */
    private final MockWebServer registry;
    private final MockWebServer github;
    /**
     * Prometheus and its Alertmanager, replaying what Debian's prometheus 2.42 and alertmanager 0.25 answered when
     * loaded with the fixture's monitoring/alerts.yml (captured from the real servers): GOOD sends to an Alertmanager
     * routing to PagerDuty and Slack; BAD's Prometheus has no Alertmanager.
     */
    private final MockWebServer monitoring;
    private final DnsResponder dns;
    private final MongoTestServer mongo;
    private final RedisServerProcess redis;
    private final Jedis bullWorker;
    private final QdrantTestServer qdrant;
    /**
     * When the API process started, as its /version reports: GOOD was deployed three days ago and its workers and
     * cache entries are younger; BAD was deployed ten minutes ago over a cache that survived it, with no worker.
     * Whole days and minutes keep the reports' "deployed ... ago" stable while the tests run.
     */
    private final Instant apiStartedAt;

    private LiveApp(boolean good) throws Exception {
        this.good = good;
        ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("acme test CA")
                .duration(365, TimeUnit.DAYS).build();
        HeldCertificate server = new HeldCertificate.Builder().commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .duration(good ? 90 : 10, TimeUnit.DAYS) // BAD: renewal forgotten, 10 days left
                .signedBy(ca).build();
        HandshakeCertificates tls = new HandshakeCertificates.Builder().heldCertificate(server, ca.certificate()).build();
        https = new MockWebServer();
        // GOOD terminates TLS 1.2 and 1.3 only; BAD still has the TLS 1.0/1.1 of an old proxy config, and no 1.3.
        https.useHttps(new ProtocolLimited(tls.sslSocketFactory(),
                good ? new String[] {"TLSv1.3", "TLSv1.2"} : new String[] {"TLSv1.2", "TLSv1.1", "TLSv1"}));
        https.setDispatcher(dispatcher(good ? this::goodApi : this::badApi));
        https.start(InetAddress.getLoopbackAddress(), 0);
        http = new MockWebServer();
        http.setDispatcher(dispatcher(good ? this::redirectToHttps : this::badApi));
        http.start(InetAddress.getLoopbackAddress(), 0);
        registry = new MockWebServer();
        registry.setDispatcher(dispatcher(request -> advisories(good, request)));
        registry.start(InetAddress.getLoopbackAddress(), 0);
        github = new MockWebServer();
        github.setDispatcher(dispatcher(request -> githubChecks(good, request)));
        github.start(InetAddress.getLoopbackAddress(), 0);
        monitoring = new MockWebServer();
        monitoring.setDispatcher(dispatcher(this::monitoringApi));
        monitoring.start(InetAddress.getLoopbackAddress(), 0);
        dns = DnsResponder.answering();
        HeldCertificate storeCert = new HeldCertificate.Builder().commonName("127.0.0.1")
                .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost")
                .duration(90, TimeUnit.DAYS).signedBy(ca).build();
        if (good) {
            mongo = MongoTestServer.builder().tls(storeCert.keyPair().getPrivate(), storeCert.certificate(), ca.certificate())
                    .replicaSet("rs0", 3).encryption(true).auditLog(true).requireAuth(true)
                    .credentials("rag_app", "Q2hhbmdlZEJ5Rml4dHVyZTQy").seedIndexes(true)
                    // Both migrations of the fixture's migrations/ applied, as migrate-mongo records them.
                    .documents("changelog", changelog("20250110093000-add-workspace-status.js", "2025-01-10T10:02:11Z"),
                            changelog("20250301081500-backfill-message-ttl.js", "2025-03-01T08:20:00Z")).start();
            redis = RedisServerProcess.builder().password("kV9pXq2LmZ8rT4wN6yB3").productionLike().start();
            redis.bgsave();
            redis.addQueue(RedisServerProcess.Queue.named("notion-sync").waiting(3).active(1).failed(2));
            bullWorker = redis.bullWorker("notion-sync");
            try (Jedis admin = redis.admin()) {
                // Cached after the deploy: the full TTL (RAG_CACHE_TTL=3600) left.
                admin.setex("rag:answer:6f1d0c", 3600, "{\"answer\":\"cached\"}");
                admin.setex("rag:rerank:a93e21", 3600, "[0.91,0.42]");
            }
            // A nightly snapshot for eight nights: the newest 3 hours old ("recent"), seven within the week ("schedule"),
            // all from one clock reading so that the nights are exactly a day apart.
            Instant tonight = Instant.now().minus(Duration.ofHours(3));
            QdrantTestServer.Builder nightly = QdrantTestServer.builder().apiKey("9vibFdWj2PVyP3kLuo8MYfyA3m6DU41mqtYKR24")
                    .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green, 48213)
                    .snapshot("documents", "documents-nightly.snapshot", tonight);
            for (int night = 1; night <= 7; night++) {
                nightly.snapshot("documents", "documents-nightly-" + night + ".snapshot", tonight.minus(Duration.ofDays(night)));
            }
            qdrant = nightly.start();
        } else {
            // Standalone, no TLS, no encryption or audit log, auth not required, two indexes never created.
            mongo = MongoTestServer.builder().credentials("admin", "S3cr3tMongoPassw0rd").seedIndexes(true)
                    .withoutIndex("users", "{email: 1}").withoutIndex("messages", "{createdAt: 1}")
                    // The release's second migration was never run.
                    .documents("changelog", changelog("20250110093000-add-workspace-status.js", "2025-01-10T10:02:11Z")).start();
            // No password, no RDB or AOF, no memory cap and an evicting policy; no worker, no queue.
            redis = RedisServerProcess.builder().save("").appendonly(false).maxmemoryPolicy("allkeys-lru").start();
            bullWorker = null;
            try (Jedis admin = redis.admin()) {
                // Cached 49.5 minutes ago (the app's default TTL of 3600 s, 630 s left), before the deploy.
                admin.setex("rag:answer:6f1d0c", 630, "{\"answer\":\"stale\"}");
                admin.setex("rag:answer:77b0e4", 630, "{\"answer\":\"stale\"}");
            }
            // No API key, embeddings of another model, the last snapshot three days old.
            qdrant = QdrantTestServer.builder().collection("documents", 3072, Distance.Dot, CollectionStatus.Yellow, 48213)
                    .snapshot("documents", "documents-manual.snapshot", Instant.now().minus(Duration.ofDays(3))).start();
        }
        apiStartedAt = good ? Instant.now().minus(Duration.ofDays(3)) : Instant.now().minus(Duration.ofMinutes(10));
        if (good) {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            String dkim = Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());
            dns.txt("send." + MAIL_DOMAIN, "v=spf1 include:amazonses.com ~all");
            dns.longTxt("resend._domainkey." + MAIL_DOMAIN, "p=" + dkim);
            dns.txt("_dmarc." + MAIL_DOMAIN, "v=DMARC1; p=reject; rua=mailto:dmarc@acme-rag.test");
        }
    }

    static LiveApp good() throws Exception {
        return new LiveApp(true);
    }

    static LiveApp bad() throws Exception {
        return new LiveApp(false);
    }

    /**
     * Writes audit.yaml (and the CA certificate) into the project so that {@code audit run} reaches this app:
     * the targets point at the loopback servers, and the two checks that ask the plain-HTTP port get its
     * port (production uses 80), the way a user overrides probe parameters.
     */
    void writeConfig(Path project) throws IOException {
        Files.writeString(project.resolve("acme-ca.pem"), ca.certificatePem(), StandardCharsets.US_ASCII);
        String base = "https://localhost:" + https.getPort();
        Files.writeString(project.resolve("audit.yaml"), """
                targets:
                  baseUrl: %s
                  frontendUrl: %s
                  dnsServer: %s
                  caFile: acme-ca.pem
                  mongodb: "%s"
                  redis: "%s"
                  qdrant: {url: "%s", grpcPort: %d}
                  npmRegistry: http://localhost:%d
                  prometheus: http://localhost:%d
                envFiles: [.env.production, .env.ci]
                ci: {provider: github, repository: acme/rag-api, apiUrl: "http://localhost:%d"}
                checks:
                  deploy.dependencies-updated:
                    probe: {type: dependencies, audit: registry}
                  security.https-tls:
                    probe:
                      probes:
                        - {type: tls, require: [TLSv1.3], forbid: [TLSv1, TLSv1.1]}
                        - {type: https-redirect, port: %d}
                  security.websocket-secured:
                    probe:
                      probes:
                        - type: env
                          vars:
                            NEXT_PUBLIC_WS_URL: {url: {schemes: [wss, https], localhost: false}}
                        - {type: socketio, httpPort: %d}
                """.formatted(base, base, dns.server(), mongo.uri(), redis.url(), qdrant.url(), qdrant.grpcPort(),
                        registry.getPort(), monitoring.getPort(), github.getPort(), http.getPort(), http.getPort()));
        // The CI token, in an env file of its own (ignored by GOOD's .env.* rule), as a release job would write it.
        Files.writeString(project.resolve(".env.ci"), "GITHUB_TOKEN=ghp_FixtureCiToken0123456789abcdefABCDEF\n");
    }

    private MockResponse goodApi(RecordedRequest request) {
        String path = request.getTarget();
        String origin = request.getHeaders().get("Origin");
        MockResponse.Builder r = new MockResponse.Builder()
                .addHeader("Content-Security-Policy", "default-src 'self'; script-src 'self'; object-src 'none'; "
                        + "base-uri 'self'; frame-ancestors 'self'; form-action 'self'")
                .addHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .addHeader("X-Frame-Options", "SAMEORIGIN")
                .addHeader("X-Content-Type-Options", "nosniff")
                .addHeader("Referrer-Policy", "no-referrer")
                .addHeader("Cross-Origin-Opener-Policy", "same-origin")
                // A real app mints a random id per request; one derived from the path keeps the golden reports stable.
                .addHeader("X-Request-Id", java.util.UUID.nameUUIDFromBytes(path.getBytes(StandardCharsets.UTF_8)).toString())
                .addHeader("Cache-Control", "public, max-age=3600");
        if (origin != null && GOOD_ORIGINS.contains(origin)) {
            r.addHeader("Access-Control-Allow-Origin", origin).addHeader("Access-Control-Allow-Credentials", "true")
                    .addHeader("Vary", "Origin");
        }
        if (request.getMethod().equals("OPTIONS")) {
            return r.code(204).addHeader("Access-Control-Allow-Methods", "GET,POST").build();
        }
        if (path.startsWith("/socket.io/")) {
            return r.code(200).addHeader("Content-Type", "text/plain; charset=UTF-8")
                    .body("0{\"sid\":\"Lbo5JLzTotvW3g2LAAAA\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
                            + "\"pingTimeout\":20000,\"maxPayload\":1000000}").build();
        }
        return switch (path) {
            case "/health" -> r.code(200).addHeader("Content-Type", "application/json")
                    .body("{\"status\":\"ok\",\"mongodb\":\"up\",\"redis\":\"up\",\"qdrant\":\"up\"}").build();
            case "/metrics" -> r.code(200).addHeader("Content-Type", "text/plain; version=0.0.4").body("""
                    # HELP http_requests_total Requests served.
                    # TYPE http_requests_total counter
                    http_requests_total{method="GET",status="200"} 1027
                    # HELP http_request_duration_seconds Request latency.
                    # TYPE http_request_duration_seconds histogram
                    http_request_duration_seconds_bucket{le="0.1"} 950
                    http_request_duration_seconds_bucket{le="+Inf"} 1027
                    http_request_duration_seconds_sum 41.2
                    http_request_duration_seconds_count 1027
                    """).build();
            case "/api/auth/login" -> r.code(404).addHeader("Content-Type", "application/json")
                    .addHeader("RateLimit-Policy", "10;w=900").addHeader("RateLimit", "limit=10, remaining=9, reset=900")
                    .body("{\"error\":\"Not found\"}").build();
            case "/api-docs.json" -> r.code(200).addHeader("Content-Type", "application/json")
                    .body("{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"Enterprise RAG API\",\"version\":\"1.0.0\"},\"paths\":{}}").build();
            case "/privacy" -> r.code(200).addHeader("Content-Type", "text/html")
                    .body("<!doctype html><title>Privacy policy</title><h1>Privacy policy</h1>").build();
            case "/" -> r.code(200).addHeader("Content-Type", "text/html").body("<!doctype html><title>Acme RAG</title>").build();
            case "/version" -> r.code(200).addHeader("Content-Type", "application/json")
                    .body("{\"version\":\"" + (good ? "1.5.0" : "1.4.2") + "\",\"startedAt\":\"" + apiStartedAt + "\"}").build();
            default -> r.code(404).addHeader("Content-Type", "application/json").body("{\"error\":\"Not found\"}").build();
        };
    }

    /** What an Express app without helmet, CORS config, metrics or a rate limiter answers. */
    private MockResponse badApi(RecordedRequest request) {
        String path = request.getTarget();
        String origin = request.getHeaders().get("Origin");
        MockResponse.Builder r = new MockResponse.Builder().addHeader("X-Powered-By", "Express")
                .addHeader("Set-Cookie", "connect.sid=" + BAD_SESSION_ID + "; Path=/");
        if (origin != null) { // reflects any origin, with credentials
            r.addHeader("Access-Control-Allow-Origin", origin).addHeader("Access-Control-Allow-Credentials", "true");
        }
        if (request.getMethod().equals("OPTIONS")) {
            return r.code(204).build();
        }
        if (path.startsWith("/socket.io/")) {
            return r.code(200).body("0{\"sid\":\"x7Yq1pNc0dHs3b2LAAAB\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
                    + "\"pingTimeout\":20000}").build();
        }
        return switch (path) {
            case "/health" -> r.code(503).addHeader("Content-Type", "text/html").body("Service Unavailable").build();
            case "/" -> r.code(200).addHeader("Content-Type", "text/html").body("<!doctype html><title>Acme RAG</title>").build();
            case "/version" -> r.code(200).addHeader("Content-Type", "application/json")
                    .body("{\"version\":\"" + (good ? "1.5.0" : "1.4.2") + "\",\"startedAt\":\"" + apiStartedAt + "\"}").build();
            default -> r.code(500).addHeader("Content-Type", "text/html").body("<pre>TypeError: Cannot read properties of "
                    + "undefined (reading 'id')<br> &nbsp; &nbsp;at getUser (/app/src/routes/users.js:42:17)<br> &nbsp; "
                    + "&nbsp;at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)</pre>").build();
        };
    }

    /**
     * The bulk advisory endpoint: nothing for GOOD's lock; for BAD's, every advisory registry.npmjs.org publishes for
     * lodash (the 4.17.15 pin matches the high and the moderate one, not the critical one for &lt; 4.17.12).
     */
    private static final java.util.regex.Pattern COMMIT_API =
            java.util.regex.Pattern.compile("/repos/acme/rag-api/commits/[0-9a-f]{40}/(check-runs|status)\\?per_page=100");

    /**
     * GitHub's REST API for the release commit (bodies trimmed to the fields the reference documents and the probe
     * reads): GOOD's tests, build and smoke-test workflows passed, and branch protection requires the tests; BAD's
     * tests failed, its build was cancelled, no smoke test ran, and the branch is not protected.
     */
    private static MockResponse githubChecks(boolean good, RecordedRequest request) {
        java.util.regex.Matcher m = COMMIT_API.matcher(request.getTarget());
        String body;
        int code = 200;
        if (!request.getMethod().equals("GET") || !"Bearer ghp_FixtureCiToken0123456789abcdefABCDEF".equals(
                request.getHeaders().get("Authorization"))) {
            code = 401;
            body = "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}";
        } else if (m.matches() && m.group(1).equals("check-runs")) {
            body = "{\"total_count\": " + (good ? 3 : 2) + ", \"check_runs\": ["
                    + checkRun(101, "test", good ? "success" : "failure") + ","
                    + checkRun(102, "build", good ? "success" : "cancelled")
                    + (good ? "," + checkRun(103, "smoke-production", "success") : "") + "]}";
        } else if (m.matches()) {
            body = "{\"state\": \"pending\", \"statuses\": [], \"total_count\": 0}";
        } else if (request.getTarget().equals("/repos/acme/rag-api/branches/main/protection/required_status_checks")) {
            code = good ? 200 : 404;
            body = good ? "{\"strict\": true, \"contexts\": [\"test\"], \"checks\": [{\"context\": \"test\", \"app_id\": 15368}]}"
                    : "{\"message\":\"Branch not protected\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}";
        } else {
            code = 404;
            body = "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}";
        }
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=utf-8")
                .addHeader("x-ratelimit-limit", "5000").addHeader("x-ratelimit-remaining", "4990")
                .addHeader("x-ratelimit-reset", "1750435200").addHeader("x-ratelimit-used", "10")
                .addHeader("x-ratelimit-resource", "core").body(body).build();
    }

    private static String checkRun(long id, String name, String conclusion) {
        return ("{\"id\": %d, \"name\": \"%s\", \"status\": \"completed\", \"conclusion\": \"%s\", "
                + "\"html_url\": \"https://github.com/acme/rag-api/actions/runs/77/job/%d\", "
                + "\"app\": {\"id\": 15368, \"slug\": \"github-actions\"}}").formatted(id, name, conclusion, id);
    }

    private static MockResponse advisories(boolean good, RecordedRequest request) {
        if (!request.getMethod().equals("POST") || !request.getTarget().equals("/-/npm/v1/security/advisories/bulk")) {
            return new MockResponse.Builder().code(404).body("{\"error\":\"Not found\"}").build();
        }
        String body = good ? "{}" : NpmAdvisories.LODASH;
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    private MockResponse redirectToHttps(RecordedRequest request) {
        return new MockResponse.Builder().code(301)
                .addHeader("Location", "https://localhost:" + https.getPort() + request.getTarget()).build();
    }

    /** Prometheus's /api/v1 and Alertmanager's /api/v2 on one port; anything but GET is refused. */
    private MockResponse monitoringApi(RecordedRequest request) {
        String answer = !request.getMethod().equals("GET") ? null : switch (request.getTarget()) {
            case "/api/v1/rules?type=alert" -> (good ? "good" : "bad") + "-rules.json";
            case "/api/v1/alertmanagers" -> (good ? "good" : "bad") + "-alertmanagers.json";
            case "/api/v2/status" -> good ? "good-alertmanager-status.json" : null;
            default -> null;
        };
        if (answer == null) {
            return new MockResponse.Builder().code(request.getMethod().equals("GET") ? 404 : 405).build();
        }
        try (var in = LiveApp.class.getResourceAsStream("/prometheus/" + answer)) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{ALERTMANAGER}}", "http://localhost:" + monitoring.getPort());
            return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Dispatcher dispatcher(java.util.function.Function<RecordedRequest, MockResponse> handler) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return handler.apply(request);
            }
        };
    }

    /** Every command or call the data stores received during the audit, for the read-only assertion. */
    java.util.List<String> mongoCommands() {
        return mongo.commands();
    }

    java.util.List<String> qdrantCalls() {
        return qdrant.calls();
    }

    java.util.Map<String, Long> redisCommandStats() {
        return redis.commandStats();
    }

    java.util.Map<String, Long> redisCommandsSince(java.util.Map<String, Long> before) {
        return redis.commandsCalled(before);
    }

    @Override
    public void close() throws Exception {
        https.close();
        http.close();
        registry.close();
        github.close();
        monitoring.close();
        dns.close();
        if (bullWorker != null) {
            bullWorker.close();
        }
        mongo.close();
        redis.close();
        qdrant.close();
    }

    /** Server sockets that negotiate only the given protocol versions, as a proxy's ssl_protocols does. */
    private static final class ProtocolLimited extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final String[] protocols;

        ProtocolLimited(SSLSocketFactory delegate, String[] protocols) {
            this.delegate = delegate;
            this.protocols = protocols;
        }

        private Socket limit(Socket s) {
            ((SSLSocket) s).setEnabledProtocols(protocols);
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return limit(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return limit(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return limit(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return limit(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return limit(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    /** A migrate-mongo changelog entry. */
    private static org.bson.Document changelog(String fileName, String appliedAt) {
        return new org.bson.Document("fileName", fileName).append("appliedAt", java.util.Date.from(Instant.parse(appliedAt)));
    }
}
