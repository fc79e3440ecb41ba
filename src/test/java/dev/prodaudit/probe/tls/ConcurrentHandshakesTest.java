package dev.prodaudit.probe.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's handshakes for TLS 1.0 to 1.3 are open at the same time. The endpoint here is a relay in front of a TLS
 * 1.2/1.3 server that lets no connection through until all four are open: handshakes made one after the other would
 * leave the first waiting for the others until the check's time ran out (ERROR, timed out); made together, they all
 * reach the server and the usual verdict comes back.
 */
final class ConcurrentHandshakesTest {
    private static final int VERSIONS = 4;

    @TempDir
    Path dir;

    @Test
    void theFourVersionsAreTriedAtOnceAndTheCertificateIsJudgedAsBefore() throws Exception {
        HeldCertificate cert = new HeldCertificate.Builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .rsa2048().build();
        try (TlsTestServer tls = TlsTestServer.start(cert, List.of(), "TLSv1.2", "TLSv1.3");
             GatedRelay relay = new GatedRelay(tls.port(), VERSIONS)) {
            TlsSpec spec = TlsProbeTest.spec("endpoints: ['localhost:" + relay.port() + "'], forbid: [TLSv1, TLSv1.1]");
            ProbeContext ctx = new ProbeContext(Env.empty(), dir, new Targets(null, null, List.of(), null, null, null, null, null, null),
                    Duration.ofSeconds(8), new SharedClients());

            Outcome o = new TlsProbe().run(spec, ctx);

            assertEquals(VERSIONS, relay.connections(), "one connection per version, all open before any went through");
            String line = o.evidence();
            assertTrue(line.startsWith("localhost:" + relay.port() + ": TLSv1.3 (TLS_"), line);
            assertTrue(line.contains("accepts 1.2 1.3;"), line);
            assertTrue(line.contains("certificate CN=localhost"), line);
            // Self-signed and not in the CA file: the certificate verdict is the usual one, read from the TLS 1.3 handshake.
            assertTrue(line.contains("untrusted"), line);
            assertEquals(Status.FAIL, o.status(), line);
        }
    }

    /** Accepts TCP connections and relays them to {@code backendPort} only once {@code gate} connections are open. */
    private static final class GatedRelay implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final CountDownLatch gate;
        private final AtomicInteger connections = new AtomicInteger();
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gated-relay");
            t.setDaemon(true);
            return t;
        });

        GatedRelay(int backendPort, int gate) throws IOException {
            this.gate = new CountDownLatch(gate);
            threads.execute(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        connections.incrementAndGet();
                        this.gate.countDown();
                        threads.execute(() -> relay(client, backendPort));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        private void relay(Socket client, int backendPort) {
            try (client; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    return;
                }
                threads.execute(() -> pipe(backend, client));
                pipe(client, backend);
            } catch (IOException | InterruptedException e) {
                // the probe hung up: nothing more to relay
            }
        }

        private static void pipe(Socket from, Socket to) {
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // one side closed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }
}
