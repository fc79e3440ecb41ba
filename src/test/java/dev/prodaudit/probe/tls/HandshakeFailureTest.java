package dev.prodaudit.probe.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** How a failed handshake is read: the server's refusal decides, a failure of this side's own leaves it undecided. */
final class HandshakeFailureTest {

    @Test
    void aFatalAlertFromTheServerIsARefusalInJava17sWords() {
        Handshaker.Result r = Handshaker.classify(new SSLHandshakeException("Received fatal alert: protocol_version"), "TLSv1", System.nanoTime());
        assertEquals(Handshaker.Kind.REJECTED, r.kind());
        assertEquals("alert protocol_version", r.detail());
    }

    @Test
    void andInTheWordsOfNewerJdksWhichPutTheAlertsNameInFront() {
        // Java 25's message for the same alert; read as Java 17's was not, it left a refused TLS 1.0 undecided (ERROR).
        Handshaker.Result r = Handshaker.classify(new SSLHandshakeException("(internal_error) Received fatal alert: internal_error"),
                "TLSv1.1", System.nanoTime());
        assertEquals(Handshaker.Kind.REJECTED, r.kind());
        assertEquals("alert internal_error", r.detail());
    }

    @Test
    void aFailureOnThisSideDecidesNothing() {
        Handshaker.Result r = Handshaker.classify(new SSLHandshakeException("No appropriate protocol (protocol is disabled or cipher suites are inappropriate)"),
                "TLSv1", System.nanoTime());
        assertEquals(Handshaker.Kind.CLIENT_ERROR, r.kind());
    }
}
