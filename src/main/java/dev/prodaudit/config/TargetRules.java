package dev.prodaudit.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a present target value must look like, checked when audit.yaml, the env files and the options are
 * loaded: a malformed URL, host or port is a configuration error (exit 2) before any check runs, not a
 * per-check ERROR that {@code --allow-errors} would wave through. Each reason reads after the setting's
 * name ("REDIS_URL has port 99999, outside 1-65535"). Purely syntactic (no DNS lookups, no
 * connections); the probes stay the judges of what the servers answer. Reasons never repeat the value,
 * which may hold a password.
 */
public final class TargetRules {

    /** Why a value is not usable, and how to write it instead. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final String hint;

        Invalid(String reason, String hint) {
            super(reason);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }

    /** A rule for one kind of target value: returns when usable, throws with the reason otherwise. */
    @FunctionalInterface
    public interface Rule {
        void check(String value) throws Invalid;
    }

    static final String PORT_RANGE = "a port is a whole number from 1 to 65535";
    private static final String HTTP_FORM = "write it as https://host[:port][/path]";
    private static final String MONGODB_FORM = "write it as mongodb://[user:password@]host[:port][,host[:port]...][/db] "
            + "or mongodb+srv://[user:password@]host[/db]";
    private static final String REDIS_FORM = "write it as redis://[[user]:password@]host[:port][/db] or rediss://...";
    private static final String ENDPOINT_FORM = "write host, host:port, [IPv6]:port or https://host[:port]";
    private static final String SERVER_FORM = "write host, host:port or [IPv6]:port";
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._~%-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9._-]+)?");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    private TargetRules() {
    }

    /** The API, the front end or Qdrant's REST URL: http:// or https://, one host, a valid port. */
    public static void httpUrl(String text) throws Invalid {
        Url u = url(text, Set.of("http", "https"), "an http:// or https:// URL", HTTP_FORM);
        if (u.hosts().size() != 1) {
            throw new Invalid("names " + u.hosts().size() + " hosts; an http(s) URL has one", HTTP_FORM);
        }
    }

    /** A MongoDB connection string; {@code mongodb+srv://} names one host and no port (the driver's rule). */
    public static void mongodbUri(String text) throws Invalid {
        Url u = url(text, Set.of("mongodb", "mongodb+srv"), "a mongodb:// or mongodb+srv:// URI", MONGODB_FORM);
        if (u.scheme().equals("mongodb+srv") && (u.hosts().size() != 1 || u.ports().get(0) > 0)) {
            throw new Invalid("is a mongodb+srv:// URI, which names one host and no port", MONGODB_FORM);
        }
    }

    /** A Redis URL: one host, and a path that is a database number when present. */
    public static void redisUrl(String text) throws Invalid {
        Url u = url(text, Set.of("redis", "rediss"), "a redis:// or rediss:// URL", REDIS_FORM);
        if (u.hosts().size() != 1) {
            throw new Invalid("names " + u.hosts().size() + " hosts; the audit checks one Redis", REDIS_FORM);
        }
        String path = u.rest();
        for (char c : new char[] {'?', '#'}) {
            int i = path.indexOf(c);
            path = i >= 0 ? path.substring(0, i) : path;
        }
        path = path.startsWith("/") ? path.substring(1) : path;
        if (!path.isEmpty() && !path.matches("\\d{1,9}")) {
            throw new Invalid("has a path that is not a database number such as /0", REDIS_FORM);
        }
    }

    /** A TLS endpoint: {@code host}, {@code host:port}, {@code [v6]:port}, a bare IPv6 literal or an https URL. */
    public static void tlsEndpoint(String text) throws Invalid {
        String t = text.strip();
        if (t.regionMatches(true, 0, "https://", 0, 8)) {
            httpUrl(t);
            return;
        }
        if (t.contains("://")) {
            throw new Invalid("is a URL but not an https:// one", ENDPOINT_FORM);
        }
        hostAndPort(t, ENDPOINT_FORM);
    }

    /** A DNS resolver: {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6 literal. */
    public static void dnsServer(String text) throws Invalid {
        hostAndPort(text.strip(), SERVER_FORM);
    }

    /** A TCP port; the reason reads after the name of the setting ("... has port 0, outside 1-65535"). */
    public static void port(int port) throws Invalid {
        if (port < 1 || port > 65535) {
            throw new Invalid("has port " + port + ", outside 1-65535", PORT_RANGE);
        }
    }

    /** A mail domain: a DNS name of 1-63 character labels, at most 253 characters. */
    public static void domain(String text) throws Invalid {
        String hint = "write the bare domain, e.g. example.com";
        String d = text.strip();
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty() || d.length() > 253) {
            throw new Invalid(d.isEmpty() ? "is not a domain name" : "is longer than 253 characters", hint);
        }
        for (String label : d.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new Invalid(label.isEmpty() ? "has an empty label (two dots in a row)"
                        : "has '" + label + "', which is not a valid domain label", hint);
            }
        }
    }

    /** A CA file: a readable file holding at least one certificate (PEM, as the TLS probes read it). */
    public static void caFile(Path file) throws Invalid {
        String hint = "pass a PEM file of CA certificates (-----BEGIN CERTIFICATE-----)";
        if (!Files.exists(file)) {
            throw new Invalid("does not exist", hint);
        }
        if (!Files.isRegularFile(file)) {
            throw new Invalid("is not a file", hint);
        }
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                throw new Invalid("holds no certificate", hint);
            }
        } catch (CertificateException e) {
            throw new Invalid("does not parse as PEM certificates", hint);
        } catch (IOException e) {
            throw new Invalid("cannot be read", "check its permissions");
        }
    }

    // ---- shared parsing ----

    private record Url(String scheme, List<String> hosts, List<Integer> ports, String rest) {
    }

    private static Url url(String text, Set<String> schemes, String what, String form) throws Invalid {
        String t = text.strip();
        int sep = t.indexOf("://");
        if (sep <= 0 || !t.substring(0, sep).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new Invalid("is not " + what, form);
        }
        String scheme = t.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw new Invalid("must be " + what + ", not " + scheme + "://", form);
        }
        String after = t.substring(sep + 3);
        int end = after.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = after.indexOf(c);
            end = i >= 0 && i < end ? i : end;
        }
        String authority = after.substring(0, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        List<String> hosts = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (String hp : authority.split(",", -1)) {
            HostPort parsed = hostAndPort(hp, form);
            hosts.add(parsed.host());
            ports.add(parsed.port());
        }
        return new Url(scheme, hosts, ports, after.substring(end));
    }

    private record HostPort(String host, int port) {
    }

    /** {@code host}, {@code host:port}, {@code [v6]}, {@code [v6]:port} or a bare IPv6 literal; port -1 when absent. */
    private static HostPort hostAndPort(String text, String form) throws Invalid {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new Invalid("has an unclosed '[' in its host", form);
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw new Invalid("has text after the IPv6 address", form);
            }
            if (!IPV6.matcher(host).matches()) {
                throw new Invalid("has an invalid IPv6 address", form);
            }
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && colon == text.lastIndexOf(':')) {
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
            } else if (colon >= 0 && !IPV6.matcher(text).matches()) {
                throw new Invalid("is not host:port", form);
            }
            if (host.isEmpty()) {
                throw new Invalid("has no host", form);
            }
            if (colon < 0 || port != null) {
                if (!HOST_NAME.matcher(host).matches()) {
                    throw new Invalid("has an invalid host name", form);
                }
            }
        }
        if (port == null) {
            return new HostPort(host, -1);
        }
        if (!port.matches("\\d{1,9}")) {
            throw new Invalid(port.isEmpty() ? "has an empty port" : "has a port that is not a number", PORT_RANGE);
        }
        int p = Integer.parseInt(port);
        port(p);
        return new HostPort(host, p);
    }
}
