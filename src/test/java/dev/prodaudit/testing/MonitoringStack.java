package dev.prodaudit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's real monitoring servers for tests, on free loopback ports in a temporary folder: node_exporter with only
 * its textfile collector, a Pushgateway, and a Prometheus server scraping both every second. Nothing is mocked: the
 * test writes a .prom file or pushes, and queries Prometheus's HTTP API for the series as they arrived.
 */
public final class MonitoringStack implements AutoCloseable {
    public static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    public static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
    public static final Path PUSHGATEWAY = Path.of("/usr/bin/prometheus-pushgateway");
    private static final Duration READY = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Path textfileDir;
    private final int prometheusPort;
    private final int pushgatewayPort;

    /** Skips the test, saying how to install them, when the servers are not installed (.ci/run installs them). */
    public static void assumeAvailable() {
        for (Path p : List.of(PROMETHEUS, PROMTOOL, NODE_EXPORTER, PUSHGATEWAY)) {
            Assumptions.assumeTrue(Files.isExecutable(p),
                    p + " is not installed: apt-get install prometheus prometheus-node-exporter prometheus-pushgateway");
        }
    }

    private MonitoringStack(Path root) throws IOException, InterruptedException {
        textfileDir = Files.createDirectories(root.resolve("textfile"));
        int nodePort = freePort();
        pushgatewayPort = freePort();
        prometheusPort = freePort();
        start(root, "node-exporter", NODE_EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + nodePort,
                "--collector.disable-defaults", "--collector.textfile",
                "--collector.textfile.directory=" + textfileDir);
        start(root, "pushgateway", PUSHGATEWAY.toString(), "--web.listen-address=127.0.0.1:" + pushgatewayPort);
        Path config = root.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: node
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: pushgateway
                    honor_labels: true
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(nodePort, pushgatewayPort));
        start(root, "prometheus", PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(root.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + prometheusPort);
        awaitReady("http://127.0.0.1:" + pushgatewayPort + "/-/ready");
        awaitReady("http://127.0.0.1:" + prometheusPort + "/-/ready");
        awaitReady("http://127.0.0.1:" + nodePort + "/metrics");
    }

    /** Starts the three servers in {@code root}, each ready. */
    public static MonitoringStack start(Path root) throws IOException, InterruptedException {
        MonitoringStack stack = new MonitoringStack(root);
        return stack;
    }

    /** node_exporter's textfile folder: a {@code *.prom} file here is scraped as job "node". */
    public Path textfileDir() {
        return textfileDir;
    }

    public String pushgatewayUrl() {
        return "http://127.0.0.1:" + pushgatewayPort;
    }

    /** {@code GET /api/v1/query}: the response's {@code data}; fails on an error status. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort
                + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("query " + promql + " failed: HTTP " + r.statusCode() + " " + r.body());
        }
        return body.get("data");
    }

    /** Polls {@link #query} until its result vector satisfies {@code done} (the scrapes are every second). */
    public JsonNode awaitQuery(String promql, Predicate<JsonNode> done) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        JsonNode result;
        do {
            result = query(promql).get("result");
            if (done.test(result)) {
                return result;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no result for " + promql + " within " + READY.toSeconds() + " s: " + result);
    }

    private void start(Path root, String name, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(root.resolve(name + ".log").toFile());
        processes.add(pb.start());
    }

    private void awaitReady(String url) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IOException("a monitoring server exited with " + p.exitValue() + " before " + url + " was ready");
                }
            }
            Thread.sleep(100);
        }
        throw new IOException(url + " not ready within " + READY.toSeconds() + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs {@code promtool} with {@code args} (stdin from {@code input} when not null): exit code and output. */
    public static ToolRun promtool(Path workDir, String input, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PROMTOOL.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return new ToolRun(p.exitValue(), out);
    }

    /** What one promtool run printed and returned. */
    public record ToolRun(int exitCode, String output) {
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
