package dev.prodaudit.probe.redis;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.input.TimeSpan;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Running the redis probe against a URL, and the sockets its error tests need: a refused port and a hung one. */
final class RedisTestSupport {

    private RedisTestSupport() {
    }

    static Targets targets(String redisUrl) {
        return new Targets(null, null, List.of(), null, redisUrl, null, null, null, null);
    }

    static ProbeContext ctx(String redisUrl, Duration timeout, SharedClients clients) {
        return new ProbeContext(Env.empty(), Path.of("."), targets(redisUrl), timeout, clients);
    }

    static RedisSpec spec(String... checks) {
        return new RedisSpec(List.of(checks), null, null, null, null, null);
    }

    static RedisSpec spec(List<String> checks, List<String> queues, String policy, String maxBackupAge, Integer maxFailed) {
        return new RedisSpec(checks, queues, null, policy, maxBackupAge == null ? null : TimeSpan.of(maxBackupAge), maxFailed);
    }

    /** One probe run with its own shared clients (closed afterwards), 5 s timeout. */
    static Outcome run(String redisUrl, RedisSpec spec) {
        return run(redisUrl, spec, Duration.ofSeconds(5));
    }

    static Outcome run(String redisUrl, RedisSpec spec, Duration timeout) {
        try (SharedClients clients = new SharedClients()) {
            return new RedisProbe().run(spec, ctx(redisUrl, timeout, clients));
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
            }, "hung-redis");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        String url() {
            return "redis://:hung-secret-pw@127.0.0.1:" + port();
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
