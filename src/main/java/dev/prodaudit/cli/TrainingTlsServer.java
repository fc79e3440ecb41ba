package dev.prodaudit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The training run's TLS endpoint: a JDK TLS server on a loopback port of this process, with a certificate for
 * 127.0.0.1 made for the run and written to a CA file beside it. Against a port that refuses, no handshake ever
 * happens, so the JSSE classes a real audit of an HTTPS service loads (some 600: the handshake, its extensions, the
 * key exchange, the certificate checks) would stay out of the class-data archive and be loaded from the JDK on every
 * audit that speaks TLS.
 *
 * <p>Each connection is served on a daemon thread of its own: the handshake, then, if an HTTP request follows, one
 * plain "200 ok" answer, so the HTTP probes read a response over TLS as they would from a real service. Every read
 * has a timeout and the server stops with the training run.
 */
final class TrainingTlsServer implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 2_000;
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            + "Connection: close\r\n\r\nok").getBytes(StandardCharsets.ISO_8859_1);

    private final SSLServerSocket server;
    private final Path caFile;

    private TrainingTlsServer(SSLServerSocket server, Path caFile) {
        this.server = server;
        this.caFile = caFile;
        Thread accepting = new Thread(this::acceptLoop, "training-tls-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** Starts the server on an ephemeral loopback port; its certificate is written to {@code caFile}. */
    static TrainingTlsServer start(Path caFile) throws IOException {
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        HeldCertificate certificate = new HeldCertificate.Builder()
                .commonName(host)
                .addSubjectAlternativeName(host)
                .addSubjectAlternativeName("localhost")
                .duration(90, TimeUnit.DAYS)
                .build();
        Files.writeString(caFile, certificate.certificatePem());
        HandshakeCertificates handshake = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
        SSLServerSocket socket = (SSLServerSocket) handshake.sslContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        // What a well-configured proxy offers, so the TLS check's attempts at 1.0 and 1.1 are refused as they are there.
        socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        return new TrainingTlsServer(socket, caFile);
    }

    /**
     * {@code host:port}, as targets.tls writes an endpoint: by the name localhost when that name's first address is
     * this server's (the TLS probe tries a name's addresses in order and stops at the first that connects), so the
     * audit resolves it and sends it as SNI as it does for a real service; else by its address.
     */
    String endpoint() {
        InetAddress bound = server.getInetAddress();
        String host = bound.getHostAddress();
        try {
            if (InetAddress.getByName("localhost").equals(bound)) {
                host = "localhost";
            }
        } catch (UnknownHostException e) {
            // no name for this machine's loopback: the address it is
        }
        return host + ":" + server.getLocalPort();
    }

    /** The PEM file holding the server's certificate, for targets.caFile. */
    Path caFile() {
        return caFile;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                SSLSocket connection = (SSLSocket) server.accept();
                Thread serving = new Thread(() -> serve(connection), "training-tls-serve");
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                // closed by close(), or one failed accept: the loop's condition decides
            }
        }
    }

    private static void serve(SSLSocket connection) {
        try (connection) {
            connection.setSoTimeout(READ_TIMEOUT_MS);
            connection.startHandshake();
            if (readsRequestHead(connection.getInputStream())) {
                OutputStream out = connection.getOutputStream();
                out.write(ANSWER);
                out.flush();
            }
        } catch (IOException e) {
            // a protocol version the server refuses, or a client that hangs up after its handshake, as the TLS probe
            // does: the handshake itself was the point
        }
    }

    /** Whether an HTTP request head (up to its blank line, at most 16 KB) arrives before the client stops sending. */
    private static boolean readsRequestHead(InputStream in) throws IOException {
        int matched = 0;
        for (int read = 0; read < 16 * 1024; read++) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
