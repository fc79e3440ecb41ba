package dev.prodaudit.probe.mongodb;

import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import dev.prodaudit.source.SourceIndex;
import dev.prodaudit.source.Value;
import dev.prodaudit.source.Values;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The migrations a release carries: which tool records them (migrate-mongo, read from its configuration with the
 * source parser, or umzug), the collection it records them in, and the migration files of its folder.
 *
 * @param tool       "migrate-mongo" or "umzug"
 * @param collection the collection of applied migrations
 * @param folder     the migrations folder, relative to the repository
 * @param files      the migration files' names, sorted (migrate-mongo and umzug apply them in that order)
 * @param database   the database the configuration names as a constant, else null
 * @param from       where the collection's name was decided ("migrate-mongo-config.js:7"), for the evidence
 */
record ReleaseMigrations(String tool, String collection, String folder, List<String> files, String database, String from) {
    static final String MIGRATE_MONGO = "migrate-mongo";
    static final String UMZUG = "umzug";
    /** migrate-mongo's defaults (its {@code init} template) and umzug's MongoDBStorage default collection. */
    static final String MIGRATE_MONGO_COLLECTION = "changelog";
    static final String UMZUG_COLLECTION = "migrations";
    static final String DEFAULT_FOLDER = "migrations";
    /** The template migrate-mongo {@code create} copies from; migrate-mongo itself never applies a file of this name. */
    static final String SAMPLE_MIGRATION = "sample-migration.js";
    private static final List<String> UMZUG_EXTENSIONS = List.of(".js", ".cjs", ".mjs", ".ts");
    private static final int MAX_CONFIG_BYTES = 256 * 1024;

    /** What the repository says cannot be read as a migration setup: the evidence of an ERROR, with file:line. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }

    /**
     * The release's migrations in {@code repository}, or null when it has none to compare: no migrate-mongo
     * configuration and no migrations folder.
     */
    static ReleaseMigrations read(Path repository, MigrationsSpec spec) throws Unreadable {
        String configPath = spec.configPath();
        Path config = repository.resolve(configPath);
        if (Files.isRegularFile(config)) {
            return fromMigrateMongo(repository, configPath, read(config, configPath), spec);
        }
        if (spec.config() != null) {
            throw new Unreadable(configPath + " does not exist in the repository (the probe's 'config')");
        }
        String folder = spec.migrationsDir() != null ? spec.migrationsDir() : DEFAULT_FOLDER;
        if (!Files.isDirectory(repository.resolve(folder))) {
            if (spec.migrationsDir() != null) {
                throw new Unreadable(folder + "/ does not exist in the repository (the probe's 'migrationsDir')");
            }
            return null;
        }
        String collection = spec.collection() != null ? spec.collection() : UMZUG_COLLECTION;
        return new ReleaseMigrations(UMZUG, collection, folder, list(repository, folder, UMZUG_EXTENSIONS), null,
                spec.collection() != null ? "the probe's 'collection'" : "umzug's default, no " + configPath);
    }

    private static String read(Path file, String path) throws Unreadable {
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new Unreadable(path + " is larger than " + MAX_CONFIG_BYTES / 1024 + " KiB: not a migrate-mongo configuration");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Unreadable("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** migrate-mongo's configuration as its source says: the settings read as constants, each with its default. */
    static ReleaseMigrations fromMigrateMongo(Path repository, String configPath, String source, MigrationsSpec spec)
            throws Unreadable {
        SourceIndex index = SourceIndex.of(Map.of(configPath, source));
        if (index.unavailable().isPresent()) {
            throw new Unreadable("cannot read " + configPath + ": " + index.unavailable().get());
        }
        Module module = index.module(configPath).orElseThrow(() -> new Unreadable(configPath + " is not a JavaScript file"));
        Resolver resolver = new Resolver(index);
        Values values = new Values(resolver);
        Node settings = object(module, resolver, module.exports().get("default") == null ? null : module.exports().get("default").value());
        if (settings == null) {
            throw new Unreadable(configPath + " does not export its settings as an object (module.exports = { ... })");
        }
        String collection = setting(module, values, settings, "changelogCollectionName", MIGRATE_MONGO_COLLECTION, configPath);
        String dir = setting(module, values, settings, "migrationsDir", DEFAULT_FOLDER, configPath);
        String extension = setting(module, values, settings, "migrationFileExtension", ".js", configPath);
        String database = null;
        Node mongodb = property(settings, "mongodb");
        Node mongodbObject = mongodb == null ? null : object(module, resolver, mongodb.child("value"));
        if (mongodbObject != null) {
            Node name = property(mongodbObject, "databaseName");
            if (name != null && values.eval(module, name.child("value")) instanceof Value.Text t) {
                database = t.value();
            }
        }
        String from = configPath;
        Node collectionSetting = property(settings, "changelogCollectionName");
        if (collectionSetting != null) {
            from = collectionSetting.where();
        }
        if (spec.collection() != null) {
            collection = spec.collection();
            from = "the probe's 'collection'";
        }
        // migrate-mongo resolves migrationsDir against the directory it runs in: the configuration's.
        String base = configPath.contains("/") ? configPath.substring(0, configPath.lastIndexOf('/') + 1) : "";
        String folder = spec.migrationsDir() != null ? spec.migrationsDir() : normalize(base + dir);
        if (!Files.isDirectory(repository.resolve(folder))) {
            throw new Unreadable(configPath + " names migrationsDir '" + dir + "', and " + folder + "/ does not exist in the repository");
        }
        List<String> files = list(repository, folder, List.of(extension));
        files.remove(SAMPLE_MIGRATION);
        return new ReleaseMigrations(MIGRATE_MONGO, collection, folder, files, database, from);
    }

    /** The object literal an expression is, directly or through the variable it names; else null. */
    private static Node object(Module module, Resolver resolver, Node expression) {
        if (expression == null) {
            return null;
        }
        if (expression.is("object")) {
            return expression;
        }
        if (expression.is("identifier") && resolver.resolve(module, expression) instanceof Resolver.Origin.Defined d
                && d.node().is("object")) {
            return d.node();
        }
        return null;
    }

    private static Node property(Node object, String key) {
        for (Node p : object.namedChildren()) {
            if (p.is("pair") && p.child("key") != null
                    && p.child("key").text().replaceAll("^['\"]|['\"]$", "").equals(key)) {
                return p;
            }
        }
        return null;
    }

    /** A string setting: absent is the default; a constant or an env read with a constant default is that. */
    private static String setting(Module module, Values values, Node settings, String key, String fallback, String configPath)
            throws Unreadable {
        Node p = property(settings, key);
        if (p == null) {
            return fallback;
        }
        Value v = values.eval(module, p.child("value"));
        if (v instanceof Value.FromEnv env && env.fallback() instanceof Value.Text t) {
            // The release's default: the deployment may set the variable, which the audit cannot see from here.
            v = t;
        }
        if (v instanceof Value.Text t && !t.value().isBlank()) {
            return t.value();
        }
        if (v instanceof Value.Text) {
            return fallback;
        }
        throw new Unreadable(p.where() + ": cannot tell " + key + " from the code (" + v
                + "); set 'collection' and 'migrationsDir' in the check's probe");
    }

    private static String normalize(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        p = p.replace("/./", "/");
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? "." : p;
    }

    private static List<String> list(Path repository, String folder, List<String> extensions) throws Unreadable {
        List<String> names = new ArrayList<>();
        Path dir = repository.resolve(folder).normalize();
        if (!dir.startsWith(repository.normalize())) {
            throw new Unreadable(folder + "/ is outside the repository: the audit reads the release's own tree only");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (Files.isRegularFile(p) && !name.startsWith(".") && !lower.endsWith(".d.ts")
                        && extensions.stream().anyMatch(lower::endsWith)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new Unreadable("cannot list " + folder + "/: " + e.getMessage());
        }
        names.sort(null);
        return names;
    }
}
