package dev.prodaudit.probe.backup;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.FindingAnchor;
import dev.prodaudit.probe.Offline;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: mongodb-backups}: MongoDB's backups from the systems that hold the facts. Atlas's own backup schedule
 * and snapshots when MONGODB_URI is an Atlas cluster and an API key is set ({@link AtlasBackups}); the backups the
 * repository schedules ({@link RepoBackups}); every source found is judged and the findings combine as parts
 * ({@link Status#combine}), so a definite FAIL from one source wins over an ERROR from another. When no source shows
 * anything the check is MANUAL with what a person must confirm, and an attestation may settle it ({@link #attestable}).
 */
public final class MongoBackupsProbe implements Probe<MongoBackupsSpec> {

    @Override
    public String type() {
        return "mongodb-backups";
    }

    @Override
    public Class<MongoBackupsSpec> specType() {
        return MongoBackupsSpec.class;
    }

    /** Atlas's API or the repository's backup jobs; a person when neither shows a backup. */
    @Override
    public Set<Evidence> evidence(MongoBackupsSpec spec) {
        return Set.of(Evidence.CODE, Evidence.PROVIDER_API, Evidence.PERSON);
    }

    /** A person's word settles the check when nothing automatic decides (it is then MANUAL). */
    @Override
    public boolean attestable() {
        return true;
    }

    @Override
    public FindingAnchor anchor(MongoBackupsSpec spec) {
        return FindingAnchor.AUDIT_CONFIG;
    }

    @Override
    public List<TargetKind> targets(MongoBackupsSpec spec) {
        return List.of(TargetKind.MONGODB, TargetKind.ATLAS_API);
    }

    @Override
    public List<String> decides(MongoBackupsSpec spec) {
        List<String> out = new ArrayList<>();
        out.add("Atlas (MONGODB_URI on *.mongodb.net, ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY, ATLAS_PROJECT_ID): "
                + (spec.wantsSchedule() ? "an hourly or daily policy item kept >= " + spec.retention().toDays() + " days" : "")
                + (spec.wantsSchedule() && spec.wantsRecent() ? "; " : "")
                + (spec.wantsRecent() ? "the newest completed snapshot younger than " + spec.snapshotAge().toHours()
                        + " h, the newest snapshot not failed" : ""));
        if (spec.wantsSchedule()) {
            out.add("repository: a CronJob or ofelia job running mongodump on a daily cron with its pruning"
                    + " (find -mtime) or *RETENTION_DAYS >= " + spec.retention().toDays() + " days; a Velero Schedule covering"
                    + " MongoDB's namespace, daily, ttl >= " + spec.retention().toHours() + "h");
        }
        return out;
    }

    @Override
    public Outcome run(MongoBackupsSpec spec, ProbeContext ctx) {
        Deadline deadline = Deadline.of(ctx.timeout(), System.nanoTime());
        // Offline the repository's backup jobs decide; Atlas's API is not asked.
        AtlasBackups.Result atlas = ctx.offline() ? AtlasBackups.Result.skipped("Atlas's API not asked (--offline)")
                : AtlasBackups.read(ctx, spec, deadline);
        List<Finding> findings = new ArrayList<>(atlas.findings());
        findings.addAll(RepoBackups.judge(ctx, spec, atlas.recentDecided()));
        if (findings.isEmpty()) {
            String verify = spec.verify() == null || spec.verify().isBlank() ? "confirm the MongoDB backups by hand"
                    : spec.verify().strip();
            return Outcome.manual("no backup found to judge (" + atlas.note() + "; the repository schedules no mongodump"
                    + " job and no Velero Schedule covering MongoDB); verify by hand: " + verify);
        }
        Outcome o = Outcome.from(findings);
        if (o.status() == Status.MANUAL && spec.verify() != null && !spec.verify().isBlank()) {
            o = new Outcome(o.status(), o.evidence() + "; verify by hand: " + spec.verify().strip(), o.findings());
        }
        return ctx.offline() ? Offline.partly(o, List.of("atlas")) : o;
    }

    /** Offline it judges the repository's backup jobs and leaves Atlas's API out. */
    @Override
    public boolean decidesOffline() {
        return true;
    }
}
