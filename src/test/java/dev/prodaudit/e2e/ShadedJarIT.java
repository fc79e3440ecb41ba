package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodaudit.testing.InstalledJdks;
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
 * (17). The merged jar is another thing: a library's service registration can name a class the merge left out, and
 * a newer JDK looks up services the build's JDK never asks for. Both happened: dnsjava registers a host-name resolver
 * for Java 18+ whose class exists only in a Multi-Release folder the merged jar never reads, so on Java 25 every name
 * lookup threw, each live check waited out its whole budget and a 1-second audit took 30.
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

    private record Audit(int exitCode, String stdout, String stderr, Map<String, String> verdicts, Map<String, String> evidence) {
    }

    private Audit audit(Path java, Path project) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "out", ".json");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        // The launcher's JVM flags, so the run is the one users get from ./audit.
        Process p = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", JAR.toAbsolutePath().toString(), "run", "--format", "json")
                .directory(project.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the audit did not end on " + java);
        }
        String stdout = Files.readString(out);
        JsonNode report = JSON.readTree(stdout);
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
        return new Audit(p.exitValue(), stdout, Files.readString(err), verdicts, evidence);
    }
}
