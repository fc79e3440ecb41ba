package dev.prodaudit.probe.qdrant;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.input.TimeSpan;
import dev.prodaudit.testing.QdrantTestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Targets, contexts and misbehaving sockets for the Qdrant probe tests. */
final class QdrantTestSupport {
    /** A key long enough for the redactor to know it, and distinctive enough to search output for. */
    static final String KEY = "qk-5f1d2c9e8b7a4f3e2d1c0b9a8f7e6d5c";

    private QdrantTestSupport() {
    }

    static Targets targets(String url, String apiKey, String collection, Integer grpcPort, Path caFile) {
        return new Targets(null, null, List.of(), null, null, new Targets.Qdrant(url, apiKey, collection, grpcPort), null, null, caFile);
    }

    /** The targets of a test server, with {@code apiKey} as the configured key. */
    static Targets targets(QdrantTestServer server, String apiKey) {
        return targets(server.url(), apiKey, "documents", server.grpcPort(), null);
    }

    static ProbeContext ctx(Targets targets, Path dir, SharedClients clients) {
        return ctx(targets, dir, Duration.ofSeconds(5), clients);
    }

    static ProbeContext ctx(Targets targets, Path dir, Duration timeout, SharedClients clients) {
        return new ProbeContext(Env.empty(), dir, targets, timeout, clients);
    }

    static QdrantSpec spec(String... checks) {
        return new QdrantSpec(List.of(checks), null, null, null, null, null, null, null, null);
    }

    static QdrantSpec spec(String check, String collection, Integer size, String distance, String vector, String maxAge) {
        return new QdrantSpec(List.of(check), collection, size, distance, vector, maxAge == null ? null : TimeSpan.of(maxAge), null, null, null);
    }

    /** A port nothing listens on. */
    static int refusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A server that accepts connections and never answers (not even the HTTP/2 settings frame). */
    static final class HungServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        HungServer() throws IOException {
            socket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        accepted.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "qdrant-hung-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

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
