package dev.prodaudit.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The live systems an audit reaches. Every field may be absent; a probe whose target is absent
 * reports ERROR "not configured" with the variable or key that would configure it.
 *
 * @param dnsServer the resolver DNS probes ask ({@code host} or {@code host:port}); null: the system's
 * @param caFile    extra trusted CA certificates (PEM) for TLS and HTTPS probes, beside the system store
 */
public record Targets(
        String baseUrl,
        String frontendUrl,
        List<String> tls,
        String mongodb,
        String redis,
        Qdrant qdrant,
        String mailDomain,
        String dnsServer,
        Path caFile) {

    public Targets {
        tls = tls == null ? List.of() : List.copyOf(tls);
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
        return new Targets(null, null, List.of(), null, null, null, null, null, null);
    }
}
