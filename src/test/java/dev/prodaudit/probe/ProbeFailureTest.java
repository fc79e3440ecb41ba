package dev.prodaudit.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Throwables become reasons a user can act on, without Java class names or driver internals. */
class ProbeFailureTest {

    @Test
    void classNamesInAWrappedMessageAreDropped() {
        IOException wrapped = new IOException("java.net.SocketException: Connection reset",
                new java.net.SocketException("Connection reset"));
        assertEquals("Connection reset", ProbeFailure.reason(wrapped));
    }

    @Test
    void aMessagelessExceptionIsDescribedNotNamed() {
        assertEquals("timed out", ProbeFailure.reason(new IOException(new SocketTimeoutException())));
        assertEquals("connection refused", ProbeFailure.reason(new ConnectException()));
        assertEquals("unexpected failure (rerun with --debug for details)", ProbeFailure.reason(new NullPointerException()));
    }

    @Test
    void pkixWithoutAKnownChainStillSaysWhatToDo() {
        SSLHandshakeException e = new SSLHandshakeException("PKIX path building failed: sun.security.provider.certpath"
                + ".SunCertPathBuilderException: unable to find valid certification path to requested target");
        assertEquals("certificate not trusted: its issuer is not in the system store or --ca-file", ProbeFailure.reason(e));
    }

    @Test
    void driverGarbageIsAnUnexpectedReply() {
        assertEquals("not a gRPC server: unexpected reply",
                ProbeFailure.reason(new IllegalStateException("http2 exception"), "gRPC"));
        assertEquals("not a MongoDB server: unexpected reply",
                ProbeFailure.reason(new IllegalArgumentException("capacity < 0: (-5 < 0)"), "MongoDB"));
        assertEquals("not a Redis server: unexpected reply",
                ProbeFailure.reason(new IOException("Unknown reply: x"), "Redis"));
    }
}
