package dev.prodaudit.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's real {@code prometheus} (2.42) and {@code prometheus-alertmanager} (0.25) for tests, each started on a
 * free loopback port with the rule files and configuration a test writes into its temporary directory, and stopped by
 * {@link #close()}. Readiness is {@code /-/ready}. A {@link Proxy} in front of one records every request method.
 */
public final class MonitoringServers {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private MonitoringServers() {
    }

    public static void assumeAvailable() {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS) && Files.isExecutable(ALERTMANAGER)
                        || System.getenv("CI") != null,
                "prometheus and prometheus-alertmanager are not installed; apt-get install prometheus "
                        + "prometheus-alertmanager (CI does, via .ci/run)");
    }

    /** One started server; {@link #url()} is its base URL. */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final int port;

        private Server(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }

        public int port() {
            return port;
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /**
     * A Prometheus loading {@code rules} (a rule file's text) and sending alerts to {@code alertmanager} (host:port),
     * or to none when null.
     */
    public static Server prometheus(Path dir, String rules, String alertmanager) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("prometheus"));
        Files.writeString(home.resolve("rules.yml"), rules);
        String config = "global:\n  evaluation_interval: 1s\nrule_files: [rules.yml]\n"
                + (alertmanager == null ? "" : "alerting:\n  alertmanagers:\n  - static_configs:\n    - targets: ['"
                + alertmanager + "']\n");
        Files.writeString(home.resolve("prometheus.yml"), config);
        int port = freePort();
        Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + home.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(home.resolve("log.txt").toFile()).start();
        Server server = new Server(p, port);
        await(server, () -> alertmanager == null || String.valueOf(get(server.url() + "/api/v1/alertmanagers")).contains("activeAlertmanagers\":[{"));
        return server;
    }

    /** An Alertmanager running {@code config} (alertmanager.yml's text), clustering off. */
    public static Server alertmanager(Path dir, String config) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("alertmanager"));
        Files.writeString(home.resolve("alertmanager.yml"), config);
        int port = freePort();
        Process p = new ProcessBuilder(ALERTMANAGER.toString(), "--config.file=" + home.resolve("alertmanager.yml"),
                "--storage.path=" + home.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(home.resolve("log.txt").toFile()).start();
        Server server = new Server(p, port);
        await(server, () -> true);
        return server;
    }

    /** Waits until Prometheus has evaluated its rules at least once and one reports {@code health}. */
    public static void awaitRuleHealth(Server prometheus, String health) throws InterruptedException {
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            String rules = get(prometheus.url() + "/api/v1/rules");
            if (rules != null && rules.contains("\"health\":\"" + health + "\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no rule reached health '" + health + "' within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static void await(Server server, BooleanSupplier also) throws InterruptedException {
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (!server.process.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.process.exitValue());
            }
            if (get(server.url() + "/-/ready") != null && also.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IllegalStateException("not ready within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static String get(String url) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A reverse proxy that records "METHOD /path" of every request it forwards to {@code upstream}. */
    public static final class Proxy implements AutoCloseable {
        private final HttpServer server;
        private final List<String> requests = new CopyOnWriteArrayList<>();

        public Proxy(String upstream) throws IOException {
            HttpClient client = HttpClient.newHttpClient();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                byte[] body;
                int status;
                try {
                    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(
                                    exchange.getRequestBody().readAllBytes())).build(), HttpResponse.BodyHandlers.ofByteArray());
                    body = r.body();
                    status = r.statusCode();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    body = "interrupted".getBytes(StandardCharsets.UTF_8);
                    status = 502;
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        public List<String> requests() {
            return List.copyOf(requests);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
