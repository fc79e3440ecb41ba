package dev.prodaudit.probe.redis;

import dev.prodaudit.config.TargetKind;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.ServiceUrl;
import dev.prodaudit.probe.ProbeContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Redis an audit reaches: {@code targets.redis} (by default REDIS_URL), parsed as {@code redis://} or
 * {@code rediss://} (TLS) {@code [user[:password]@]host[:port][/db]}. Its {@code toString} never shows the password.
 *
 * @param display the URL with its password masked, for evidence
 */
record RedisTarget(boolean tls, String host, int port, String user, String password, int database, Path caFile,
                   String display) {

    static final int DEFAULT_PORT = TargetKind.REDIS.defaultPort();

    /** A target that cannot be used: the check's ERROR reason. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    static RedisTarget of(ProbeContext ctx) throws Invalid {
        String configured = ctx.targets().redis();
        if (configured == null || configured.isBlank()) {
            throw new Invalid(TargetKind.REDIS.notConfigured());
        }
        return parse(configured, ctx.targets().caFile());
    }

    static RedisTarget parse(String text, Path caFile) throws Invalid {
        Optional<ServiceUrl> parsed = ServiceUrl.parse(text);
        if (parsed.isEmpty()) {
            throw new Invalid("targets.redis is not a redis:// or rediss:// URL: " + clip(Redactor.stripUriPasswords(text.strip())));
        }
        ServiceUrl u = parsed.get();
        if (!u.scheme().equals("redis") && !u.scheme().equals("rediss")) {
            throw new Invalid("targets.redis must be a redis:// or rediss:// URL, not " + u.scheme() + "://: " + u);
        }
        if (u.hosts().size() != 1) {
            throw new Invalid("targets.redis names " + u.hosts().size() + " hosts; the audit checks one Redis: " + u);
        }
        String host = u.hosts().get(0);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = u.ports().get(0) > 0 ? u.ports().get(0) : DEFAULT_PORT;
        int db = 0;
        String path = u.rest();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        int hash = path.indexOf('#');
        if (hash >= 0) {
            path = path.substring(0, hash);
        }
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (!path.isEmpty()) {
            try {
                db = Integer.parseInt(path);
            } catch (NumberFormatException e) {
                throw new Invalid("targets.redis: the path must be a database number such as /0: " + u);
            }
            if (db < 0) {
                throw new Invalid("targets.redis: the database number must not be negative: " + u);
            }
        }
        String user = u.user() == null || u.user().isEmpty() ? null : decode(u.user());
        String password = u.hasPassword() ? decode(u.password()) : null;
        return new RedisTarget(u.scheme().equals("rediss"), host, port, user, password, db, caFile, u.toString());
    }

    boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    /** host:port, the key under which a hung server is remembered. */
    String endpoint() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** One key per distinct connection: the same server reached with other credentials is another client. */
    String clientKey() {
        return "redis:" + (tls ? "rediss" : "redis") + "://" + (user == null ? "" : user) + "@" + endpoint() + "/" + database
                + "#" + (password == null ? 0 : password.hashCode());
    }

    @Override
    public String toString() {
        return display;
    }

    /** Percent-decoding as URIs write it ('+' stays '+'). */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    private static String clip(String text) {
        String one = text.replace('\r', ' ').replace('\n', ' ');
        return one.length() <= 120 ? one : one.substring(0, 119) + "…";
    }
}
