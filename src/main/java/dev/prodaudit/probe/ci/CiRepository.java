package dev.prodaudit.probe.ci;

import dev.prodaudit.config.CiSettings;
import dev.prodaudit.policy.RemoteUrls;
import java.util.List;
import java.util.Optional;

/**
 * The repository whose CI results the probe reads: the provider, its REST API base URL and the repository path
 * there, from audit.yaml's {@code ci:} where written, else from the audited repository's git remote.
 *
 * @param provider {@link CiSettings#GITHUB} or {@link CiSettings#GITLAB}
 * @param apiBase  the REST API base URL without trailing slash ({@code https://api.github.com},
 *                 {@code https://ghe.example.com/api/v3}, {@code https://gitlab.example.com/api/v4})
 * @param path     {@code owner/name} on GitHub, {@code group/sub/project} on GitLab
 */
record CiRepository(String provider, String apiBase, String path) {
    /** Code hosts that are neither GitHub nor GitLab: a remote there names no CI this probe can read. */
    private static final List<String> OTHER_HOSTS = List.of("bitbucket", "dev.azure.com", "visualstudio.com",
            "codeberg", "gitea", "sr.ht");

    /** Why no repository could be named: the check's ERROR reason. */
    static final class Unresolved extends Exception {
        private static final long serialVersionUID = 1L;

        Unresolved(String message) {
            super(message);
        }
    }

    boolean github() {
        return provider.equals(CiSettings.GITHUB);
    }

    /** "GitHub acme/app", "GitLab group/project". */
    String shown() {
        return (github() ? "GitHub " : "GitLab ") + path;
    }

    /**
     * @param remote the audited repository's remote without credentials, or null
     */
    static CiRepository resolve(CiSettings settings, String remote) throws Unresolved {
        Optional<RemoteUrls.Hosted> hosted = RemoteUrls.hosted(remote);
        String provider = settings.provider();
        if (provider == null) {
            if (hosted.isEmpty()) {
                throw new Unresolved("the audited repository has no remote on a code host"
                        + " to read CI results from; set ci.provider and ci.repository in audit.yaml");
            }
            provider = providerOf(hosted.get().host());
        }
        String path = settings.repository() != null ? settings.repository()
                : hosted.map(RemoteUrls.Hosted::path).orElseThrow(() -> new Unresolved(
                        "no repository to read CI results from; set ci.repository in audit.yaml"));
        if (provider.equals(CiSettings.GITHUB) && path.split("/").length != 2) {
            throw new Unresolved("'" + path + "' is not a GitHub owner/name; set ci.repository in audit.yaml");
        }
        String api = settings.apiUrl();
        if (api == null) {
            if (hosted.isEmpty()) {
                throw new Unresolved("no API URL for " + provider + " (the repository has no remote on a code host);"
                        + " set ci.apiUrl in audit.yaml");
            }
            api = apiOf(provider, hosted.get());
        }
        return new CiRepository(provider, api.replaceAll("/+$", ""), path);
    }

    /** A host containing "gitlab" is GitLab; github.com and any other host (GitHub Enterprise Server) GitHub. */
    static String providerOf(String host) throws Unresolved {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (h.contains("gitlab")) {
            return CiSettings.GITLAB;
        }
        for (String other : OTHER_HOSTS) {
            if (h.contains(other)) {
                throw new Unresolved("the remote is on " + host + ", neither GitHub nor GitLab; set ci.provider, "
                        + "ci.repository and ci.apiUrl in audit.yaml if CI runs on one of them");
            }
        }
        return CiSettings.GITHUB;
    }

    /** github.com: api.github.com; GitHub Enterprise Server: {@code /api/v3} on its host; GitLab: {@code /api/v4}. */
    static String apiOf(String provider, RemoteUrls.Hosted hosted) {
        if (provider.equals(CiSettings.GITHUB) && (hosted.host().equals("github.com") || hosted.host().equals("www.github.com"))) {
            return "https://api.github.com";
        }
        String origin = hosted.webScheme() + "://" + hosted.host() + (hosted.port() > 0 ? ":" + hosted.port() : "");
        return origin + (provider.equals(CiSettings.GITHUB) ? "/api/v3" : "/api/v4");
    }
}
