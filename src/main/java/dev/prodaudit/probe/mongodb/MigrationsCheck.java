package dev.prodaudit.probe.mongodb;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Wording;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * Judges the release's migration files against the entries of the collection recording applied ones: a file with no
 * entry is pending (FAIL, each named), an entry with no file was applied from elsewhere (WARN: another branch, a
 * renamed or deleted file), and all applied is a PASS with the count and the newest {@code appliedAt}.
 */
final class MigrationsCheck {
    /** The read: the whole collection, its names and dates only, in one batch (a changelog holds a few hundred rows). */
    static final int MAX_ENTRIES = 10_000;
    /** Names shown in evidence, then how many more. */
    private static final int SHOWN = 10;
    private static final DateTimeFormatter APPLIED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);

    private MigrationsCheck() {
    }

    /**
     * One applied migration as recorded: migrate-mongo writes {@code {fileName, appliedAt}}, umzug's MongoDBStorage
     * {@code {migrationName}} (older storages {@code {name}}); {@code appliedAt} null when not recorded.
     */
    record Applied(String name, Instant appliedAt) {
        static Applied of(Document d) {
            Object name = d.get("fileName");
            if (name == null) {
                name = d.get("migrationName");
            }
            if (name == null) {
                name = d.get("name");
            }
            Object at = d.get("appliedAt");
            return new Applied(name == null ? null : name.toString(), at instanceof Date date ? date.toInstant() : null);
        }
    }

    /** The {@code find} command: read-only, one batch, only the fields that name and date an entry. */
    static Document findCommand(String collection) {
        return new Document("find", collection)
                .append("projection", new Document("_id", 0).append("fileName", 1).append("migrationName", 1)
                        .append("name", 1).append("appliedAt", 1))
                .append("limit", MAX_ENTRIES)
                .append("batchSize", MAX_ENTRIES)
                .append("singleBatch", true);
    }

    /** The entries of a {@code find} reply's first (and only) batch. */
    @SuppressWarnings("unchecked")
    static List<Applied> entries(Document reply) {
        Object cursor = reply.get("cursor");
        List<Applied> out = new ArrayList<>();
        if (cursor instanceof Document c && c.get("firstBatch") instanceof List<?> batch) {
            for (Object o : batch) {
                if (o instanceof Document d) {
                    out.add(Applied.of(d));
                }
            }
        }
        return out;
    }

    static Finding judge(ReleaseMigrations release, List<Applied> applied, String namespace) {
        Set<String> appliedNames = new LinkedHashSet<>();
        int unnamed = 0;
        for (Applied a : applied) {
            if (a.name() == null || a.name().isBlank()) {
                unnamed++;
            } else {
                appliedNames.add(a.name());
            }
        }
        List<String> pending = new ArrayList<>();
        for (String file : release.files()) {
            if (!appliedNames.contains(file) && !appliedNames.contains(stem(file))) {
                pending.add(file);
            }
        }
        List<String> orphans = new ArrayList<>();
        for (String name : appliedNames) {
            if (release.files().stream().noneMatch(f -> f.equals(name) || stem(f).equals(name) || f.equals(stem(name)))) {
                orphans.add(name);
            }
        }
        String folder = release.folder() + "/";
        String recorded = namespace + " (" + release.tool() + ", " + release.from() + ")";
        List<String> problems = new ArrayList<>();
        Status status = Status.PASS;
        if (!pending.isEmpty()) {
            status = Status.FAIL;
            problems.add(Wording.count(pending.size(), "migration") + " of the release's " + folder + " not applied to "
                    + recorded + ": " + names(pending));
        }
        if (!orphans.isEmpty()) {
            status = Status.combine(status, Status.WARN);
            problems.add(Wording.count(orphans.size(), "applied migration") + " of " + namespace + " with no file in "
                    + folder + ": " + names(orphans) + " (applied from another branch, or renamed or deleted since)");
        }
        String unnamedNote = unnamed == 0 ? "" : "; " + (unnamed == 1 ? "1 entry" : unnamed + " entries")
                + " of " + namespace + " without a file name ignored";
        if (status != Status.PASS) {
            return Finding.of(status, String.join("; ", problems) + unnamedNote);
        }
        if (release.files().isEmpty()) {
            return Finding.of(Status.PASS, folder + " holds no migration and " + recorded + " records none" + unnamedNote);
        }
        Applied newest = null;
        for (Applied a : applied) {
            if (a.appliedAt() != null && (newest == null || a.appliedAt().isAfter(newest.appliedAt()))) {
                newest = a;
            }
        }
        String when = newest == null ? "; no appliedAt recorded"
                : "; newest applied " + APPLIED_AT.format(newest.appliedAt()) + " (" + newest.name() + ")";
        return Finding.of(Status.PASS, "all " + Wording.count(release.files().size(), "migration") + " of the release's "
                + folder + " applied to " + recorded + when + unnamedNote);
    }

    /** A file name without its extension: umzug may record names without one. */
    private static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private static String names(List<String> names) {
        if (names.size() <= SHOWN) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, SHOWN)) + ", … (" + names.size() + " in all)";
    }
}
