package dev.prodaudit.probe.dns;

import dev.prodaudit.testing.DnsResponder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.input.InputException;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.ProbeKit;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Rcode;

/**
 * {@code type: dns} against a real DNS server on a loopback UDP port ({@link DnsResponder}; see there for
 * why an in-test responder rather than dnsmasq).
 */
class DnsProbeTest {
    private static final String DOMAIN = "example.com";
    private static final String RESEND = "records: [spf, dkim, dmarc], spfNames: [\"send.{domain}\"], spfInclude: amazonses.com, dkimSelector: resend";
    private static final Map<Integer, String> KEYS = new ConcurrentHashMap<>();

    private static DnsResponder dns;

    @BeforeAll
    static void start() throws Exception {
        dns = DnsResponder.answering();
    }

    @AfterAll
    static void stop() throws Exception {
        dns.close();
    }

    @BeforeEach
    void clearZone() {
        dns.clear();
    }

    // ---- helpers ----

    /** The base64 SubjectPublicKeyInfo of a fresh RSA key of {@code bits} (one per size per run). */
    static String rsaKey(int bits) {
        return KEYS.computeIfAbsent(bits, b -> {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(b);
                return Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** What Resend asks for, all correct: SPF on send.<domain>, a 2048-bit DKIM key, DMARC p=reject. */
    private static void goodDomain() {
        dns.txt("send.example.com", "v=spf1 include:amazonses.com ~all");
        dns.longTxt("resend._domainkey.example.com", "p=" + rsaKey(2048));
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; rua=mailto:dmarc@example.com");
        dns.txt("example.com", "google-site-verification=abc");
    }

    static DnsSpec spec(String params) throws InputException {
        return ProbeKit.spec(DnsProbe.class, params);
    }

    static Targets targets(String mailDomain, String dnsServer) {
        return new Targets(null, null, List.of(), null, null, null, mailDomain, dnsServer, null);
    }

    private static Outcome run(String params) throws InputException {
        return run(params, targets(DOMAIN, dns.server()), Duration.ofSeconds(5));
    }

    static Outcome run(String params, Targets targets, Duration timeout) throws InputException {
        try (SharedClients clients = new SharedClients()) {
            return new DnsProbe().run(spec(params), new ProbeContext(Env.empty(), Path.of("."), targets, timeout, clients));
        }
    }

    static String allText(Outcome o) {
        StringBuilder out = new StringBuilder(o.status() + ": " + o.evidence());
        for (Finding f : o.findings()) {
            out.append('\n').append(f.status()).append(' ').append(f.message());
        }
        return out.toString();
    }

    private static List<Finding> withStatus(Outcome o, Status s) {
        return o.findings().stream().filter(f -> f.status() == s).toList();
    }

    private static void assertFinding(Outcome o, Status s, String fragment) {
        assertTrue(withStatus(o, s).stream().anyMatch(f -> f.message().contains(fragment)),
                "no " + s + " finding containing '" + fragment + "' in\n" + allText(o));
    }

    // ---- the Resend domain, all three records ----

    @Test
    void aDomainSetUpAsResendDocumentsItPasses() throws Exception {
        goodDomain();
        Outcome o = run(RESEND);
        assertEquals(Status.PASS, o.status(), allText(o));
        assertEquals("mail authentication holds for example.com: SPF at send.example.com, DKIM key at "
                + "resend._domainkey.example.com, DMARC at _dmarc.example.com", o.evidence());
        assertFinding(o, Status.PASS, "SPF at send.example.com (v=spf1 include:amazonses.com ~all) ends in ~all");
        assertFinding(o, Status.PASS, "SPF at send.example.com includes amazonses.com");
        assertFinding(o, Status.PASS, "DKIM key at resend._domainkey.example.com: RSA 2048-bit key");
        assertFinding(o, Status.PASS, "DMARC at _dmarc.example.com: p=reject");
        assertFinding(o, Status.PASS, "sends aggregate reports to mailto:dmarc@example.com");
    }

    @Test
    void theDefaultsCheckAllThreeWithSpfOnTheDomainAndTheResendSelector() throws Exception {
        dns.txt("example.com", "v=spf1 -all");
        dns.longTxt("resend._domainkey.example.com", "v=DKIM1; k=rsa; p=" + rsaKey(2048));
        dns.txt("_dmarc.example.com", "v=DMARC1; p=quarantine");
        DnsSpec s = spec("");
        assertEquals(List.of("spf", "dkim", "dmarc"), s.records());
        assertEquals("resend", s.dkimSelector());
        Outcome o = run("");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertFinding(o, Status.PASS, "SPF at example.com (v=spf1 -all) ends in -all");
        assertFinding(o, Status.PASS, "DMARC at _dmarc.example.com: p=quarantine");
        assertFinding(o, Status.PASS, "has no rua=");
    }

    @Test
    void theDomainComesFromTheSpecBeforeTheTarget() throws Exception {
        dns.txt("mail.example.org", "v=spf1 ~all");
        Outcome o = run("domain: mail.example.org, records: [spf]");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertFinding(o, Status.PASS, "SPF at mail.example.org");
    }

    @Test
    void noDomainIsAnErrorSayingHowToConfigureIt() throws Exception {
        Outcome o = run("", targets(null, dns.server()), Duration.ofSeconds(5));
        assertEquals(Status.ERROR, o.status());
        assertEquals("not configured: set RESEND_FROM_EMAIL or targets.mailDomain", o.evidence());
        assertEquals(0, o.findings().size());
    }

    // ---- SPF ----

    @ParameterizedTest
    @ValueSource(strings = {"+all", "all"})
    void spfPlusAllFails(String all) throws Exception {
        dns.txt("example.com", "v=spf1 include:amazonses.com " + all);
        Outcome o = run("records: [spf]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertTrue(o.evidence().contains("ends in +all: every server on the internet may send as the domain"), o.evidence());
    }

    @Test
    void spfQuestionAllFails() throws Exception {
        dns.txt("example.com", "v=spf1 include:amazonses.com ?all");
        Outcome o = run("records: [spf]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertTrue(o.evidence().contains("ends in ?all (neutral)"), o.evidence());
    }

    @Test
    void twoSpfRecordsAtOneNameFailAsAPermError() throws Exception {
        dns.txt("send.example.com", "v=spf1 include:amazonses.com ~all");
        dns.txt("send.example.com", "v=spf1 include:_spf.google.com ~all");
        dns.txt("send.example.com", "some-other-verification=1");
        Outcome o = run("records: [spf], spfNames: [\"send.{domain}\"]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals("2 SPF records at send.example.com: receivers must treat more than one as a PermError (RFC 7208 §4.5),"
                + " so SPF fails for all mail; merge them into one", o.evidence());
    }

    @Test
    void aMissingRequiredIncludeFails() throws Exception {
        dns.txt("send.example.com", "v=spf1 include:_spf.google.com ~all");
        Outcome o = run("records: [spf], spfNames: [\"send.{domain}\"], spfInclude: amazonses.com");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals("SPF at send.example.com does not include amazonses.com (include:amazonses.com): mail sent through it"
                + " fails SPF; add include:amazonses.com before the all mechanism", o.evidence());
        assertFinding(o, Status.PASS, "ends in ~all");
    }

    @Test
    void anIncludeAfterAllOrWithAFailQualifierDoesNotCount() throws Exception {
        dns.txt("a.example.com", "v=spf1 ~all include:amazonses.com");
        dns.txt("b.example.com", "v=spf1 -include:amazonses.com ~all");
        dns.txt("c.example.com", "v=spf1 +include:AmazonSES.com. -all");
        Outcome o = run("records: [spf], spfNames: [a.example.com, b.example.com, c.example.com], spfInclude: \"include:amazonses.com\"");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertFinding(o, Status.FAIL, "SPF at a.example.com lists include:amazonses.com after all, where it is never evaluated");
        assertFinding(o, Status.FAIL, "SPF at b.example.com lists -include:amazonses.com, which does not authorise amazonses.com");
        assertFinding(o, Status.PASS, "SPF at c.example.com includes amazonses.com");
    }

    @Test
    void spfWithoutAllFailsAndARedirectWarns() throws Exception {
        dns.txt("a.example.com", "v=spf1 include:amazonses.com");
        dns.txt("b.example.com", "v=spf1 redirect=_spf.example.net");
        Outcome o = run("records: [spf], spfNames: [a.example.com, b.example.com]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertFinding(o, Status.FAIL, "SPF at a.example.com (v=spf1 include:amazonses.com) has no all mechanism");
        assertFinding(o, Status.WARN, "hands its policy to redirect=_spf.example.net, which this audit does not follow");
    }

    @Test
    void aMultiStringTxtRecordIsJoinedBeforeParsing() throws Exception {
        // Split in the middle of a mechanism, as a 255-byte boundary can: only the joined text is SPF.
        dns.txt("send.example.com", "v=spf1 include:amazo", "nses.com ~a", "ll");
        Outcome o = run("records: [spf], spfNames: [\"send.{domain}\"], spfInclude: amazonses.com");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertFinding(o, Status.PASS, "(v=spf1 include:amazonses.com ~all) ends in ~all");
        assertFinding(o, Status.PASS, "includes amazonses.com");
    }

    @Test
    void nxdomainFailsNamingTheName() throws Exception {
        goodDomain();
        Outcome o = run("records: [spf], spfNames: [\"bounces.{domain}\"]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals("no SPF record: bounces.example.com does not exist (NXDOMAIN)", o.evidence());
    }

    @Test
    void aNameWithoutSpfAmongItsTxtRecordsFails() throws Exception {
        dns.txt("example.com", "google-site-verification=abc");
        dns.empty("send.example.com");
        Outcome o = run("records: [spf], spfNames: [\"{domain}\", \"send.{domain}\"]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertFinding(o, Status.FAIL, "no SPF record at example.com (1 TXT record, none starts with v=spf1)");
        assertFinding(o, Status.FAIL, "no SPF record at send.example.com (no TXT records)");
    }

    @Test
    void anSpfNameThatIsNotADnsNameIsAnError() throws Exception {
        Outcome o = run("records: [spf], spfNames: [\"send..{domain}\"]");
        assertEquals(Status.ERROR, o.status(), allText(o));
        assertTrue(o.evidence().startsWith("SPF: 'send..example.com' is not a valid DNS name"), o.evidence());
    }

    @Test
    void cnamesAreFollowedAndNamedInTheFindings() throws Exception {
        dns.cname("send.example.com", "spf.mailer.example.net");
        dns.txt("spf.mailer.example.net", "v=spf1 include:amazonses.com -all");
        dns.cname("broken.example.com", "gone.example.net");
        Outcome o = run("records: [spf], spfNames: [send.example.com, broken.example.com], spfInclude: amazonses.com");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertFinding(o, Status.PASS, "SPF at send.example.com (CNAME to spf.mailer.example.net) (v=spf1 include:amazonses.com -all) ends in -all");
        assertFinding(o, Status.FAIL, "no SPF record: broken.example.com (CNAME to gone.example.net) does not exist (NXDOMAIN)");
    }

    // ---- DMARC ----

    @Test
    void dmarcPNoneWarns() throws Exception {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=none; rua=mailto:d@example.com");
        Outcome o = run("records: [dmarc]");
        assertEquals(Status.WARN, o.status(), allText(o));
        assertEquals("DMARC at _dmarc.example.com: p=none only monitors: spoofed mail is still delivered;"
                + " move to p=quarantine, then p=reject", o.evidence());
    }

    @Test
    void dmarcPRejectPassesWithPctAndRuaAsNotes() throws Exception {
        dns.txt("_dmarc.example.com", "v=DMARC1;p=reject;pct=25;rua=mailto:agg@example.com");
        Outcome o = run("records: [dmarc]");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertFinding(o, Status.PASS, "DMARC at _dmarc.example.com: p=reject");
        assertFinding(o, Status.PASS, "note: DMARC at _dmarc.example.com has pct=25: the policy applies to only 25% of failing mail");
        assertFinding(o, Status.PASS, "note: DMARC at _dmarc.example.com sends aggregate reports to mailto:agg@example.com");
    }

    @Test
    void aMissingDmarcRecordFailsNamingTheName() throws Exception {
        dns.txt("example.com", "v=spf1 -all");
        Outcome o = run("records: [dmarc]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals("no DMARC record at _dmarc.example.com: looked at _dmarc.example.com (NXDOMAIN)", o.evidence());
    }

    @Test
    void dmarcWithoutPOrNotFirstOrTwiceFails() throws Exception {
        dns.txt("_dmarc.a.example.com", "v=DMARC1; rua=mailto:d@example.com");
        Outcome noP = run("records: [dmarc]", targets("a.example.com", dns.server()), Duration.ofSeconds(5));
        assertEquals(Status.FAIL, noP.status(), allText(noP));
        assertEquals("DMARC at _dmarc.a.example.com has no p= policy; write p=quarantine or p=reject", noP.evidence());

        dns.clear();
        dns.txt("_dmarc.example.com", "p=reject; v=DMARC1");
        Outcome notFirst = run("records: [dmarc]");
        assertEquals(Status.FAIL, notFirst.status(), allText(notFirst));
        assertTrue(notFirst.evidence().contains("(1 TXT record, none starts with v=DMARC1)"), notFirst.evidence());

        dns.clear();
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");
        dns.txt("_dmarc.example.com", "v=DMARC1; p=none");
        Outcome twice = run("records: [dmarc]");
        assertEquals(Status.FAIL, twice.status(), allText(twice));
        assertTrue(twice.evidence().startsWith("2 DMARC records at _dmarc.example.com"), twice.evidence());
    }

    @Test
    void aSendingSubdomainInheritsTheParentsDmarcRecordAndItsSp() throws Exception {
        dns.txt("_dmarc.example.com", "v=DMARC1; p=reject; sp=none");
        Outcome o = run("records: [dmarc]", targets("mail.example.com", dns.server()), Duration.ofSeconds(5));
        assertEquals(Status.WARN, o.status(), allText(o));
        assertTrue(o.evidence().startsWith("DMARC at _dmarc.example.com (inherited by mail.example.com): sp=none only monitors"),
                o.evidence());

        dns.clear();
        Outcome none = run("records: [dmarc]", targets("mail.example.com", dns.server()), Duration.ofSeconds(5));
        assertEquals(Status.FAIL, none.status(), allText(none));
        assertEquals("no DMARC record at _dmarc.mail.example.com or its parent domains: looked at "
                + "_dmarc.mail.example.com (NXDOMAIN), _dmarc.example.com (NXDOMAIN)", none.evidence());
    }

    // ---- DKIM ----

    @Test
    void aMissingDkimKeyFailsNamingTheName() throws Exception {
        Outcome o = run("records: [dkim]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals("no DKIM key record: resend._domainkey.example.com does not exist (NXDOMAIN)", o.evidence());

        Outcome other = run("records: [dkim], dkimSelector: s1");
        assertEquals("no DKIM key record: s1._domainkey.example.com does not exist (NXDOMAIN)", other.evidence());
    }

    @Test
    void anEmptyPMeansARevokedKeyAndFails() throws Exception {
        dns.txt("resend._domainkey.example.com", "v=DKIM1; k=rsa; p=");
        Outcome o = run("records: [dkim]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals("DKIM key at resend._domainkey.example.com is revoked (empty p=): mail signed with this selector fails DKIM",
                o.evidence());
    }

    @Test
    void keySizeIsReadFromTheSubjectPublicKeyInfo() throws Exception {
        dns.longTxt("k1024._domainkey.example.com", "v=DKIM1; k=rsa; p=" + rsaKey(1024));
        dns.longTxt("k512._domainkey.example.com", "v=DKIM1; p=" + rsaKey(512));
        dns.longTxt("k3072._domainkey.example.com", "v=DKIM1; p=" + rsaKey(3072));

        Outcome warn = run("records: [dkim], dkimSelector: k1024");
        assertEquals(Status.WARN, warn.status(), allText(warn));
        assertEquals("DKIM key at k1024._domainkey.example.com: RSA 1024-bit key; RFC 8301 §3.2 asks signers for at least"
                + " 2048 bits; rotate to a 2048-bit key if your provider offers one", warn.evidence());

        Outcome fail = run("records: [dkim], dkimSelector: k512");
        assertEquals(Status.FAIL, fail.status(), allText(fail));
        assertTrue(fail.evidence().contains("RSA 512-bit key; verifiers reject keys under 1024 bits"), fail.evidence());

        Outcome big = run("records: [dkim], dkimSelector: k3072");
        assertEquals(Status.PASS, big.status(), allText(big));
        assertFinding(big, Status.PASS, "RSA 3072-bit key");
    }

    @Test
    void keyDecodingAgreesWithTheJdkAndReadsBarePkcs1() throws Exception {
        for (int bits : new int[] {512, 1024, 2048, 3072}) {
            byte[] spki = Base64.getDecoder().decode(rsaKey(bits));
            RSAPublicKey jdk = (RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(spki));
            assertEquals(jdk.getModulus().bitLength(), Dkim.spkiRsaBits(spki));
        }
        // The RSAPublicKey inside the SPKI's BIT STRING: the last 270 bytes of a 2048-bit SPKI (294 bytes).
        byte[] spki = Base64.getDecoder().decode(rsaKey(2048));
        byte[] pkcs1 = Arrays.copyOfRange(spki, 24, spki.length);
        assertEquals(2048, Dkim.pkcs1Bits(pkcs1));
        dns.longTxt("raw._domainkey.example.com", "p=" + Base64.getEncoder().encodeToString(pkcs1));
        Outcome o = run("records: [dkim], dkimSelector: raw");
        assertEquals(Status.WARN, o.status(), allText(o));
        assertTrue(o.evidence().contains("RSA 2048-bit key (an RSAPublicKey, not the SubjectPublicKeyInfo"), o.evidence());
    }

    @Test
    void brokenKeysAndTestingModeAreReported() throws Exception {
        dns.txt("bad64._domainkey.example.com", "v=DKIM1; p=!!notbase64!!");
        dns.txt("junk._domainkey.example.com", "v=DKIM1; p=" + Base64.getEncoder().encodeToString("hello world".getBytes()));
        dns.longTxt("test._domainkey.example.com", "v=DKIM1; t=y; p=" + rsaKey(2048));
        dns.txt("v2._domainkey.example.com", "v=DKIM2; p=abc");

        assertEquals(Status.FAIL, run("records: [dkim], dkimSelector: bad64").status());
        assertTrue(run("records: [dkim], dkimSelector: bad64").evidence().contains("p= is not valid base64"));
        assertTrue(run("records: [dkim], dkimSelector: junk").evidence().contains("p= is not an RSA public key"));
        Outcome testing = run("records: [dkim], dkimSelector: test");
        assertEquals(Status.WARN, testing.status(), allText(testing));
        assertTrue(testing.evidence().contains("is in testing mode (t=y)"), testing.evidence());
        assertTrue(run("records: [dkim], dkimSelector: v2").evidence().contains("v=DKIM2 must be the first tag and exactly DKIM1"));
    }

    // ---- resolver failures ----

    @Test
    void servfailAndRefusedAreErrorsWithTheReason() throws Exception {
        goodDomain();
        dns.rcode("send.example.com", Rcode.SERVFAIL);
        dns.rcode("_dmarc.example.com", Rcode.REFUSED);
        Outcome o = run(RESEND);
        assertEquals(Status.ERROR, o.status(), allText(o));
        assertFinding(o, Status.ERROR, "SPF: SERVFAIL from " + dns.server() + " for TXT send.example.com");
        assertFinding(o, Status.ERROR, "DMARC: REFUSED from " + dns.server() + " for TXT _dmarc.example.com");
        assertFinding(o, Status.PASS, "RSA 2048-bit key");
    }

    @Test
    void nothingListeningOnTheServerPortIsAnErrorNotAHang() throws Exception {
        int port;
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Outcome o = run("records: [dmarc]", targets(DOMAIN, "127.0.0.1:" + port), Duration.ofSeconds(3));
        assertEquals(Status.ERROR, o.status(), allText(o));
        // The ICMP port-unreachable is reported as it came: a probe that missed it would say "timed out after 2700 ms".
        assertEquals("DMARC: refused: nothing listens for DNS on 127.0.0.1:" + port + " (port unreachable)", o.evidence());
    }

    @Test
    void aBadDnsServerSettingIsAnError() throws Exception {
        Outcome o = run("", targets(DOMAIN, "127.0.0.1:99999"), Duration.ofSeconds(5));
        assertEquals(Status.ERROR, o.status());
        assertEquals("invalid targets.dnsServer '127.0.0.1:99999': port 99999 is out of range (expected host or host:port)",
                o.evidence());
    }

    @Test
    void dnsServerTakesHostHostPortAndBracketedIpv6() throws Exception {
        assertEquals(53, DnsClient.parseServer("127.0.0.1").getPort());
        assertEquals(5353, DnsClient.parseServer("127.0.0.1:5353").getPort());
        assertEquals(5353, DnsClient.parseServer("[::1]:5353").getPort());
        assertEquals(53, DnsClient.parseServer("::1").getPort());
        assertThrows(IllegalArgumentException.class, () -> DnsClient.parseServer("127.0.0.1:dns"));
    }

    @Test
    @Timeout(60) // a hang guard: a probe without its own budget would wait for the silent resolver forever
    void aResolverThatNeverAnswersIsATimeoutWithinTheChecksBudget() throws Exception {
        DnsSpec resend = spec(RESEND);
        try (DnsResponder silent = DnsResponder.silent(); SharedClients clients = new SharedClients()) {
            ProbeContext ctx = new ProbeContext(Env.empty(), Path.of("."), targets(DOMAIN, silent.server()),
                    Duration.ofMillis(1000), clients);
            Outcome o = new DnsProbe().run(resend, ctx);
            // The probe gives up at its own budget (900 ms), before the engine's watchdog (at the 1000 ms timeout) would.
            assertEquals(Status.ERROR, o.status(), allText(o));
            assertEquals("timed out after 900 ms: " + silent.server() + " did not answer TXT send.example.com", o.evidence());
            assertEquals(1, silent.queries(), "one query, then the check gives up");
        }
    }

    @Test
    @Timeout(60)
    void aLaterCheckAgainstAHungResolverReportsAtOnce() throws Exception {
        try (DnsResponder silent = DnsResponder.silent(); SharedClients clients = new SharedClients()) {
            // A 3 s timeout leaves the first query room to be sent even on a loaded machine (class loading counts
            // against the first check's budget); the property is about the second check, which must not ask.
            // The budget is the shared Deadline's, as in every network family: 3 s less 250 ms.
            ProbeContext ctx = new ProbeContext(Env.empty(), Path.of("."), targets(DOMAIN, silent.server()),
                    Duration.ofSeconds(3), clients);
            Outcome first = new DnsProbe().run(spec("records: [dmarc]"), ctx);
            assertEquals("timed out after 2750 ms: " + silent.server() + " did not answer TXT _dmarc.example.com", first.evidence());
            int asked = awaitQueries(silent);
            Outcome second = new DnsProbe().run(spec("records: [spf]"), ctx);
            assertEquals(Status.ERROR, second.status());
            assertEquals("timed out after 2750 ms (" + silent.server() + " did not answer an earlier check in this run)",
                    second.evidence());
            assertEquals(asked, silent.queries(), "the second check did not wait: it sent no query");
        }
    }

    /** The responder counts on its own thread: wait (bounded) until the first check's query has been counted. */
    private static int awaitQueries(DnsResponder responder) throws InterruptedException {
        for (int i = 0; i < 200 && responder.queries() == 0; i++) {
            Thread.sleep(10);
        }
        assertTrue(responder.queries() >= 1, "the first check sent its query");
        return responder.queries();
    }

    // ---- the catalogue format ----

    @Test
    void specDefaultsAndPlaceholders() throws Exception {
        DnsSpec s = spec("spfNames: \"send.{domain}\", spfInclude: AmazonSES.com.");
        assertEquals(List.of("send.example.com"), s.spfNamesFor("Example.COM"));
        assertEquals("include:amazonses.com", s.requiredSpfTerm());
        assertEquals("ip4:192.0.2.1", spec("spfInclude: \"ip4:192.0.2.1\"").requiredSpfTerm());
        assertEquals(List.of("spf"), spec("records: spf").records());
        assertNotNull(spec("").spfNames());
    }

    @Test
    void badSpecsAreRejectedWhenTheCatalogueLoads() {
        for (String bad : List.of("records: [spf, dkm]", "records: []", "spfNames: []", "spfNames: [\"send.{domian}\"]",
                "dkimSelector: ''", "dkimSelector: 'a b'", "spfInclude: ' '", "domain: ''", "spfName: send.{domain}")) {
            InputException e = assertThrows(InputException.class, () -> spec(bad), bad);
            assertFalse(e.oneLine().isBlank());
        }
        InputException unknown = assertThrows(InputException.class, () -> spec("spfName: x"));
        assertTrue(unknown.oneLine().contains("did you mean 'spfNames'?"), unknown.oneLine());
    }
}
