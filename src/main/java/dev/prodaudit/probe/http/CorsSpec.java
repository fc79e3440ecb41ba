package dev.prodaudit.probe.http;

import dev.prodaudit.probe.ProbeSpec;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * {@code type: cors}: how the API answers CORS preflights from a foreign origin and from the allowed ones.
 *
 * @param target            api (default) or frontend
 * @param url               an absolute URL instead of a target
 * @param path              the path to send preflights to (default {@code /})
 * @param origin            the foreign origin (default {@code https://prodaudit-cors-probe.invalid})
 * @param requestMethod     the Access-Control-Request-Method of the preflights (default GET); only announced, never sent
 * @param allowedOriginsVar the env variable listing the allowed origins, comma-separated (default ALLOWED_ORIGINS)
 */
public record CorsSpec(String target, String url, String path, String origin, String requestMethod,
                       String allowedOriginsVar) implements ProbeSpec {

    static final String FOREIGN_ORIGIN = "https://prodaudit-cors-probe.invalid";

    public CorsSpec {
        Targeting.validate(target, url, path);
        origin = origin == null ? FOREIGN_ORIGIN : origin.strip();
        HttpUrl o = HttpUrl.parse(origin);
        if (o == null || !o.encodedPath().equals("/") || origin.endsWith("/")) {
            throw new IllegalArgumentException("'origin' is scheme://host[:port] without a path, e.g. " + FOREIGN_ORIGIN);
        }
        requestMethod = requestMethod == null ? "GET" : requestMethod.strip().toUpperCase(Locale.ROOT);
        if (!requestMethod.matches("[A-Z]+")) {
            throw new IllegalArgumentException("'requestMethod' is an HTTP method name such as GET or POST");
        }
        allowedOriginsVar = allowedOriginsVar == null ? "ALLOWED_ORIGINS" : allowedOriginsVar;
    }
}
