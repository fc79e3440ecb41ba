package dev.prodaudit.probe.http;

import static dev.prodaudit.probe.http.HttpTestSupport.ctx;
import static dev.prodaudit.probe.http.HttpTestSupport.respond;
import static dev.prodaudit.probe.http.HttpTestSupport.server;
import static dev.prodaudit.probe.http.HttpTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.TimedOut;
import java.nio.file.Path;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: https-redirect} against a real plain-HTTP server. */
class HttpsRedirectProbeTest {
    @TempDir
    Path dir;

    private Outcome run(int port, Duration timeout) {
        try (SharedClients clients = new SharedClients()) {
            // The API is https://localhost (port 443); the plain port is the test server's.
            return new HttpsRedirectProbe().run(new HttpsRedirectSpec(null, null, "/login", port),
                    ctx(targets("https://localhost", null, null), Env.empty(), dir, timeout, clients));
        }
    }

    private Outcome answering(MockResponse response) throws Exception {
        try (MockWebServer s = server(false, r -> response)) {
            return run(s.getPort(), Duration.ofSeconds(2));
        }
    }

    @Test
    void permanentRedirectToHttpsOnTheSameHostPasses() throws Exception {
        for (int code : new int[] {301, 308}) {
            try (MockWebServer s = server(false, r -> respond(code, "", "Location", "https://localhost" + r.getTarget()))) {
                Outcome o = run(s.getPort(), Duration.ofSeconds(2));
                assertEquals(Status.PASS, o.status(), o.evidence());
                assertEquals("GET http://localhost:" + s.getPort() + "/login answered " + code + " → https://localhost/login", o.evidence());
            }
        }
    }

    @Test
    void temporaryRedirectWarns() throws Exception {
        Outcome o = answering(respond(302, "", "Location", "https://localhost/login"));
        assertEquals(Status.WARN, o.status());
        assertTrue(o.evidence().endsWith("a temporary redirect (302) is not remembered by browsers or caches; use 301 or 308"), o.evidence());
        assertEquals(Status.WARN, answering(respond(307, "", "Location", "https://localhost/login")).status());
    }

    @Test
    void servingPlainHttpOrRedirectingElsewhereFails() throws Exception {
        Outcome plain = answering(respond(200, "<html>login</html>"));
        assertEquals(Status.FAIL, plain.status());
        assertTrue(plain.evidence().endsWith("/login answered 200 over plain http without redirecting to https://"), plain.evidence());

        Outcome http = answering(respond(301, "", "Location", "/elsewhere"));
        assertEquals(Status.FAIL, http.status());
        assertTrue(http.evidence().endsWith(": the redirect stays on http://"), http.evidence());

        Outcome offHost = answering(respond(301, "", "Location", "https://www.example.com/login"));
        assertEquals(Status.FAIL, offHost.status());
        assertTrue(offHost.evidence().endsWith("redirects to another host; redirect to https://localhost first so its HSTS header is seen"),
                offHost.evidence());
    }

    @Test
    void nothingListeningOnThePlainPortWarns() throws Exception {
        int port = HttpTestSupport.refusedPort();
        Outcome o = run(port, Duration.ofSeconds(2));
        assertEquals(Status.WARN, o.status());
        assertEquals("nothing listens on localhost:" + port + " (connection refused): nothing is served over plain http,"
                + " but http:// links fail instead of redirecting to https", o.evidence());
    }

    @Test
    void aHungPlainPortIsATimeoutError() throws Exception {
        HttpTestSupport.warmUp(dir);
        try (HttpTestSupport.HungServer hung = new HttpTestSupport.HungServer()) {
            Outcome o = run(hung.port(), Duration.ofMillis(500));
            assertEquals(Status.ERROR, o.status());
            assertTrue(o.evidence().matches("timed out after \\d+ ms: GET http://localhost:" + hung.port() + "/login"), o.evidence());
            // The probe gives up on its own budget, before the check's 500 ms timeout.
            TimedOut.withinBudget(o.evidence(), 450);
        }
    }

    @Test
    void withoutATargetItIsAnError() {
        try (SharedClients clients = new SharedClients()) {
            Outcome o = new HttpsRedirectProbe().run(new HttpsRedirectSpec(null, null, null, null),
                    ctx(targets(null, null, null), dir, clients));
            assertEquals(Status.ERROR, o.status());
            assertEquals("not configured: set NEXT_PUBLIC_API_URL or targets.baseUrl in audit.yaml", o.evidence());
        }
    }
}
