package dev.prodaudit.probe.mongodb;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import java.util.List;

/**
 * {@code type: mongodb-migrations}: whether the release's migrations have been applied to the live database. The
 * repository says which migrations the release carries ({@link ReleaseMigrations}: migrate-mongo's configuration read
 * with the source parser, or umzug's defaults); one {@code find} on the collection recording applied ones says which
 * ran ({@link MigrationsCheck}). Read-only: the commands sent are the mongodb family's ({@link MongoSession#READ_ONLY},
 * {@code find} among them) through its connection handling, credentials and time budget.
 */
public final class MigrationsProbe implements Probe<MigrationsSpec> {
    @Override
    public String type() {
        return "mongodb-migrations";
    }

    @Override
    public Class<MigrationsSpec> specType() {
        return MigrationsSpec.class;
    }

    @Override
    public Set<Evidence> evidence(MigrationsSpec spec) {
        return Set.of(Evidence.CODE, Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(MigrationsSpec spec) {
        return List.of(TargetKind.MONGODB);
    }

    @Override
    public Outcome run(MigrationsSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        ReleaseMigrations release;
        try {
            release = ReleaseMigrations.read(ctx.repository(), spec);
        } catch (ReleaseMigrations.Unreadable e) {
            return Outcome.error(e.getMessage());
        }
        if (release == null) {
            return Outcome.skip("the release has no migrations: no " + spec.configPath() + " (migrate-mongo) and no "
                    + ReleaseMigrations.DEFAULT_FOLDER + "/ folder (umzug); set 'config' or 'migrationsDir' when they live elsewhere");
        }
        MongoTarget target;
        try {
            target = MongoTarget.of(ctx);
        } catch (MongoTarget.Unusable e) {
            return Outcome.error(e.getMessage());
        }
        String database = spec.database() != null ? spec.database()
                : release.database() != null ? release.database()
                : target.database() != null ? target.database() : MongoSpec.DEFAULT_DATABASE;
        String namespace = database + "." + release.collection();
        MongoSession session = MongoSession.open(ctx, target, start);
        List<MigrationsCheck.Applied> applied;
        try {
            applied = MigrationsCheck.entries(session.command(database, MigrationsCheck.findCommand(release.collection())));
        } catch (ProbeFailure e) {
            return Outcome.error(e.getMessage());
        } catch (MongoSession.Refused e) {
            String why = e.why();
            return Outcome.error(e.unauthorized()
                    ? "the MONGODB_URI user may not read " + namespace + ": " + why + "; grant it read on " + database
                    : "find on " + namespace + " at " + target.endpoint() + " failed: " + why);
        }
        if (applied.size() >= MigrationsCheck.MAX_ENTRIES) {
            return Outcome.error(namespace + " holds " + MigrationsCheck.MAX_ENTRIES + " entries or more: more than a changelog"
                    + " would; check 'collection'");
        }
        Finding f = MigrationsCheck.judge(release, applied, namespace);
        return Outcome.from(List.of(f));
    }
}
