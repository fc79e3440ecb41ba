package dev.prodaudit.probe.http;

import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.input.TimeSpan;

/**
 * {@code type: rate-limit}: the login endpoint announces a rate limit at least as strict as {@code limit} requests
 * per {@code window}.
 *
 * @param target api (default) or frontend
 * @param url    an absolute URL instead of a target
 * @param path   the endpoint to GET (default {@code /api/auth/login}); GET only, the audit never logs in
 * @param limit  the most requests allowed per window (default 10)
 * @param window the shortest acceptable window (default 15m, i.e. 900 s)
 */
public record RateLimitSpec(String target, String url, String path, Integer limit, TimeSpan window) implements ProbeSpec {

    public RateLimitSpec {
        Targeting.validate(target, url, path);
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("'limit' must be at least 1");
        }
        if (window != null && window.duration().toSeconds() < 1) {
            throw new IllegalArgumentException("'window' must be at least 1s, e.g. 15m");
        }
    }

    long maxRequests() {
        return limit == null ? 10 : limit;
    }

    long windowSeconds() {
        return window == null ? 900 : window.duration().toSeconds();
    }
}
