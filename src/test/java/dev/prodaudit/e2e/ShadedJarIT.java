package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodaudit.cli.Version;
import dev.prodaudit.testing.InstalledJdks;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar users run ({@code target/prodaudit.jar}, made by the shade plugin in the package phase, so these tests run
 * in the integration-test phase after it): what it registers, and how it behaves on the JDKs a user may have.
 *
 * <p>The tests before this one load classes from {@code target/classes} and the dependency jars on the build's JDK
 * (17). The merged jar, started by the launcher on whatever JDK a user has, is another thing, and each of these
 * happened before these tests existed:
 * <ul>
 *   <li>dnsjava registers a host-name resolver for Java 18+ whose class exists only in a Multi-Release folder the
 *       merged jar never reads: on Java 25 every name lookup threw, each live check waited out its whole budget and
 *       a 1-second audit took 30;</li>
 *   <li>Java 22+ and 24+ print warnings on stderr (tree-sitter's native library, protobuf's use of Unsafe);</li>
 *   <li>Java 24+ disables on the client what old TLS servers need, and Java 25 words a received alert differently:
 *       the TLS probe's verdicts changed.</li>
 * </ul>
 * Runs go through {@code ./audit} (its JVM flags are part of what users get) with each JDK's {@code java} on PATH.
 */
final class ShadedJarIT {
    private static final Path JAR = Path.of("target/prodaudit.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void everyServiceTheJarRegistersIsAClassInIt() throws IOException {
        List<String> missing = new ArrayList<>();
        int providers = 0;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertFalse(jar.isMultiRelease(), "the jar is not Multi-Release: a class only under META-INF/versions is never loaded");
            for (JarEntry e : jar.stream().toList()) {
                if (!e.getName().startsWith("META-INF/services/") || e.isDirectory()) {
                    continue;
                }
                String text = new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                for (String line : text.lines().toList()) {
                    String provider = line.replaceFirst("#.*", "").strip();
                    if (provider.isEmpty()) {
                        continue;
                    }
                    providers++;
                    if (jar.getJarEntry(provider.replace('.', '/') + ".class") == null) {
                        missing.add(e.getName().substring("META-INF/services/".length()) + " -> " + provider);
                    }
                }
            }
        }
        assertTrue(providers > 10, "the probes, the drivers and gRPC register through services: " + providers);
        assertEquals(List.of(), missing, "registered providers whose class the jar does not hold");
    }

    /** Each shipped folder's index (read instead of listing the jar's entries) names exactly the folder's files. */
    @Test
    void eachShippedFoldersIndexNamesExactlyItsFilesInTheJar() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String folder : List.of("prodaudit/checks", "prodaudit/training")) {
                JarEntry index = jar.getJarEntry(folder + ".index");
                assertTrue(index != null, folder + ".index is in the jar");
                List<String> indexed = new String(jar.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.isBlank()).sorted().toList();
                List<String> files = jar.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(folder + "/"))
                        .map(e -> e.getName().substring(folder.length() + 1)).sorted().toList();
                assertFalse(files.isEmpty(), folder);
                assertEquals(files, indexed, folder);
            }
        }
    }

    @Test
    void onEveryOtherJdkHereTheBadProjectGetsTheSameVerdictsAsOnTheBuildJdk() throws Exception {
        List<InstalledJdks.Jdk> others = InstalledJdks.others(17);
        Assumptions.assumeFalse(others.isEmpty(), "no JDK 17+ besides the build's under /usr/lib/jvm or in -Dprodaudit.it.jdks");
        Fixture bad = Fixture.bad(tmp.resolve("bad"));
        // Every live target refuses: the fixture's own are loopback ports nothing listens on, and the npm registry and
        // DNS server are pointed at the discard port, so the run contacts no other host.
        Files.writeString(bad.dir.resolve("audit.yaml"), """
                version: 1
                targets:
                  npmRegistry: http://127.0.0.1:9
                  dnsServer: 127.0.0.1:9
                checks:
                  deploy.dependencies-updated:
                    probe: {audit: registry}
                """);
        Path buildJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Audit reference = audit(buildJava, bad.dir);
        assertEquals("", reference.stderr());
        assertEquals(1, reference.exitCode(), reference.stdout());
        for (InstalledJdks.Jdk jdk : others) {
            Audit other = audit(jdk.java(), bad.dir);
            String on = " on " + jdk;
            assertEquals("", other.stderr(), "nothing on stderr" + on + " (a restricted-method warning, a stack trace)");
            assertEquals(reference.exitCode(), other.exitCode(), other.stdout());
            assertEquals(reference.verdicts(), other.verdicts(), "the same verdict for every check" + on);
            for (Map.Entry<String, String> check : other.evidence().entrySet()) {
                assertFalse(check.getValue().contains("timed out") || check.getValue().contains("failed unexpectedly"),
                        check.getKey() + on + ": " + check.getValue());
            }
        }
    }

    /**
     * The end-to-end fixtures against their live app (HTTPS with its own CA, DNS, MongoDB, Redis, Qdrant, Prometheus,
     * the npm registry and GitHub's API on loopback), through the jar on each JDK: the JSON report is the golden one
     * the in-process end-to-end test holds the code to, check for check and word for word.
     */
    @Test
    void onEveryJdkHereTheJarWritesTheGoldenReportsOfTheLiveFixtures() throws Exception {
        List<Path> javas = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")));
        InstalledJdks.others(17).forEach(jdk -> javas.add(jdk.java()));
        for (boolean careful : List.of(true, false)) {
            try (LiveApp app = careful ? LiveApp.good() : LiveApp.bad()) {
                Fixture project = careful ? Fixture.good(tmp.resolve("good")) : Fixture.bad(tmp.resolve("bad"));
                app.writeConfig(project.dir);
                String golden = Files.readString(Path.of("src/test/resources/golden", careful ? "good.json" : "bad.json"));
                for (Path java : javas) {
                    Audit run = audit(java, project.dir);
                    assertEquals("", run.stderr(), java.toString());
                    assertEquals(careful ? 0 : 1, run.exitCode(), java + ": " + run.stdout());
                    assertEquals(golden, Golden.normalize(run.stdout(), Version.current()), (careful ? "GOOD" : "BAD") + " on " + java);
                }
            }
        }
    }

    /**
     * Three servers as they are found in the wild, each judged on the build's JDK and on every other: a modern one
     * (TLS 1.2 and 1.3; OpenSSL answers older hellos with an internal_error alert), one that still accepts TLS 1.0
     * and 1.1 (EC certificate, SHA-1 key-exchange signatures there), and an old stack with RSA key exchange only and
     * no TLS 1.3. Java 24 disabled on the client both RSA key exchange and SHA-1 handshake signatures, and Java 25
     * words a received alert differently: each had turned one of these verdicts into an ERROR.
     */
    @Test
    void onEveryOtherJdkHereTheTlsVerdictsAreTheSameAsOnTheBuildJdk() throws Exception {
        List<InstalledJdks.Jdk> others = InstalledJdks.others(17);
        Assumptions.assumeFalse(others.isEmpty(), "no JDK 17+ besides the build's under /usr/lib/jvm or in -Dprodaudit.it.jdks");
        Path certs = Files.createDirectories(tmp.resolve("certs"));
        openssl(certs, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", "ec.key", "-out", "ec.pem");
        openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", "rsa.key", "-out", "rsa.pem");
        Map<String, List<String>> servers = new LinkedHashMap<>();
        servers.put("modern", List.of("-cert", "ec.pem", "-key", "ec.key"));
        servers.put("legacy versions", List.of("-cert", "ec.pem", "-key", "ec.key", "-cipher", "DEFAULT:@SECLEVEL=0"));
        servers.put("RSA key exchange only", List.of("-cert", "rsa.pem", "-key", "rsa.key", "-cipher", "AES128-SHA:@SECLEVEL=0", "-no_tls1_3"));
        Map<String, String> expected = Map.of("modern", "accepts 1.2 1.3", "legacy versions", "accepts 1.0 1.1 1.2 1.3",
                "RSA key exchange only", "accepts 1.0 1.1 1.2");
        for (Map.Entry<String, List<String>> server : servers.entrySet()) {
            try (OpensslServer tls = OpensslServer.start(certs, server.getValue())) {
                Path project = Files.createDirectories(tmp.resolve("tls-" + tls.port()));
                Files.writeString(project.resolve("audit.yaml"), "version: 1\nenvFiles: []\ntargets:\n  tls: [localhost:" + tls.port()
                        + "]\n  baseUrl: https://localhost:" + tls.port() + "\n  caFile: " + certs.resolve(server.getValue().get(1)) + "\n");
                String[] only = {"--only", "security.https-tls"};
                Audit reference = audit(Path.of(System.getProperty("java.home"), "bin", "java"), project, only);
                String verdict = reference.evidence().get("security.https-tls");
                assertTrue(verdict.contains(expected.get(server.getKey())), server.getKey() + ": " + verdict);
                for (InstalledJdks.Jdk jdk : others) {
                    Audit other = audit(jdk.java(), project, only);
                    assertEquals(reference.verdicts(), other.verdicts(), server.getKey() + " on " + jdk + ": " + other.evidence());
                    assertEquals(verdict, other.evidence().get("security.https-tls"), server.getKey() + " on " + jdk);
                }
            }
        }
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + String.join(" ", args));
    }

    /** {@code openssl s_server -www} on a free loopback port, stopped on close. */
    private record OpensslServer(Process process, int port) implements AutoCloseable {
        static OpensslServer start(Path dir, List<String> options) throws IOException, InterruptedException {
            int port;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-quiet", "-www", "-accept", "127.0.0.1:" + port));
            command.addAll(options);
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100; i++) {
                try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                    return new OpensslServer(p, port);
                } catch (IOException notYet) {
                    if (!p.isAlive()) {
                        break;
                    }
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
            throw new IOException("openssl s_server " + options + " did not start");
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private record Audit(int exitCode, String stdout, String stderr, Map<String, String> verdicts, Map<String, String> evidence) {
    }

    /**
     * Runs {@code ./audit} as users do, with {@code java} on PATH being the one given: the launcher's JVM flags
     * with the jar of this build, from a copy of both in a folder of their own (no sources beside them, so the
     * launcher never rebuilds the jar), without training an archive (PRODAUDIT_CDS=off: LauncherTest covers that).
     */
    private Audit audit(Path java, Path project, String... extra) throws IOException, InterruptedException {
        Path app = tmp.resolve("app");
        if (!Files.exists(app)) {
            Files.createDirectories(app.resolve("target"));
            Files.copy(Path.of("audit"), app.resolve("audit"));
            Files.copy(JAR, app.resolve("target/prodaudit.jar"));
        }
        List<String> args = new ArrayList<>(List.of("run", "--format", "json"));
        args.addAll(List.of(extra));
        LauncherRun run = LauncherRun.of(app.resolve("audit"), project,
                Map.of("PATH", java.getParent() + File.pathSeparator + System.getenv("PATH"), "PRODAUDIT_CDS", "off"),
                tmp, args.toArray(String[]::new));
        JsonNode report = JSON.readTree(run.out());
        Map<String, String> verdicts = new LinkedHashMap<>();
        Map<String, String> evidence = new LinkedHashMap<>();
        for (JsonNode check : report.get("checks")) {
            verdicts.put(check.get("id").asText(), check.get("status").asText());
            StringBuilder text = new StringBuilder(check.get("evidence").asText());
            for (JsonNode finding : check.path("findings")) {
                text.append('\n').append(finding.path("message").asText());
            }
            evidence.put(check.get("id").asText(), text.toString());
        }
        return new Audit(run.exitCode(), run.out(), run.err(), verdicts, evidence);
    }
}
