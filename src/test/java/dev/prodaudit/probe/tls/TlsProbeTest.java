package dev.prodaudit.probe.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.prodaudit.input.InputException;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.CaTrust;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.TimedOut;
import dev.prodaudit.testing.ProbeKit;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code type: tls} against real TLS servers on loopback (an {@link javax.net.ssl.SSLServerSocket} per case, with
 * okhttp-tls certificates), a refused port and a port that accepts TCP and never answers.
 */
class TlsProbeTest {
    private static final String[] MODERN = {"TLSv1.2", "TLSv1.3"};
    private static final String[] ALL = {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
    private static final long DAY = TimeUnit.DAYS.toMillis(1);

    private static HeldCertificate root;
    private static HeldCertificate good;

    @TempDir
    static Path dir;
    private static Path caFile;

    @BeforeAll
    static void certificates() throws IOException {
        long now = System.currentTimeMillis();
        root = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("prodaudit test root")
                .validityInterval(now - 365 * DAY, now + 365 * DAY)
                .rsa2048()
                .build();
        good = leaf("localhost", now - DAY, now + 90 * DAY).build();
        caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, root.certificatePem(), StandardCharsets.US_ASCII);
    }

    /** A leaf for {@code name} signed by the test root, RSA 2048 unless changed. */
    private static HeldCertificate.Builder leaf(String name, long notBefore, long notAfter) {
        return new HeldCertificate.Builder()
                .commonName(name)
                .addSubjectAlternativeName(name)
                .signedBy(root)
                .validityInterval(notBefore, notAfter)
                .rsa2048();
    }

    private static TlsTestServer server(HeldCertificate cert, String... protocols) throws IOException {
        return TlsTestServer.start(cert, List.of(root.certificate()), protocols);
    }

    // ---- running the probe ----

    static TlsSpec spec(String params) throws InputException {
        return ProbeKit.spec(TlsProbe.class, params);
    }

    static Targets targets(List<String> tls, Path ca) {
        return new Targets(null, null, tls, null, null, null, null, null, ca);
    }

    private static Outcome run(String params, Duration timeout) throws InputException {
        return run(params, targets(List.of(), caFile), timeout, new SharedClients());
    }

    private static Outcome run(String params) throws InputException {
        return run(params, Duration.ofSeconds(10));
    }

    private static Outcome run(String params, Targets targets, Duration timeout, SharedClients clients) throws InputException {
        return new TlsProbe().run(spec(params), new ProbeContext(Env.empty(), dir, targets, timeout, clients));
    }

    private static String at(int port) {
        return "endpoints: ['localhost:" + port + "']";
    }

    private static String text(Outcome o) {
        StringBuilder b = new StringBuilder(o.status() + " " + o.evidence());
        o.findings().forEach(f -> b.append("\n  ").append(f.status()).append(' ').append(f.message()));
        return b.toString();
    }

    // ---- protocol versions ----

    @Test
    void aServerOfTls12And13WithAGoodCertificatePasses() throws Exception {
        try (TlsTestServer s = server(good, MODERN)) {
            Outcome o = run(at(s.port()));
            assertEquals(Status.PASS, o.status(), text(o));
            String line = o.evidence();
            assertTrue(line.startsWith("localhost:" + s.port() + ": TLSv1.3 (TLS_AES_"), line);
            assertTrue(line.contains("accepts 1.2 1.3;"), line);
            assertTrue(line.contains("certificate CN=localhost expires in 8"), line); // 89 or 88 days
            assertTrue(line.contains(", RSA 2048, SHA256withRSA, trusted, hostname ok"), line);
            assertEquals(1, o.findings().size());
            assertTrue(s.handshakes() >= 2, "the 1.2 and 1.3 handshakes reached the server");
        }
    }

    @Test
    void aTls12OnlyServerFailsTheDefaultRequirementOfTls13() throws Exception {
        try (TlsTestServer s = server(good, "TLSv1.2")) {
            Outcome o = run(at(s.port()));
            assertEquals(Status.FAIL, o.status(), text(o));
            assertTrue(o.evidence().contains(": TLSv1.3 not accepted (required); TLSv1.2 (TLS_"), o.evidence());
            assertTrue(o.evidence().contains("accepts 1.2;"), o.evidence());
            // ... and passes when 1.2 is what is required
            assertEquals(Status.PASS, run(at(s.port()) + ", require: [TLSv1.2]").status());
        }
    }

    @Test
    void aServerAcceptingTls10And11FailsTheDefaultForbidList() throws Exception {
        try (TlsTestServer s = server(good, ALL)) {
            Outcome o = run(at(s.port()));
            assertEquals(Status.FAIL, o.status(), text(o));
            String line = o.evidence();
            assertTrue(line.contains(": TLSv1 accepted (forbidden), TLSv1.1 accepted (forbidden); TLSv1.3 (TLS_"), line);
            assertTrue(line.contains("accepts 1.0 1.1 1.2 1.3;"), line);
            // Nothing forbidden: the same server passes.
            assertEquals(Status.PASS, run(at(s.port()) + ", forbid: []").status());
        }
    }

    @Test
    void aLegacyOnlyServerIsReportedWithItsOwnNegotiatedVersion() throws Exception {
        try (TlsTestServer s = server(good, "TLSv1", "TLSv1.1")) {
            Outcome o = run(at(s.port()) + ", require: [], forbid: [TLSv1.0]");
            assertEquals(Status.FAIL, o.status(), text(o));
            assertTrue(o.evidence().contains(": TLSv1 accepted (forbidden); TLSv1.1 (TLS_"), o.evidence());
            assertTrue(o.evidence().contains("accepts 1.0 1.1;"), o.evidence());
        }
    }

    // ---- the certificate ----

    @Test
    void anExpiredCertificateFails() throws Exception {
        long now = System.currentTimeMillis();
        try (TlsTestServer s = server(leaf("localhost", now - 100 * DAY, now - 2 * DAY).build(), MODERN)) {
            Outcome o = run(at(s.port()));
            assertEquals(Status.FAIL, o.status(), text(o));
            assertTrue(o.evidence().contains("certificate CN=localhost expired 2 days ago, RSA 2048"), o.evidence());
            // the chain itself is sound: expiry is the one problem
            assertTrue(o.evidence().contains(", trusted, hostname ok"), o.evidence());
        }
    }

    @Test
    void aCertificateNotYetValidFails() throws Exception {
        long now = System.currentTimeMillis();
        try (TlsTestServer s = server(leaf("localhost", now + 2 * DAY, now + 100 * DAY).build(), MODERN)) {
            Outcome o = run(at(s.port()));
            assertEquals(Status.FAIL, o.status(), text(o));
            assertTrue(o.evidence().contains("certificate CN=localhost not valid until "), o.evidence());
        }
    }

    @Test
    void aCertificateExpiringIn20DaysWarnsAndUnder14Fails() throws Exception {
        long now = System.currentTimeMillis();
        try (TlsTestServer s = server(leaf("localhost", now - DAY, now + 20 * DAY).build(), MODERN)) {
            Outcome o = run(at(s.port()));
            assertEquals(Status.WARN, o.status(), text(o));
            assertTrue(o.evidence().contains("expires in 19 days (under 30)"), o.evidence());
            Outcome strict = run(at(s.port()) + ", failDays: 21, warnDays: 60");
            assertEquals(Status.FAIL, strict.status(), text(strict));
            assertTrue(strict.evidence().contains("expires in 19 days (under 21)"), strict.evidence());
            assertEquals(Status.PASS, run(at(s.port()) + ", warnDays: 7, failDays: 3").status());
        }
    }

    @Test
    void aSelfSignedCertificateNotInTheCaFileIsUntrusted() throws Exception {
        HeldCertificate self = new HeldCertificate.Builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .validityInterval(System.currentTimeMillis() - DAY, System.currentTimeMillis() + 90 * DAY).rsa2048().build();
        try (TlsTestServer s = TlsTestServer.start(self, List.of(), MODERN)) {
            Outcome o = run(at(s.port()));
            assertEquals(Status.FAIL, o.status(), text(o));
            assertTrue(o.evidence().contains(", untrusted: "), o.evidence());
            assertTrue(o.evidence().contains("hostname ok"), o.evidence());

            // Put it in the CA file and it is trusted.
            Path own = dir.resolve("self.pem");
            Files.writeString(own, self.certificatePem(), StandardCharsets.US_ASCII);
            Outcome trusted = run(at(s.port()), targets(List.of(), own), Duration.ofSeconds(10), new SharedClients());
            assertEquals(Status.PASS, trusted.status(), text(trusted));
        }
    }

    @Test
    void aChainFromTheTestRootIsUntrustedWithoutTheCaFile() throws Exception {
        try (TlsTestServer s = server(good, MODERN)) {
            Outcome o = run(at(s.port()), targets(List.of(), null), Duration.ofSeconds(10), new SharedClients());
            assertEquals(Status.FAIL, o.status(), text(o));
            assertTrue(o.evidence().contains("untrusted: unable to find valid certification path"), o.evidence());
        }
    }

    @Test
    void aCertificateForAnotherNameFailsTheHostnameCheck() throws Exception {
        long now = System.currentTimeMillis();
        try (TlsTestServer s = server(leaf("other.test", now - DAY, now + 90 * DAY).build(), MODERN)) {
            Outcome o = run(at(s.port()));
            assertEquals(Status.FAIL, o.status(), text(o));
            assertTrue(o.evidence().contains(", trusted, hostname mismatch: certificate names other.test"), o.evidence());

            // By IP address: the certificate carries no IP address.
            Outcome byIp = run("endpoints: ['127.0.0.1:" + s.port() + "']");
            assertEquals(Status.FAIL, byIp.status(), text(byIp));
            assertTrue(byIp.evidence().contains("hostname mismatch: 127.0.0.1 is not among the certificate's IP addresses"),
                    byIp.evidence());
        }
    }

    @Test
    void anIpAddressInTheCertificateMatchesAnIpEndpoint() throws Exception {
        long now = System.currentTimeMillis();
        try (TlsTestServer s = server(leaf("localhost", now - DAY, now + 90 * DAY).addSubjectAlternativeName("127.0.0.1").build(),
                MODERN)) {
            Outcome o = run("endpoints: ['127.0.0.1:" + s.port() + "']");
            assertEquals(Status.PASS, o.status(), text(o));
        }
    }

    @Test
    void aWildcardCertificateMatchesOneLabel() throws Exception {
        long now = System.currentTimeMillis();
        HeldCertificate wildcard = leaf("*.localhost", now - DAY, now + 90 * DAY).build();
        try (TlsTestServer s = server(wildcard, MODERN)) {
            // "localhost" itself is not matched by *.localhost, and *.localhost is under one label only: no match.
            Outcome o = run(at(s.port()));
            assertEquals(Status.FAIL, o.status(), text(o));
            assertTrue(o.evidence().contains("hostname mismatch: certificate names *.localhost"), o.evidence());
        }
        assertTrue(CertificateChecks.matches("api.example.com", "*.example.com"));
        assertFalse(CertificateChecks.matches("a.b.example.com", "*.example.com"));
        assertFalse(CertificateChecks.matches("example.com", "*.example.com"));
        assertFalse(CertificateChecks.matches("example.com", "*.com"));
        assertTrue(CertificateChecks.matches("example.com", "example.com"));
        assertFalse(CertificateChecks.matches("api.example.com", "api*.example.com"));
    }

    @Test
    void aRsa1024KeyFails() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        long now = System.currentTimeMillis();
        try (TlsTestServer s = server(leaf("localhost", now - DAY, now + 90 * DAY).keyPair(rsa.generateKeyPair()).build(), MODERN)) {
            Outcome o = run(at(s.port()));
            assertEquals(Status.FAIL, o.status(), text(o));
            assertTrue(o.evidence().contains(", RSA 1024 (under 2048), SHA256withRSA, trusted, hostname ok"), o.evidence());
            assertEquals(Status.PASS, run(at(s.port()) + ", minRsaBits: 1024").status());
        }
    }

    @Test
    void anEcP256KeyPasses() throws Exception {
        long now = System.currentTimeMillis();
        try (TlsTestServer s = server(leaf("localhost", now - DAY, now + 90 * DAY).ecdsa256().build(), MODERN)) {
            Outcome o = run(at(s.port()));
            assertEquals(Status.PASS, o.status(), text(o));
            assertTrue(o.evidence().contains(", EC 256, SHA256withRSA, trusted"), o.evidence());
        }
    }

    @Test
    void aSha1SignedCertificateFails() throws Exception {
        // okhttp-tls signs with SHA-256 only; openssl makes the SHA-1 certificate.
        Path key = dir.resolve("sha1.key");
        Path cert = dir.resolve("sha1.pem");
        Process p;
        try {
            p = new ProcessBuilder("openssl", "req", "-x509", "-sha1", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key.toString(), "-out", cert.toString(), "-days", "60", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost").redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "openssl is not installed");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        HeldCertificate sha1 = HeldCertificate.decode(Files.readString(cert) + Files.readString(key));
        assertEquals("SHA1withRSA", sha1.certificate().getSigAlgName());
        try (TlsTestServer s = TlsTestServer.start(sha1, List.of(), MODERN)) {
            Outcome o = run(at(s.port()), targets(List.of(), cert), Duration.ofSeconds(10), new SharedClients());
            assertEquals(Status.FAIL, o.status(), text(o));
            assertTrue(o.evidence().contains(", RSA 2048, SHA1withRSA (weak signature), trusted, hostname ok"), o.evidence());
        }
    }

    // ---- the shared deadline and trust ----

    @Test
    void theChecksBudgetIsTheSharedDeadlineOfEveryNetworkFamily() {
        // 10 s less 250 ms, as for HTTP, MongoDB, Redis, Qdrant and DNS (it used to keep a tenth, up to 1 s, back).
        assertEquals(Deadline.budget(10_000), new TlsProbe.Budget(System.nanoTime(), Duration.ofSeconds(10), 3).budgetMillis());
        assertEquals(9750, new TlsProbe.Budget(System.nanoTime(), Duration.ofSeconds(10), 1).budgetMillis());
    }

    @Test
    void theCertificateIsJudgedAgainstWhatEveryTlsSpeakingProbeTrusts() throws Exception {
        CertificateChecks.Anchors withCaFile = CertificateChecks.Anchors.load(caFile);
        CertificateChecks.Anchors systemOnly = CertificateChecks.Anchors.load(null);
        List<X509Certificate> chain = List.of(good.certificate(), root.certificate());
        assertEquals("trusted", CertificateChecks.trust(chain, withCaFile, java.time.Instant.now()).text());
        assertFalse(withCaFile.systemRead(), "a chain to a CA of the file is trusted without reading the system's 140 CAs");
        assertTrue(CertificateChecks.trust(chain, systemOnly, java.time.Instant.now()).text().startsWith("untrusted: "));
        assertTrue(systemOnly.systemRead());
        // The same certificates the HTTP, MongoDB, Redis and Qdrant clients trust through CaTrust.
        assertTrue(CaTrust.certificates(caFile).contains(root.certificate()));
        assertEquals(CaTrust.certificates(null).size() + 1, CaTrust.certificates(caFile).size());
    }

    /**
     * A chain the CA file does not lead to is judged against everything trusted, as before: the same verdict as
     * without the file, with the system's CAs read for it.
     */
    @Test
    void aChainTheCaFileDoesNotTrustIsJudgedAgainstTheSystemsCasToo() throws Exception {
        long now = System.currentTimeMillis();
        HeldCertificate otherRoot = new HeldCertificate.Builder().certificateAuthority(0).commonName("another root")
                .validityInterval(now - DAY, now + 90 * DAY).rsa2048().build();
        HeldCertificate stranger = new HeldCertificate.Builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .signedBy(otherRoot).validityInterval(now - DAY, now + 90 * DAY).rsa2048().build();
        List<X509Certificate> chain = List.of(stranger.certificate(), otherRoot.certificate());
        CertificateChecks.Anchors withCaFile = CertificateChecks.Anchors.load(caFile);
        CertificateChecks.Verdict verdict = CertificateChecks.trust(chain, withCaFile, java.time.Instant.now());
        assertTrue(withCaFile.systemRead());
        assertEquals(CertificateChecks.trust(chain, CertificateChecks.Anchors.load(null), java.time.Instant.now()), verdict);
        assertTrue(!verdict.ok() && !verdict.undecided() && verdict.text().startsWith("untrusted: "), verdict.text());
    }

    /** The system's CAs that cannot be read leave trust undecided (the endpoint's ERROR), never untrusted (a FAIL). */
    @Test
    void systemCasThatCannotBeReadLeaveTrustUndecided() {
        CertificateChecks.Anchors unreadable = new CertificateChecks.Anchors(List.of(), () -> {
            throw new java.security.KeyStoreException("cacerts: keystore password was incorrect");
        });
        CertificateChecks.Verdict verdict = CertificateChecks.trust(List.of(good.certificate(), root.certificate()),
                unreadable, java.time.Instant.now());
        assertTrue(verdict.undecided() && !verdict.ok(), verdict.toString());
        assertEquals("trust undecided: cannot read the system's trusted CAs: cacerts: keystore password was incorrect",
                verdict.text());
    }

    // ---- endpoints that cannot be judged ----

    @Test
    void aRefusedPortIsAnError() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Outcome o = run("endpoints: ['127.0.0.1:" + port + "']");
        assertEquals(Status.ERROR, o.status(), text(o));
        assertEquals("127.0.0.1:" + port + ": connection refused", o.evidence());
    }

    @Test
    @Timeout(60)
    void aCaFileWithoutCertificatesIsAnErrorBeforeAnyConnection() throws Exception {
        // The trust anchors are settled before the first connection: a CA file that holds none stops the check there.
        Path empty = dir.resolve("empty-ca.pem");
        Files.writeString(empty, "", StandardCharsets.US_ASCII);
        try (TlsTestServer hung = TlsTestServer.hung()) {
            Outcome o = run("endpoints: ['127.0.0.1:" + hung.port() + "']", targets(List.of(), empty), Duration.ofSeconds(5),
                    new SharedClients());
            assertEquals(Status.ERROR, o.status(), text(o));
            assertEquals("cannot read the CA file " + empty + ": no PEM certificate in it", o.evidence());
            assertEquals(0, hung.connections(), "connections made with an unreadable CA file");
        }
    }

    @Test
    @Timeout(60) // a hang guard: a handshake without its own timeout would wait on the hung port forever
    void aHungPortIsAnErrorWithinTheBudgetAndLaterChecksAreToldAtOnce() throws Exception {
        try (TlsTestServer hung = TlsTestServer.hung(); SharedClients clients = new SharedClients()) {
            Duration timeout = Duration.ofSeconds(2);
            Outcome o = run("endpoints: ['127.0.0.1:" + hung.port() + "']", targets(List.of(), caFile), timeout, clients);
            assertEquals(Status.ERROR, o.status(), text(o));
            assertTrue(Pattern.compile("^127\\.0\\.0\\.1:\\d+: timed out after \\d+ ms \\(TLSv1\\.3 handshake\\)$")
                    .matcher(o.evidence()).matches(), o.evidence());
            // The handshake gave up on the probe's own budget (1800 ms: the timeout less a tenth), not the check's 2 s.
            TimedOut.withinBudget(o.evidence(), 1800);
            // One connection per version: the four handshakes are tried at once.
            int connections = hung.connections();

            // The next check in the same run does not wait again: it is told, and never connects.
            Outcome second = run("endpoints: ['127.0.0.1:" + hung.port() + "']", targets(List.of(), caFile), timeout, clients);
            assertEquals(Status.ERROR, second.status());
            assertTrue(second.evidence().contains("did not answer an earlier check in this run"), second.evidence());
            assertEquals(connections, hung.connections(), "connections to the hung port");
        }
    }

    @Test
    @Timeout(60)
    void aHungEndpointLeavesTheOthersTheirVerdictWithinTheBudget() throws Exception {
        try (TlsTestServer hung = TlsTestServer.hung(); TlsTestServer ok = server(good, MODERN)) {
            Duration timeout = Duration.ofSeconds(3);
            Outcome o = run("endpoints: ['127.0.0.1:" + hung.port() + "', 'localhost:" + ok.port() + "']", timeout);
            assertEquals(Status.ERROR, o.status(), text(o));
            assertEquals(2, o.findings().size());
            // The hung endpoint had only its share of the budget: half of 2750 ms (3 s less the shared Deadline's 250) ...
            TimedOut.withinBudget(o.findings().get(0).message(), 2750 / 2);
            // ... so the other still got its verdict (had the first used it all, this would be "the check's time ran out").
            assertEquals(Status.PASS, o.findings().get(1).status(), text(o));
        }
    }

    @Test
    void aPlainTcpServiceIsNotTls() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (var s = plain.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // done
                }
            });
            t.setDaemon(true);
            t.start();
            Outcome o = run("endpoints: ['127.0.0.1:" + plain.getLocalPort() + "']");
            assertEquals(Status.ERROR, o.status(), text(o));
            assertTrue(o.evidence().endsWith(": the server does not speak TLS"), o.evidence());
        }
    }

    @Test
    void withoutEndpointsTheTargetsAreUsedAndWithoutTargetsItIsNotConfigured() throws Exception {
        Outcome none = run("", targets(List.of(), caFile), Duration.ofSeconds(5), new SharedClients());
        assertEquals(Status.ERROR, none.status());
        assertEquals("not configured: set targets.tls or NEXT_PUBLIC_API_URL/FRONTEND_URL to https URLs", none.evidence());
        try (TlsTestServer s = server(good, MODERN)) {
            Outcome o = run("", targets(List.of("localhost:" + s.port()), caFile), Duration.ofSeconds(10), new SharedClients());
            assertEquals(Status.PASS, o.status(), text(o));
        }
    }

    @Test
    void aMalformedEndpointIsAnError() throws Exception {
        Outcome o = run("endpoints: ['localhost:http']");
        assertEquals(Status.ERROR, o.status());
        assertEquals("localhost:http: not host:port: 'localhost:http'", o.evidence());
        assertEquals(new TlsProbe.Endpoint("::1", 8443), TlsProbe.Endpoint.parse("[::1]:8443"));
        assertEquals(new TlsProbe.Endpoint("api.example.com", 443), TlsProbe.Endpoint.parse("https://API.example.com/v1"));
        assertEquals(new TlsProbe.Endpoint("api.example.com", 443), TlsProbe.Endpoint.parse("api.example.com"));
        assertEquals("[::1]:8443", TlsProbe.Endpoint.parse("[::1]:8443").key());
    }

    @Test
    void aJvmThatCannotOfferTls10IsAnErrorRatherThanAWrongVerdict() throws Exception {
        String property = "jdk.tls.disabledAlgorithms";
        String before = Security.getProperty(property);
        try {
            Security.setProperty(property, before + ", TLSv1");
            Outcome o = run("endpoints: ['localhost:1']");
            assertEquals(Status.ERROR, o.status());
            assertEquals("this JVM cannot offer TLS 1.0/1.1; run through ./audit", o.evidence());
        } finally {
            Security.setProperty(property, before);
        }
        assertTrue(TlsPolicy.legacyProtocolsAllowed(), "the test JVM runs with probe-tls.security");
    }

    // ---- the spec ----

    @Test
    void specDefaultsAndValidation() throws Exception {
        TlsSpec d = spec("");
        assertEquals(List.of("TLSv1.3"), d.require());
        assertEquals(List.of("TLSv1", "TLSv1.1"), d.forbid());
        assertEquals(30, d.warnDays());
        assertEquals(14, d.failDays());
        assertEquals(2048, d.minRsaBits());
        assertEquals(List.of(), d.endpoints());
        TlsSpec one = spec("require: TLSv1.2, forbid: [TLSv1.0, TLSv1.1], endpoints: api.example.com:443");
        assertEquals(List.of("TLSv1.2"), one.require());
        assertEquals(List.of("TLSv1", "TLSv1.1"), one.forbid());
        assertEquals(List.of("api.example.com:443"), one.endpoints());

        Map<String, String> rejected = Map.of(
                "require: [TLSv1.4]", "unknown protocol version 'TLSv1.4'",
                "require: [SSLv3]", "unknown protocol version 'SSLv3'",
                "require: [TLSv1.2], forbid: [TLSv1.2]", "TLSv1.2 is both required and forbidden",
                "minRsaBits: 256", "'minRsaBits' must be at least 512",
                "warnDays: -1", "must not be negative",
                "endpoint: [a:1]", "unknown key 'endpoint'");
        rejected.forEach((params, message) -> {
            InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> spec(params), params);
            assertTrue(e.getMessage().contains(message), params + ": " + e.getMessage());
        });
    }

    /** The classes of certificates the checks meet, without a server. */
    @Test
    void weakSignatureNames() {
        assertTrue(CertificateChecks.weakSignature("SHA1withRSA"));
        assertTrue(CertificateChecks.weakSignature("MD5withRSA"));
        assertTrue(CertificateChecks.weakSignature("SHA1withECDSA"));
        assertFalse(CertificateChecks.weakSignature("SHA256withRSA"));
        assertFalse(CertificateChecks.weakSignature("SHA384withECDSA"));
        assertFalse(CertificateChecks.weakSignature("RSASSA-PSS"));
        assertFalse(CertificateChecks.weakSignature("Ed25519"));
        X509Certificate leaf = good.certificate();
        assertEquals("localhost", CertificateChecks.commonName(leaf));
    }
}
