package dev.prodaudit.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The live targets an audit reaches, each declared once: its key under {@code targets:} in audit.yaml, the
 * app's conventional variable that configures it when audit.yaml does not, its default port, how a present
 * value is validated, how it is redacted, what the run header shows, what {@code audit init} writes and what
 * a check says when it is absent. Setup, validation, the run header, {@code init} and the probes all read
 * this table, so adding a target is one entry here plus the probe that uses it.
 *
 * <p>Most targets are one string ({@link Shape#VALUE}); {@code tls} is a list of endpoints and {@code qdrant}
 * a mapping (URL, API key, collection, gRPC port), each with its own fields in {@link Targets}.
 */
public enum TargetKind {
    BASE_URL("baseUrl", Shape.VALUE, "NEXT_PUBLIC_API_URL", 443, TargetRules::httpUrl, Redaction.URL_CREDENTIALS,
            "set NEXT_PUBLIC_API_URL or targets.baseUrl in audit.yaml", "not configured",
            "baseUrl: ${NEXT_PUBLIC_API_URL}", "the API (HTTP, TLS, CORS, health, rate-limit checks)"),
    FRONTEND_URL("frontendUrl", Shape.VALUE, "FRONTEND_URL", 443, TargetRules::httpUrl, Redaction.URL_CREDENTIALS,
            "set FRONTEND_URL or targets.frontendUrl in audit.yaml", "not configured",
            "frontendUrl: ${FRONTEND_URL}", "the web front end (privacy page, CDN)"),
    /** Without {@code targets.tls}: the https hosts of the API and the front end. */
    TLS("tls", Shape.LIST, null, 443, TargetRules::tlsEndpoint, Redaction.NONE,
            "set targets.tls or NEXT_PUBLIC_API_URL/FRONTEND_URL to https URLs", "not configured",
            "tls: [api.example.com:443]", "default: the https hosts of baseUrl and frontendUrl"),
    MONGODB("mongodb", Shape.VALUE, "MONGODB_URI", 27017, TargetRules::mongodbUri, Redaction.URL_CREDENTIALS,
            "set MONGODB_URI or targets.mongodb in audit.yaml", "not configured",
            "mongodb: ${MONGODB_URI}", "MongoDB (auth, replica set, indexes)"),
    REDIS("redis", Shape.VALUE, "REDIS_URL", 6379, TargetRules::redisUrl, Redaction.URL_CREDENTIALS,
            "set REDIS_URL or targets.redis", "not configured",
            "redis: ${REDIS_URL}", "Redis and the BullMQ queues"),
    /** The REST URL names the host; the probes speak gRPC on {@code grpcPort} (default port) of that host. */
    QDRANT("qdrant", Shape.QDRANT, "QDRANT_URL", 6334, TargetRules::httpUrl, Redaction.URL_CREDENTIALS,
            "set QDRANT_URL or targets.qdrant.url", "not configured",
            "qdrant: {url: \"${QDRANT_URL}\", apiKey: \"${QDRANT_API_KEY}\", "
                    + "collection: \"${QDRANT_COLLECTION_NAME:-documents}\", grpcPort: 6334}",
            "Qdrant over gRPC on grpcPort of the QDRANT_URL host"),
    /** Without {@code targets.mailDomain}: the domain of the address in its variable. */
    MAIL_DOMAIN("mailDomain", Shape.DOMAIN_OF_ADDRESS, "RESEND_FROM_EMAIL", -1, TargetRules::domain, Redaction.NONE,
            "set RESEND_FROM_EMAIL or targets.mailDomain", "not configured",
            "mailDomain: example.com", "default: the domain of RESEND_FROM_EMAIL"),
    DNS_SERVER("dnsServer", Shape.VALUE, null, 53, TargetRules::dnsServer, Redaction.NONE,
            null, "system resolver",
            "dnsServer: 10.0.0.2:53", "default: the system resolver"),
    /** The npm registry whose bulk advisory endpoint audits the lockfiles (npm's own setting names the variable). */
    NPM_REGISTRY("npmRegistry", Shape.VALUE, "NPM_CONFIG_REGISTRY", 443, TargetRules::httpUrl, Redaction.URL_CREDENTIALS,
            null, "https://registry.npmjs.org",
            "npmRegistry: ${NPM_CONFIG_REGISTRY}", "default: https://registry.npmjs.org (dependency advisories)"),
    /**
     * The MongoDB Atlas Administration API v2 that MongoDB backups are read from when MONGODB_URI is an Atlas
     * cluster (another base for Atlas for Government, or a test server).
     */
    ATLAS_API("atlasApi", Shape.VALUE, null, 443, TargetRules::httpUrl, Redaction.URL_CREDENTIALS,
            null, "https://cloud.mongodb.com/api/atlas/v2",
            "atlasApi: https://cloud.mongodb.com/api/atlas/v2",
            "default: https://cloud.mongodb.com/api/atlas/v2 (MongoDB backups, with ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY)"),
    /** Optional: without it, the alerting checks judge the repository's rule files alone. */
    PROMETHEUS("prometheus", Shape.VALUE, "PROMETHEUS_URL", 9090, TargetRules::httpUrl, Redaction.URL_CREDENTIALS,
            "set PROMETHEUS_URL or targets.prometheus (else the repository's rule files alone are read)", "not configured",
            "prometheus: ${PROMETHEUS_URL}", "Prometheus (loaded alerting rules, its Alertmanagers; read with GET only)"),
    /** Optional: without it, the Alertmanager Prometheus names is asked. */
    ALERTMANAGER("alertmanager", Shape.VALUE, "ALERTMANAGER_URL", 9093, TargetRules::httpUrl, Redaction.URL_CREDENTIALS,
            "set ALERTMANAGER_URL or targets.alertmanager (else the one Prometheus sends to is read)", "not configured",
            "alertmanager: ${ALERTMANAGER_URL}", "Alertmanager (the route's receiver; default: the one Prometheus uses)");

    /** How a target is written in audit.yaml and resolved. */
    public enum Shape {
        /** One string; absent, the conventional variable (if any). */
        VALUE,
        /** A list of strings. */
        LIST,
        /** The {@code qdrant:} mapping; its URL is the target's value. */
        QDRANT,
        /** One string; absent, the domain of the e-mail address in the conventional variable. */
        DOMAIN_OF_ADDRESS
    }

    /** What of a target's value is secret. */
    public enum Redaction {
        /** A URL whose password (and nothing else) is secret: masked in the header, registered with the redactor. */
        URL_CREDENTIALS,
        /** Nothing secret (a host, a domain); shown as written, still through the redactor like every output line. */
        NONE
    }

    private final String key;
    private final Shape shape;
    private final String variable;
    private final int defaultPort;
    private final TargetRules.Rule rule;
    private final Redaction redaction;
    private final String setHint;
    private final String absentShownAs;
    private final String initYaml;
    private final String initNote;

    TargetKind(String key, Shape shape, String variable, int defaultPort, TargetRules.Rule rule, Redaction redaction,
               String setHint, String absentShownAs, String initYaml, String initNote) {
        this.key = key;
        this.shape = shape;
        this.variable = variable;
        this.defaultPort = defaultPort;
        this.rule = rule;
        this.redaction = redaction;
        this.setHint = setHint;
        this.absentShownAs = absentShownAs;
        this.initYaml = initYaml;
        this.initNote = initNote;
    }

    /** The key under {@code targets:} in audit.yaml, and in the run header. */
    public String key() {
        return key;
    }

    public Shape shape() {
        return shape;
    }

    /** The app's conventional variable that configures the target when audit.yaml does not; empty if none. */
    public Optional<String> variable() {
        return Optional.ofNullable(variable);
    }

    /** The port used when the value names none; -1 when the target has no port (a mail domain). */
    public int defaultPort() {
        return defaultPort;
    }

    public Redaction redaction() {
        return redaction;
    }

    /** The JSON pointer of the value in audit.yaml: {@code /targets/qdrant/url} for Qdrant. */
    public String pointer() {
        return "/targets/" + key + (shape == Shape.QDRANT ? "/url" : "");
    }

    /** How errors name the setting in audit.yaml: {@code targets.redis}, {@code targets.qdrant.url}. */
    public String label() {
        return pointer().substring(1).replace('/', '.');
    }

    /** A check's ERROR evidence when the target is absent. */
    public String notConfigured() {
        return "not configured" + (setHint == null ? "" : ": " + setHint);
    }

    /**
     * Where the target is set, as {@code audit explain} names it: {@code REDIS_URL or targets.redis in audit.yaml},
     * {@code targets.mailDomain in audit.yaml or the domain of RESEND_FROM_EMAIL}, {@code targets.tls in audit.yaml}.
     */
    public String setBy() {
        String inConfig = label() + " in audit.yaml";
        if (variable == null) {
            return inConfig;
        }
        return shape == Shape.DOMAIN_OF_ADDRESS ? inConfig + " or the domain of " + variable : variable + " or " + inConfig;
    }

    /**
     * What {@code audit explain} says of the target when it is absent: {@link #notConfigured()} for a target the
     * checks need, what is used instead for one with a default (the system resolver).
     */
    public String absentExplained() {
        return setHint == null ? absentShownAs + " (" + label() + " not set)" : notConfigured();
    }

    /** What the run header shows when the target is absent. */
    public String absentShownAs() {
        return absentShownAs;
    }

    /** The line {@code audit init} writes under {@code targets:} (commented out unless the variable is set). */
    public String initYaml() {
        return initYaml;
    }

    /** What the target is for, as {@code audit init}'s comment says it. */
    public String initNote() {
        return initNote;
    }

    /** Whether {@code audit init} writes the line active when the variable is set (a derived default is not). */
    public boolean initActiveWhenSet() {
        return variable != null && (shape == Shape.VALUE || shape == Shape.QDRANT);
    }

    /**
     * Checks a present value; the reason reads after the setting's name and never repeats the value.
     *
     * @throws TargetRules.Invalid when it cannot be used
     */
    public void validate(String value) throws TargetRules.Invalid {
        rule.check(value);
    }

    /** The secrets a present value carries, for the redactor: a URL's password. */
    public List<String> secretsOf(String value) {
        if (redaction != Redaction.URL_CREDENTIALS || value == null) {
            return List.of();
        }
        return ServiceUrl.parse(value).filter(ServiceUrl::hasPassword).map(u -> List.of(u.password())).orElse(List.of());
    }

    /** The value as the run header shows it, before the redactor: without a URL's password. */
    public String shown(String value) {
        return value == null || redaction != Redaction.URL_CREDENTIALS ? value : Redactor.stripUriPasswords(value);
    }

    public static Optional<TargetKind> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
