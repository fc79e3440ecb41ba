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
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.SharedClients;
import java.nio.file.Path;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: socketio} against a real HTTPS server and a real plain-HTTP server on the same host. */
class SocketIoProbeTest {
    static final String OPEN = "0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,"
            + "\"pingTimeout\":20000,\"maxPayload\":1000000}";

    @TempDir
    Path dir;

    /** An Engine.IO v4 server: an open packet for a polling handshake, 400 otherwise. */
    static MockResponse engineIo(RecordedRequest r) {
        boolean handshake = r.getUrl().encodedPath().equals("/socket.io/") && "4".equals(r.getUrl().queryParameter("EIO"))
                && "polling".equals(r.getUrl().queryParameter("transport"));
        return handshake ? respond(200, OPEN, "Content-Type", "text/plain; charset=UTF-8")
                : respond(400, "{\"code\":0,\"message\":\"Transport unknown\"}", "Content-Type", "application/json");
    }

    private Outcome run(Function<RecordedRequest, MockResponse> tls, Function<RecordedRequest, MockResponse> plain) throws Exception {
        try (MockWebServer secure = server(true, tls); MockWebServer clear = server(false, plain);
             SharedClients clients = new SharedClients()) {
            return new SocketIoProbe().run(new SocketIoSpec(null, null, null, clear.getPort()),
                    ctx(targets(base(secure), null, caFile(dir)), dir, clients));
        }
    }

    @Test
    void servedOverHttpsAndRedirectedOverPlainHttpPasses() throws Exception {
        Outcome o = run(SocketIoProbeTest::engineIo, r -> respond(301, "", "Location", "https://localhost" + r.getTarget()));
        assertEquals(Status.PASS, o.status(), o.findings().toString());
        assertTrue(o.findings().get(0).message().endsWith("/socket.io/?EIO=4&transport=polling answered 200 with an Engine.IO open packet"
                + " (upgrades: websocket)"), o.findings().get(0).message());
        for (Finding f : o.findings()) {
            assertFalse(f.message().contains("lv_VI97HAXpY6yYWAAAC"), "the session id is not shown");
        }
    }

    @Test
    void plainHttpAnsweringWithAnErrorPasses() throws Exception {
        Outcome o = run(SocketIoProbeTest::engineIo, r -> respond(404, "Not found"));
        assertEquals(Status.PASS, o.status());
    }

    @Test
    void nothingListeningOnPlainHttpPasses() throws Exception {
        int port = HttpTestSupport.refusedPort();
        try (MockWebServer secure = server(true, SocketIoProbeTest::engineIo); SharedClients clients = new SharedClients()) {
            Outcome o = new SocketIoProbe().run(new SocketIoSpec(null, null, null, port),
                    ctx(targets(base(secure), null, caFile(dir)), dir, clients));
            assertEquals(Status.PASS, o.status());
            assertTrue(o.findings().get(1).message().endsWith(": connection refused, nothing is served over plain http"));
        }
    }

    @Test
    void plainHttpRedirectingToAnotherPlainUrlWarns() throws Exception {
        Outcome o = run(SocketIoProbeTest::engineIo, r -> respond(302, "", "Location", "http://www.example.com/socket.io/?token=abc123"));
        assertEquals(Status.WARN, o.status());
        assertTrue(o.evidence().endsWith("answered 302 → http://www.example.com/socket.io/?…: redirects, but not to https://"), o.evidence());
        assertFalse(o.evidence().contains("abc123"), "a redirect's query is not shown");
    }

    @Test
    void socketIoOverPlainHttpFails() throws Exception {
        Outcome o = run(SocketIoProbeTest::engineIo, SocketIoProbeTest::engineIo);
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().endsWith("answered 200 with an Engine.IO open packet: Socket.io is reachable without TLS"), o.evidence());
    }

    @Test
    void noSessionOverHttpsFails() throws Exception {
        Outcome o = run(r -> respond(404, "<html>Cannot GET /socket.io/</html>", "Content-Type", "text/html"), r -> respond(404, ""));
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().endsWith("answered 404 without an Engine.IO open packet (expected 0{\"sid\":...}) (text/html)"), o.evidence());
    }

    @Test
    void anApiOnPlainHttpFailsWithoutARequest() throws Exception {
        try (SharedClients clients = new SharedClients()) {
            Outcome o = new SocketIoProbe().run(new SocketIoSpec(null, null, null, null),
                    ctx(targets("http://127.0.0.1:1", null, null), dir, clients));
            assertEquals(Status.FAIL, o.status());
            assertEquals("the API URL http://127.0.0.1:1/ is not https://; Socket.io must be served over TLS", o.evidence());
        }
    }

    @Test
    void aRefusedHttpsPortIsAnError() throws Exception {
        int port = HttpTestSupport.refusedPort();
        try (SharedClients clients = new SharedClients()) {
            Outcome o = new SocketIoProbe().run(new SocketIoSpec(null, null, null, null),
                    ctx(targets("https://127.0.0.1:" + port, null, null), dir, clients));
            assertEquals(Status.ERROR, o.status());
            assertEquals("connection refused by 127.0.0.1:" + port + ": GET https://127.0.0.1:" + port
                    + "/socket.io/?EIO=4&transport=polling", o.evidence());
        }
    }
}
