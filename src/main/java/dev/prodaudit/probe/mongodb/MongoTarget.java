package dev.prodaudit.probe.mongodb;

import dev.prodaudit.config.TargetKind;
import com.mongodb.ConnectionString;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.probe.ProbeContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The MongoDB deployment of MONGODB_URI as the probe sees it: the parsed connection string, the same hosts without
 * credentials (for the unauthenticated client of the {@code auth} check), and what the URI itself says about TLS.
 * Nothing here prints the password: {@link #shown()} is the URI with it masked.
 */
final class MongoTarget {
    /** Query options that carry or select credentials; the unauthenticated client leaves them out. */
    private static final Set<String> AUTH_OPTIONS = Set.of("authsource", "authmechanism", "authmechanismproperties");

    private final String uri;
    private final ConnectionString connection;
    private final String noAuthUri;
    private final Map<String, String> options;
    private ConnectionString noAuthConnection;

    private MongoTarget(String uri, ConnectionString connection, String noAuthUri, Map<String, String> options) {
        this.uri = uri;
        this.connection = connection;
        this.noAuthUri = noAuthUri;
        this.options = options;
    }

    /**
     * The run's parsed target for {@code text}, parsed on first use.
     *
     * @throws IllegalArgumentException as {@link #parse}
     */
    /**
     * The run's MongoDB target, {@code targets.mongodb} (MONGODB_URI), parsed once per run.
     *
     * @throws Unusable when it is not configured or not a MongoDB URI, with the check's ERROR reason
     */
    static MongoTarget of(ProbeContext ctx) throws Unusable {
        String uri = ctx.targets() == null ? null : ctx.targets().mongodb();
        if (uri == null || uri.isBlank()) {
            throw new Unusable(TargetKind.MONGODB.notConfigured());
        }
        try {
            return of(ctx, uri);
        } catch (IllegalArgumentException e) {
            throw new Unusable("MONGODB_URI is " + e.getMessage());
        }
    }

    /** MONGODB_URI is absent or unusable: every MongoDB check reports the message as its ERROR. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message, null, false, false);
        }
    }

    static MongoTarget of(ProbeContext ctx, String text) {
        Cache cache = ctx.clients().get("mongodb:targets", Cache.class, Cache::new);
        MongoTarget known = cache.parsed.get(text);
        if (known != null) {
            return known;
        }
        // Parsed outside the shared clients' lock: a mongodb+srv:// URI costs a DNS lookup.
        MongoTarget parsed = parse(text);
        MongoTarget previous = cache.parsed.putIfAbsent(text, parsed);
        return previous != null ? previous : parsed;
    }

    /** The connection strings parsed in this run. */
    static final class Cache {
        final Map<String, MongoTarget> parsed = new java.util.concurrent.ConcurrentHashMap<>();
    }

    /**
     * Parses a connection string. A {@code mongodb+srv://} URI makes the driver look up the host's TXT record here.
     *
     * @throws IllegalArgumentException with a one-line reason, password removed, when it is not a MongoDB URI
     */
    static MongoTarget parse(String text) {
        String uri = text.strip();
        ConnectionString cs;
        try {
            cs = new ConnectionString(uri);
        } catch (IllegalArgumentException | MongoException e) {
            throw new IllegalArgumentException("not a valid MongoDB connection string (" + MongoErrors.oneLine(e) + ")");
        }
        String noAuth = withoutCredentials(uri);
        return new MongoTarget(uri, cs, noAuth, options(uri));
    }

    /** The URI as given. Only for building clients; never for output. */
    String uri() {
        return uri;
    }

    /** The same hosts and options without user, password and auth options. */
    String noAuthUri() {
        return noAuthUri;
    }

    /** {@link #noAuthUri()} parsed (once: for mongodb+srv:// parsing looks up a TXT record). */
    synchronized ConnectionString noAuthConnection() {
        if (noAuthConnection == null) {
            noAuthConnection = new ConnectionString(noAuthUri);
        }
        return noAuthConnection;
    }

    ConnectionString connection() {
        return connection;
    }

    /** The URI with its password masked: safe for evidence. */
    String shown() {
        return Redactor.stripUriPasswords(uri);
    }

    /** {@code host:port,...} as written (the SRV name for {@code mongodb+srv://}): the key of a hung endpoint. */
    String endpoint() {
        return String.join(",", connection.getHosts());
    }

    List<String> hosts() {
        List<String> out = new ArrayList<>();
        for (String h : connection.getHosts()) {
            String host = h.startsWith("[") ? h.substring(0, h.indexOf(']') + 1) : h.contains(":") ? h.substring(0, h.lastIndexOf(':')) : h;
            out.add(host.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    boolean srv() {
        return connection.isSrvProtocol();
    }

    MongoCredential credential() {
        return connection.getCredential();
    }

    /** The database of the URI path, or null. */
    String database() {
        String db = connection.getDatabase();
        return db == null || db.isBlank() ? null : db;
    }

    /** TLS as the app's driver would use it: {@code tls=true}/{@code ssl=true}, or on by default for {@code mongodb+srv://}. */
    boolean tls() {
        String tls = options.get("tls");
        String ssl = options.get("ssl");
        if (tls != null || ssl != null) {
            return "true".equalsIgnoreCase(tls) || "true".equalsIgnoreCase(ssl);
        }
        return srv();
    }

    /** The option that turned TLS on, as written, for evidence. */
    String tlsReason() {
        if ("true".equalsIgnoreCase(options.get("tls"))) {
            return "MONGODB_URI sets tls=true";
        }
        if ("true".equalsIgnoreCase(options.get("ssl"))) {
            return "MONGODB_URI sets ssl=true";
        }
        return "mongodb+srv:// turns TLS on by default";
    }

    /** Options that keep TLS but switch off certificate or host-name verification (the Node.js driver honours them). */
    List<String> insecureTlsOptions() {
        List<String> out = new ArrayList<>();
        for (String name : List.of("tlsInsecure", "tlsAllowInvalidCertificates", "tlsAllowInvalidHostnames",
                "sslAllowInvalidCertificates", "sslAllowInvalidHostnames", "tlsDisableOCSPEndpointCheck")) {
            if ("true".equalsIgnoreCase(options.get(name.toLowerCase(Locale.ROOT)))) {
                out.add(name + "=true");
            }
        }
        return out;
    }

    /** Query options, names lower-cased, values as written; the last occurrence wins. */
    private static Map<String, String> options(String uri) {
        Map<String, String> out = new LinkedHashMap<>();
        int q = uri.indexOf('?');
        if (q < 0) {
            return out;
        }
        for (String pair : uri.substring(q + 1).split("[&;]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            out.put(name, eq < 0 ? "" : pair.substring(eq + 1));
        }
        return out;
    }

    /** {@code mongodb://u:p@h1,h2/db?authSource=admin&tls=true} becomes {@code mongodb://h1,h2/db?tls=true}. */
    static String withoutCredentials(String uri) {
        int sep = uri.indexOf("://");
        if (sep < 0) {
            return uri;
        }
        String scheme = uri.substring(0, sep + 3);
        String after = uri.substring(sep + 3);
        int end = after.length();
        for (char c : new char[] {'/', '?'}) {
            int i = after.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = after.substring(0, end);
        String rest = after.substring(end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        int q = rest.indexOf('?');
        if (q >= 0) {
            List<String> kept = new ArrayList<>();
            for (String pair : rest.substring(q + 1).split("[&;]")) {
                int eq = pair.indexOf('=');
                String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                if (!pair.isEmpty() && !AUTH_OPTIONS.contains(name)) {
                    kept.add(pair);
                }
            }
            rest = rest.substring(0, q) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        }
        return scheme + authority + rest;
    }
}
