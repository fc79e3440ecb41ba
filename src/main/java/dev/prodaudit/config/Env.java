package dev.prodaudit.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The audited environment: the env files in precedence order (the first file that sets a variable
 * wins, as with {@code .env.production} over {@code .env}), then, when enabled, the process
 * environment. Knows which variables hold secrets so that nothing prints their values.
 */
public final class Env {

    /** Variable names whose values are secrets unless the user says otherwise. */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE|CREDENTIAL|_KEY(_V?\\d+)?$|^KEY$|DSN).*");
    /**
     * Settings that merely mention a secret ({@code NOTION_TOKEN_MONITOR_ENABLED}, {@code JWT_ACCESS_EXPIRY})
     * hold no secret; showing their values makes evidence useful. URLs are shown with passwords removed.
     */
    private static final Pattern SETTING_NAME = Pattern.compile(
            "(?i).*_(ENABLED|DISABLED|HOURS|MINUTES|SECONDS|MS|TTL|TIMEOUT|EXPIRY|VERSION|NOTIFICATIONS|LIMIT"
                    + "|INTERVAL|ATTEMPTS|PROVIDER|MODEL|DEPLOYMENT|ENDPOINT|URL|URI|ID)$");

    /** Where a value came from: the file and line, or the process environment. */
    public record Source(String file, int line) {
        @Override
        public String toString() {
            return line > 0 ? file + ":" + line : file;
        }
    }

    private record Value(String value, Source source) {
        @Override
        public String toString() {
            return "Value[" + source + "]";
        }
    }

    private final List<EnvFile> files;
    private final Map<String, Value> values;
    private final Set<String> extraSecretNames;
    /** The names of {@link #values} that hold secrets, decided once: checks ask again and again, by name. */
    private final Set<String> secretNames;
    private final List<String> missingFiles;

    private Env(List<EnvFile> files, Map<String, Value> values, Set<String> extraSecretNames, List<String> missingFiles) {
        this.files = List.copyOf(files);
        this.values = values;
        this.extraSecretNames = Set.copyOf(extraSecretNames);
        this.missingFiles = List.copyOf(missingFiles);
        Set<String> secret = new HashSet<>();
        for (String name : values.keySet()) {
            if (namedAsSecret(name)) {
                secret.add(name);
            }
        }
        this.secretNames = secret;
    }

    /**
     * @param files          env files in precedence order, already parsed
     * @param processEnv     the process environment to fall back on, or an empty map
     * @param extraSecrets   names the user marks as secret in addition to the naming convention
     * @param missingFiles   default env file names that were looked for and not found (for messages)
     */
    public static Env of(List<EnvFile> files, Map<String, String> processEnv, Set<String> extraSecrets,
                         List<String> missingFiles) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (EnvFile file : files) {
            String name = file.path().getFileName().toString();
            file.entries().forEach((k, e) -> values.putIfAbsent(k, new Value(e.value(), new Source(name, e.line()))));
        }
        processEnv.forEach((k, v) -> values.putIfAbsent(k, new Value(v, new Source("process environment", 0))));
        return new Env(files, values, extraSecrets, missingFiles);
    }

    public static Env empty() {
        return of(List.of(), Map.of(), Set.of(), List.of());
    }

    public Optional<String> get(String name) {
        Value v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.value());
    }

    public Optional<Source> sourceOf(String name) {
        Value v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.source());
    }

    public boolean isSecret(String name) {
        return values.containsKey(name) ? secretNames.contains(name) : namedAsSecret(name);
    }

    private boolean namedAsSecret(String name) {
        return extraSecretNames.contains(name)
                || (SECRET_NAME.matcher(name).matches() && !SETTING_NAME.matcher(name).matches());
    }

    /** Whether any env file was found (or the process environment was included). */
    public boolean hasSources() {
        return !values.isEmpty() || !files.isEmpty();
    }

    public List<EnvFile> files() {
        return files;
    }

    /** Env files that were looked for by default and not found. */
    public List<String> missingFiles() {
        return missingFiles;
    }

    public List<String> warnings() {
        List<String> all = new ArrayList<>();
        files.forEach(f -> all.addAll(f.warnings()));
        return all;
    }

    /** Names of the variables that hold secrets, with their values: for the redactor and the git probe. */
    public Map<String, String> secrets() {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (isSecret(k) && !v.value().isBlank()) {
                out.put(k, v.value());
            }
        });
        return out;
    }

    /**
     * Every value any source gave a secret variable: the effective one, a value a higher-precedence file
     * shadows, and a value a duplicated key's later line overrides. What the redactor must mask: a shadowed or
     * overridden secret is still a real secret (often last quarter's, still valid somewhere).
     */
    public List<String> allSecretValues() {
        List<String> out = new ArrayList<>();
        for (Assignment a : assignments()) {
            if (isSecret(a.name()) && !a.value().isBlank()) {
                out.add(a.value());
            }
        }
        return out;
    }

    /**
     * {@link #allSecretValues()} by variable name, in order of first appearance: what the git probe searches the
     * repository and its history for (a shadowed or overridden value may well be the one that was committed).
     */
    public Map<String, List<String>> allSecretValuesByName() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Assignment a : assignments()) {
            if (isSecret(a.name()) && !a.value().isBlank()) {
                List<String> values = out.computeIfAbsent(a.name(), k -> new ArrayList<>());
                if (!values.contains(a.value())) {
                    values.add(a.value());
                }
            }
        }
        return out;
    }

    /** Every value from every source, shadowed and overridden ones included, for the redactor's URI password scan. */
    public List<String> allValues() {
        return assignments().stream().map(Assignment::value).toList();
    }

    private record Assignment(String name, String value) {
        @Override
        public String toString() {
            return "Assignment[" + name + "]";
        }
    }

    private List<Assignment> assignments() {
        List<Assignment> out = new ArrayList<>();
        for (EnvFile file : files) {
            file.entries().forEach((k, e) -> out.add(new Assignment(k, e.value())));
        }
        values.forEach((k, v) -> {
            if (v.source().line() == 0) { // the process environment's
                out.add(new Assignment(k, v.value()));
            }
        });
        for (EnvFile file : files) {
            file.overridden().forEach((k, entries) -> entries.forEach(e -> out.add(new Assignment(k, e.value()))));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Env" + values.keySet();
    }
}
