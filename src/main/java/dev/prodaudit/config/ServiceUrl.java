package dev.prodaudit.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A service URL as connection strings write them, including what {@link java.net.URI} rejects: several
 * hosts ({@code mongodb://u:p@h1:27017,h2:27017/db?replicaSet=rs0}), an empty user ({@code redis://:pw@h}).
 * Its {@code toString} never shows the password.
 */
public record ServiceUrl(String scheme, String user, String password, List<String> hosts, List<Integer> ports,
                         String rest) {

    public ServiceUrl {
        hosts = List.copyOf(hosts);
        ports = List.copyOf(ports);
    }

    /** Parses {@code scheme://[user[:password]@]host[:port][,host[:port]...][/path][?query]}. */
    public static Optional<ServiceUrl> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip();
        int sep = t.indexOf("://");
        if (sep <= 0 || !t.substring(0, sep).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return Optional.empty();
        }
        String scheme = t.substring(0, sep).toLowerCase(Locale.ROOT);
        String after = t.substring(sep + 3);
        int end = after.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = after.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = after.substring(0, end);
        String rest = after.substring(end);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = info.indexOf(':');
            user = colon >= 0 ? info.substring(0, colon) : info;
            password = colon >= 0 ? info.substring(colon + 1) : null;
        }
        List<String> hosts = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (String hp : authority.split(",", -1)) {
            String host = hp;
            int port = -1;
            int colon = hp.lastIndexOf(':');
            if (colon >= 0 && hp.indexOf(']') < colon) {
                host = hp.substring(0, colon);
                try {
                    port = Integer.parseInt(hp.substring(colon + 1));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                if (port <= 0 || port > 65535) {
                    return Optional.empty();
                }
            }
            host = host.strip();
            if (host.isEmpty() || !host.matches("\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._~%-]+")) {
                return Optional.empty();
            }
            hosts.add(host.toLowerCase(Locale.ROOT));
            ports.add(port);
        }
        return Optional.of(new ServiceUrl(scheme, user, password, hosts, ports, rest));
    }

    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    /** {@code host:port,...} as written, without credentials. */
    public String hostList() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            out.add(hosts.get(i) + (ports.get(i) > 0 ? ":" + ports.get(i) : ""));
        }
        return String.join(",", out);
    }

    /** The URL with the password replaced: safe for evidence. */
    @Override
    public String toString() {
        String info = user == null ? "" : user + (password == null ? "" : ":" + Redactor.MASK) + "@";
        return scheme + "://" + info + hostList() + rest;
    }
}
