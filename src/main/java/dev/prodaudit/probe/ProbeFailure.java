package dev.prodaudit.probe;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A probe's exchange with a service (HTTP endpoint, MongoDB, Redis, Qdrant) produced no usable answer. The message is
 * the check's one-line ERROR reason, naming the endpoint and never a password ("connection refused by
 * db.example.com:27017"), and never a Java class name or driver-internal text: {@link #reason} turns a throwable into
 * words a user can act on.
 */
public final class ProbeFailure extends Exception {
    private static final long serialVersionUID = 1L;
    /** A fully qualified class name ("java.net.SocketException: ", "io.netty.handler.codec.http2.Http2Exception"). */
    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?::\\s*)?");
    /** A bare exception class name ("SSLHandshakeException", "MongoSocketReadException: "). */
    private static final Pattern BARE_CLASS = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b(?::\\s*)?");
    /** The gap a removed class name leaves between two words. */
    private static final Pattern SPACES = Pattern.compile(" {2,}");
    /** Text that drivers produce when the peer speaks another protocol. */
    private static final Pattern GARBAGE = Pattern.compile(
            "capacity < 0|http2 exception|unknown reply|reply message length|maximum message length|response header|unexpected end of stream|invalid (?:frame|message|response)"
                    + "|bad (?:length|frame)|negative (?:length|size)|protocol error|first received frame was not settings"
                    + "|index \\d+ out of bounds|unexpected (?:byte|char|token|message)|malformed|not a valid|frame size",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX = 240;

    /** What went wrong, for callers that react differently (a refused plain-http port is expected, say). */
    public enum Kind {
        /** No answer in time (now, or earlier in this run). */
        TIMEOUT,
        /** Nothing listens: connection refused, or no route. */
        REFUSED,
        /** A host name (or SRV record) does not resolve. */
        DNS,
        /** TLS handshake or certificate verification failed. */
        TLS,
        /** The credentials were refused, or are required and missing. */
        AUTH,
        /** The thing asked for does not exist (a Qdrant collection). */
        NOT_FOUND,
        /** The probe's own setup failed (an unreadable CA file). */
        CONFIG,
        /** Any other failure, including a peer that is not the server it should be. */
        IO
    }

    private final Kind kind;
    private final String code;

    public ProbeFailure(Kind kind, String message) {
        this(kind, "", message);
    }

    /** @param code the service's own status name (gRPC's UNAUTHENTICATED), "" when there is none */
    public ProbeFailure(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code == null ? "" : code;
    }

    public Kind kind() {
        return kind;
    }

    /** The service's own status name, e.g. gRPC's UNAUTHENTICATED ("" when the call never got one). */
    public String code() {
        return code;
    }

    /**
     * One clean line for what {@code e} says went wrong, for users: certificate problems in terms of the trust store,
     * timeouts, refusals and resets in words, and anything else as its message with class names removed.
     */
    public static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UntrustedCertificate u) {
                return u.getMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException
                    || m.contains("PKIX path") || m.contains("unable to find valid certification path")) {
                return UntrustedCertificate.GENERIC;
            }
            if (t instanceof UnknownHostException) {
                return "cannot resolve " + clip(m);
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketTimeoutException) {
                return "timed out";
            }
            if (t instanceof EOFException) {
                return "the connection closed before a complete reply";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root.getMessage().isBlank())) {
            root = root.getCause();
        }
        String text = clean(root.getMessage());
        return text.isEmpty() ? "unexpected failure (rerun with --debug for details)" : text;
    }

    /**
     * The reason for a failure talking to a {@code service} ("MongoDB", "Redis", "gRPC"): driver garbage from a peer
     * that speaks another protocol becomes "not a MongoDB server: unexpected reply"; anything else as {@link #reason}.
     */
    public static String reason(Throwable e, String service) {
        if (unexpectedReply(e)) {
            return "not a " + service + " server: unexpected reply";
        }
        return reason(e);
    }

    /** Whether {@code e} is what a driver throws when the bytes it read were not its protocol at all. */
    public static boolean unexpectedReply(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BufferUnderflowException || t instanceof IndexOutOfBoundsException
                    || t instanceof NegativeArraySizeException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && GARBAGE.matcher(m).find()) {
                return true;
            }
            if (t.getClass().getName().startsWith("io.netty.handler.codec")) {
                return true;
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return false;
    }

    /** {@code text}'s first line without class names, clipped; "" when nothing is left. */
    public static String clean(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().lines().findFirst().orElse("");
        line = QUALIFIED_CLASS.matcher(line).replaceAll("");
        line = SPACES.matcher(BARE_CLASS.matcher(line).replaceAll("")).replaceAll(" ").strip();
        if (line.startsWith(":")) {
            line = line.substring(1).strip();
        }
        return clip(line);
    }

    private static String clip(String s) {
        return s.length() > MAX ? s.substring(0, MAX - 3) + "..." : s;
    }

    /**
     * Thrown by {@link CaTrust}'s trust manager when the server's chain does not lead to a trusted CA: its message
     * names the issuer, which the platform's "PKIX path building failed" does not.
     */
    public static final class UntrustedCertificate extends java.security.cert.CertificateException {
        private static final long serialVersionUID = 1L;
        static final String GENERIC = "certificate not trusted: its issuer is not in the system store or --ca-file";

        public UntrustedCertificate(String issuer, Throwable cause) {
            super(issuer == null ? GENERIC : "certificate not trusted: issuer " + issuer
                    + " is not in the system store or --ca-file", cause);
        }

        /** Whether the verdict was about trust, not about a malformed chain or an expired certificate. */
        public static boolean isTrustFailure(Throwable e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return e instanceof CertPathBuilderException || e.getCause() instanceof CertPathBuilderException
                    || m.contains("pkix path building failed") || m.contains("unable to find valid certification path");
        }
    }
}
