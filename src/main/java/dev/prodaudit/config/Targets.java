package dev.prodaudit.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The live systems an audit reaches, by {@link TargetKind}. Every target may be absent; a probe whose target
 * is absent reports ERROR with {@link TargetKind#notConfigured()}.
 *
 * @param values  the one-string targets ({@link TargetKind.Shape#VALUE} and {@link TargetKind.Shape#DOMAIN_OF_ADDRESS}),
 *                present ones only
 * @param tls     the TLS endpoints ({@link TargetKind#TLS})
 * @param qdrant  Qdrant ({@link TargetKind#QDRANT}), or null
 * @param caFile  extra trusted CA certificates (PEM) for TLS and HTTPS probes, beside the system store
 */
public record Targets(Map<TargetKind, String> values, List<String> tls, Qdrant qdrant, Path caFile) {

    public Targets {
        EnumMap<TargetKind, String> copy = new EnumMap<>(TargetKind.class);
        if (values != null) {
            values.forEach((k, v) -> {
                if (k.shape() == TargetKind.Shape.LIST || k.shape() == TargetKind.Shape.QDRANT) {
                    throw new IllegalArgumentException(k.key() + " has its own field");
                }
                if (v != null) {
                    copy.put(k, v);
                }
            });
        }
        values = Collections.unmodifiableMap(copy);
        tls = tls == null ? List.of() : List.copyOf(tls);
    }

    /** The targets of the app's profile, by name. */
    public Targets(String baseUrl, String frontendUrl, List<String> tls, String mongodb, String redis, Qdrant qdrant,
                   String mailDomain, String dnsServer, Path caFile) {
        this(map(baseUrl, frontendUrl, mongodb, redis, mailDomain, dnsServer), tls, qdrant, caFile);
    }

    private static Map<TargetKind, String> map(String baseUrl, String frontendUrl, String mongodb, String redis,
                                               String mailDomain, String dnsServer) {
        Map<TargetKind, String> m = new EnumMap<>(TargetKind.class);
        m.put(TargetKind.BASE_URL, baseUrl);
        m.put(TargetKind.FRONTEND_URL, frontendUrl);
        m.put(TargetKind.MONGODB, mongodb);
        m.put(TargetKind.REDIS, redis);
        m.put(TargetKind.MAIL_DOMAIN, mailDomain);
        m.put(TargetKind.DNS_SERVER, dnsServer);
        return m;
    }

    /** Qdrant is reached over gRPC; the REST URL names the host, the gRPC port is conventionally 6334. */
    public record Qdrant(String url, String apiKey, String collection, Integer grpcPort) {
        @Override
        public String toString() {
            return "Qdrant[url=" + Redactor.stripUriPasswords(String.valueOf(url)) + ", apiKey="
                    + (apiKey == null ? "unset" : Redactor.MASK) + ", collection=" + collection + ", grpcPort=" + grpcPort + "]";
        }
    }

    public static Targets none() {
        return new Targets(Map.of(), List.of(), null, null);
    }

    /**
     * The target's value, or null when absent: the string of a one-value target, Qdrant's URL, the TLS
     * endpoints joined with ", ".
     */
    public String value(TargetKind kind) {
        return switch (kind.shape()) {
            case VALUE, DOMAIN_OF_ADDRESS -> values.get(kind);
            case QDRANT -> qdrant == null ? null : qdrant.url();
            case LIST -> tls.isEmpty() ? null : String.join(", ", tls);
        };
    }

    /** Secrets the target values carry (URL passwords, Qdrant's API key): the probes send them, a server may echo them. */
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        if (qdrant != null && qdrant.apiKey() != null) {
            out.add(qdrant.apiKey());
        }
        for (TargetKind kind : TargetKind.values()) {
            out.addAll(kind.secretsOf(value(kind)));
        }
        return out;
    }

    public String baseUrl() {
        return values.get(TargetKind.BASE_URL);
    }

    public String frontendUrl() {
        return values.get(TargetKind.FRONTEND_URL);
    }

    public String mongodb() {
        return values.get(TargetKind.MONGODB);
    }

    public String redis() {
        return values.get(TargetKind.REDIS);
    }

    public String mailDomain() {
        return values.get(TargetKind.MAIL_DOMAIN);
    }

    /** The resolver DNS probes ask ({@code host} or {@code host:port}); null: the system's. */
    public String dnsServer() {
        return values.get(TargetKind.DNS_SERVER);
    }

    /** Without passwords: a Targets may end up in a debug line. */
    @Override
    public String toString() {
        return "Targets[" + values.entrySet().stream().map(e -> e.getKey().key() + "=" + e.getKey().shown(e.getValue()))
                .collect(Collectors.joining(", ")) + ", tls=" + tls + ", qdrant=" + qdrant + ", caFile=" + caFile + "]";
    }
}
