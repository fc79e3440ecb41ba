package dev.prodaudit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodaudit.catalog.Binder;
import dev.prodaudit.catalog.Catalog;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.catalog.InputException;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.catalog.YamlDocument;
import dev.prodaudit.config.AuditConfig;
import dev.prodaudit.config.ConfigLoader;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.Interpolation;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.TargetRules;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.ProbeRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Puts together what a command needs from the options, audit.yaml, the env files and the catalogue.
 * Everything a user can get wrong here is an {@link InputException}.
 */
final class AuditSetup {
    static final List<String> DEFAULT_ENV_FILES = List.of(".env.production", ".env");

    final ProbeRegistry probes;
    final AuditConfig config;
    final Path repository;
    final Env env;
    final Targets targets;
    final Catalog catalog;
    final Redactor redactor;

    private AuditSetup(ProbeRegistry probes, AuditConfig config, Path repository, Env env, Targets targets,
                       Catalog catalog, Redactor redactor) {
        this.probes = probes;
        this.config = config;
        this.repository = repository;
        this.env = env;
        this.targets = targets;
        this.catalog = catalog;
        this.redactor = redactor;
    }

    static AuditSetup load(CommonOptions opts, Terminal term) throws InputException {
        ProbeRegistry probes = ProbeRegistry.load();
        Path cwd = term.workDir();
        AuditConfig config = ConfigLoader.load(opts.config == null ? null : cwd.resolve(opts.config), cwd);
        Path configDir = config.file() == null ? cwd : config.file().toAbsolutePath().getParent();

        Path repository = opts.repository != null ? cwd.resolve(opts.repository)
                : config.repository() != null ? configDir.resolve(config.repository()) : cwd;
        repository = repository.normalize();
        if (!Files.isDirectory(repository)) {
            throw new InputException(opts.repository != null ? "--repo" : String.valueOf(config.file()),
                    "repository folder " + repository + " does not exist", "pass --repo DIR with an existing folder");
        }

        Env env = loadEnv(opts, config, cwd, configDir, repository, term.environment());
        Path caFile = opts.caFile == null ? null : cwd.resolve(opts.caFile);
        Targets targets = resolveTargets(config.targets(), env, term.environment(), configDir, caFile);
        checkTargets(targets, config, env, term.environment(), opts.caFile);
        Redactor redactor = Redactor.of(env, targetSecrets(targets));

        // Catalogue paths: from the command line relative to the working directory, from audit.yaml relative to it.
        List<String> sources = !opts.catalogues.isEmpty() ? opts.catalogues
                : !config.catalogue().isEmpty() ? config.catalogue().stream()
                        .map(s -> s.equals(CatalogLoader.BUILTIN) ? s : displayPath(cwd, configDir.resolve(s).toString())).toList()
                : List.of(CatalogLoader.BUILTIN);
        CatalogLoader loader = new CatalogLoader(probes, cwd);
        Catalog catalog = applyOverrides(loader.load(sources), config, loader);
        return new AuditSetup(probes, config, repository, env, targets, catalog, redactor);
    }

    /**
     * Secrets audit.yaml may write or interpolate from the process environment without an env file knowing
     * them: the Qdrant API key and the passwords of the target URLs. The probes send them; a server may echo them.
     */
    private static List<String> targetSecrets(Targets t) {
        List<String> out = new ArrayList<>();
        if (t.qdrant() != null && t.qdrant().apiKey() != null) {
            out.add(t.qdrant().apiKey());
        }
        java.util.stream.Stream.of(t.baseUrl(), t.frontendUrl(), t.mongodb(), t.redis(), t.qdrant() == null ? null : t.qdrant().url())
                .map(dev.prodaudit.config.ServiceUrl::parse)
                .flatMap(Optional::stream)
                .filter(dev.prodaudit.config.ServiceUrl::hasPassword)
                .forEach(u -> out.add(u.password()));
        return out;
    }

    private static String displayPath(Path cwd, String s) {
        if (s.equals(CatalogLoader.BUILTIN)) {
            return s;
        }
        Path p = Path.of(s);
        return p.startsWith(cwd) ? (cwd.relativize(p).toString().isEmpty() ? "." : cwd.relativize(p).toString()) : s;
    }

    private static Env loadEnv(CommonOptions opts, AuditConfig config, Path cwd, Path configDir, Path repository,
                               Map<String, String> processEnv) throws InputException {
        List<Path> explicit = new ArrayList<>();
        if (!opts.envFiles.isEmpty()) {
            opts.envFiles.forEach(f -> explicit.add(cwd.resolve(f)));
        } else {
            config.envFiles().forEach(f -> explicit.add(configDir.resolve(f)));
        }
        List<EnvFile> files = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (!explicit.isEmpty()) {
            for (Path p : explicit) {
                files.add(readEnvFile(p, cwd, true).orElseThrow());
            }
        } else {
            for (String name : DEFAULT_ENV_FILES) {
                Optional<EnvFile> f = readEnvFile(repository.resolve(name), cwd, false);
                f.ifPresentOrElse(files::add, () -> missing.add(name));
            }
        }
        return Env.of(files, config.processEnv() ? processEnv : Map.of(), new HashSet<>(config.secrets()), missing);
    }

    private static Optional<EnvFile> readEnvFile(Path p, Path cwd, boolean required) throws InputException {
        String shown = p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
        try {
            return Optional.of(EnvFile.read(p, shown));
        } catch (NoSuchFileException e) {
            if (required) {
                throw new InputException(shown, "env file not found", "check the path given with --env-file or envFiles in audit.yaml");
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new InputException(shown, "cannot read env file: " + e.getMessage(), null);
        }
    }

    /**
     * Targets from audit.yaml, each defaulting to the app's conventional variable (app-profile):
     * the API at NEXT_PUBLIC_API_URL, the UI at FRONTEND_URL, MONGODB_URI, REDIS_URL, QDRANT_URL with
     * QDRANT_API_KEY and QDRANT_COLLECTION_NAME, and the mail domain of RESEND_FROM_EMAIL.
     */
    static Targets resolveTargets(AuditConfig.TargetsSection t, Env env, Map<String, String> processEnv,
                                  Path configDir, Path caFileOption) {
        java.util.function.Function<String, String> lookup = name -> env.get(name).orElseGet(() -> processEnv.get(name));
        java.util.function.BiFunction<String, String, String> value = (written, conventional) -> {
            String raw = written != null ? written : "${" + conventional + "}";
            String v = Interpolation.resolve(raw, lookup);
            return v == null || v.isBlank() ? null : v.strip();
        };
        String baseUrl = value.apply(t.baseUrl(), "NEXT_PUBLIC_API_URL");
        String frontendUrl = value.apply(t.frontendUrl(), "FRONTEND_URL");
        List<String> tls = new ArrayList<>();
        if (t.tls() != null) {
            t.tls().stream().map(s -> Interpolation.resolve(s, lookup)).filter(s -> s != null && !s.isBlank()).forEach(tls::add);
        } else {
            Set<String> endpoints = new LinkedHashSet<>();
            httpsEndpoint(baseUrl).ifPresent(endpoints::add);
            httpsEndpoint(frontendUrl).ifPresent(endpoints::add);
            tls.addAll(endpoints);
        }
        AuditConfig.QdrantSection q = t.qdrant() == null ? new AuditConfig.QdrantSection(null, null, null, null) : t.qdrant();
        String qdrantUrl = value.apply(q.url(), "QDRANT_URL");
        Targets.Qdrant qdrant = qdrantUrl == null ? null : new Targets.Qdrant(qdrantUrl,
                value.apply(q.apiKey(), "QDRANT_API_KEY"),
                Optional.ofNullable(value.apply(q.collection(), "QDRANT_COLLECTION_NAME")).orElse("documents"),
                q.grpcPort() == null ? 6334 : q.grpcPort());
        String mailDomain = t.mailDomain() != null ? value.apply(t.mailDomain(), "RESEND_FROM_EMAIL")
                : domainOf(value.apply(null, "RESEND_FROM_EMAIL"));
        String dnsServer = t.dnsServer() == null ? null : Interpolation.resolve(t.dnsServer(), lookup);
        Path caFile = caFileOption != null ? caFileOption
                : t.caFile() == null || t.caFile().isBlank() ? null : configDir.resolve(Interpolation.resolve(t.caFile(), lookup));
        return new Targets(baseUrl, frontendUrl, tls, value.apply(t.mongodb(), "MONGODB_URI"),
                value.apply(t.redis(), "REDIS_URL"), qdrant, mailDomain,
                dnsServer == null || dnsServer.isBlank() ? null : dnsServer.strip(), caFile);
    }

    /** Where a target value came from, for the one-line error: a key of audit.yaml, a variable, an option. */
    private record Origin(String location, String label) {
    }

    /**
     * Rejects every present target value that cannot be used, at the place it was written: audit.yaml's
     * file:line:col, the env file's file:line, or the option. An absent or blank value stays "not configured"
     * (the checks say so); only a present, malformed one is a configuration error.
     */
    static void checkTargets(Targets targets, AuditConfig config, Env env, Map<String, String> processEnv,
                             String caFileOption) throws InputException {
        AuditConfig.TargetsSection t = config.targets();
        java.util.function.BiFunction<String, String, Origin> origin = (key, variable) -> {
            if (key != null) {
                return new Origin(config.document().locateValue("/targets/" + key), "targets." + key.replace('/', '.'));
            }
            String where = env.sourceOf(variable).map(Env.Source::toString)
                    .orElse(processEnv.containsKey(variable) ? "process environment" : variable);
            return new Origin(where, variable);
        };
        check(targets.baseUrl(), origin.apply(t.baseUrl() != null ? "baseUrl" : null, "NEXT_PUBLIC_API_URL"), TargetRules::httpUrl);
        check(targets.frontendUrl(), origin.apply(t.frontendUrl() != null ? "frontendUrl" : null, "FRONTEND_URL"),
                TargetRules::httpUrl);
        if (t.tls() != null) {
            for (int i = 0; i < t.tls().size(); i++) {
                String value = Interpolation.resolve(t.tls().get(i), name -> lookup(env, processEnv, name));
                if (value != null && !value.isBlank()) {
                    check(value, origin.apply("tls/" + i, null), TargetRules::tlsEndpoint);
                }
            }
        }
        check(targets.mongodb(), origin.apply(t.mongodb() != null ? "mongodb" : null, "MONGODB_URI"), TargetRules::mongodbUri);
        check(targets.redis(), origin.apply(t.redis() != null ? "redis" : null, "REDIS_URL"), TargetRules::redisUrl);
        if (targets.qdrant() != null) {
            boolean written = t.qdrant() != null && t.qdrant().url() != null;
            check(targets.qdrant().url(), origin.apply(written ? "qdrant/url" : null, "QDRANT_URL"), TargetRules::httpUrl);
        }
        if (t.qdrant() != null && t.qdrant().grpcPort() != null) {
            int port = t.qdrant().grpcPort();
            check(String.valueOf(port), origin.apply("qdrant/grpcPort", null), v -> TargetRules.port(port));
        }
        if (targets.mailDomain() != null) {
            Origin o = origin.apply(t.mailDomain() != null ? "mailDomain" : null, "RESEND_FROM_EMAIL");
            check(targets.mailDomain(), t.mailDomain() != null ? o : new Origin(o.location(), "the domain of " + o.label()),
                    TargetRules::domain);
        }
        if (targets.dnsServer() != null) {
            check(targets.dnsServer(), origin.apply("dnsServer", null), TargetRules::dnsServer);
        }
        if (targets.caFile() != null) {
            Origin o = caFileOption != null ? new Origin("--ca-file " + caFileOption, "the CA file")
                    : new Origin(config.document().locateValue("/targets/caFile"), "targets.caFile");
            check(targets.caFile().toString(), o, v -> TargetRules.caFile(targets.caFile()));
        }
    }

    private interface Rule {
        void check(String value) throws TargetRules.Invalid;
    }

    private static void check(String value, Origin origin, Rule rule) throws InputException {
        if (value == null) {
            return;
        }
        try {
            rule.check(value);
        } catch (TargetRules.Invalid e) {
            throw new InputException(origin.location(), origin.label() + " " + e.getMessage(), e.hint());
        }
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
            return Optional.of(u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : 443));
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

    /** Applies {@code checks:} overrides from audit.yaml: enabled, severity, timeout and probe parameters. */
    private static Catalog applyOverrides(Catalog catalog, AuditConfig config, CatalogLoader loader) throws InputException {
        if (config.checks().isEmpty()) {
            return catalog;
        }
        YamlDocument doc = config.document();
        Map<String, Check> byId = new LinkedHashMap<>();
        catalog.checks().forEach(c -> byId.put(c.id(), c));
        for (Map.Entry<String, AuditConfig.CheckOverride> e : config.checks().entrySet()) {
            String path = YamlDocument.child("/checks", e.getKey());
            Check check = byId.get(e.getKey());
            if (check == null) {
                boolean builtinInUse = catalog.sources().stream().anyMatch(src -> src.startsWith(CatalogLoader.BUILTIN + ":"));
                if (!builtinInUse && loader.load(List.of(CatalogLoader.BUILTIN)).find(e.getKey()).isPresent()) {
                    throw new InputException(doc.locate(path), "'" + e.getKey() + "' is a built-in check, and the catalogue in"
                            + " use (" + String.join(", ", catalog.sources()) + ") does not include the built-in one",
                            "add 'builtin' to --catalogue or to catalogue: in audit.yaml to extend the built-in"
                                    + " catalogue, or remove this override");
                }
                String near = Binder.closest(e.getKey(), byId.keySet());
                throw new InputException(doc.locate(path), "no check with id '" + e.getKey() + "' in the catalogue",
                        near != null ? "did you mean '" + near + "'?" : "run 'audit list' to see the ids");
            }
            AuditConfig.CheckOverride o = e.getValue() == null ? new AuditConfig.CheckOverride(null, null, null, null) : e.getValue();
            Severity severity = check.severity();
            if (o.severity() != null) {
                try {
                    severity = Severity.parse(o.severity());
                } catch (IllegalArgumentException ex) {
                    throw new InputException(doc.locateValue(path + "/severity"), ex.getMessage(), null);
                }
            }
            Duration timeout = o.timeout() != null ? o.timeout().duration() : check.timeout();
            boolean enabled = o.enabled() == null || o.enabled();
            var spec = check.spec();
            JsonNode probeNode = check.probeNode();
            if (o.probe() != null) {
                if (!o.probe().isObject()) {
                    throw new InputException(doc.locateValue(path + "/probe"), "'probe' override must be a mapping", null);
                }
                if (o.probe().has("type") && !o.probe().get("type").asText().equals(check.probeType())) {
                    throw new InputException(doc.locateValue(path + "/probe/type"),
                            "an override cannot change the probe type of '" + check.id() + "'",
                            "disable the check and add your own to a catalogue instead");
                }
                probeNode = merge(check.probeNode().deepCopy(), o.probe(), path + "/probe", doc);
                spec = loader.bindProbe(probeNode, path + "/probe", Binder.Locator.of(doc)).spec();
            }
            byId.put(check.id(), check.withOverrides(severity, timeout, enabled, spec, probeNode));
        }
        return new Catalog(new ArrayList<>(byId.values()), catalog.sources());
    }

    /**
     * Merges a {@code probe:} override into the catalogue's probe mapping. Mappings merge key by key. A list of
     * mappings (such as the {@code probes:} parts of {@code type: all}) merges element by element, so changing
     * one part does not mean restating the others: an element that names its {@code type} merges into the
     * catalogue's element of that type, one without {@code type} into the element at the same position.
     * Anything else (a scalar, a list of scalars) replaces. An override cannot add or remove list elements.
     *
     * @param path the override's JSON pointer in audit.yaml, for errors
     */
    static JsonNode merge(JsonNode base, JsonNode override, String path, YamlDocument doc) throws InputException {
        if (base instanceof ObjectNode b && override.isObject()) {
            for (var f : override.properties()) {
                JsonNode existing = b.get(f.getKey());
                b.set(f.getKey(), existing == null ? f.getValue().deepCopy()
                        : merge(existing, f.getValue(), YamlDocument.child(path, f.getKey()), doc));
            }
            return b;
        }
        if (base instanceof ArrayNode b && override.isArray() && isListOfMappings(b) && isListOfMappings(override)) {
            for (int i = 0; i < override.size(); i++) {
                JsonNode element = override.get(i);
                String at = path + "/" + i;
                int target = element.has("type") ? indexOfType(b, element.get("type").asText(), at, doc) : i;
                if (target >= b.size()) {
                    throw new InputException(doc.locate(at), "the catalogue's list has " + b.size()
                            + " element(s); an override merges into them and cannot add one",
                            "name the element's type, or disable the check and add your own to a catalogue");
                }
                b.set(target, merge(b.get(target), element, at, doc));
            }
            return b;
        }
        return override.deepCopy();
    }

    private static boolean isListOfMappings(JsonNode list) {
        for (JsonNode e : list) {
            if (!e.isObject()) {
                return false;
            }
        }
        return !list.isEmpty();
    }

    private static int indexOfType(ArrayNode list, String type, String path, YamlDocument doc) throws InputException {
        int found = -1;
        for (int i = 0; i < list.size(); i++) {
            if (type.equals(list.get(i).path("type").asText(null))) {
                if (found >= 0) {
                    throw new InputException(doc.locateValue(path + "/type"), "the catalogue's list has more than one '"
                            + type + "' element", "leave out 'type' and merge by position: {} for each element you keep");
                }
                found = i;
            }
        }
        if (found < 0) {
            List<String> types = new ArrayList<>();
            list.forEach(e -> types.add(e.path("type").asText("?")));
            throw new InputException(doc.locateValue(path + "/type"), "the catalogue's list has no '" + type + "' element",
                    "its elements are of type " + String.join(", ", types));
        }
        return found;
    }
}
