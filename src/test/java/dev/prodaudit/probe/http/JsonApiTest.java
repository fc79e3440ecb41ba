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

import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.SharedClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-only provider API client: paging, throttling retries, digest auth, bounds and failures. */
class JsonApiTest {
    @TempDir
    Path dir;

    private final List<Long> slept = new ArrayList<>();

    private JsonApi api(MockWebServer server, JsonApi.Credentials credentials, SharedClients clients, Duration timeout)
            throws Exception {
        ProbeContext ctx = ctx(targets(base(server), null, caFile(dir)), Env.empty(), dir, timeout, clients);
        return new JsonApi(HttpClients.of(ctx), HungTargets.of(ctx), "Test API", credentials,
                Deadline.of(timeout, System.nanoTime()), slept::add);
    }

    @Test
    void pagesAreFollowedThroughTheLinkHeaderAsGitHubAndGitLabSendIt() throws Exception {
        List<String> auth = new CopyOnWriteArrayList<>();
        try (MockWebServer s = server(false, r -> {
            auth.add(r.getHeaders().get("Authorization"));
            String page = r.getUrl().queryParameter("page");
            String next = "<" + r.getUrl().newBuilder().setQueryParameter("page", page == null ? "2" : "3").build()
                    + ">; rel=\"next\", <" + r.getUrl().newBuilder().setQueryParameter("page", "3").build() + ">; rel=\"last\"";
            return "3".equals(page)
                    ? respond(200, "{\"check_runs\":[{\"name\":\"smoke\"}]}", "Link", "<x?page=1>; rel=\"first\"")
                    : respond(200, "{\"check_runs\":[{\"name\":\"p" + (page == null ? "1" : page) + "\"}]}", "Link", next);
        }); SharedClients clients = new SharedClients()) {
            JsonApi api = api(s, JsonApi.Credentials.bearer("ghp_" + "a".repeat(36)), clients, Duration.ofSeconds(5));
            List<JsonApi.Answer> pages = api.getAll(base(s) + "/repos/o/r/commits/abc/check-runs?per_page=100", 10);

            assertEquals(List.of("p1", "p2", "smoke"),
                    pages.stream().map(p -> p.json().path("check_runs").path(0).path("name").asText()).toList());
            assertEquals(List.of("GET /repos/o/r/commits/abc/check-runs?per_page=100",
                    "GET /repos/o/r/commits/abc/check-runs?per_page=100&page=2",
                    "GET /repos/o/r/commits/abc/check-runs?per_page=100&page=3"), api.requests());
            assertTrue(auth.stream().allMatch(("Bearer ghp_" + "a".repeat(36))::equals), auth.toString());
            assertEquals(3, s.getRequestCount());
        }
    }

    @Test
    void pagingStopsAtTheCapAndAtAFailedPage() throws Exception {
        try (MockWebServer s = server(false, r -> "2".equals(r.getUrl().queryParameter("page"))
                ? respond(502, "bad gateway")
                : respond(200, "[]", "Link", "<" + r.getUrl().newBuilder().setQueryParameter("page", "2").build() + ">; rel=\"next\""));
             SharedClients clients = new SharedClients()) {
            JsonApi api = api(s, JsonApi.Credentials.none(), clients, Duration.ofSeconds(5));
            assertEquals(1, api.getAll(base(s) + "/items", 1).size());
            List<JsonApi.Answer> pages = api.getAll(base(s) + "/items", 10);
            assertEquals(List.of(200, 502), pages.stream().map(JsonApi.Answer::status).toList());
            assertTrue(pages.get(1).json().isMissingNode(), "a body that is not JSON is a missing node");
        }
    }

    @Test
    void throttledAnswersWithRetryAfterAreRetriedWithinTheBudget() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (MockWebServer s = server(false, r -> calls.incrementAndGet() == 1
                ? respond(429, "{\"message\":\"API rate limit exceeded\"}", "Retry-After", "1")
                : respond(200, "{\"ok\":true}"));
             SharedClients clients = new SharedClients()) {
            JsonApi.Answer a = api(s, JsonApi.Credentials.none(), clients, Duration.ofSeconds(5)).get(base(s) + "/status");
            assertEquals(200, a.status());
            assertEquals(List.of(1000L), slept);
        }
    }

    @Test
    void aRetryThatWouldOutlastTheBudgetIsNotWaitedFor() throws Exception {
        try (MockWebServer s = server(false, r -> respond(503, "{}", "Retry-After", "60"));
             SharedClients clients = new SharedClients()) {
            JsonApi api = api(s, JsonApi.Credentials.none(), clients, Duration.ofSeconds(5));
            assertEquals(503, api.get(base(s) + "/status").status());
            assertEquals(List.of(), slept);
            assertEquals(1, s.getRequestCount());
        }
    }

    @Test
    void onlyThrottlingIsRetriedAndNeverMoreThanTwice() throws Exception {
        try (MockWebServer s = server(false, r -> r.getUrl().encodedPath().equals("/plain503")
                ? respond(503, "{}")
                : r.getUrl().encodedPath().equals("/403") ? respond(403, "{}", "Retry-After", "1")
                : respond(429, "{}", "Retry-After", "0"));
             SharedClients clients = new SharedClients()) {
            JsonApi api = api(s, JsonApi.Credentials.none(), clients, Duration.ofSeconds(5));
            assertEquals(503, api.get(base(s) + "/plain503").status());
            assertEquals(403, api.get(base(s) + "/403").status());
            assertEquals(2, s.getRequestCount(), "503 without Retry-After and 403 are not retried");
            assertEquals(429, api.get(base(s) + "/always429").status());
            assertEquals(2 + 1 + JsonApi.MAX_RETRIES, s.getRequestCount());
        }
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertEquals(120_000L, JsonApi.retryAfterMillis("120", () -> 0).orElseThrow());
        long now = java.time.Instant.parse("2015-10-21T07:28:00Z").toEpochMilli();
        assertEquals(30_000L, JsonApi.retryAfterMillis("Wed, 21 Oct 2015 07:28:30 GMT", () -> now).orElseThrow());
        assertEquals(0L, JsonApi.retryAfterMillis("Wed, 21 Oct 2015 07:27:00 GMT", () -> now).orElseThrow());
        assertTrue(JsonApi.retryAfterMillis("soon", () -> now).isEmpty());
        assertTrue(JsonApi.retryAfterMillis("-1", () -> now).isEmpty());
    }

    /** RFC 7616 section 3.9.1, the worked example, for both algorithms. */
    @Test
    void digestAnswersMatchTheRfcExample() {
        String header = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=%s,"
                + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        String md5 = DigestChallenge.parse(header.formatted("MD5")).orElseThrow()
                .authorization("Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce);
        assertTrue(md5.contains("response=\"8ca523f5e9506fed4657c9700eebdbec\""), md5);
        assertTrue(md5.contains("opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""), md5);
        assertTrue(md5.contains("qop=auth, nc=00000001"), md5);
        String sha = DigestChallenge.parse(header.formatted("SHA-256")).orElseThrow()
                .authorization("Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce);
        assertTrue(sha.contains("response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""), sha);
        assertTrue(DigestChallenge.parse("Basic realm=\"x\"").isEmpty());
        assertTrue(DigestChallenge.parse("Digest realm=\"x\", nonce=\"n\", qop=\"auth-int\"").isEmpty());
    }

    /** A server that checks the digest response the way Atlas does: 401 with a challenge, then the hash verified. */
    @Test
    void digestCredentialsAnswerTheServersChallengeAndTheKeyNeverCrossesTheWire() throws Exception {
        String user = "abcdefgh";
        String privateKey = "01234567-89ab-cdef-0123-456789abcdef";
        List<String> seen = new CopyOnWriteArrayList<>();
        try (MockWebServer s = server(false, r -> {
            seen.add(r.getRequestLine() + " " + r.getHeaders());
            String auth = r.getHeaders().get("Authorization");
            if (auth == null) {
                return respond(401, "{\"detail\":\"You are not authorized for this resource.\",\"error\":401,"
                                + "\"errorCode\":\"NOT_ORG_GROUP_CREATOR\",\"parameters\":[],\"reason\":\"Unauthorized\"}",
                        "WWW-Authenticate", "Digest realm=\"MMS Public API\", domain=\"\", nonce=\"nOnCe1\", algorithm=MD5, qop=\"auth\", stale=false");
            }
            return verifies(auth, user, privateKey, "MMS Public API", "nOnCe1", r)
                    ? respond(200, "{\"results\":[]}")
                    : respond(401, "{\"error\":401}");
        }); SharedClients clients = new SharedClients()) {
            JsonApi api = api(s, JsonApi.Credentials.digest(user, privateKey), clients, Duration.ofSeconds(5));
            JsonApi.Answer a = api.get(base(s) + "/api/atlas/v2/groups/g1/clusters/c1/backup/snapshots?pageNum=1");
            assertEquals(200, a.status(), seen.toString());
            assertEquals(2, s.getRequestCount());
            assertFalse(String.join("\n", seen).contains(privateKey), "the private key is hashed, never sent");

            JsonApi wrong = api(s, JsonApi.Credentials.digest(user, "wrong-key-wrong-key"), clients, Duration.ofSeconds(5));
            assertEquals(401, wrong.get(base(s) + "/api/atlas/v2/groups/g1").status());
        }
    }

    private static boolean verifies(String auth, String user, String password, String realm, String nonce, RecordedRequest r) {
        Map<String, String> p = DigestChallenge.params(auth.substring("Digest ".length()));
        String uri = JsonApi.requestTarget(r.getUrl());
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(r.getMethod() + ":" + uri);
        String expected = md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":" + p.get("qop") + ":" + ha2);
        return user.equals(p.get("username")) && uri.equals(p.get("uri")) && expected.equals(p.get("response"));
    }

    private static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aHungServerCostsOneBudgetAndTheMessageNamesTheProviderNotTheQuery() throws Exception {
        try (HttpTestSupport.HungServer hung = new HttpTestSupport.HungServer(); SharedClients clients = new SharedClients();
             MockWebServer unused = server(false, r -> respond(200, "{}"))) {
            JsonApi api = api(unused, JsonApi.Credentials.none(), clients, Duration.ofMillis(400));
            ProbeFailure f = assertThrows(ProbeFailure.class,
                    () -> api.get("http://127.0.0.1:" + hung.port() + "/api/v1/rules?private_token=s3cr3t-value"));
            assertEquals(ProbeFailure.Kind.TIMEOUT, f.kind());
            assertTrue(f.getMessage().startsWith("Test API: timed out after "), f.getMessage());
            assertTrue(f.getMessage().contains("GET /api/v1/rules on 127.0.0.1:" + hung.port()), f.getMessage());
            assertFalse(f.getMessage().contains("s3cr3t"), f.getMessage());
        }
    }

    /** Three CI checks against one hung GitHub: the first waits out its budget, the others are told at once. */
    @Test
    void aProviderThatHungIsNotAskedAgainInTheSameRun() throws Exception {
        try (HttpTestSupport.HungServer hung = new HttpTestSupport.HungServer(); SharedClients clients = new SharedClients();
             MockWebServer unused = server(false, r -> respond(200, "{}"))) {
            String url = "http://127.0.0.1:" + hung.port() + "/repos/acme/rag-api/commits/abc/check-runs";
            ProbeFailure first = assertThrows(ProbeFailure.class,
                    () -> api(unused, JsonApi.Credentials.none(), clients, Duration.ofMillis(400)).get(url));
            JsonApi second = api(unused, JsonApi.Credentials.none(), clients, Duration.ofMillis(400));
            ProbeFailure again = assertThrows(ProbeFailure.class, () -> second.get(url));

            assertEquals(ProbeFailure.Kind.TIMEOUT, again.kind());
            assertTrue(again.getMessage().contains("did not answer an earlier check in this run"), again.getMessage());
            assertEquals(List.of(), second.requests(), "the second check sent nothing");
            assertTrue(first.getMessage().contains("timed out after"), first.getMessage());
            try (SharedClients fresh = new SharedClients()) {
                // Another run starts afresh.
                assertThrows(ProbeFailure.class, () -> api(unused, JsonApi.Credentials.none(), fresh, Duration.ofMillis(200))
                        .get(url));
            }
            assertEquals(2, hung.accepted(), "one connection per run, not one per check");
        }
    }

    @Test
    void aRefusedPortIsOneLineNamingTheEndpoint() throws Exception {
        int port = HttpTestSupport.refusedPort();
        try (SharedClients clients = new SharedClients(); MockWebServer unused = server(false, r -> respond(200, "{}"))) {
            JsonApi api = api(unused, JsonApi.Credentials.none(), clients, Duration.ofSeconds(2));
            ProbeFailure f = assertThrows(ProbeFailure.class, () -> api.get("http://127.0.0.1:" + port + "/api/v2/status"));
            assertEquals(ProbeFailure.Kind.REFUSED, f.kind());
            assertEquals("Test API: connection refused by 127.0.0.1:" + port + ": GET /api/v2/status", f.getMessage());
        }
    }

    @Test
    void anOversizedAnswerIsRefused() throws Exception {
        String big = "[" + "0,".repeat(JsonApi.MAX_BODY_BYTES / 2) + "0]";
        try (MockWebServer s = server(false, r -> respond(200, big)); SharedClients clients = new SharedClients()) {
            JsonApi api = api(s, JsonApi.Credentials.none(), clients, Duration.ofSeconds(10));
            ProbeFailure f = assertThrows(ProbeFailure.class, () -> api.get(base(s) + "/big"));
            assertTrue(f.getMessage().endsWith("answered more than 8 MiB; refused"), f.getMessage());
        }
    }

    @Test
    void tokensAreNotInTheCredentialsDescription() {
        assertFalse(JsonApi.Credentials.header("PRIVATE-TOKEN", "glpat-abcdefghijklmnopqrst").toString().contains("glpat"));
        assertFalse(JsonApi.Credentials.digest("pub", "private-key-value").toString().contains("private-key"));
    }
}
