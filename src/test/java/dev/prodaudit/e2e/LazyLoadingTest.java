package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heavy libraries load only for the checks that use them. ServiceLoader instantiates every probe in every run, so
 * a probe class whose loading touched its driver (a static field, a constant read from a driver class, a catch clause
 * of a driver exception the verifier must resolve) would start gRPC, the MongoDB driver, dnsjava or tree-sitter for
 * an audit of env files. Each run is a child JVM started as the CLI is, with {@code -Xlog:class+load} listing every
 * class it loaded.
 */
final class LazyLoadingTest {
    private static final List<String> HEAVY = List.of("io.grpc.", "io.qdrant.", "com.google.protobuf.", "com.mongodb.",
            "org.bson.", "org.xbill.", "org.treesitter.", "redis.clients.",
            // picocli's converters for JDBC types would load DriverManager, which scans the class path for drivers.
            "java.sql.DriverManager");

    @TempDir
    Path tmp;

    @Test
    void anAuditOfEnvChecksLoadsNoDriverAndNoParser() throws Exception {
        Fixture bad = Fixture.bad(tmp.resolve("bad"));

        List<String> loaded = loadedClasses(bad.dir, "run", "--format", "json", "--no-progress",
                "--only", "security.jwt-secrets,security.encryption-key,security.jwt-access-expiry,security.notion-webhook-secret");

        assertTrue(loaded.contains("dev.prodaudit.probe.env.EnvProbe"), "the env checks ran");
        assertTrue(loaded.contains("dev.prodaudit.probe.qdrant.QdrantProbe"), "every probe is instantiated");
        assertEquals(List.of(), loaded.stream().filter(c -> HEAVY.stream().anyMatch(c::startsWith)).toList());
        // The catalogue and audit.yaml are YAML the fast reader reads: SnakeYAML's scanner and Jackson's YAML parser,
        // which would read them a third as fast, are not even loaded.
        assertTrue(loaded.contains("dev.prodaudit.input.FastYamlReader"));
        assertEquals(List.of(), loaded.stream()
                .filter(c -> c.startsWith("org.yaml.snakeyaml.scanner.") || c.startsWith("com.fasterxml.jackson.dataformat.yaml."))
                .toList());
    }

    @Test
    void anAuditWhoseInputIsPlainAndThatReadsNoJsonStartsNoJacksonMapper() throws Exception {
        // Every probe is instantiated, and the catalogue, audit.yaml and the env rules are read: none of them builds
        // a mapper (Jackson's start, its date formats and calendars) until a check reads JSON or a mapping is not plain.
        Fixture bad = Fixture.bad(tmp.resolve("bad"));

        List<String> loaded = loadedClasses(bad.dir, "run", "--no-progress", "--only",
                "security.jwt-secrets,security.encryption-key,security.jwt-access-expiry,security.notion-webhook-secret");

        assertTrue(loaded.contains("dev.prodaudit.probe.http.HttpProbe"), "every probe is instantiated");
        assertTrue(loaded.contains("dev.prodaudit.probe.env.EnvProbe"), "the env checks ran");
        assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("com.fasterxml.jackson.databind.ObjectMapper")).toList());
    }

    @Test
    void aWholeAuditReadsItsJsonWithoutAJacksonMapper() throws Exception {
        // Every check of the BAD fixture: package.json, lockfiles and the JSON report are read and written with
        // Jackson's streaming parser and generator (JsonReader, the reporters); no mapper is built.
        Fixture bad = Fixture.bad(tmp.resolve("bad"));

        List<String> loaded = loadedClasses(bad.dir, "run", "--format", "json", "--no-progress", "--timeout", "5s");

        assertTrue(loaded.contains("dev.prodaudit.probe.dependencies.DependenciesProbe"));
        assertTrue(loaded.contains("com.fasterxml.jackson.databind.node.ObjectNode"), "package.json was read into a tree");
        assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("com.fasterxml.jackson.databind.ObjectMapper")).toList());
    }

    @Test
    void versionStartsNeitherJacksonNorSnakeYaml() throws Exception {
        List<String> loaded = loadedClasses(tmp, "--version");

        assertTrue(loaded.contains("dev.prodaudit.cli.Main"));
        assertEquals(List.of(), loaded.stream()
                .filter(c -> c.startsWith("com.fasterxml.jackson.databind.ObjectMapper") || c.startsWith("org.yaml.snakeyaml."))
                .toList());
    }

    @Test
    void aQdrantCheckDoesLoadGrpc() throws Exception {
        // The control: the same measurement sees gRPC when a check needs it (something listens on Qdrant's port).
        Fixture bad = Fixture.bad(tmp.resolve("bad"));
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Files.writeString(bad.dir.resolve("lazy.yaml"), "targets:\n  qdrant: {url: \"http://127.0.0.1:"
                    + listener.getLocalPort() + "\", grpcPort: " + listener.getLocalPort() + "}\n");
            List<String> loaded = loadedClasses(bad.dir, "run", "--config", "lazy.yaml", "--format", "json", "--no-progress",
                    "--timeout", "2s", "--only", "infra.qdrant-collection");

            assertTrue(loaded.stream().anyMatch(c -> c.startsWith("io.grpc.")), "gRPC loads for a Qdrant check");
            assertTrue(loaded.stream().noneMatch(c -> c.startsWith("com.mongodb.")), "and the MongoDB driver still does not");
        }
    }

    @Test
    void aQdrantPortNothingListensOnIsReportedWithoutLoadingGrpc() throws Exception {
        Fixture bad = Fixture.bad(tmp.resolve("bad"));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Files.writeString(bad.dir.resolve("lazy.yaml"), "targets:\n  qdrant: {url: \"http://127.0.0.1:" + closed
                + "\", grpcPort: " + closed + "}\n");
        List<String> loaded = loadedClasses(bad.dir, "run", "--config", "lazy.yaml", "--format", "json", "--no-progress",
                "--only", "infra.qdrant-collection");

        assertTrue(loaded.contains("dev.prodaudit.probe.qdrant.QdrantProbe"));
        assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("io.grpc.") || c.startsWith("io.netty.")).toList());
    }

    @Test
    void aMongoPortNothingListensOnIsReportedWithoutStartingTheDriversClient() throws Exception {
        Fixture bad = Fixture.bad(tmp.resolve("bad"));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Files.writeString(bad.dir.resolve("lazy.yaml"), "targets:\n  mongodb: \"mongodb://app:secret@127.0.0.1:" + closed
                + "/enterprise_rag?tls=true\"\n");
        List<String> loaded = loadedClasses(bad.dir, "run", "--config", "lazy.yaml", "--format", "json", "--no-progress",
                "--only", "infra.mongodb-auth");

        assertTrue(loaded.contains("dev.prodaudit.probe.mongodb.MongoProbe"));
        assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("com.mongodb.client.internal.MongoClientImpl")
                || c.startsWith("com.mongodb.internal.connection.DefaultServerMonitor")).toList());
    }

    /** The fully qualified names of the classes a CLI run in {@code dir} loaded. */
    private List<String> loadedClasses(Path dir, String... args) throws IOException, InterruptedException {
        Path log = tmp.resolve("classes-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"), "dev.prodaudit.cli.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the CLI finished");
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            // [0.012s][info][class,load] java.lang.Object source: shared objects file
            int start = line.indexOf("] ", line.indexOf("class,load")) + 2;
            int end = line.indexOf(' ', start);
            if (start > 1 && end > start) {
                classes.add(line.substring(start, end));
            }
        }
        return classes;
    }
}
