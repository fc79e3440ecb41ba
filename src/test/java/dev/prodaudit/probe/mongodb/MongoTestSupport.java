package dev.prodaudit.probe.mongodb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Shared helpers of the MongoDB probe tests. */
final class MongoTestSupport {

    private MongoTestSupport() {
    }

    static Targets targets(String mongodbUri) {
        return targets(mongodbUri, null);
    }

    static Targets targets(String mongodbUri, Path caFile) {
        return new Targets(null, null, List.of(), mongodbUri, null, null, null, null, caFile);
    }

    static MongoSpec spec(String... checks) {
        return new MongoSpec(List.of(checks), null, null, null, null);
    }

    /** One check through the probe with a fresh run (its own clients, closed after), 5 s timeout. */
    static Outcome run(MongoSpec spec, String uri) {
        return run(spec, targets(uri), Duration.ofSeconds(5));
    }

    static Outcome run(MongoSpec spec, Targets targets, Duration timeout) {
        try (SharedClients clients = new SharedClients()) {
            return new MongoProbe().run(spec, new ProbeContext(Env.empty(), Path.of("."), targets, timeout, clients));
        }
    }

    /** The outcome as text, for assertion messages. */
    static String show(Outcome o) {
        return o.status() + " | " + o.evidence() + o.findings().stream().map(f -> "\n  " + f.status() + " " + f.message())
                .collect(Collectors.joining());
    }

    /** Asserts a finding with this status whose message contains {@code text}. */
    static Finding finding(Outcome o, Status status, String text) {
        for (Finding f : o.findings()) {
            if (f.status() == status && f.message().contains(text)) {
                return f;
            }
        }
        assertTrue(false, "no " + status + " finding containing '" + text + "' in\n" + show(o));
        return null;
    }

    /** A port nothing listens on (bound once, then closed). */
    static int refusingPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Accepts TCP connections and never answers a byte: a hung server. */
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
            }, "hung-mongo");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        String uri() {
            return "mongodb://rag_app:Hung-Pw-0a1b2c3d@127.0.0.1:" + port() + "/enterprise_rag";
        }

        int connections() {
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
