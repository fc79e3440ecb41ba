package dev.prodaudit.policy;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A git remote as reports may name it: an absolute URI without credentials. Remotes often carry them
 * ({@code https://x-access-token:TOKEN@github.com/acme/app.git} in CI checkouts), so the user-info, query and
 * fragment are dropped; scp-like remotes ({@code git@github.com:acme/app.git}) become {@code ssh://github.com/acme/app.git}.
 */
public final class RemoteUrls {
    /** {@code [user@]host:path}, git's scp-like syntax (no scheme, a colon before the first slash). */
    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/]+@)?([A-Za-z0-9.\\-]+):(?!//)(.+)$");

    private RemoteUrls() {
    }

    /**
     * The remote without credentials; a remote that is a local path, and the repository itself when there is no
     * remote, as a {@code file:} URI. Null when the remote cannot be read as a URI at all (never shown half-stripped).
     */
    public static String shown(String remote, Path repository) {
        if (remote == null || remote.isBlank()) {
            return fileUri(repository);
        }
        String text = remote.strip();
        Matcher scp = SCP_LIKE.matcher(text);
        if (!text.contains("://") && scp.matches() && !looksLikeWindowsPath(text)) {
            text = "ssh://" + scp.group(1) + "/" + scp.group(2).replaceFirst("^/+", "");
        }
        if (!text.contains("://")) {
            Path local = Path.of(text);
            return fileUri(local.isAbsolute() ? local : repository.resolve(local));
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || uri.getRawAuthority() == null && !"file".equalsIgnoreCase(uri.getScheme())) {
                return null;
            }
            String host = uri.getHost() == null ? "" : uri.getHost();
            return new URI(uri.getScheme().toLowerCase(java.util.Locale.ROOT), null, host, uri.getPort(), uri.getPath(), null, null)
                    .toString();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * A remote on a code host, as the host's web UI names it.
     *
     * @param webScheme {@code https}, or {@code http} for a remote written with plain http (a host without TLS)
     * @param host      the host, lower case
     * @param path      the repository path without leading slash and {@code .git}: {@code acme/app},
     *                  {@code group/sub/project}
     */
    public record Hosted(String webScheme, String host, int port, String path) {
    }

    /**
     * Where a remote lives on its code host: {@code git@github.com:acme/app.git}, {@code ssh://git@host:2222/g/p.git}
     * and {@code https://host/acme/app} all name a host and a repository path; ssh remotes are served over https by
     * the host's web UI and API (on the default port: an ssh port says nothing about the web port). Empty for a local
     * path, a file URI, or a remote with less than two path segments.
     */
    public static java.util.Optional<Hosted> hosted(String remote) {
        if (remote == null || remote.isBlank()) {
            return java.util.Optional.empty();
        }
        String shown = shown(remote, Path.of(""));
        if (shown == null) {
            return java.util.Optional.empty();
        }
        URI uri = URI.create(shown);
        String scheme = uri.getScheme();
        if (uri.getHost() == null || uri.getHost().isEmpty() || scheme.equals("file")) {
            return java.util.Optional.empty();
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        if (!path.contains("/")) {
            return java.util.Optional.empty();
        }
        boolean web = scheme.equals("http") || scheme.equals("https");
        return java.util.Optional.of(new Hosted(scheme.equals("http") ? "http" : "https",
                uri.getHost().toLowerCase(java.util.Locale.ROOT), web ? uri.getPort() : -1, path));
    }

    /** A file URI without the trailing slash {@link Path#toUri} adds for a directory that exists, so it reads the same either way. */
    private static String fileUri(Path path) {
        String uri = path.toAbsolutePath().normalize().toUri().toString();
        return uri.endsWith("/") && uri.length() > "file:///".length() ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static boolean looksLikeWindowsPath(String text) {
        return text.length() > 2 && Character.isLetter(text.charAt(0)) && text.charAt(1) == ':'
                && (text.charAt(2) == '\\' || text.charAt(2) == '/');
    }
}
