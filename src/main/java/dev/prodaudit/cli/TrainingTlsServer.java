package dev.prodaudit.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The training run's TLS endpoint: a JDK TLS server on a loopback port of this process, with a certificate for the
 * loopback address and localhost made for the run and written to a CA file beside it. Against a port that refuses, no handshake ever
 * happens, so the JSSE classes a real audit of an HTTPS service loads (some 600: the handshake, its extensions, the
 * key exchange, the certificate checks) would stay out of the class-data archive and be loaded from the JDK on every
 * audit that speaks TLS.
 *
 * <p>Each connection is served on a daemon thread of its own: the handshake, and then the connection is closed, as
 * the TLS probe, its only client, closes it after its own. Every read has a timeout and the server stops with the
 * training run.
 */
final class TrainingTlsServer implements AutoCloseable {
    private static final int READ_TIMEOUT_MS = 2_000;

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
        } catch (IOException e) {
            // a protocol version the server refuses, or a client that hangs up first: the handshake was the point
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
