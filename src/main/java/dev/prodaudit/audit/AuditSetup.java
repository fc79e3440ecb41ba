package dev.prodaudit.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodaudit.input.Binder;
import dev.prodaudit.catalog.Catalog;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.input.YamlDocument;
import dev.prodaudit.config.AuditConfig;
import dev.prodaudit.config.ConfigLoader;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.ProviderCredentials;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.config.TargetResolver;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.ProbeRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What every command needs, put together from the request (the options), audit.yaml, the env files and the
 * catalogue. Everything a user can get wrong here is an {@link InputException}.
 *
 * @param redactor every output line passes it: the env's secrets and the secrets in the target values
 */
public record AuditSetup(ProbeRegistry probes, AuditConfig config, Path repository, Env env, Targets targets,
                         Catalog catalog, Redactor redactor) {
    /** The env files looked for in the repository when neither the request nor audit.yaml names any. */
    public static final List<String> DEFAULT_ENV_FILES = List.of(".env.production", ".env");

    /**
     * Where to look, as the options of a command say it; paths relative to {@code workDir}.
     *
     * @param environment the process environment ({@code ${VAR}} falls back to it; {@code processEnv: true} audits it)
     * @param config      the config file, or null for audit.yaml in {@code workDir} if present
     * @param repository  the repository, or null for audit.yaml's {@code repository:} (else {@code workDir})
     * @param envFiles    the env files (empty: audit.yaml's, else the defaults)
     * @param catalogues  the catalogues (empty: audit.yaml's, else the built-in one)
     * @param caFile      extra trusted CAs (PEM), or null for audit.yaml's {@code targets.caFile}
     */
    public record Request(Path workDir, Map<String, String> environment, String config, String repository,
                          List<String> envFiles, List<String> catalogues, String caFile) {
        public Request {
            environment = Map.copyOf(environment);
            envFiles = List.copyOf(envFiles);
            catalogues = List.copyOf(catalogues);
        }

        /** Everything by default: audit.yaml, the env files and the repository of {@code workDir}. */
        public static Request in(Path workDir, Map<String, String> environment) {
            return new Request(workDir, environment, null, null, List.of(), List.of(), null);
        }
    }

    public static AuditSetup load(Request opts) throws InputException {
        return load(opts, repository -> { });
    }

    /**
     * @param repositoryKnown told the audited repository as soon as it is known, before the env files and the
     *                        catalogue are read: {@link Audit} starts resolving the release with git then
     */
    static AuditSetup load(Request opts, Consumer<Path> repositoryKnown) throws InputException {
        return load(opts, repositoryKnown, null);
    }

    /**
     * @param binds which checks get their probe parameters bound, those the run selects (see
     *              {@link CatalogLoader#bindingOnly}); null: all of them
     */
    static AuditSetup load(Request opts, Consumer<Path> repositoryKnown, Predicate<Check> binds) throws InputException {
        Path cwd = opts.workDir();
        AuditConfig config = ConfigLoader.load(opts.config() == null ? null : cwd.resolve(opts.config()), cwd);
        Path configDir = config.file() == null ? cwd : config.file().toAbsolutePath().getParent();

        Path repository = opts.repository() != null ? cwd.resolve(opts.repository())
                : config.repository() != null ? configDir.resolve(config.repository()) : cwd;
        repository = repository.normalize();
        if (!Files.isDirectory(repository)) {
            throw new InputException(opts.repository() != null ? "--repo" : String.valueOf(config.file()),
                    "repository folder " + repository + " does not exist", "pass --repo DIR with an existing folder");
        }
        repositoryKnown.accept(repository);

        // Catalogue paths: from the command line relative to the working directory, from audit.yaml relative to it.
        List<String> sources = !opts.catalogues().isEmpty() ? opts.catalogues()
                : !config.catalogue().isEmpty() ? config.catalogue().stream()
                        .map(s -> s.equals(CatalogLoader.BUILTIN) ? s : displayPath(cwd, configDir.resolve(s).toString())).toList()
                : List.of(CatalogLoader.BUILTIN);
        // Reading and parsing the catalogue needs nothing of the env files, the targets or the probes: it runs on a
        // thread of its own while this one reads those (in the setup of 10,000 env checks, the parse of their 1.7 MB
        // and the env's 5,000 variables overlap), and the checks are bound after them, so errors come in the same
        // order as before.
        Background<CatalogLoader.ReadCatalogue> catalogue = Background.start("prodaudit-catalogue",
                () -> CatalogLoader.read(cwd, sources));

        Env env = loadEnv(opts, config, cwd, configDir, repository, opts.environment());
        Path caFile = opts.caFile() == null ? null : cwd.resolve(opts.caFile());
        Targets targets = TargetResolver.resolve(config.targets(), env, opts.environment(), configDir, caFile);
        TargetResolver.check(targets, config, env, opts.environment(), opts.caFile());
        Redactor redactor = Redactor.of(env, targets.secrets());

        // The probes after the configuration: Main's warm-up thread initialises their classes meanwhile.
        ProbeRegistry probes = ProbeRegistry.load();
        CatalogLoader all = new CatalogLoader(probes, cwd);
        CatalogLoader loader = binds == null ? all : all.bindingOnly(binds);
        Catalog catalog = applyOverrides(loader.bind(catalogue.result()), config, loader);
        return new AuditSetup(probes, config, repository, env, targets, catalog, redactor);
    }

    /**
     * A target's value as reports and {@code audit explain} show it: a URL without its password
     * ({@link TargetKind#shown}), then through the redactor like every output line; empty when it is absent.
     */
    public Optional<String> shownTarget(TargetKind kind) {
        return Optional.ofNullable(kind.shown(targets.value(kind))).map(redactor::apply);
    }

    private static String displayPath(Path cwd, String s) {
        if (s.equals(CatalogLoader.BUILTIN)) {
            return s;
        }
        Path p = Path.of(s);
        return p.startsWith(cwd) ? (cwd.relativize(p).toString().isEmpty() ? "." : cwd.relativize(p).toString()) : s;
    }

    private static Env loadEnv(Request opts, AuditConfig config, Path cwd, Path configDir, Path repository,
                               Map<String, String> processEnv) throws InputException {
        List<Path> explicit = new ArrayList<>();
        if (!opts.envFiles().isEmpty()) {
            opts.envFiles().forEach(f -> explicit.add(cwd.resolve(f)));
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
        // Without processEnv: true the process environment still supplies the auditor's provider tokens, and only them.
        return Env.of(files, config.processEnv() ? processEnv : ProviderCredentials.of(processEnv),
                new HashSet<>(config.secrets()), missing);
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
                if (check.bound()) {
                    spec = loader.bindProbe(probeNode, path + "/probe", Binder.Locator.of(doc)).spec();
                }
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
