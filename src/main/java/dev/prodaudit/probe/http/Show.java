package dev.prodaudit.probe.http;

import java.util.List;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * How HTTP facts appear in evidence: one line, URLs without credentials, and header values only for headers
 * that cannot carry a secret. Cookies are named, never shown.
 */
final class Show {
    /** Headers whose values may be credentials or session material. */
    private static final Pattern SENSITIVE = Pattern.compile(
            "(?i).*(cookie|authoriz|auth-|token|secret|api-?key|session|password|passwd|signature|credential|security-token).*");
    private static final int MAX = 120;

    private Show() {
    }

    static boolean sensitive(String headerName) {
        return SENSITIVE.matcher(headerName).matches();
    }

    /** The URL without user and password. */
    static String url(HttpUrl url) {
        if (url.username().isEmpty() && url.password().isEmpty()) {
            return url.toString();
        }
        return url.newBuilder().username("").password("").build().toString();
    }

    /**
     * A URL the server chose (a redirect's Location): without credentials, query or fragment, which may carry
     * tokens; "?…" marks a dropped query.
     */
    static String location(HttpUrl url) {
        HttpUrl bare = url.newBuilder().username("").password("").query(null).fragment(null).build();
        return bare + (url.encodedQuery() == null ? "" : "?…");
    }

    /** "Name: value" for a harmless header, "Name (value not shown)" for one that may hold a secret. */
    static String header(String name, List<String> values) {
        if (sensitive(name)) {
            return name + " (value not shown)";
        }
        return name + ": " + clip(String.join(", ", values));
    }

    /** One line, at most {@value #MAX} characters. */
    static String clip(String text) {
        String one = text.replace('\r', ' ').replace('\n', ' ').strip();
        return one.length() <= MAX ? one : one.substring(0, MAX - 1) + "…";
    }
}
