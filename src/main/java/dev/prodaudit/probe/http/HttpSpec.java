package dev.prodaudit.probe.http;

import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.input.Regex;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;

/**
 * {@code type: http}: one read-only request and what its response must show.
 *
 * <pre>
 * probe:
 *   type: http
 *   path: /health
 *   expect:
 *     status: [200]
 *     json: status
 *     headers:
 *       X-Request-Id: {}
 *       X-Powered-By: {absent: true}
 * </pre>
 *
 * @param target          api (default) or frontend
 * @param url             an absolute URL instead of a target
 * @param path            an absolute path on the target's origin (default: the base URL itself)
 * @param method          GET (default), HEAD or OPTIONS
 * @param headers         request headers to send
 * @param followRedirects follow redirects (default false: the first response is judged)
 * @param expect          what the response must show (default: a 2xx status)
 */
public record HttpSpec(String target, String url, String path, String method, Map<String, String> headers,
                       Boolean followRedirects, Expect expect) implements ProbeSpec {

    public HttpSpec {
        Targeting.validate(target, url, path);
        method = Targeting.method(method, "GET");
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        try {
            Headers.of(headers);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'headers' holds an invalid request header: " + e.getMessage());
        }
        expect = expect == null ? Expect.DEFAULT : expect;
    }

    boolean follows() {
        return Boolean.TRUE.equals(followRedirects);
    }

    /**
     * What the response must show; every given key adds a condition.
     *
     * @param status         the status must be one of these (default: any 2xx)
     * @param headers        response header name -> rule; all must hold
     * @param anyHeaders     response header name -> rule; at least one must hold (e.g. any CDN cache header)
     * @param bodyMatches    a regex that must occur in the body
     * @param bodyNotMatches a regex that must not occur in the body (e.g. a stack trace)
     * @param json           the body is a JSON object with this top-level field
     */
    public record Expect(List<Integer> status, Map<String, HeaderRule> headers, Map<String, HeaderRule> anyHeaders,
                         Regex bodyMatches, Regex bodyNotMatches, String json) {

        static final Expect DEFAULT = new Expect(null, null, null, null, null, null);

        public Expect {
            status = status == null ? List.of() : List.copyOf(status);
            for (int s : status) {
                if (s < 100 || s > 599) {
                    throw new IllegalArgumentException("'status' codes are between 100 and 599, not " + s);
                }
            }
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(withDefaults(headers));
            anyHeaders = anyHeaders == null ? Map.of() : Collections.unmodifiableMap(withDefaults(anyHeaders));
            if (json != null && json.isBlank()) {
                throw new IllegalArgumentException("'json' names a top-level field of the JSON body");
            }
        }

        private static Map<String, HeaderRule> withDefaults(Map<String, HeaderRule> rules) {
            Map<String, HeaderRule> out = new LinkedHashMap<>(rules);
            out.replaceAll((k, v) -> v == null ? HeaderRule.PRESENT : v);
            return out;
        }
    }
}
