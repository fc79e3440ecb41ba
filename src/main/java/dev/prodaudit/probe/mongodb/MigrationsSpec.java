package dev.prodaudit.probe.mongodb;

import dev.prodaudit.probe.ProbeSpec;

/**
 * {@code type: mongodb-migrations}: the migrations of the release compared, read-only, with those the live MongoDB of
 * {@code targets.mongodb} (MONGODB_URI) records as applied.
 *
 * <pre>
 * probe: {type: mongodb-migrations}                               # migrate-mongo-config.js, else umzug's defaults
 * probe: {type: mongodb-migrations, config: api/migrate-mongo-config.js}
 * probe: {type: mongodb-migrations, collection: migrations, migrationsDir: db/migrations}   # umzug
 * </pre>
 *
 * @param config        the migrate-mongo configuration, relative to the repository (default
 *                      {@code migrate-mongo-config.js}); when it exists, the collection, folder and file extension come
 *                      from its {@code changelogCollectionName}, {@code migrationsDir} and {@code migrationFileExtension}
 * @param collection    the collection recording applied migrations; overrides the configuration (default: migrate-mongo's
 *                      {@code changelog}, or umzug's {@code migrations} without a migrate-mongo configuration)
 * @param migrationsDir the folder of migration files, relative to the repository; overrides the configuration
 *                      (default {@code migrations} beside the configuration, or at the repository's root)
 * @param database      the database holding the collection (default: the configuration's {@code mongodb.databaseName}
 *                      when it is a constant, else the database of the URI path, else {@code enterprise_rag})
 */
public record MigrationsSpec(String config, String collection, String migrationsDir, String database) implements ProbeSpec {
    static final String DEFAULT_CONFIG = "migrate-mongo-config.js";

    public MigrationsSpec {
        config = nonEmpty("config", config, "leave it out for migrate-mongo-config.js");
        collection = nonEmpty("collection", collection, "leave it out to use the tool's default");
        migrationsDir = nonEmpty("migrationsDir", migrationsDir, "leave it out for migrations");
        database = nonEmpty("database", database, "leave it out to use the URI's database");
        for (String path : new String[] {config, migrationsDir}) {
            if (path != null && (path.startsWith("/") || path.equals("..") || path.startsWith("../") || path.contains("/../"))) {
                throw new IllegalArgumentException("'" + path + "' must be a path inside the repository");
            }
        }
    }

    private static String nonEmpty(String name, String value, String hint) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("'" + name + "' must not be empty; " + hint);
        }
        return v;
    }

    String configPath() {
        return config == null ? DEFAULT_CONFIG : config;
    }
}
