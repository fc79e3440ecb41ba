package dev.prodaudit.config;

import dev.prodaudit.input.InputException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolves the {@link TargetKind targets} from audit.yaml, the env files and the process environment, and
 * rejects a present value that cannot be used at the place it was written. Driven by the table: a new
 * one-string target needs no code here.
 */
public final class TargetResolver {

    private TargetResolver() {
    }

    /**
     * Each target from audit.yaml, else from its conventional variable (app-profile): the API at
     * NEXT_PUBLIC_API_URL, the UI at FRONTEND_URL, MONGODB_URI, REDIS_URL, QDRANT_URL with QDRANT_API_KEY and
     * QDRANT_COLLECTION_NAME, and the mail domain of RESEND_FROM_EMAIL. An absent or blank value stays absent.
     */
    public static Targets resolve(AuditConfig.TargetsSection section, Env env, Map<String, String> processEnv,
                                  Path configDir, Path caFileOption) {
        Function<String, String> lookup = name -> lookup(env, processEnv, name);
        Map<TargetKind, String> values = new EnumMap<>(TargetKind.class);
        for (TargetKind kind : TargetKind.values()) {
            String written = section.written(kind);
            switch (kind.shape()) {
                case VALUE -> values.put(kind, value(written, kind.variable().orElse(null), lookup));
                case DOMAIN_OF_ADDRESS -> values.put(kind, written != null ? value(written, null, lookup)
                        : domainOf(value(null, kind.variable().orElse(null), lookup)));
                case LIST, QDRANT -> {
                    // their own fields, below
                }
            }
        }
        List<String> tls = new ArrayList<>();
        if (section.tls() != null) {
            section.tls().stream().map(s -> Interpolation.resolve(s, lookup)).filter(s -> s != null && !s.isBlank())
                    .forEach(tls::add);
        } else {
            Set<String> endpoints = new LinkedHashSet<>();
            httpsEndpoint(values.get(TargetKind.BASE_URL)).ifPresent(endpoints::add);
            httpsEndpoint(values.get(TargetKind.FRONTEND_URL)).ifPresent(endpoints::add);
            tls.addAll(endpoints);
        }
        AuditConfig.QdrantSection q = section.qdrant() == null ? new AuditConfig.QdrantSection(null, null, null, null)
                : section.qdrant();
        String qdrantUrl = value(q.url(), TargetKind.QDRANT.variable().orElseThrow(), lookup);
        Targets.Qdrant qdrant = qdrantUrl == null ? null : new Targets.Qdrant(qdrantUrl,
                value(q.apiKey(), "QDRANT_API_KEY", lookup),
                Optional.ofNullable(value(q.collection(), "QDRANT_COLLECTION_NAME", lookup)).orElse("documents"),
                q.grpcPort() == null ? TargetKind.QDRANT.defaultPort() : q.grpcPort());
        Path caFile = caFileOption != null ? caFileOption
                : section.caFile() == null || section.caFile().isBlank() ? null
                : configDir.resolve(Interpolation.resolve(section.caFile(), lookup));
        return new Targets(values, tls, qdrant, caFile);
    }

    /** Where a target value came from, for the one-line error: a key of audit.yaml, a variable, an option. */
    private record Origin(String location, String label) {
    }

    /**
     * Rejects every present target value that cannot be used, at the place it was written: audit.yaml's
     * file:line:col, the env file's file:line, or the option. An absent or blank value stays "not configured"
     * (the checks say so); only a present, malformed one is a configuration error. The reason never repeats
     * the value.
     */
    public static void check(Targets targets, AuditConfig config, Env env, Map<String, String> processEnv,
                             String caFileOption) throws InputException {
        AuditConfig.TargetsSection section = config.targets();
        for (TargetKind kind : TargetKind.values()) {
            if (kind.shape() == TargetKind.Shape.LIST) {
                List<String> written = section.tls();
                for (int i = 0; written != null && i < written.size(); i++) {
                    String value = Interpolation.resolve(written.get(i), name -> lookup(env, processEnv, name));
                    if (value != null && !value.isBlank()) {
                        String pointer = kind.pointer() + "/" + i;
                        check(kind, value, new Origin(config.document().locateValue(pointer), kind.label() + "." + i));
                    }
                }
                continue;
            }
            String value = targets.value(kind);
            if (value != null) {
                check(kind, value, origin(kind, section, config, env, processEnv));
            }
            if (kind == TargetKind.QDRANT) {
                checkGrpcPort(section, config);
            }
        }
        if (targets.caFile() != null) {
            Origin o = caFileOption != null ? new Origin("--ca-file " + caFileOption, "the CA file")
                    : new Origin(config.document().locateValue("/targets/caFile"), "targets.caFile");
            try {
                TargetRules.caFile(targets.caFile());
            } catch (TargetRules.Invalid e) {
                throw new InputException(o.location(), o.label() + " " + e.getMessage(), e.hint());
            }
        }
    }

    /**
     * Where a present target's value came from, as {@code audit explain} says it: {@code targets.redis at
     * audit.yaml:4:10}, {@code REDIS_URL at .env.production:3}, {@code REDIS_URL at process environment}, or for
     * a list left unwritten, the targets it was derived from. Locations only: never the value.
     */
    public static String sourceOf(TargetKind kind, AuditConfig config, Env env, Map<String, String> processEnv) {
        AuditConfig.TargetsSection section = config.targets();
        if (kind.shape() == TargetKind.Shape.LIST) {
            return section.tls() != null ? kind.label() + " at " + config.document().locateValue(kind.pointer())
                    : "the https hosts of " + TargetKind.BASE_URL.label() + " and " + TargetKind.FRONTEND_URL.label();
        }
        Origin o = origin(kind, section, config, env, processEnv);
        return o.label() + " at " + o.location();
    }

    private static Origin origin(TargetKind kind, AuditConfig.TargetsSection section, AuditConfig config, Env env,
                                 Map<String, String> processEnv) {
        if (section.written(kind) != null) {
            return new Origin(config.document().locateValue(kind.pointer()), kind.label());
        }
        String variable = kind.variable().orElseThrow();
        String where = env.sourceOf(variable).map(Env.Source::toString)
                .orElse(processEnv.containsKey(variable) ? "process environment" : variable);
        return new Origin(where, kind.shape() == TargetKind.Shape.DOMAIN_OF_ADDRESS ? "the domain of " + variable : variable);
    }

    private static void checkGrpcPort(AuditConfig.TargetsSection section, AuditConfig config) throws InputException {
        if (section.qdrant() == null || section.qdrant().grpcPort() == null) {
            return;
        }
        int port = section.qdrant().grpcPort();
        try {
            TargetRules.port(port);
        } catch (TargetRules.Invalid e) {
            throw new InputException(config.document().locateValue("/targets/qdrant/grpcPort"),
                    "targets.qdrant.grpcPort " + e.getMessage(), e.hint());
        }
    }

    private static void check(TargetKind kind, String value, Origin origin) throws InputException {
        try {
            kind.validate(value);
        } catch (TargetRules.Invalid e) {
            throw new InputException(origin.location(), origin.label() + " " + e.getMessage(), e.hint());
        }
    }

    /** {@code written} (may hold ${VAR}), else the conventional variable; blank is absent. */
    private static String value(String written, String conventional, Function<String, String> lookup) {
        String raw = written != null ? written : conventional == null ? null : "${" + conventional + "}";
        if (raw == null) {
            return null;
        }
        String v = Interpolation.resolve(raw, lookup);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String lookup(Env env, Map<String, String> processEnv, String name) {
        return env.get(name).orElseGet(() -> processEnv.get(name));
    }

    private static Optional<String> httpsEndpoint(String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI u = URI.create(url);
            if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : TargetKind.TLS.defaultPort()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String domainOf(String email) {
        if (email == null) {
            return null;
        }
        String addr = email.contains("<") && email.endsWith(">") ? email.substring(email.indexOf('<') + 1, email.length() - 1) : email;
        int at = addr.lastIndexOf('@');
        return at < 0 ? null : addr.substring(at + 1).strip().toLowerCase(Locale.ROOT);
    }
}
