package dev.prodaudit.config;

import dev.prodaudit.input.Timeout;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodaudit.input.Binder;
import dev.prodaudit.input.BoundedReader;
import dev.prodaudit.input.InputException;
import dev.prodaudit.input.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads audit.yaml strictly: unknown keys and wrong types are errors at file:line:col. */
public final class ConfigLoader {
    /** The file looked for in the working directory when {@code --config} is not given. */
    public static final String DEFAULT_NAME = "audit.yaml";

    /** The YAML shape of audit.yaml (public so that the binder may read it straight from the tree). */
    public record ConfigFile(
            List<String> envFiles,
            Boolean processEnv,
            String repository,
            List<String> secrets,
            JsonNode targets,
            Map<String, AuditConfig.CheckOverride> checks,
            String failOn,
            Timeout timeout,
            Integer concurrency,
            List<String> catalogue,
            String attestations,
            com.fasterxml.jackson.databind.JsonNode waivers,
            String requireAttested,
            Integer historyDepth,
            CiSettings ci,
            Boolean offline,
            String pushGateway,
            String environment,
            AuditConfig.HistorySection history,
            Integer version) {
    }

    /** The keys of {@code targets:} that are not one-string targets (public, as {@link ConfigFile}). */
    public record SpecialTargets(List<String> tls, AuditConfig.QdrantSection qdrant, String caFile) {
    }

    private ConfigLoader() {
    }

    /**
     * {@code targets:}: each key names a {@link TargetKind} (or is {@code caFile}); one-string targets are read
     * here, the list and the mappings by the binder, with the same file:line:col errors.
     */
    private static AuditConfig.TargetsSection targets(YamlDocument doc, JsonNode node) throws InputException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        Binder.Locator locator = Binder.Locator.of(doc);
        if (!node.isObject()) {
            throw new InputException(locator.locate("/targets", true), "'targets' must be a mapping", null);
        }
        List<String> names = new ArrayList<>();
        for (TargetKind kind : TargetKind.values()) {
            names.add(kind.key());
        }
        names.add(CA_FILE);
        Collections.sort(names);
        Map<TargetKind, String> values = new EnumMap<>(TargetKind.class);
        ObjectNode special = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String pointer = YamlDocument.child("/targets", field.getKey());
            TargetKind kind = TargetKind.byKey(field.getKey()).orElse(null);
            if (kind == null && !field.getKey().equals(CA_FILE)) {
                throw Binder.unknownKey(field.getKey(), names, pointer, locator);
            }
            boolean oneString = kind != null
                    && (kind.shape() == TargetKind.Shape.VALUE || kind.shape() == TargetKind.Shape.DOMAIN_OF_ADDRESS);
            if (!oneString) {
                special.set(field.getKey(), field.getValue());
            } else if (field.getValue().isTextual()) {
                values.put(kind, field.getValue().asText());
            } else if (!field.getValue().isNull()) {
                throw new InputException(locator.locate(pointer, true), "'" + field.getKey() + "' must be text", null);
            }
        }
        SpecialTargets s = Binder.bind(special, SpecialTargets.class, "/targets", locator);
        return new AuditConfig.TargetsSection(values, s.tls(), s.qdrant(), s.caFile());
    }

    private static final String CA_FILE = "caFile";

    /** How messages name the file: relative to the working directory when inside it. */
    private static String shownName(Path file, Path workDir) {
        Path abs = file.toAbsolutePath().normalize();
        Path wd = workDir.toAbsolutePath().normalize();
        return abs.startsWith(wd) ? wd.relativize(abs).toString() : file.toString();
    }

    /**
     * Loads {@code explicit} when given (it must exist), else {@code audit.yaml} in {@code workDir} if
     * present, else the defaults.
     */
    public static AuditConfig load(Path explicit, Path workDir) throws InputException {
        Path file = explicit;
        if (file == null) {
            Path candidate = workDir.resolve(DEFAULT_NAME);
            if (!Files.isRegularFile(candidate)) {
                return AuditConfig.defaults();
            }
            file = candidate;
        }
        String text;
        try {
            text = BoundedReader.standard().read(file, shownName(file, workDir));
        } catch (NoSuchFileException e) {
            throw new InputException(shownName(file, workDir), "config file not found",
                    "check the --config path, or run without --config to use defaults");
        } catch (IOException e) {
            throw new InputException(shownName(file, workDir), "cannot read config file: " + e.getMessage(), null);
        }
        YamlDocument doc = YamlDocument.parse(shownName(file, workDir), text);
        if (doc.root().isNull() || doc.root().isMissingNode()) {
            return new AuditConfig(file, doc, null, false, null, null, null, null, null, null, null, null);
        }
        if (!doc.root().isObject()) {
            throw new InputException(doc.locate(""), "audit.yaml must be a mapping", "see README.md, 'Configuration'");
        }
        ConfigFile c = Binder.bind(doc.root(), ConfigFile.class, "", Binder.Locator.of(doc));
        if (c.version() != null && c.version() != 1) {
            throw new InputException(doc.locateValue("/version"), "unsupported config version " + c.version(),
                    "this prodaudit reads version 1");
        }
        if (c.concurrency() != null && (c.concurrency() < 1 || c.concurrency() > 64)) {
            throw new InputException(doc.locateValue("/concurrency"), "'concurrency' must be between 1 and 64", null);
        }
        if (c.historyDepth() != null && c.historyDepth() < 1) {
            throw new InputException(doc.locateValue("/historyDepth"), "'historyDepth' must be at least 1",
                    "leave it out to scan the whole history");
        }
        if (c.ci() != null) {
            checkCi(doc, c.ci());
        }
        if (c.history() != null && (c.history().dir() == null || c.history().dir().isBlank())) {
            throw new InputException(doc.locateValue("/history"), "'history' needs 'dir'",
                    "e.g. history: {dir: audit-history, keep: 30}");
        }
        if (c.history() != null && c.history().keep() != null && c.history().keep() < 2) {
            throw new InputException(doc.locateValue("/history/keep"), "'keep' must be at least 2",
                    "the previous report is needed to say what changed");
        }
        return new AuditConfig(file, doc, c.envFiles(), Boolean.TRUE.equals(c.processEnv()), c.repository(),
                c.secrets(), targets(doc, c.targets()), c.checks(), c.failOn(), c.timeout(), c.concurrency(), c.catalogue(),
                c.attestations(), c.waivers(), c.requireAttested(), c.historyDepth(), c.ci(), c.offline(), c.pushGateway(),
                c.environment(), c.history());
    }

    /** A repository path at a provider: owner/name on GitHub, group/subgroup/.../project on GitLab. */
    private static final java.util.regex.Pattern CI_REPOSITORY =
            java.util.regex.Pattern.compile("[A-Za-z0-9_.\\-]+(?:/[A-Za-z0-9_.\\-]+)+");

    /** {@code ci:}: values the CI probe could only misread are rejected here, each at its place. */
    private static void checkCi(YamlDocument doc, CiSettings ci) throws InputException {
        if (ci.provider() != null && !CiSettings.PROVIDERS.contains(ci.provider())) {
            throw new InputException(doc.locateValue("/ci/provider"), "'provider' must be github or gitlab; found '"
                    + ci.provider() + "'", "leave it out to take the provider from the git remote");
        }
        if (ci.repository() != null) {
            if (!CI_REPOSITORY.matcher(ci.repository()).matches()) {
                throw new InputException(doc.locateValue("/ci/repository"), "'repository' must be a path like owner/name",
                        "GitHub: owner/name; GitLab: group/subgroup/project, as in the project's URL");
            }
            if (CiSettings.GITHUB.equals(ci.provider()) && ci.repository().split("/").length != 2) {
                throw new InputException(doc.locateValue("/ci/repository"), "a GitHub repository is owner/name",
                        "e.g. repository: acme/app");
            }
        }
        if (ci.apiUrl() != null) {
            java.net.URI uri;
            try {
                uri = new java.net.URI(ci.apiUrl());
            } catch (java.net.URISyntaxException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    || uri.getUserInfo() != null || uri.getQuery() != null) {
                throw new InputException(doc.locateValue("/ci/apiUrl"), "'apiUrl' must be an http(s) URL without "
                        + "credentials or query", "e.g. https://ghe.example.com/api/v3 or https://gitlab.example.com/api/v4");
            }
        }
        for (String stage : List.of("tests", "build", "smoke")) {
            List<String> patterns = ci.jobs().of(stage);
            if (patterns.isEmpty()) {
                throw new InputException(doc.locateValue("/ci/jobs/" + stage), "'" + stage + "' names no job",
                        "list job-name patterns such as \"test*\", or leave the key out for the defaults");
            }
            for (int i = 0; i < patterns.size(); i++) {
                if (patterns.get(i) == null || patterns.get(i).isBlank()) {
                    throw new InputException(doc.locateValue("/ci/jobs/" + stage + "/" + i), "a job-name pattern is empty",
                            "write a name or a glob such as \"test*\"");
                }
            }
        }
    }
}
