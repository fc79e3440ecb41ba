package dev.prodaudit.probe.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Fact;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.ProbeKit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS probe hands on each endpoint's certificate expiry as a structured fact (the Prometheus report's
 * {@code prodaudit_tls_cert_expiry_timestamp_seconds}), the notAfter of the leaf the server served: no report parses
 * "expires in N days" out of the evidence.
 */
class CertificateExpiryFactTest {
    private static final long DAY = TimeUnit.DAYS.toMillis(1);

    @Test
    void theLeafsNotAfterIsAFactOfTheOutcome(@TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis();
        HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).commonName("test root")
                .validityInterval(now - DAY, now + 365 * DAY).rsa2048().build();
        long notAfter = now + 20 * DAY;
        HeldCertificate leaf = new HeldCertificate.Builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .signedBy(root).validityInterval(now - DAY, notAfter).rsa2048().build();
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, root.certificatePem(), StandardCharsets.US_ASCII);
        try (TlsTestServer server = TlsTestServer.start(leaf, List.of(root.certificate()), "TLSv1.3", "TLSv1.2");
             SharedClients clients = new SharedClients()) {
            String endpoint = "localhost:" + server.port();
            Outcome o = new TlsProbe().run(ProbeKit.spec(TlsProbe.class, "endpoints: ['" + endpoint + "']"),
                    new ProbeContext(Env.empty(), dir, new Targets(null, null, List.of(), null, null, null, null, null, ca),
                            Duration.ofSeconds(10), clients));
            // X.509 keeps whole seconds.
            assertEquals(List.of(new Fact.CertificateExpiry(endpoint, Instant.ofEpochSecond(notAfter / 1000))), o.facts(),
                    o.evidence());
        }
    }
}
