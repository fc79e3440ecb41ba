package dev.prodaudit.probe.backup;

import dev.prodaudit.input.TimeSpan;
import dev.prodaudit.probe.ProbeSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: mongodb-backups}: whether MongoDB is backed up daily with enough retention, and recently, from the
 * MongoDB Atlas Administration API when MONGODB_URI is an Atlas cluster and an API key is set, and from the
 * repository (a scheduled {@code mongodump}, a Velero Schedule); MANUAL, with {@code verify}, when neither shows
 * anything.
 *
 * <pre>
 * probe: {type: mongodb-backups, checks: [schedule]}                  # daily, kept >= minRetention
 * probe: {type: mongodb-backups, checks: [schedule, recent], maxSnapshotAge: 24h}
 * </pre>
 *
 * @param checks         {@code schedule} (a daily or more frequent backup kept at least {@code minRetention}) and
 *                       {@code recent} (the newest completed snapshot is younger than {@code maxSnapshotAge}); default both
 * @param minRetention   default 30d
 * @param maxSnapshotAge default 24h
 * @param cluster        the Atlas cluster's name; default: derived from the MONGODB_URI host
 * @param projectId      the Atlas project (group) id; default ATLAS_PROJECT_ID or MONGODB_ATLAS_PROJECT_ID
 * @param verify         what a person confirms when nothing automatic decides
 */
public record MongoBackupsSpec(List<String> checks, TimeSpan minRetention, TimeSpan maxSnapshotAge, String cluster,
                               String projectId, String verify) implements ProbeSpec {
    public static final String SCHEDULE = "schedule";
    public static final String RECENT = "recent";
    static final Duration DEFAULT_MIN_RETENTION = Duration.ofDays(30);
    static final Duration DEFAULT_MAX_SNAPSHOT_AGE = Duration.ofHours(24);

    public MongoBackupsSpec {
        if (checks == null) {
            checks = List.of(SCHEDULE, RECENT);
        } else {
            List<String> seen = new ArrayList<>();
            for (String c : checks) {
                String id = c == null ? "" : c.strip();
                if (!id.equals(SCHEDULE) && !id.equals(RECENT)) {
                    throw new IllegalArgumentException("'checks' may list schedule and recent; found '" + c + "'");
                }
                if (!seen.contains(id)) {
                    seen.add(id);
                }
            }
            if (seen.isEmpty()) {
                throw new IllegalArgumentException("'checks' must list schedule, recent or both");
            }
            checks = List.copyOf(seen);
        }
        if (cluster != null && cluster.isBlank()) {
            throw new IllegalArgumentException("'cluster' must not be empty; leave it out to derive it from MONGODB_URI");
        }
        if (projectId != null && !projectId.strip().matches("[0-9a-fA-F]{24}")) {
            throw new IllegalArgumentException("'projectId' must be the 24-hex-digit id Atlas shows in the project settings");
        }
    }

    Duration retention() {
        return minRetention == null ? DEFAULT_MIN_RETENTION : minRetention.duration();
    }

    Duration snapshotAge() {
        return maxSnapshotAge == null ? DEFAULT_MAX_SNAPSHOT_AGE : maxSnapshotAge.duration();
    }

    boolean wantsRecent() {
        return checks.contains(RECENT);
    }

    boolean wantsSchedule() {
        return checks.contains(SCHEDULE);
    }
}
