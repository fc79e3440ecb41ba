package dev.prodaudit.probe.http;

import java.util.List;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * A response as the probes judge it: status, headers and the first {@link HttpSession#BODY_LIMIT} bytes of the
 * body as text (empty for HEAD).
 *
 * @param url        the URL that answered (after redirects, when they were followed)
 * @param redirected whether a redirect led to {@code url}: the server chose it, so evidence shows it as it shows a
 *                   Location ({@link Show#location}: no query, which may carry a token)
 */
record Reply(String method, HttpUrl url, boolean redirected, int code, Headers headers, String body) {

    List<String> values(String header) {
        return headers.values(header);
    }

    /** Every value of the header joined with ", ", as a Node.js server's client sees duplicates; null when absent. */
    String joined(String header) {
        List<String> v = headers.values(header);
        return v.isEmpty() ? null : String.join(", ", v);
    }

    /** "GET https://api.example.com/health answered 200". */
    String line() {
        return method + " " + (redirected ? Show.location(url) : Show.url(url)) + " answered " + code;
    }
}
