package dev.prodaudit.probe.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The TLS probe offers on every JDK what Java 17 offered less its two version entries. */
final class TlsPolicyTest {
    /** {@code jdk.tls.disabledAlgorithms} as Java 17.0.15 ships it. */
    private static final String JAVA_17 = "SSLv3, TLSv1, TLSv1.1, DTLSv1.0, RC4, DES, MD5withRSA, "
            + "DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH";
    /** As Java 25.0.3 ships it (its three lines joined, as java.util.Properties reads them). */
    private static final String JAVA_25 = "SSLv3, TLSv1, TLSv1.1, DTLSv1.0, RC4, DES, MD5withRSA, DH keySize < 1024, "
            + "EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH, TLS_RSA_*, rsa_pkcs1_sha1 usage HandshakeSignature, "
            + "ecdsa_sha1 usage HandshakeSignature, dsa_sha1 usage HandshakeSignature";
    private static final String PROBE = "SSLv3, DTLSv1.0, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, "
            + "3DES_EDE_CBC, anon, NULL, ECDH";

    @Test
    void onJava17OnlyTheTwoOldVersionsAreAllowedAgain() {
        assertEquals(PROBE, TlsPolicy.relaxed(JAVA_17));
    }

    @Test
    void onJava25RsaKeyExchangeAndSha1HandshakeSignaturesAreAllowedToo() {
        assertEquals(PROBE, TlsPolicy.relaxed(JAVA_25));
    }

    @Test
    void theTestJvmsRunWithTheListTheCliMakes() throws Exception {
        Properties testJvms = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/probe-tls.security"))) {
            testJvms.load(in);
        }
        assertEquals(PROBE, testJvms.getProperty("jdk.tls.disabledAlgorithms"));
    }

    @Test
    void whatTheProbeDoesNotNeedStaysDisabled() {
        assertEquals("SSLv3, RC4, MD5withRSA, SHA1 jdkCA & usage TLSServer",
                TlsPolicy.relaxed("SSLv3, TLSv1, RC4, MD5withRSA, TLS_RSA_*, SHA1 jdkCA & usage TLSServer"));
    }

    @Test
    void entriesWrittenOverSeveralLinesOrWithTabsAreRecognisedAndKeptWithSingleSpaces() {
        // A java.security file may continue a line with a backslash and indent the next, so an entry may hold runs
        // of spaces, tabs or line breaks: each run is compared, and kept, as one space.
        assertEquals("DH keySize < 1024, SHA1 jdkCA & usage TLSServer",
                TlsPolicy.relaxed(" TLSv1,\tDH keySize  <\t1024 ,rsa_pkcs1_sha1  usage\n   HandshakeSignature,"
                        + "\r\n SHA1 jdkCA\f& usage\u000BTLSServer, , TLS_RSA_* "));
    }
}
