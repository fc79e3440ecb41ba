package dev.prodaudit.config;

import dev.prodaudit.input.Timeout;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.input.YamlDocument;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents of audit.yaml, as written: values still hold {@code ${VAR}} references, which are
 * resolved once the env file is read. Every key is optional.
 *
 * @param file     the config file, or null when none was found (all defaults)
 * @param document the parsed YAML, for locating errors in overrides; null without a file
 * @param attestations the attestations file, relative to this file (default: audit.attestations.yaml beside it)
 * @param waivers  the {@code waivers:} list as written (read by the policy package), or null
 * @param requireAttested the lowest severity whose unattested manual checks gate ({@code none} or null: none)
 * @param historyDepth how many of the newest commits the git history walk reads, or null for all of them
 * @param ci       {@code ci:}: where the release's CI results live and which jobs count (never null)
 * @param offline  {@code offline: true}: run only what needs no live service (as {@code --offline}); null: not said
 * @param pushGateway the Pushgateway to push the metrics to (as {@code --push-gateway}), or null
 * @param environment the environment the audit runs against, the Pushgateway's instance label (as
 *                    {@code --environment}), or null
 * @param history  {@code history:}, where the reports of earlier runs are kept (as {@code --history}), or null
 */
public record AuditConfig(
        Path file,
        YamlDocument document,
        List<String> envFiles,
        boolean processEnv,
        String repository,
        List<String> secrets,
        TargetsSection targets,
        Map<String, CheckOverride> checks,
        String failOn,
        Timeout timeout,
        Integer concurrency,
        List<String> catalogue,
        String attestations,
        JsonNode waivers,
        String requireAttested,
        Integer historyDepth,
        CiSettings ci,
        Boolean offline,
        String pushGateway,
        String environment,
        HistorySection history) {

    public AuditConfig {
        ci = ci == null ? CiSettings.NONE : ci;
        envFiles = envFiles == null ? List.of() : List.copyOf(envFiles);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        catalogue = catalogue == null ? List.of() : List.copyOf(catalogue);
        checks = checks == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        targets = targets == null ? TargetsSection.EMPTY : targets;
    }

    /** Without {@code ci:} and the keys of a scheduled run ({@code offline}, {@code pushGateway}, {@code environment}, {@code history}). */
    public AuditConfig(Path file, YamlDocument document, List<String> envFiles, boolean processEnv, String repository,
                       List<String> secrets, TargetsSection targets, Map<String, CheckOverride> checks, String failOn,
                       Timeout timeout, Integer concurrency, List<String> catalogue, String attestations,
                       JsonNode waivers, String requireAttested, Integer historyDepth) {
        this(file, document, envFiles, processEnv, repository, secrets, targets, checks, failOn, timeout, concurrency,
                catalogue, attestations, waivers, requireAttested, historyDepth, null, null, null, null, null);
    }

    /** Without {@code historyDepth:}. */
    public AuditConfig(Path file, YamlDocument document, List<String> envFiles, boolean processEnv, String repository,
                       List<String> secrets, TargetsSection targets, Map<String, CheckOverride> checks, String failOn,
                       Timeout timeout, Integer concurrency, List<String> catalogue, String attestations,
                       JsonNode waivers) {
        this(file, document, envFiles, processEnv, repository, secrets, targets, checks, failOn, timeout, concurrency,
                catalogue, attestations, waivers, null, null);
    }

    /** Without {@code attestations:}, {@code waivers:} and {@code historyDepth:}. */
    public AuditConfig(Path file, YamlDocument document, List<String> envFiles, boolean processEnv, String repository,
                       List<String> secrets, TargetsSection targets, Map<String, CheckOverride> checks, String failOn,
                       Timeout timeout, Integer concurrency, List<String> catalogue) {
        this(file, document, envFiles, processEnv, repository, secrets, targets, checks, failOn, timeout, concurrency,
                catalogue, null, null, null, null);
    }

    public static AuditConfig defaults() {
        return new AuditConfig(null, null, null, false, null, null, null, null, null, null, null, null);
    }

    /**
     * {@code targets:} as written; strings may contain {@code ${VAR}}.
     *
     * @param values the one-string targets by kind, as written (absent keys absent)
     * @param tls    {@code targets.tls}, or null when not written
     * @param qdrant {@code targets.qdrant}, or null
     * @param caFile {@code targets.caFile}, or null
     */
    public record TargetsSection(Map<TargetKind, String> values, List<String> tls, QdrantSection qdrant, String caFile) {
        static final TargetsSection EMPTY = new TargetsSection(Map.of(), null, null, null);

        public TargetsSection {
            java.util.EnumMap<TargetKind, String> copy = new java.util.EnumMap<>(TargetKind.class);
            if (values != null) {
                copy.putAll(values);
            }
            values = java.util.Collections.unmodifiableMap(copy);
        }

        /** The value written for {@code kind} (Qdrant's URL for Qdrant), or null when audit.yaml does not write it. */
        public String written(TargetKind kind) {
            return switch (kind.shape()) {
                case VALUE, DOMAIN_OF_ADDRESS -> values.get(kind);
                case QDRANT -> qdrant == null ? null : qdrant.url();
                case LIST -> null;
            };
        }
    }

    /** {@code targets.qdrant:} as written. */
    public record QdrantSection(String url, String apiKey, String collection, Integer grpcPort) {
        @Override
        public String toString() {
            return "QdrantSection[url=" + url + ", collection=" + collection + ", grpcPort=" + grpcPort + "]";
        }
    }

    /**
     * {@code history:} — keep the JSON reports of the last {@code keep} runs in {@code dir} (relative to audit.yaml)
     * and report what changed since the previous one.
     */
    public record HistorySection(String dir, Integer keep) {
    }

    /** {@code checks.<id>:} — disable a check, change its severity or timeout, or override probe parameters. */
    public record CheckOverride(Boolean enabled, String severity, Timeout timeout, JsonNode probe) {
    }
}
