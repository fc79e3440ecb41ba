package dev.prodaudit.probe.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A real TLS server on loopback for the probe's tests: an {@link SSLServerSocket} with exactly the given protocols
 * enabled, accepting every connection the probe (or testssl.sh) makes, each on a thread of its own. After a
 * handshake it answers one HTTP request, if one comes, so that scanners find a web server. {@link #hung()}
 * instead accepts TCP and never says a word.
 */
final class TlsTestServer implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService threads;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private volatile boolean closed;

    private TlsTestServer(ServerSocket server, boolean tls) {
        this.server = server;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tls-test-server-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(() -> acceptLoop(tls));
    }

    /** A TLS server presenting {@code cert} (and the chain after it) with exactly {@code protocols} enabled. */
    static TlsTestServer start(HeldCertificate cert, List<X509Certificate> chain, String... protocols) throws IOException {
        HandshakeCertificates server = new HandshakeCertificates.Builder()
                .heldCertificate(cert, chain.toArray(X509Certificate[]::new))
                .build();
        SSLServerSocket socket = (SSLServerSocket) server.sslContext().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        socket.setEnabledProtocols(protocols);
        return new TlsTestServer(socket, true);
    }

    /** Accepts TCP connections and never answers. */
    static TlsTestServer hung() throws IOException {
        return new TlsTestServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), false);
    }

    int port() {
        return server.getLocalPort();
    }

    /** TCP connections accepted so far (a hung server accepts and never answers). */
    int connections() {
        return open.size();
    }

    /** Handshakes completed so far. */
    int handshakes() {
        return handshakes.get();
    }

    private void acceptLoop(boolean tls) {
        while (!closed) {
            try {
                Socket s = server.accept();
                open.add(s);
                if (tls) {
                    threads.execute(() -> serve((SSLSocket) s));
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(SSLSocket s) {
        try (s) {
            s.setSoTimeout(5_000);
            s.startHandshake();
            handshakes.incrementAndGet();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            if (n > 0 && new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains("HTTP/1")) {
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (SocketException ignored) {
            // the client hung up, as the probe does right after its handshake
        } catch (IOException ignored) {
            // a refused version, a scanner's odd hello: the server's answer was the point
        } finally {
            open.remove(s);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
