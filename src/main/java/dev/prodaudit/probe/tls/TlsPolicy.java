package dev.prodaudit.probe.tls;

import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The JDK's {@code jdk.tls.disabledAlgorithms} keeps the client from offering what a careful client should not use;
 * but the TLS probe asks a server what it accepts, and with those entries the answer would be the client's, not the
 * server's. The audit removes exactly the entries that keep a handshake at an old version from happening, before any
 * JSSE class reads the property (it is read once per JVM):
 * <ul>
 *   <li>{@code TLSv1}, {@code TLSv1.1}: disabled since Java 17's builds of 2021;</li>
 *   <li>{@code TLS_RSA_*}: RSA key exchange, disabled from Java 24 on; a server that offers nothing else (common
 *       on old TLS 1.0-1.2 stacks) would otherwise look like one that accepts no version at all, and a definite
 *       "accepts TLS 1.0" would become "no handshake succeeded";</li>
 *   <li>{@code rsa_pkcs1_sha1}, {@code ecdsa_sha1} and {@code dsa_sha1 usage HandshakeSignature}: the SHA-1
 *       signatures TLS 1.0 and 1.1 key exchanges are made with, disabled from Java 24 on.</li>
 * </ul>
 * So the probe offers on every JDK what Java 17 less its two version entries offered, and its verdicts are the
 * same on each ({@code ShadedJarIT} compares them). The HTTP client still negotiates only TLS 1.2 and 1.3 with
 * modern suites (okhttp's own connection specs).
 */
public final class TlsPolicy {
    private static final String PROPERTY = "jdk.tls.disabledAlgorithms";
    private static final Set<String> LEGACY = Set.of("TLSv1", "TLSv1.1");
    private static final Set<String> KEEPS_OLD_HANDSHAKES_FROM_HAPPENING = Set.of("TLSv1", "TLSv1.1", "TLS_RSA_*",
            "rsa_pkcs1_sha1 usage HandshakeSignature", "ecdsa_sha1 usage HandshakeSignature",
            "dsa_sha1 usage HandshakeSignature");

    private TlsPolicy() {
    }

    /** Call first thing in {@code main}; tests set the same through surefire's argLine. */
    public static void allowLegacyProtocolsForProbing() {
        String current = Security.getProperty(PROPERTY);
        if (current != null) {
            Security.setProperty(PROPERTY, relaxed(current));
        }
    }

    /** {@code disabledAlgorithms} less the entries that keep old handshakes from happening, in its own order. */
    static String relaxed(String disabledAlgorithms) {
        // A loop, not a stream with a regex: this runs first thing in every audit, where each lambda and pattern is
        // linked or compiled cold (about 10 ms).
        StringBuilder out = new StringBuilder(disabledAlgorithms.length());
        for (String entry : entries(disabledAlgorithms)) {
            if (!KEEPS_OLD_HANDSHAKES_FROM_HAPPENING.contains(entry)) {
                out.append(out.length() == 0 ? "" : ", ").append(entry);
            }
        }
        return out.toString();
    }

    /** The property's entries as the JDK reads them: split at ',', stripped, each run of blanks one space. */
    private static List<String> entries(String disabledAlgorithms) {
        List<String> entries = new ArrayList<>();
        for (String raw : disabledAlgorithms.split(",")) {
            String entry = collapseSpaces(raw.strip());
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** Each run of the characters regex {@code \\s} matches, as one space. */
    private static String collapseSpaces(String entry) {
        StringBuilder out = new StringBuilder(entry.length());
        boolean inRun = false;
        for (int i = 0; i < entry.length(); i++) {
            char c = entry.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
            if (!space) {
                out.append(c);
            } else if (!inRun) {
                out.append(' ');
            }
            inRun = space;
        }
        return out.toString();
    }

    /** Whether the running JVM lets the client offer TLS 1.0 and 1.1. */
    public static boolean legacyProtocolsAllowed() {
        String current = Security.getProperty(PROPERTY);
        if (current == null) {
            return true;
        }
        for (String entry : entries(current)) {
            if (LEGACY.contains(entry)) {
                return false;
            }
        }
        return true;
    }
}
