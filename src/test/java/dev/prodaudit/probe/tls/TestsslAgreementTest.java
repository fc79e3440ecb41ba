package dev.prodaudit.probe.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.HungTargets;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's verdict on each protocol version agrees with testssl.sh's on the same loopback server: one that accepts
 * TLS 1.2 and 1.3, and one that accepts TLS 1.0, 1.1 and 1.2. testssl.sh speaks TLS through its own sockets, not
 * through JSSE or OpenSSL's client, so it is an independent judge. Debian's package {@code testssl.sh} installs the
 * command as {@code testssl} (installed by .ci/run); without it this test is skipped.
 */
class TestsslAgreementTest {
    private static final Map<String, String> IDS = Map.of(
            "TLS1", "TLSv1", "TLS1_1", "TLSv1.1", "TLS1_2", "TLSv1.2", "TLS1_3", "TLSv1.3");

    @TempDir
    Path dir;

    @Test
    void theProbeAndTestsslAgreeOnWhichVersionsEachServerAccepts() throws Exception {
        Optional<Path> testssl = onPath("testssl").or(() -> onPath("testssl.sh"));
        assumeTrue(testssl.isPresent(), "testssl.sh is not installed (Debian: apt-get install testssl.sh)");
        long now = System.currentTimeMillis();
        HeldCertificate cert = new HeldCertificate.Builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1").validityInterval(now - 86_400_000L, now + 90 * 86_400_000L)
                .rsa2048().build();

        Map<String, Map<String, Boolean>> expected = Map.of(
                "modern", Map.of("TLSv1", false, "TLSv1.1", false, "TLSv1.2", true, "TLSv1.3", true),
                "legacy", Map.of("TLSv1", true, "TLSv1.1", true, "TLSv1.2", true, "TLSv1.3", false));
        Map<String, String[]> servers = Map.of(
                "modern", new String[] {"TLSv1.2", "TLSv1.3"},
                "legacy", new String[] {"TLSv1", "TLSv1.1", "TLSv1.2"});
        for (String name : List.of("modern", "legacy")) {
            try (TlsTestServer server = TlsTestServer.start(cert, List.of(), servers.get(name))) {
                String endpoint = "127.0.0.1:" + server.port();
                Map<String, Boolean> probe = probe(endpoint);
                Map<String, Boolean> judge = testssl(testssl.get(), endpoint, dir.resolve(name + ".json"));
                assertEquals(new TreeMap<>(judge), new TreeMap<>(probe), name + " server " + endpoint + ": testssl.sh vs the probe");
                assertEquals(new TreeMap<>(expected.get(name)), new TreeMap<>(probe), name + " server: the probe");
            }
        }
    }

    /** The probe's accepted / not accepted per version, from the same scan {@code run} reports. */
    private static Map<String, Boolean> probe(String endpoint) throws Exception {
        TlsSpec spec = TlsProbeTest.spec("require: [], forbid: []");
        TlsProbe.EndpointReport r = new TlsProbe().scan(endpoint, spec, new Handshaker(), CertificateChecks.Anchors.load(null),
                new TlsProbe.Budget(System.nanoTime(), Duration.ofSeconds(10), 1), new HungTargets());
        assertTrue(r.status() != Status.ERROR, r.line());
        assertEquals(4, r.accepted().size(), r.line());
        return r.accepted();
    }

    /**
     * {@code testssl --quiet --protocols --nodns none --warnings off --color 0 --jsonfile FILE 127.0.0.1:PORT}:
     * protocols only, no DNS lookups (the target is an IP address on loopback), no interactive questions.
     */
    private static Map<String, Boolean> testssl(Path testssl, String endpoint, Path json) throws IOException, InterruptedException {
        List<String> cmd = List.of(testssl.toString(), "--quiet", "--protocols", "--nodns", "none", "--warnings", "off",
                "--color", "0", "--jsonfile", json.toString(), endpoint);
        Path log = json.resolveSibling(json.getFileName() + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("testssl.sh did not finish within 60 s: " + String.join(" ", cmd));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(Files.isRegularFile(json), "no JSON from " + String.join(" ", cmd) + "\n" + output);
        JsonNode findings = new ObjectMapper().readTree(json.toFile());
        Map<String, Boolean> out = new TreeMap<>();
        for (JsonNode f : findings) {
            String version = IDS.get(f.path("id").asText());
            if (version == null) {
                continue;
            }
            String finding = f.path("finding").asText();
            if (finding.startsWith("not offered")) {
                out.put(version, false);
            } else if (finding.startsWith("offered")) {
                out.put(version, true);
            } else {
                fail("testssl.sh could not decide " + version + ": \"" + finding + "\"\n" + output);
            }
        }
        assertEquals(4, out.size(), "testssl.sh's protocol findings: " + out + "\n" + output);
        return out;
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .map(d -> Path.of(d, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
