package dev.prodaudit.probe.tls;

import java.security.Security;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JDK 17 disables TLS 1.0 and 1.1 on the client through {@code jdk.tls.disabledAlgorithms}; asking a server
 * whether it accepts them would then answer for the client, not the server. The audit relaxes exactly
 * those two entries, before any JSSE class reads the property (it is read once per JVM). The HTTP
 * client still negotiates only TLS 1.2 and 1.3 (okhttp's own connection specs).
 */
public final class TlsPolicy {
    private static final String PROPERTY = "jdk.tls.disabledAlgorithms";
    private static final Set<String> LEGACY = Set.of("TLSv1", "TLSv1.1");

    private TlsPolicy() {
    }

    /** Call first thing in {@code main}; tests set the same through surefire's argLine. */
    public static void allowLegacyProtocolsForProbing() {
        String current = Security.getProperty(PROPERTY);
        if (current == null) {
            return;
        }
        String relaxed = Arrays.stream(current.split(","))
                .map(String::strip)
                .filter(entry -> !LEGACY.contains(entry))
                .collect(Collectors.joining(", "));
        Security.setProperty(PROPERTY, relaxed);
    }

    /** Whether the running JVM lets the client offer TLS 1.0 and 1.1. */
    public static boolean legacyProtocolsAllowed() {
        String current = Security.getProperty(PROPERTY);
        return current == null || Arrays.stream(current.split(",")).map(String::strip).noneMatch(LEGACY::contains);
    }
}
