package dev.prodaudit.probe.http;

import dev.prodaudit.config.TargetKind;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.probe.ProbeContext;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Where an HTTP check goes: {@code url:} when the catalogue gives one, else the API ({@code target: api}, the
 * default: {@code targets.baseUrl}, by default NEXT_PUBLIC_API_URL) or the front end ({@code target: frontend}:
 * {@code targets.frontendUrl}, by default FRONTEND_URL). A probe's {@code path} is joined to that base URL by
 * {@link #join}, the one rule every HTTP probe uses: {@code https://host/api} and {@code /health} give
 * {@code https://host/api/health}.
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

    /**
     * The URL to request: {@link #join} of the base URL and the spec's path. {@code defaultPath} applies when the
     * spec names no path and no {@code url} (null: the base URL as is); a {@code url} without a path is requested
     * as written, since it names the endpoint itself.
     */
    static HttpUrl resolve(ProbeContext ctx, String target, String url, String path, String defaultPath)
            throws NotConfigured {
        HttpUrl base = base(ctx, target, url);
        if (path == null && url != null) {
            return base;
        }
        return join(base, path != null ? path : defaultPath);
    }

    /**
     * The URL of a probe path under a base URL: the path is appended to the base URL's path, so a base URL with a
     * path ({@code https://host/api}, an API mounted under a prefix or behind a path-routing proxy) keeps it:
     * {@code /health} becomes {@code https://host/api/health}, not {@code https://host/health}. A trailing slash of
     * the base does not double ({@code https://host/api/} gives the same). The base's query and fragment belong to
     * the base resource and are dropped; the path's own query ({@code /health?full=1}) is kept. A null path: the
     * base URL as is. An absolute {@code http(s)://} URL in place of a path is used as is.
     */
    static HttpUrl join(HttpUrl base, String path) {
        if (path == null) {
            return base;
        }
        HttpUrl absolute = absolute(path);
        if (absolute != null) {
            return absolute;
        }
        if (!path.startsWith("/")) {
            // Validation rejects such paths when the catalogue is loaded; a probe passing one is a bug.
            throw new IllegalArgumentException("a probe path starts with '/': " + path);
        }
        int hash = path.indexOf('#');
        String withoutFragment = hash < 0 ? path : path.substring(0, hash);
        int question = withoutFragment.indexOf('?');
        String relativePath = question < 0 ? withoutFragment : withoutFragment.substring(0, question);
        String query = question < 0 ? null : withoutFragment.substring(question + 1);
        String prefix = base.encodedPath();
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        // encodedPath keeps what is already percent-encoded, encodes what must be, and resolves dot segments.
        return base.newBuilder()
                .encodedPath(prefix + relativePath)
                .encodedQuery(query)
                .fragment(null)
                .build();
    }

    /**
     * The same base URL over plain http on {@code port} (its host and path kept), for the probes that check what
     * the clear-text side of an https service answers.
     */
    static HttpUrl plainHttp(HttpUrl base, int port) {
        return new HttpUrl.Builder().scheme("http").host(base.host()).port(port).encodedPath(base.encodedPath()).build();
    }

    private static HttpUrl absolute(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") ? HttpUrl.parse(text) : null;
    }

    /** The target {@link #base} reads: none when the spec gives its own {@code url}, else the API or the front end. */
    static List<TargetKind> targets(String target, String url) {
        if (url != null) {
            return List.of();
        }
        return List.of("frontend".equals(target) ? TargetKind.FRONTEND_URL : TargetKind.BASE_URL);
    }

    /** The base URL: {@code url}, or the configured API / front-end URL. */
    static HttpUrl base(ProbeContext ctx, String target, String url) throws NotConfigured {
        if (url != null) {
            return parse(url, "url");
        }
        boolean frontend = "frontend".equals(target);
        String configured = frontend ? ctx.targets().frontendUrl() : ctx.targets().baseUrl();
        if (configured == null || configured.isBlank()) {
            throw new NotConfigured((frontend ? TargetKind.FRONTEND_URL : TargetKind.BASE_URL).notConfigured());
        }
        return parse(configured.strip(), (frontend ? TargetKind.FRONTEND_URL : TargetKind.BASE_URL).label());
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
            throw new IllegalArgumentException("'path' must start with '/' (it is joined to the base URL's path)");
        }
        if (path != null && path.startsWith("//")) {
            throw new IllegalArgumentException("'path' must not start with '//' (it would name another host; use 'url' for that)");
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
