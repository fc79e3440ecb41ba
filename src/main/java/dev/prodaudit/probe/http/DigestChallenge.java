package dev.prodaudit.probe.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code WWW-Authenticate: Digest ...} challenge and the {@code Authorization} answer to it (RFC 7616): MD5 or
 * SHA-256, with or without {@code -sess}, {@code qop=auth} when offered (RFC 2069 style without). The MongoDB Atlas
 * Administration API authenticates its API keys this way; okhttp has no digest support of its own.
 *
 * @param realm     the protection space, echoed back
 * @param nonce     the server's nonce, echoed back
 * @param opaque    echoed back when present
 * @param algorithm MD5, MD5-sess, SHA-256 or SHA-256-sess
 * @param qopAuth   whether the server offered {@code qop=auth}
 */
record DigestChallenge(String realm, String nonce, String opaque, String algorithm, boolean qopAuth) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The challenge in one {@code WWW-Authenticate} value, if it is a usable Digest challenge. */
    static Optional<DigestChallenge> parse(String header) {
        String h = header.strip();
        if (!h.regionMatches(true, 0, "Digest ", 0, 7)) {
            return Optional.empty();
        }
        Map<String, String> params = params(h.substring(7));
        String nonce = params.get("nonce");
        String algorithm = params.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
        if (nonce == null || !(algorithm.equals("MD5") || algorithm.equals("MD5-SESS")
                || algorithm.equals("SHA-256") || algorithm.equals("SHA-256-SESS"))) {
            return Optional.empty();
        }
        String qop = params.get("qop");
        boolean auth = false;
        if (qop != null) {
            for (String q : qop.split(",")) {
                auth |= q.strip().equalsIgnoreCase("auth");
            }
            if (!auth) {
                return Optional.empty(); // auth-int only: it would need the body hashed, and a GET has none worth it
            }
        }
        return Optional.of(new DigestChallenge(params.getOrDefault("realm", ""), nonce, params.get("opaque"),
                algorithm, auth));
    }

    /** The {@code Authorization} header value answering this challenge for one request. */
    String authorization(String user, String password, String method, String uri) {
        return authorization(user, password, method, uri, HexFormat.of().formatHex(randomBytes()));
    }

    String authorization(String user, String password, String method, String uri, String cnonce) {
        String nc = "00000001";
        boolean sess = algorithm.endsWith("-SESS");
        String ha1 = hash(user + ":" + realm + ":" + password);
        if (sess) {
            ha1 = hash(ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = hash(method + ":" + uri);
        String response = qopAuth
                ? hash(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
                : hash(ha1 + ":" + nonce + ":" + ha2);
        StringBuilder b = new StringBuilder("Digest username=\"").append(quote(user))
                .append("\", realm=\"").append(quote(realm))
                .append("\", nonce=\"").append(quote(nonce))
                .append("\", uri=\"").append(quote(uri))
                .append("\", algorithm=").append(algorithm)
                .append(", response=\"").append(response).append('"');
        if (qopAuth) {
            b.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
        }
        if (opaque != null) {
            b.append(", opaque=\"").append(quote(opaque)).append('"');
        }
        return b.toString();
    }

    private String hash(String text) {
        String name = algorithm.startsWith("SHA-256") ? "SHA-256" : "MD5";
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(name).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + name, e);
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** auth-params: {@code name=token} or {@code name="quoted \" string"}, comma separated. */
    static Map<String, String> params(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != ',') {
                i++;
            }
            String name = text.substring(nameStart, i).strip().toLowerCase(Locale.ROOT);
            if (i >= n || text.charAt(i) != '=') {
                continue;
            }
            i++;
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                i++;
            } else {
                while (i < n && text.charAt(i) != ',') {
                    value.append(text.charAt(i++));
                }
            }
            if (!name.isEmpty()) {
                out.put(name, value.toString().strip());
            }
        }
        return out;
    }
}
