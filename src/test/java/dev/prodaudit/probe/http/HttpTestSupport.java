package dev.prodaudit.probe.http;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** Real loopback servers for the HTTP probe tests: HTTP and HTTPS (a test CA), a hung socket, a refused port. */
final class HttpTestSupport {
    /** A private CA; the HTTP client trusts it only through Targets.caFile. */
    static final HeldCertificate CA = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("prodaudit test CA")
            .build();
    static final HeldCertificate SERVER = new HeldCertificate.Builder()
            .commonName("localhost")
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(CA)
            .build();
    private static final HandshakeCertificates SERVER_TLS = new HandshakeCertificates.Builder()
            .heldCertificate(SERVER, CA.certificate())
            .build();

    private HttpTestSupport() {
    }

    /** Writes the test CA as PEM, for Targets.caFile. */
    static Path caFile(Path dir) throws IOException {
        Path pem = dir.resolve("test-ca.pem");
        Files.writeString(pem, CA.certificatePem(), StandardCharsets.US_ASCII);
        return pem;
    }

    /** A started server answering with {@code handler}; HTTPS with the test CA's certificate when {@code tls}. */
    static MockWebServer server(boolean tls, Function<RecordedRequest, MockResponse> handler) throws IOException {
        MockWebServer s = new MockWebServer();
        if (tls) {
            s.useHttps(SERVER_TLS.sslSocketFactory());
        }
        s.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return handler.apply(request);
            }
        });
        s.start();
        return s;
    }

    static MockResponse respond(int code, String body, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder().code(code).body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    /** The base URL of a server, e.g. https://localhost:40123 (no trailing slash). */
    static String base(MockWebServer s) {
        String u = s.url("/").toString();
        return u.substring(0, u.length() - 1);
    }

    static Targets targets(String baseUrl, String frontendUrl, Path caFile) {
        return new Targets(baseUrl, frontendUrl, List.of(), null, null, null, null, null, caFile);
    }

    static Env env(Map<String, String> vars) {
        return Env.of(List.of(), vars, Set.of(), List.of());
    }

    static ProbeContext ctx(Targets targets, Path dir, SharedClients clients) {
        return ctx(targets, Env.empty(), dir, Duration.ofSeconds(2), clients);
    }

    static ProbeContext ctx(Targets targets, Env env, Path dir, Duration timeout, SharedClients clients) {
        return new ProbeContext(env, dir, targets, timeout, clients);
    }

    /**
     * Loads the HTTP client's classes with one real exchange. The first okhttp call in a JVM spends a few hundred ms
     * loading classes on the calling thread, beyond any call timeout (the engine's watchdog bounds that case); tests
     * that time a probe's own timeout warm up first.
     */
    static synchronized void warmUp(Path dir) throws IOException {
        try (MockWebServer s = server(false, r -> respond(200, "warm")); SharedClients clients = new SharedClients()) {
            new HttpProbe().run(new HttpSpec(null, null, "/", null, null, null, null), ctx(targets(base(s), null, null), dir, clients));
        }
    }

    /** A port nothing listens on. */
    static int refusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A server that accepts connections and never answers. */
    static final class HungServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        HungServer() throws IOException {
            socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        accepted.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "hung-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        /** Connections accepted so far. */
        int accepted() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
