package dev.prodaudit.probe.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import dev.prodaudit.testing.MongoTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy.database-migrations: the release's migration files (migrate-mongo's configuration read from source, or
 * umzug's folder) against the collection recording applied ones on a wire-faithful MongoDB, read-only.
 */
class MigrationsProbeTest {
    /** What {@code migrate-mongo init} writes, with the app's settings filled in. */
    private static final String MIGRATE_MONGO_CONFIG = """
            // In this file you can configure migrate-mongo

            const config = {
              mongodb: {
                url: process.env.MONGODB_URI || "mongodb://localhost:27017",
                databaseName: "enterprise_rag",
                options: {}
              },

              // The migrations dir, can be an relative or absolute path. Only edit this when really necessary.
              migrationsDir: "migrations",

              // The mongodb collection where the applied changes are stored. Only edit this when really necessary.
              changelogCollectionName: "changelog",

              // The file extension to create migrations and search for in migration dir
              migrationFileExtension: ".js",

              useFileHash: false,
              moduleSystem: 'commonjs',
            };

            module.exports = config;
            """;
    private static final List<String> RELEASE = List.of("20250110093000-add-workspace-status.js",
            "20250214120000-backfill-message-ttl.js", "20250301081500-split-document-sources.js");
    private static final Instant JAN = Instant.parse("2025-01-10T10:02:11Z");
    private static final Instant FEB = Instant.parse("2025-02-14T12:30:45Z");
    private static final Instant MAR = Instant.parse("2025-03-01T08:20:00Z");

    @TempDir
    Path repo;

    private void migrateMongoRepo(String config, String folder) throws IOException {
        Files.writeString(repo.resolve("migrate-mongo-config.js"), config);
        Path dir = Files.createDirectories(repo.resolve(folder));
        for (String f : RELEASE) {
            Files.writeString(dir.resolve(f), "module.exports = { async up(db) {}, async down(db) {} };\n");
        }
        // The template `migrate-mongo create` copies from: never applied, never pending.
        Files.writeString(dir.resolve("sample-migration.js"), "module.exports = {};\n");
    }

    private static Document changelog(String fileName, Instant appliedAt) {
        return new Document("fileName", fileName).append("appliedAt", Date.from(appliedAt));
    }

    private Outcome run(MigrationsSpec spec, MongoTestServer mongo) {
        try (SharedClients clients = new SharedClients()) {
            return new MigrationsProbe().run(spec, new ProbeContext(Env.empty(), repo, MongoTestSupport.targets(mongo.uri()),
                    Duration.ofSeconds(5), clients));
        }
    }

    private static MigrationsSpec defaults() {
        return new MigrationsSpec(null, null, null, null);
    }

    /** Only reads reached the server: the probe's find and the driver's own handshake. */
    private static void assertReadOnly(MongoTestServer mongo) {
        assertTrue(MongoReadOnlyTest.allowed().containsAll(mongo.commands()), "commands outside the allow-list: " + mongo.commands());
        assertTrue(mongo.commands().contains("find"), mongo.commands().toString());
    }

    @Test
    void everyMigrationOfTheReleaseAppliedPassesWithTheCountAndTheNewest() throws IOException {
        migrateMongoRepo(MIGRATE_MONGO_CONFIG, "migrations");
        try (MongoTestServer mongo = MongoTestServer.builder().documents("changelog", changelog(RELEASE.get(0), JAN),
                changelog(RELEASE.get(1), FEB), changelog(RELEASE.get(2), MAR)).start()) {
            Outcome o = run(defaults(), mongo);
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertEquals("all 3 migrations of the release's migrations/ applied to enterprise_rag.changelog (migrate-mongo,"
                    + " migrate-mongo-config.js:14); newest applied 2025-03-01 08:20Z (20250301081500-split-document-sources.js)",
                    o.evidence());
            assertReadOnly(mongo);
        }
    }

    @Test
    void aPendingMigrationFailsAndIsNamed() throws IOException {
        migrateMongoRepo(MIGRATE_MONGO_CONFIG, "migrations");
        try (MongoTestServer mongo = MongoTestServer.builder().documents("changelog", changelog(RELEASE.get(0), JAN)).start()) {
            Outcome o = run(defaults(), mongo);
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertEquals("2 migrations of the release's migrations/ not applied to enterprise_rag.changelog (migrate-mongo,"
                    + " migrate-mongo-config.js:14): 20250214120000-backfill-message-ttl.js, 20250301081500-split-document-sources.js",
                    o.evidence());
            assertReadOnly(mongo);
        }
    }

    @Test
    void anUnmigratedDatabaseHasEveryMigrationPending() throws IOException {
        migrateMongoRepo(MIGRATE_MONGO_CONFIG, "migrations");
        try (MongoTestServer mongo = MongoTestServer.builder().start()) {
            Outcome o = run(defaults(), mongo);
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().startsWith("3 migrations of the release's migrations/ not applied"), o.evidence());
        }
    }

    @Test
    void anAppliedMigrationWithNoFileInTheReleaseWarns() throws IOException {
        migrateMongoRepo(MIGRATE_MONGO_CONFIG, "migrations");
        try (MongoTestServer mongo = MongoTestServer.builder().documents("changelog", changelog(RELEASE.get(0), JAN),
                changelog(RELEASE.get(1), FEB), changelog(RELEASE.get(2), MAR),
                changelog("20250305110000-hotfix-from-branch.js", MAR.plusSeconds(86_400 * 4))).start()) {
            Outcome o = run(defaults(), mongo);
            assertEquals(Status.WARN, o.status(), o.evidence());
            assertEquals("1 applied migration of enterprise_rag.changelog with no file in migrations/:"
                    + " 20250305110000-hotfix-from-branch.js (applied from another branch, or renamed or deleted since)", o.evidence());
        }
    }

    @Test
    void theCollectionFolderAndDatabaseComeFromTheConfigurationsSource() throws IOException {
        String config = MIGRATE_MONGO_CONFIG.replace("migrationsDir: \"migrations\"", "migrationsDir: \"db/migrations\"")
                .replace("changelogCollectionName: \"changelog\"", "changelogCollectionName: process.env.CHANGELOG ?? 'schema_changelog'");
        migrateMongoRepo(config, "db/migrations");
        try (MongoTestServer mongo = MongoTestServer.builder()
                // The default collection holds someone else's entries: the configured one decides.
                .documents("changelog", changelog(RELEASE.get(0), JAN))
                .documents("schema_changelog", changelog(RELEASE.get(0), JAN), changelog(RELEASE.get(1), FEB)).start()) {
            Outcome o = run(defaults(), mongo);
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertEquals("1 migration of the release's db/migrations/ not applied to enterprise_rag.schema_changelog"
                    + " (migrate-mongo, migrate-mongo-config.js:14): 20250301081500-split-document-sources.js", o.evidence());
        }
    }

    @Test
    void aSettingTheCodeComputesIsAnErrorNamingTheLine() throws IOException {
        migrateMongoRepo(MIGRATE_MONGO_CONFIG.replace("changelogCollectionName: \"changelog\"",
                "changelogCollectionName: collectionFor(process.env.NODE_ENV)"), "migrations");
        try (MongoTestServer mongo = MongoTestServer.builder().start()) {
            Outcome o = run(defaults(), mongo);
            assertEquals(Status.ERROR, o.status(), o.evidence());
            assertTrue(o.evidence().startsWith("migrate-mongo-config.js:14: cannot tell changelogCollectionName from the code"),
                    o.evidence());
            assertTrue(mongo.commands().isEmpty(), "nothing is asked before the release is known: " + mongo.commands());
        }
    }

    @Test
    void umzugsMigrationsCollectionIsComparedWithItsFolder() throws IOException {
        Path dir = Files.createDirectories(repo.resolve("migrations"));
        Files.writeString(dir.resolve("2025.01.10T09.30.00.add-workspace-status.ts"), "export const up = async () => {};\n");
        Files.writeString(dir.resolve("2025.03.01T08.15.00.split-document-sources.ts"), "export const up = async () => {};\n");
        try (MongoTestServer mongo = MongoTestServer.builder().documents("migrations",
                new Document("migrationName", "2025.01.10T09.30.00.add-workspace-status.ts")).start()) {
            Outcome o = run(defaults(), mongo);
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertEquals("1 migration of the release's migrations/ not applied to enterprise_rag.migrations (umzug, umzug's"
                    + " default, no migrate-mongo-config.js): 2025.03.01T08.15.00.split-document-sources.ts", o.evidence());
            assertReadOnly(mongo);
        }
    }

    @Test
    void aReleaseWithoutMigrationsHasNothingToCompare() throws IOException {
        try (MongoTestServer mongo = MongoTestServer.builder().start()) {
            Outcome o = run(defaults(), mongo);
            assertEquals(Status.SKIP, o.status(), o.evidence());
            assertTrue(o.evidence().startsWith("the release has no migrations: no migrate-mongo-config.js"), o.evidence());
            assertTrue(mongo.commands().isEmpty(), mongo.commands().toString());
        }
    }

    @Test
    void theUsersPasswordIsInNoEvidence() throws IOException {
        migrateMongoRepo(MIGRATE_MONGO_CONFIG, "migrations");
        try (MongoTestServer mongo = MongoTestServer.builder().requireAuth(true).credentials("rag_app", "Mig-Pw-5x7q9Z")
                .documents("changelog", changelog(RELEASE.get(0), JAN)).start()) {
            Outcome o = run(defaults(), mongo);
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertFalse(o.evidence().contains("Mig-Pw-5x7q9Z"), o.evidence());
            assertReadOnly(mongo);
        }
    }
}
