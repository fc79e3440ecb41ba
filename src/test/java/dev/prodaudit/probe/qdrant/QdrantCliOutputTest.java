package dev.prodaudit.probe.qdrant;

import static dev.prodaudit.probe.qdrant.QdrantTestSupport.KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.testing.QdrantTestServer;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.Distance;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC and its shaded Netty log through java.util.logging, whose default console handler writes to stderr (an
 * "INFO: Epoll available during static init of TcpMetrics" on every first connection, warnings when a server hangs
 * up). The CLI prints none of it: run in a JVM of its own, with no logging configuration (as {@code ./audit} runs it),
 * its stderr stays empty and its stdout holds only the report, for a good Qdrant, a hung one and a TLS mismatch.
 */
class QdrantCliOutputTest {
    private static final String CATALOGUE = """
            section: Qdrant
            checks:
              - id: qdrant.all
                title: Qdrant
                severity: high
                rationale: r
                remediation: m
                probe: {type: qdrant}
            """;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    /** Runs {@code audit run} in a JVM of its own; the timeout is generous but for the hung server (a loaded CI host). */
    private Run audit(String url, int grpcPort, String timeout) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("qdrant.yaml"), CATALOGUE, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("audit.yaml"), "version: 1\ntimeout: " + timeout + "\ntargets:\n  qdrant: {url: \"" + url
                + "\", apiKey: \"" + KEY + "\", grpcPort: " + grpcPort + "}\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(".env.production"), "NODE_ENV=production\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.prodaudit.cli.Main", "run",
                "--catalogue", "qdrant.yaml", "--config", "audit.yaml", "--repo", ".", "--color", "never"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI did not finish");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static void assertOnlyTheReport(Run r) {
        assertEquals("", r.err(), "stderr:\n" + r.err() + "\nstdout:\n" + r.out());
        for (String line : r.out().lines().toList()) {
            assertFalse(line.contains("io.grpc") || line.contains("netty") || line.startsWith("INFO:")
                    || line.startsWith("WARNING:") || line.startsWith("SEVERE:") || line.startsWith("\tat "), r.out());
        }
        assertFalse(r.out().contains(KEY), r.out());
        assertTrue(r.out().contains("qdrant.all"), r.out());
    }

    @Test
    void aGoodQdrantPrintsOnlyTheReport() throws Exception {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY)
                .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green, 1)
                .snapshot("documents", Instant.now().minus(1, ChronoUnit.HOURS)).start()) {
            Run r = audit(qdrant.url(), qdrant.grpcPort(), "20s");
            assertOnlyTheReport(r);
            assertEquals(0, r.exit(), r.out());
            assertTrue(r.out().contains("PASS"), r.out());
        }
    }

    @Test
    void aHungQdrantPrintsOnlyTheReport() throws Exception {
        try (QdrantTestSupport.HungServer hung = new QdrantTestSupport.HungServer()) {
            Run r = audit("http://127.0.0.1:6333", hung.port(), "3s");
            assertOnlyTheReport(r);
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.out().contains("timed out after"), r.out());
        }
    }

    @Test
    void aTlsMismatchPrintsOnlyTheReport() throws Exception {
        try (QdrantTestServer qdrant = QdrantTestServer.builder().apiKey(KEY).start()) {
            Run r = audit(qdrant.url().replace("http://", "https://"), qdrant.grpcPort(), "20s");
            assertOnlyTheReport(r);
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.out().contains("TLS handshake with Qdrant"), r.out());
            assertTrue(r.out().contains("the server does not speak TLS on this port"), r.out());
        }
    }

    @Test
    void theClassPathReachesTheChild() {
        // The child runs from the test class path: surefire sets java.class.path to it in the forked JVM.
        assertTrue(List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .anyMatch(e -> e.endsWith("classes")), System.getProperty("java.class.path"));
    }
}
