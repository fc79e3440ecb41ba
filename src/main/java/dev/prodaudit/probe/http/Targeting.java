package dev.prodaudit.probe.http;

import dev.prodaudit.config.Redactor;
import dev.prodaudit.probe.ProbeContext;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Where an HTTP check goes: {@code url:} when the catalogue gives one, else the API ({@code target: api}, the
 * default: {@code targets.baseUrl}, by default NEXT_PUBLIC_API_URL) or the front end ({@code target: frontend}:
 * {@code targets.frontendUrl}, by default FRONTEND_URL). {@code path} is an absolute path on that origin.
 */
final class Targeting {

    /** A check whose target is not configured: its ERROR reason. */
    static final class NotConfigured extends Exception {
        private static final long serialVersionUID = 1L;

        NotConfigured(String message) {
            super(message);
        }
    }

    private Targeting() {
    }

    /** The URL to request. {@code defaultPath} applies when the spec names no path (null: the base URL as is). */
    static HttpUrl resolve(ProbeContext ctx, String target, String url, String path, String defaultPath)
            throws NotConfigured {
        HttpUrl base = base(ctx, target, url);
        String p = path != null ? path : defaultPath;
        if (p == null) {
            return base;
        }
        HttpUrl resolved = base.resolve(p);
        if (resolved == null) {
            throw new NotConfigured("cannot build a URL from " + Show.url(base) + " and path " + p);
        }
        return resolved;
    }

    /** The base URL: {@code url}, or the configured API / front-end URL. */
    static HttpUrl base(ProbeContext ctx, String target, String url) throws NotConfigured {
        if (url != null) {
            return parse(url, "url");
        }
        boolean frontend = "frontend".equals(target);
        String configured = frontend ? ctx.targets().frontendUrl() : ctx.targets().baseUrl();
        if (configured == null || configured.isBlank()) {
            throw new NotConfigured(frontend
                    ? "not configured: set FRONTEND_URL or targets.frontendUrl in audit.yaml"
                    : "not configured: set NEXT_PUBLIC_API_URL or targets.baseUrl in audit.yaml");
        }
        return parse(configured.strip(), frontend ? "targets.frontendUrl" : "targets.baseUrl");
    }

    private static HttpUrl parse(String text, String what) throws NotConfigured {
        HttpUrl u = HttpUrl.parse(text);
        if (u == null) {
            throw new NotConfigured(what + " is not an http(s) URL: " + Show.clip(Redactor.stripUriPasswords(text)));
        }
        return u;
    }

    // ---- validation shared by the spec records (a mistake is a catalogue load error, not a run-time ERROR) ----

    static void validate(String target, String url, String path) {
        if (target != null && !target.equals("api") && !target.equals("frontend")) {
            throw new IllegalArgumentException("'target' is api or frontend, not '" + target + "'");
        }
        if (url != null) {
            HttpUrl u = HttpUrl.parse(url);
            if (u == null) {
                throw new IllegalArgumentException("'url' must be an absolute http:// or https:// URL");
            }
        }
        validatePath(path);
    }

    static void validatePath(String path) {
        if (path != null && !path.startsWith("/")) {
            throw new IllegalArgumentException("'path' must start with '/' (it is a path on the target's origin)");
        }
    }

    /** A request method of the catalogue, upper-cased; only the read-only methods are allowed. */
    static String method(String method, String fallback) {
        if (method == null) {
            return fallback;
        }
        String m = method.toUpperCase(Locale.ROOT);
        if (!HttpSession.READ_ONLY.contains(m)) {
            throw new IllegalArgumentException("'method' is GET, HEAD or OPTIONS (the audit never writes), not '" + method + "'");
        }
        return m;
    }
}
