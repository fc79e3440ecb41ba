package dev.prodaudit.probe.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import dev.prodaudit.testing.AtlasReplayServer;
import dev.prodaudit.testing.ProbeKit;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra.backup-strategy and backup.mongodb-backups: Atlas's backup schedule and snapshots through a wire-faithful
 * replay of the Administration API v2 (Digest auth, versioned media type, paging, Atlas's error bodies), and the
 * backups a repository schedules (mongodump CronJobs and ofelia jobs, Velero Schedules); MANUAL when nothing shows one.
 */
class MongoBackupsProbeTest {
    private static final String PUBLIC_KEY = "qwertyui";
    private static final String PRIVATE_KEY = "5d8d2a4c-71a0-4b5e-9c1e-2f7b0d3e6a91";
    private static final String PROJECT = "5e2211c17a3e5a48f5497de3";
    private static final String ATLAS_URI = "mongodb+srv://app:s3cret-pw@cluster0.ab12c.mongodb.net/enterprise_rag?retryWrites=true&w=majority";
    private static final String CLUSTER_PATH = "/groups/" + PROJECT + "/clusters/Cluster0";
    private static final String CLUSTER = """
            {"backupEnabled":true,"clusterType":"REPLICASET","connectionStrings":{"standard":"mongodb://cluster0-shard-00-00.ab12c.mongodb.net:27017,cluster0-shard-00-01.ab12c.mongodb.net:27017,cluster0-shard-00-02.ab12c.mongodb.net:27017/?ssl=true&authSource=admin&replicaSet=atlas-x1y2z3-shard-0","standardSrv":"mongodb+srv://cluster0.ab12c.mongodb.net"},"createDate":"2025-03-04T09:12:44Z","diskSizeGB":10.0,"encryptionAtRestProvider":"NONE","groupId":"%s","id":"65e5a1c4f1a2b3c4d5e6f708","links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/groups/%s/clusters/Cluster0","rel":"self"}],"mongoDBMajorVersion":"7.0","mongoDBVersion":"7.0.14","name":"Cluster0","paused":false,"pitEnabled":false,"stateName":"IDLE","terminationProtectionEnabled":false,"versionReleaseSystem":"LTS"}
            """.formatted(PROJECT, PROJECT);
    private static final String CLUSTERS = """
            {"links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/groups/%s/clusters?pageNum=1&itemsPerPage=100","rel":"self"}],"results":[%s],"totalCount":1}
            """.formatted(PROJECT, CLUSTER.strip());

    @TempDir
    Path repo;

    private static String schedule(String... items) {
        return """
                {"autoExportEnabled":false,"clusterId":"65e5a1c4f1a2b3c4d5e6f708","clusterName":"Cluster0","copySettings":[],"extraRetentionSettings":[],"links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/groups/%s/clusters/Cluster0/backup/schedule","rel":"self"}],"nextSnapshot":"2026-12-02T03:00:00Z","policies":[{"id":"65e5a1c4f1a2b3c4d5e6f709","policyItems":[%s]}],"referenceHourOfDay":3,"referenceMinuteOfHour":0,"restoreWindowDays":7,"useOrgAndGroupNamesInExportPrefix":false}
                """.formatted(PROJECT, String.join(",", items));
    }

    private static String item(String frequency, int interval, String unit, int value) {
        return "{\"frequencyInterval\":" + interval + ",\"frequencyType\":\"" + frequency + "\",\"id\":\"65e5a1c4f1a2b3c4d5e6f7"
                + Math.abs((frequency + value).hashCode() % 90 + 10) + "\",\"retentionUnit\":\"" + unit + "\",\"retentionValue\":" + value + "}";
    }

    private static final String DAILY_30 = item("daily", 1, "days", 30);

    /** A DiskBackupReplicaSet as the snapshots listing returns it. */
    private static String snapshot(Instant createdAt, String status, String type, String frequency) {
        return """
                {"cloudProvider":"AWS","copyRegions":[],"createdAt":"%s","description":"","expiresAt":"%s","frequencyType":"%s","id":"%s","links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/groups/%s/clusters/Cluster0/backup/snapshots","rel":"self"}],"mongodVersion":"7.0.14","policyItems":["65e5a1c4f1a2b3c4d5e6f709"],"replicaSetName":"Cluster0","snapshotType":"%s","status":"%s","storageSizeBytes":1048576000,"type":"replicaSet"}
                """.formatted(createdAt.truncatedTo(ChronoUnit.SECONDS), createdAt.plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS),
                frequency, Long.toHexString(createdAt.getEpochSecond()) + "0000000000000000", PROJECT, type, status).strip();
    }

    /** 150 hourly snapshots, oldest first, so the newest is on the second page of 100. */
    private static List<String> hourlySnapshots(Instant newest, String newestStatus) {
        List<String> out = new ArrayList<>();
        for (int i = 149; i >= 0; i--) {
            out.add(snapshot(newest.minus(i, ChronoUnit.HOURS), i == 0 ? newestStatus : "completed", "scheduled", "hourly"));
        }
        return out;
    }

    private AtlasReplayServer atlas(String schedule, List<String> snapshots) throws IOException {
        AtlasReplayServer s = new AtlasReplayServer(PUBLIC_KEY, PRIVATE_KEY);
        // Cluster names are not the host's lowercased label: the probe must find Cluster0 from its connection string.
        s.serve("/groups/" + PROJECT + "/clusters/cluster0", 404, AtlasReplayServer.error(404, "CLUSTER_NOT_FOUND",
                "Not Found", "No cluster named cluster0 exists in group " + PROJECT + "."));
        s.serve("/groups/" + PROJECT + "/clusters", 200, CLUSTERS);
        s.serve(CLUSTER_PATH, 200, CLUSTER);
        s.serve(CLUSTER_PATH + "/backup/schedule", 200, schedule);
        s.servePaged(CLUSTER_PATH + "/backup/snapshots", snapshots);
        return s;
    }

    private static MongoBackupsSpec spec(String params) throws Exception {
        return ProbeKit.spec(MongoBackupsProbe.class, params);
    }

    private Outcome run(MongoBackupsSpec spec, String mongoUri, String atlasBase, String... envLines) {
        Map<TargetKind, String> values = new java.util.EnumMap<>(TargetKind.class);
        values.put(TargetKind.MONGODB, mongoUri);
        if (atlasBase != null) {
            values.put(TargetKind.ATLAS_API, atlasBase);
        }
        Env env = ProbeKit.env(".env", envLines);
        try (SharedClients clients = new SharedClients()) {
            return new MongoBackupsProbe().run(spec, new ProbeContext(env, repo, new Targets(values, List.of(), null, null),
                    Duration.ofSeconds(10), clients));
        }
    }

    private static final String[] KEYS = {"MONGODB_URI=" + ATLAS_URI, "ATLAS_PUBLIC_KEY=" + PUBLIC_KEY,
            "ATLAS_PRIVATE_KEY=" + PRIVATE_KEY, "ATLAS_PROJECT_ID=" + PROJECT};

    private static void assertReadOnlyAndKeyNeverSent(AtlasReplayServer s, Outcome o) {
        assertFalse(s.requests().isEmpty());
        for (AtlasReplayServer.Recorded r : s.requests()) {
            assertEquals("GET", r.method(), r.target());
            assertFalse(r.target().contains(PRIVATE_KEY));
            for (String line : r.headerLines()) {
                assertFalse(line.contains(PRIVATE_KEY), line);
            }
        }
        assertFalse(o.evidence().contains(PRIVATE_KEY));
        assertFalse(o.evidence().contains(PUBLIC_KEY), "the public half is a secret-named variable too");
        o.findings().forEach(f -> assertFalse(f.message().contains(PRIVATE_KEY)));
    }

    @Test
    void atlasDailyPolicyKeptThirtyDaysAndASnapshotFromThisHourPass() throws Exception {
        Instant newest = Instant.now().minus(40, ChronoUnit.MINUTES);
        try (AtlasReplayServer s = atlas(schedule(item("hourly", 6, "days", 2), DAILY_30, item("weekly", 1, "weeks", 4),
                item("monthly", 1, "months", 12)), hourlySnapshots(newest, "completed"))) {
            Outcome o = run(spec("checks: [schedule, recent]"), ATLAS_URI, s.base(), KEYS);
            assertEquals(Status.PASS, o.status(), o.evidence());
            assertTrue(o.evidence().contains("Atlas cluster Cluster0 takes daily snapshots kept 30 days"), o.evidence());
            assertTrue(o.findings().stream().anyMatch(f -> f.message().contains("newest completed snapshot is 0 h old")),
                    o.findings().toString());
            List<String> targets = s.requests().stream().map(AtlasReplayServer.Recorded::target).toList();
            assertTrue(targets.contains("/api/atlas/v2" + CLUSTER_PATH + "/backup/snapshots?itemsPerPage=100&pageNum=2"),
                    "the newest snapshot is on page 2: " + targets);
            assertTrue(s.requests().stream().allMatch(r -> r.headerLines().stream()
                    .anyMatch(l -> l.equalsIgnoreCase("Accept: " + AtlasReplayServer.MEDIA_TYPE))));
            assertReadOnlyAndKeyNeverSent(s, o);
        }
    }

    @Test
    void dailySnapshotsKeptSevenDaysFail() throws Exception {
        try (AtlasReplayServer s = atlas(schedule(item("daily", 1, "days", 7), item("weekly", 1, "weeks", 4)),
                hourlySnapshots(Instant.now().minus(1, ChronoUnit.HOURS), "completed"))) {
            Outcome o = run(spec("checks: [schedule]"), ATLAS_URI, s.base(), KEYS);
            assertEquals(Status.FAIL, o.status());
            assertTrue(o.evidence().contains("keeps daily snapshots 7 days, fewer than 30"), o.evidence());
        }
    }

    @Test
    void onlyWeeklyPoliciesAreNoDailyPolicy() throws Exception {
        try (AtlasReplayServer s = atlas(schedule(item("weekly", 1, "weeks", 8)), List.of())) {
            Outcome o = run(spec("checks: [schedule]"), ATLAS_URI, s.base(), KEYS);
            assertEquals(Status.FAIL, o.status());
            assertTrue(o.evidence().contains("has no daily backup policy: only weekly kept 8 weeks"), o.evidence());
        }
    }

    @Test
    void aNewestCompletedSnapshotFiftyTwoHoursOldFails() throws Exception {
        try (AtlasReplayServer s = atlas(schedule(DAILY_30), hourlySnapshots(Instant.now().minus(52, ChronoUnit.HOURS), "completed"))) {
            Outcome o = run(spec("checks: [schedule, recent]"), ATLAS_URI, s.base(), KEYS);
            assertEquals(Status.FAIL, o.status());
            assertTrue(o.evidence().contains("newest completed snapshot is 52 h old"), o.evidence());
        }
    }

    @Test
    void aFailedLastSnapshotFails() throws Exception {
        try (AtlasReplayServer s = atlas(schedule(DAILY_30), hourlySnapshots(Instant.now().minus(30, ChronoUnit.MINUTES), "failed"))) {
            Outcome o = run(spec("checks: [schedule, recent]"), ATLAS_URI, s.base(), KEYS);
            assertEquals(Status.FAIL, o.status());
            assertTrue(o.evidence().contains("last snapshot") && o.evidence().contains("failed"), o.evidence());
        }
    }

    @Test
    void aRefusedKeyIsAnErrorNamingTheVariablesNeverTheKey() throws Exception {
        try (AtlasReplayServer s = atlas(schedule(DAILY_30), List.of())) {
            Outcome o = run(spec("checks: [schedule]"), ATLAS_URI, s.base(), "ATLAS_PUBLIC_KEY=" + PUBLIC_KEY,
                    "ATLAS_PRIVATE_KEY=wrong-" + PRIVATE_KEY, "ATLAS_PROJECT_ID=" + PROJECT);
            assertEquals(Status.ERROR, o.status());
            assertTrue(o.evidence().contains("answered 401 (UNAUTHORIZED): the key in ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY was refused"),
                    o.evidence());
            assertReadOnlyAndKeyNeverSent(s, o);
        }
    }

    @Test
    void aKeyWithoutTheProjectRoleIsAnErrorNamingTheRole() throws Exception {
        try (AtlasReplayServer s = new AtlasReplayServer(PUBLIC_KEY, PRIVATE_KEY)) {
            s.serve(CLUSTER_PATH, 403, AtlasReplayServer.error(403, "USER_CANNOT_ACCESS_ORGANIZATION_OR_GROUP", "Forbidden",
                    "The currently logged in user does not have access to this group."));
            Outcome o = run(spec("checks: [schedule], cluster: Cluster0"), ATLAS_URI, s.base(), KEYS);
            assertEquals(Status.ERROR, o.status());
            assertTrue(o.evidence().contains("give it the Project Read Only role on that project"), o.evidence());
        }
    }

    @Test
    void anUnknownProjectIsAnErrorNamingIt() throws Exception {
        try (AtlasReplayServer s = new AtlasReplayServer(PUBLIC_KEY, PRIVATE_KEY)) {
            s.serve(CLUSTER_PATH, 404, AtlasReplayServer.error(404, "GROUP_NOT_FOUND", "Not Found",
                    "No group with ID " + PROJECT + " exists."));
            Outcome o = run(spec("checks: [schedule], cluster: Cluster0"), ATLAS_URI, s.base(), KEYS);
            assertEquals(Status.ERROR, o.status());
            assertTrue(o.evidence().contains("404 (GROUP_NOT_FOUND): no project " + PROJECT), o.evidence());
        }
    }

    // --- the repository's own backups ---

    private void write(String file, String text) throws IOException {
        Path p = repo.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static String cronJob(String schedule, String script) {
        return """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: mongo-backup
                  namespace: data
                spec:
                  schedule: "%s"
                  concurrencyPolicy: Forbid
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: OnFailure
                          containers:
                            - name: dump
                              image: mongo:7.0
                              command: ["/bin/sh", "-ec"]
                              args:
                                - |
                                  %s
                              volumeMounts:
                                - {name: backups, mountPath: /backups}
                          volumes:
                            - name: backups
                              persistentVolumeClaim: {claimName: mongo-backups}
                """.formatted(schedule, script.replace("\n", "\n                      "));
    }

    private static final String DUMP_AND_PRUNE = "mongodump --uri \"$MONGODB_URI\" --oplog --gzip --archive=/backups/$(date +%F).gz\n"
            + "find /backups -name '*.gz' -mtime +29 -delete";

    @Test
    void aDailyMongodumpCronJobThatKeepsThirtyDaysPassesTheSchedule() throws Exception {
        write("k8s/mongo-backup.yaml", cronJob("0 3 * * *", DUMP_AND_PRUNE));
        Outcome o = run(spec("checks: [schedule]"), "mongodb://mongo.data.svc:27017/enterprise_rag", null);
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().contains("CronJob/mongo-backup container dump runs mongodump daily at 03:00 (0 3 * * *)"),
                o.evidence());
        Finding kept = o.findings().stream().filter(f -> f.message().contains("keeps 30 days")).findFirst().orElseThrow();
        assertEquals("k8s/mongo-backup.yaml", kept.file());
    }

    @Test
    void theRepositoryCannotShowTheLastRunSoRecentIsLeftToAPerson() throws Exception {
        write("k8s/mongo-backup.yaml", cronJob("0 3 * * *", DUMP_AND_PRUNE));
        Outcome o = run(spec("checks: [schedule, recent], verify: Confirm the newest dump is under 24 hours old"),
                "mongodb://mongo.data.svc:27017/enterprise_rag", null);
        assertEquals(Status.MANUAL, o.status(), o.evidence());
        assertTrue(o.evidence().contains("whether its last run succeeded recently is not visible in the repository"), o.evidence());
        assertTrue(o.evidence().endsWith("verify by hand: Confirm the newest dump is under 24 hours old"), o.evidence());
    }

    @Test
    void aWeeklyMongodumpFailsNamingTheScheduleLine() throws Exception {
        write("k8s/mongo-backup.yaml", cronJob("0 3 * * 0", DUMP_AND_PRUNE));
        Outcome o = run(spec("checks: [schedule]"), "mongodb://mongo.data.svc:27017/enterprise_rag", null);
        assertEquals(Status.FAIL, o.status());
        Finding f = o.findings().stream().filter(x -> x.status() == Status.FAIL).findFirst().orElseThrow();
        assertEquals("CronJob/mongo-backup container dump runs mongodump weekly (on sun) (0 3 * * 0), not daily", f.message());
        assertEquals("k8s/mongo-backup.yaml:7", f.where());
    }

    /** A pull request's CI, offline: the repository's weekly job still FAILs, and Atlas is never asked. */
    @Test
    void offlineTheRepositoryDecidesAndAtlasIsNotAsked() throws Exception {
        write("k8s/mongo-backup.yaml", cronJob("0 3 * * 0", DUMP_AND_PRUNE));
        try (AtlasReplayServer s = atlas(schedule(DAILY_30), hourlySnapshots(Instant.now(), "completed"))) {
            Map<TargetKind, String> values = new java.util.EnumMap<>(TargetKind.class);
            values.put(TargetKind.MONGODB, ATLAS_URI);
            values.put(TargetKind.ATLAS_API, s.base());
            try (SharedClients clients = new SharedClients()) {
                Outcome o = new MongoBackupsProbe().run(spec("checks: [schedule]"), new ProbeContext(ProbeKit.env(".env", KEYS),
                        repo, new Targets(values, List.of(), null, null), Duration.ofSeconds(10), clients, 0, null, true));
                assertEquals(Status.FAIL, o.status(), o.evidence());
                assertTrue(o.evidence().endsWith("; live part not run (--offline): atlas"), o.evidence());
            }
            assertTrue(s.requests().isEmpty(), "asked Atlas offline: " + s.requests());
        }
    }

    @Test
    void aDumpWithoutVisibleRetentionWarns() throws Exception {
        write("k8s/mongo-backup.yaml", cronJob("30 2 * * *",
                "mongodump --uri \"$MONGODB_URI\" --archive --gzip | aws s3 cp - s3://acme-backups/mongo/$(date +%F).gz"));
        Outcome o = run(spec("checks: [schedule]"), "mongodb://mongo.data.svc:27017/enterprise_rag", null);
        assertEquals(Status.WARN, o.status(), o.evidence());
        assertTrue(o.evidence().contains("how long its dumps are kept is not visible in the repository"), o.evidence());
    }

    @Test
    void aScriptThatOnlyMentionsMongodumpIsNoBackup() throws Exception {
        write("k8s/mongo-backup.yaml", cronJob("0 3 * * *", "echo 'TODO: run mongodump here' # mongodump later"));
        Outcome o = run(spec("checks: [schedule], verify: Confirm a daily backup with 30 days of retention"),
                "mongodb://mongo.data.svc:27017/enterprise_rag", null);
        assertEquals(Status.MANUAL, o.status(), o.evidence());
    }

    @Test
    void anOfeliaJobOnAComposeServiceIsABackup() throws Exception {
        write("docker-compose.yml", """
                services:
                  mongo:
                    image: mongo:7.0
                    labels:
                      ofelia.enabled: "true"
                      ofelia.job-exec.mongo-dump.schedule: "0 0 1 * * *"
                      ofelia.job-exec.mongo-dump.command: "sh -c 'mongodump --archive=/dump/db.gz --gzip && find /dump -mtime +34 -delete'"
                  ofelia:
                    image: mcuadros/ofelia:latest
                    command: daemon --docker
                """);
        Outcome o = run(spec("checks: [schedule]"), "mongodb://mongo:27017/enterprise_rag", null);
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().contains("ofelia job-exec mongo-dump runs mongodump daily at 01:00"), o.evidence());
    }

    private static String velero(String ttl, String namespaces) {
        return """
                apiVersion: velero.io/v1
                kind: Schedule
                metadata:
                  name: mongo-daily
                  namespace: velero
                spec:
                  schedule: "0 1 * * *"
                  template:
                    includedNamespaces: [%s]
                    snapshotVolumes: true
                    ttl: %s
                """.formatted(namespaces, ttl);
    }

    private static final String MONGO_STATEFULSET = """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: mongo
              namespace: data
            spec:
              serviceName: mongo
              replicas: 3
              template:
                spec:
                  containers:
                    - name: mongod
                      image: mongo:7.0
            """;

    @Test
    void aDailyVeleroScheduleOfMongosNamespaceKeptThirtyDaysPasses() throws Exception {
        write("k8s/mongo.yaml", MONGO_STATEFULSET);
        write("k8s/velero-schedule.yaml", velero("720h0m0s", "data"));
        Outcome o = run(spec("checks: [schedule]"), "mongodb://mongo.data.svc:27017/enterprise_rag", null);
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.findings().stream().anyMatch(f -> f.message().contains("with ttl 720h0m0s (30 days)")), o.findings().toString());
    }

    @Test
    void aVeleroTtlOfAWeekFailsNamingTheTtlLine() throws Exception {
        write("k8s/mongo.yaml", MONGO_STATEFULSET);
        write("k8s/velero-schedule.yaml", velero("168h", "data, api"));
        Outcome o = run(spec("checks: [schedule]"), "mongodb://mongo.data.svc:27017/enterprise_rag", null);
        assertEquals(Status.FAIL, o.status());
        Finding f = o.findings().stream().filter(x -> x.status() == Status.FAIL).findFirst().orElseThrow();
        assertEquals("k8s/velero-schedule.yaml:11", f.where());
        assertTrue(f.message().contains("ttl 168h: backups are kept 7 days, fewer than 30"), f.message());
    }

    @Test
    void aVeleroScheduleOfOtherNamespacesIsNoMongoBackup() throws Exception {
        write("k8s/mongo.yaml", MONGO_STATEFULSET);
        write("k8s/velero-schedule.yaml", velero("720h", "api, web"));
        Outcome o = run(spec("checks: [schedule], verify: Confirm it"), "mongodb://mongo.data.svc:27017/enterprise_rag", null);
        assertEquals(Status.MANUAL, o.status(), o.evidence());
    }

    @Test
    void nothingToReadIsManualWithWhatToVerify() throws Exception {
        Outcome o = run(spec("checks: [schedule, recent], verify: Open the backup system and confirm a daily snapshot"),
                ATLAS_URI, null, "MONGODB_URI=" + ATLAS_URI);
        assertEquals(Status.MANUAL, o.status());
        assertTrue(o.evidence().contains("no Atlas API key is set (ATLAS_PUBLIC_KEY and ATLAS_PRIVATE_KEY"), o.evidence());
        assertTrue(o.evidence().endsWith("verify by hand: Open the backup system and confirm a daily snapshot"), o.evidence());
    }

    @Test
    void withoutAKeyTheRepositoryDecides() throws Exception {
        write("k8s/mongo-backup.yaml", cronJob("0 3 * * 0", DUMP_AND_PRUNE));
        Outcome o = run(spec("checks: [schedule]"), ATLAS_URI, null, "MONGODB_URI=" + ATLAS_URI);
        assertEquals(Status.FAIL, o.status());
    }

    @Test
    void aWeeklyJobFailsEvenWhenAtlasIsUnreachable() throws Exception {
        write("k8s/mongo-backup.yaml", cronJob("0 3 * * 0", DUMP_AND_PRUNE));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Outcome o = run(spec("checks: [schedule], cluster: Cluster0"), ATLAS_URI, "http://127.0.0.1:" + port + "/api/atlas/v2", KEYS);
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().contains("not daily"), o.evidence());
        assertTrue(o.evidence().contains("undecided: Atlas API: connection refused"), o.evidence());
    }
}
