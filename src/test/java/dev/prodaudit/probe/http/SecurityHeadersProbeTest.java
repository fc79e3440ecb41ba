package dev.prodaudit.probe.http;

import static dev.prodaudit.probe.http.HttpTestSupport.base;
import static dev.prodaudit.probe.http.HttpTestSupport.caFile;
import static dev.prodaudit.probe.http.HttpTestSupport.ctx;
import static dev.prodaudit.probe.http.HttpTestSupport.server;
import static dev.prodaudit.probe.http.HttpTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.SharedClients;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: http-security-headers} against real loopback servers. */
class SecurityHeadersProbeTest {
    /** helmet 8's defaults, as an Express app with app.use(helmet()) sends them. */
    static final String[] HELMET = {
        "Content-Security-Policy", "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';"
                + "frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';"
                + "style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
        "Cross-Origin-Opener-Policy", "same-origin",
        "Cross-Origin-Resource-Policy", "same-origin",
        "Referrer-Policy", "no-referrer",
        "Strict-Transport-Security", "max-age=31536000; includeSubDomains",
        "X-Content-Type-Options", "nosniff",
        "X-Frame-Options", "SAMEORIGIN",
    };
    static final String[] STRICT = {
        "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        "Referrer-Policy", "strict-origin-when-cross-origin",
        "Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload",
        "X-Content-Type-Options", "nosniff",
        "X-Frame-Options", "DENY",
        "Set-Cookie", "__Host-sid=Zm9vYmFyLXNlY3JldC1zZXNzaW9u; Path=/; Secure; HttpOnly; SameSite=Lax",
    };

    @TempDir
    Path dir;

    private Outcome run(MockWebServer s) throws Exception {
        try (SharedClients clients = new SharedClients()) {
            return new SecurityHeadersProbe().run(new SecurityHeadersSpec(null, null, null, null),
                    ctx(targets(base(s), null, caFile(dir)), dir, clients));
        }
    }

    private static MockResponse with(String... headers) {
        return HttpTestSupport.respond(200, "{}", headers);
    }

    @Test
    void strictHeadersPass() throws Exception {
        try (MockWebServer s = server(true, r -> with(STRICT))) {
            Outcome o = run(s);
            assertEquals(Status.PASS, o.status(), o.findings().toString());
            assertEquals("GET " + base(s) + "/ answered 200: HSTS, CSP, framing, nosniff, Referrer-Policy and cookies pass the"
                    + " MDN HTTP Observatory rules; no X-Powered-By", o.evidence());
            assertTrue(o.findings().stream().anyMatch(f -> f.message().equals(
                    "cookies Secure, HttpOnly and SameSite: __Host-sid (Secure, HttpOnly, SameSite=lax)")));
            for (Finding f : o.findings()) {
                assertFalse(f.message().contains("Zm9vYmFy"), "cookie value shown: " + f.message());
            }
        }
    }

    @Test
    void helmetDefaultsWarnOnlyAboutInlineStyles() throws Exception {
        try (MockWebServer s = server(true, r -> with(HELMET))) {
            Outcome o = run(s);
            assertEquals(Status.WARN, o.status(), o.findings().toString());
            assertEquals("Content-Security-Policy style-src allows 'unsafe-inline' https: (scripts are locked down)", o.evidence());
        }
    }

    @Test
    void missingAndUnsafeHeadersFail() throws Exception {
        try (MockWebServer s = server(true, r -> with(
                "Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; object-src 'none'",
                "Strict-Transport-Security", "max-age=86400",
                "X-Powered-By", "Express",
                "X-Content-Type-Options", "nosniff, nosniff",
                "Referrer-Policy", "unsafe-url",
                "Set-Cookie", "connect.sid=s%3Aabcdefghijklmnop.secretsignature; Path=/"))) {
            Outcome o = run(s);
            assertEquals(Status.FAIL, o.status());
            List<String> failed = o.findings().stream().filter(f -> f.status() == Status.FAIL).map(Finding::message).toList();
            assertEquals(List.of(
                    "Strict-Transport-Security max-age=86400 is under six months (15552000)",
                    "Content-Security-Policy script-src allows 'unsafe-inline'; allows 'unsafe-eval'",
                    "X-Frame-Options is missing and Content-Security-Policy has no frame-ancestors: the page can be framed (clickjacking)",
                    "X-Content-Type-Options: nosniff, nosniff is not exactly nosniff",
                    "Referrer-Policy: unsafe-url leaks URLs to other sites; use no-referrer or strict-origin-when-cross-origin",
                    "X-Powered-By: Express reveals the server framework; remove it (helmet does)",
                    "cookies: connect.sid: no Secure, no HttpOnly"), failed);
            assertTrue(o.findings().stream().anyMatch(f -> f.status() == Status.WARN
                    && f.message().startsWith("Content-Security-Policy has no frame-ancestors")));
            assertTrue(o.findings().stream().noneMatch(f -> f.message().contains("secretsignature")));
            assertTrue(o.evidence().startsWith("Strict-Transport-Security max-age=86400 is under six months"), o.evidence());
        }
    }

    @Test
    void noHeadersAtAllOverPlainHttp() throws Exception {
        try (MockWebServer s = server(false, r -> with())) {
            Outcome o = run(s);
            assertEquals(Status.FAIL, o.status());
            assertEquals("Strict-Transport-Security cannot protect a page served over http:// (+3 more)", o.evidence());
        }
    }

    @Test
    void aRefusedPortIsAnError() throws Exception {
        int port = HttpTestSupport.refusedPort();
        try (SharedClients clients = new SharedClients()) {
            Outcome o = new SecurityHeadersProbe().run(new SecurityHeadersSpec(null, null, "/", null),
                    ctx(targets("https://127.0.0.1:" + port, null, null), dir, clients));
            assertEquals(Status.ERROR, o.status());
            assertTrue(o.evidence().startsWith("connection refused by 127.0.0.1:" + port), o.evidence());
        }
    }
}
