package dev.prodaudit.probe;

/**
 * Where a check finds what decides it. {@code audit list} shows it for every check and README's "What decides each
 * item" table is that listing, so a reader sees at a glance which items need a live service, a provider's token or a
 * person, and which the repository alone settles.
 */
public enum Evidence {
    /** The repository: source code, manifests, lockfiles, documents, git history. */
    CODE("code", "code"),
    /** The production env file (or the process environment). */
    CONFIG("config", "config"),
    /** A live service of the application: its API, TLS endpoints, DNS, MongoDB, Redis, Qdrant. */
    LIVE("live", "live service"),
    /** A provider's API that holds the facts: CI, the npm registry's advisories, a cloud backup service. */
    PROVIDER_API("api", "CI/cloud API"),
    /** A person, who attests the item. */
    PERSON("person", "person");

    private final String id;
    private final String label;

    Evidence(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The one-word name of {@code audit list}'s column and its JSON. */
    public String id() {
        return id;
    }

    /** How README and Markdown listings name it. */
    public String label() {
        return label;
    }
}
