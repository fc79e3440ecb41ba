package dev.prodaudit.probe.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://}: the probe speaks TLS, trusts the system store plus {@code targets.caFile}, and checks the
 * server's name against its certificate. A real redis-server with TLS on, its certificate from a private test CA.
 */
class RedisTlsTest {
    private static final String PASSWORD = "Tls-test-pass-5b2e";
    private static final HeldCertificate CA = new HeldCertificate.Builder().certificateAuthority(0)
            .commonName("prodaudit redis test CA").build();
    private static final HeldCertificate SERVER = new HeldCertificate.Builder().commonName("127.0.0.1")
            .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost").signedBy(CA).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRedisServer() {
        RedisServerProcess.assumeAvailable();
    }

    private Outcome run(String url, Path caFile, String... checks) {
        Targets targets = new Targets(null, null, List.of(), null, url, null, null, null, caFile);
        try (SharedClients clients = new SharedClients()) {
            return new RedisProbe().run(RedisTestSupport.spec(checks),
                    new ProbeContext(Env.empty(), dir, targets, Duration.ofSeconds(5), clients));
        }
    }

    @Test
    void rediss() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, CA.certificatePem(), StandardCharsets.US_ASCII);
        try (RedisServerProcess r = RedisServerProcess.builder().tls(SERVER, CA).password(PASSWORD)
                .maxmemory("64mb").start()) {
            assertTrue(r.url().startsWith("rediss://"), r.url());

            // Trusted through the CA file: the checks run over TLS, the unauthenticated PING too.
            Outcome o = run(r.url(), ca, "auth", "memory");
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().contains("NOAUTH"), o.evidence());

            // Without the CA file the system store does not trust the private CA: ERROR with the hint.
            Outcome untrusted = run(r.url(), null, "memory");
            assertEquals(Status.ERROR, untrusted.status(), untrusted.evidence());
            assertTrue(untrusted.evidence().startsWith("TLS handshake with 127.0.0.1:" + r.port() + " failed"), untrusted.evidence());
            assertTrue(untrusted.evidence().contains("--ca-file"), untrusted.evidence());
            assertFalse(untrusted.evidence().contains(PASSWORD), untrusted.evidence());

            // A plain redis:// client against the TLS port gets no Redis answer: an error, not a verdict.
            Outcome plain = run(r.url().replace("rediss://", "redis://"), null, "memory");
            assertEquals(Status.ERROR, plain.status(), plain.evidence());

            // An unreadable CA file is the check's ERROR.
            Outcome missing = run(r.url(), dir.resolve("no-such-ca.pem"), "memory");
            assertEquals(Status.ERROR, missing.status(), missing.evidence());
            assertTrue(missing.evidence().contains("no-such-ca.pem"), missing.evidence());
        }
    }
}
