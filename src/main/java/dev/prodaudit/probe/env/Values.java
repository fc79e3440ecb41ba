package dev.prodaudit.probe.env;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Measurements of a value that describe it without showing it. */
final class Values {
    private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]+$");
    private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/_-]+={0,2}$");
    /**
     * Values people leave behind from templates. Matched against the whole value, case-insensitively;
     * {@code your-...}, {@code <...>} and {@code xxx} shapes anywhere.
     */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)^(changeme|change[-_ ]?me|change[-_ ]?this|replace[-_ ]?me|placeholder|todo|tbd|fixme|example|sample|"
                    + "dummy|test|testing|secret|password|passw0rd|default|none|null|undefined|xxx+|\\*+|\\.\\.\\.|"
                    + "(sk|re|pk)[-_](xxx+|\\.\\.\\.|test)?|1234(5678?)?|abc123|foo|bar|foobar|"
                    + "your[-_ ].*|.*<[^>@]+>.*|.*\\b(changeme|change_me|replace_me|example\\.(com|org|net))\\b.*|"
                    + ".*\\$\\{[^}]+}.*)$");

    private Values() {
    }

    static boolean looksLikePlaceholder(String value) {
        String v = value.strip();
        if (PLACEHOLDER.matcher(v).matches()) {
            return true;
        }
        // One character repeated ("aaaaaaaa", "00000000") is a stand-in, not a value.
        return v.length() >= 4 && oneCharacterRepeated(v);
    }

    /** By hand: a stream of distinct characters cost more than the rest of judging a value, for every variable. */
    private static boolean oneCharacterRepeated(String v) {
        for (int i = 1; i < v.length(); i++) {
            if (v.charAt(i) != v.charAt(0)) {
                return false;
            }
        }
        return true;
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        value.codePoints().forEach(c -> counts.merge(c, 1, Integer::sum));
        double n = value.codePointCount(0, value.length());
        double h = 0;
        for (int count : counts.values()) {
            double p = count / n;
            h -= p * (Math.log(p) / Math.log(2));
        }
        return h;
    }

    static String entropyText(double bits) {
        return String.format(Locale.ROOT, "%.1f bits/char", bits);
    }

    static boolean isHex(String value) {
        return HEX.matcher(value).matches();
    }

    /** Decoded length of standard or URL-safe base64, padding optional; empty when it is not base64. */
    static OptionalInt base64Bytes(String value) {
        String v = value.strip();
        if (!BASE64.matcher(v).matches() || v.length() % 4 == 1) {
            return OptionalInt.empty();
        }
        String normalized = v.replace('-', '+').replace('_', '/').replace("=", "");
        normalized = normalized + "==".substring(0, (4 - normalized.length() % 4) % 4);
        try {
            return OptionalInt.of(Base64.getDecoder().decode(normalized).length);
        } catch (IllegalArgumentException e) {
            return OptionalInt.empty();
        }
    }

    static int utf8Bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    /** How evidence shows a value: secrets by size only, others quoted and shortened. */
    static String show(String value, boolean secret) {
        if (secret) {
            return "(secret, " + value.length() + " chars)";
        }
        String v = dev.prodaudit.config.Redactor.stripUriPasswords(value);
        v = v.replace("\n", "\\n").replace("\r", "\\r");
        if (v.length() > 80) {
            v = v.substring(0, 77) + "...";
        }
        return "\"" + v + "\"";
    }
}
