package dev.prodaudit.probe.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import dev.prodaudit.testing.ProbeKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule of {@code type: doc} on small repositories: what a reader would accept, and the false passes it must not. */
final class DocProbeTest {
    /** The head of the production checklist as a team copies it into docs/, every item ticked. */
    private static final String CHECKLIST_COPY = """
            # Production checklist (copied for tracking)
            - [x] **JWT secrets generated** - Use cryptographically secure random values (min 48 bytes)
            - [x] **Encryption key generated** - 32-byte hex key for token encryption
            - [x] **Notion webhook secret set** - For webhook signature verification
            - [x] **MongoDB backups** - Daily snapshots, 30-day retention
            - [x] **RTO defined** - Recovery Time Objective documented: 4 hours
            - [x] **RPO defined** - Recovery Point Objective documented: 24 hours
            - [x] **Recovery tested** - Quarterly restore tests
            - [x] **Runbooks created** - Step-by-step recovery procedures
            ## Documentation
            - [x] **Incident response** - Escalation procedures, on-call via PagerDuty
            - [x] **GDPR compliance** - Data processing documented: personal data to Azure OpenAI
            """;

    @TempDir
    Path repo;

    private void write(String relative, String text) throws IOException {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Outcome run(String params) throws Exception {
        return run(params, Env.empty());
    }

    private Outcome run(String params, Env env) throws Exception {
        DocSpec spec = ProbeKit.spec(DocProbe.class, params);
        try (SharedClients clients = new SharedClients()) {
            return new DocProbe().run(spec, new ProbeContext(env, repo, Targets.none(), Duration.ofSeconds(10), clients));
        }
    }

    private static Finding first(Outcome o, Status status) {
        return o.findings().stream().filter(f -> f.status() == status).findFirst().orElseThrow(() ->
                new AssertionError("no " + status + " finding in " + o));
    }

    // ---- RTO and RPO ----

    @Test
    void anRtoWithAUnitPassesAtItsLine() throws Exception {
        write("docs/disaster-recovery.md", "# Disaster recovery\n\nRTO: 4 hours for API and chat.\n");

        Outcome o = run("require: rto");

        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals("docs/disaster-recovery.md:3 states RTO 4 hours", o.evidence());
        assertEquals(3, first(o, Status.PASS).line());
    }

    @Test
    void rtoAndRpoMarkedTbdFailBothNamingTheLine() throws Exception {
        write("docs/operations.md", "# Operations\n## Recovery\nRTO / RPO: TBD\n");

        Outcome rto = run("require: rto");
        Outcome rpo = run("require: rpo");

        assertEquals(Status.FAIL, rto.status());
        assertEquals(Status.FAIL, rpo.status());
        assertTrue(rpo.evidence().startsWith("docs/operations.md:3 names the RPO as 'TBD'"), rpo.evidence());
        assertEquals("docs/operations.md", first(rto, Status.FAIL).file());
    }

    @Test
    void aTableRowAndAComparisonStateTheirObjectives() throws Exception {
        write("docs/dr.md", "| Objective | Target |\n|---|---|\n| RTO | 2 h |\n| RPO | 1 h |\n");
        write("README.md", "Recovery point: RPO <= 15m\n");

        assertEquals("docs/dr.md:3 states RTO 2 h", run("require: rto").evidence());
        Outcome rpo = run("require: rpo");
        assertEquals(Status.PASS, rpo.status(), rpo.evidence());
    }

    @Test
    void anUntickedChecklistLineStatesNothing() throws Exception {
        write("docs/todo.md", "# Before launch\n- [ ] RTO: 4 hours\n- [ ] RPO: 1 hour\n");

        Outcome o = run("require: rto");

        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().startsWith("no document states an RTO"), o.evidence());
    }

    @Test
    void aCopyOfTheProductionChecklistDoesNotCountEvenTicked() throws Exception {
        write("docs/production-checklist.md", CHECKLIST_COPY);

        for (String rule : new String[] {"rto", "rpo", "incident-response", "gdpr"}) {
            Outcome o = run("require: " + rule, ProbeKit.env(".env", "AZURE_OPENAI_API_KEY=k"));
            assertEquals(Status.FAIL, o.status(), rule + ": " + o.evidence());
            assertTrue(o.evidence().contains("not counted: docs/production-checklist.md (a copy of a checklist"),
                    rule + ": " + o.evidence());
        }
    }

    @Test
    void anRpoShorterThanTheDailyMongodumpCronJobWarnsNamingTheSchedule() throws Exception {
        write("docs/dr.md", "# DR\nRPO: 15 minutes\n");
        write("deploy/k8s/backup-cronjob.yaml", """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: mongo-backup}
                spec:
                  schedule: "0 2 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers:
                            - name: dump
                              image: mongo:7
                              command: ["sh", "-c", "mongodump --uri=$MONGODB_URI --archive --gzip"]
                """);

        Outcome o = run("require: rpo");

        assertEquals(Status.WARN, o.status(), o.evidence());
        assertTrue(o.evidence().contains("backups run every 1d (mongodump scheduled '0 2 * * *' at"
                + " deploy/k8s/backup-cronjob.yaml:5)"), o.evidence());
        assertEquals("docs/dr.md", first(o, Status.WARN).file());
    }

    @Test
    void anRpoShorterThanAComposeJobRunnersScheduleWarns() throws Exception {
        write("SECURITY.md", "RPO: 1 hour\n");
        write("docker-compose.backup.yml", """
                services:
                  mongo-backup:
                    image: mongo:7
                    command: ["sleep", "infinity"]
                    labels:
                      ofelia.enabled: "true"
                      ofelia.job-exec.dump.schedule: "@every 12h"
                      ofelia.job-exec.dump.command: "mongodump --archive=/backup/dump.gz --gzip"
                """);

        Outcome o = run("require: rpo");

        assertEquals(Status.WARN, o.status(), o.evidence());
        assertTrue(o.evidence().contains("backups run every 12h (mongodump scheduled '@every 12h' at"
                + " docker-compose.backup.yml:7)"), o.evidence());
    }

    @Test
    void anRpoOfADayMatchesDailyBackups() throws Exception {
        write("docs/dr.md", "# DR\nRPO: 24 hours. Daily backups at 02:00.\n");

        Outcome o = run("require: rpo");

        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().endsWith("backups every 1d (docs/dr.md:2)"), o.evidence());
    }

    /**
     * The terms and the backup cadence are looked for by a cheap word test before their regexes: they still count in
     * any letter case, spelt out or abbreviated.
     */
    @Test
    void objectivesAndBackupCadenceCountInAnyLetterCase() throws Exception {
        write("docs/dr.md", "# DR\nRecovery Time Objective: 4 Hours\nRecovery-Point-Objective: 12 HOURS\n"
                + "SNAPSHOTS are taken EVERY 6 HOURS.\n");

        assertEquals("docs/dr.md:2 states RTO 4 Hours", run("require: rto").evidence());
        Outcome rpo = run("require: rpo");
        assertEquals(Status.PASS, rpo.status(), rpo.evidence());
        assertTrue(rpo.evidence().endsWith("backups every 6h (docs/dr.md:4)"), rpo.evidence());
    }

    @Test
    void cronIntervals() {
        assertEquals(Duration.ofDays(1), BackupCadence.interval("0 2 * * *").orElseThrow());
        assertEquals(Duration.ofHours(6), BackupCadence.interval("15 */6 * * *").orElseThrow());
        assertEquals(Duration.ofMinutes(15), BackupCadence.interval("*/15 * * * *").orElseThrow());
        assertEquals(Duration.ofDays(7), BackupCadence.interval("0 3 * * 0").orElseThrow());
        assertEquals(Duration.ofHours(1), BackupCadence.interval("@hourly").orElseThrow());
    }

    // ---- incident response ----

    @Test
    void privilegeEscalationIsNotAnEscalationPath() throws Exception {
        write("docs/security.md", "# Security\n## Privilege escalation\nUsers cannot escalate to admin; incident"
                + " reports go to the team.\n");

        Outcome o = run("require: incident-response");

        assertEquals(Status.FAIL, o.status(), o.evidence());
    }

    @Test
    void anIncidentSectionWithoutContactsFailsAtItsHeading() throws Exception {
        write("docs/operations.md", "# Operations\n## Incident response\nEscalation: on-call engineer, then the lead.\n");

        Outcome o = run("require: incident-response");

        assertEquals(Status.FAIL, o.status());
        assertEquals("docs/operations.md:2 'Incident response' names no contact (e-mail, @handle, phone) or on-call"
                + " rotation", o.evidence());
    }

    @Test
    void anEscalationPathNamingAnEmailOrARotationPasses() throws Exception {
        write("docs/operations.md", "# Operations\n## Incident response\n1. Page the on-call engineer.\n"
                + "2. Escalate to the engineering lead, lead@example.com.\n");
        write("docs/on-call.md", "Primary rotation lives in PagerDuty (service enterprise-rag).\n");

        Outcome o = run("require: incident-response");

        assertEquals(Status.PASS, o.status(), o.evidence());
        Outcome byFile = run("require: incident-response, paths: ['docs/on-call.md']");
        assertEquals("docs/on-call.md:1 'on-call.md' names an on-call rotation on its escalation path", byFile.evidence());
    }

    // ---- GDPR ----

    @Test
    void aDataProcessingPipelineIsNotARecordOfProcessing() throws Exception {
        write("docs/architecture.md", "# Architecture\n## Data processing pipeline\nNotion pages are chunked and"
                + " embedded with Azure OpenAI.\n");

        Outcome o = run("require: gdpr", ProbeKit.env(".env", "AZURE_OPENAI_API_KEY=k"));

        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().startsWith("no record of processing"), o.evidence());
    }

    @Test
    void aRecordMissingSubProcessorsTheEnvFileConfiguresListsThem() throws Exception {
        write("docs/gdpr.md", "# Record of processing\nPersonal data: account data (names, e-mail addresses) and"
                + " conversations.\nSub-processors: Azure OpenAI, Notion.\n");
        Env env = ProbeKit.env(".env.production", "AZURE_OPENAI_API_KEY=k", "NOTION_CLIENT_ID=c",
                "RESEND_API_KEY=re_x", "SENTRY_DSN=https://k@o1.ingest.sentry.io/1", "LANGSMITH_API_KEY=ls",
                "LANGSMITH_ENABLED=false");

        Outcome o = run("require: gdpr", env);

        assertEquals(Status.FAIL, o.status());
        assertEquals("docs/gdpr.md:1 'gdpr.md' does not name the sub-processors Resend (RESEND_API_KEY is set),"
                + " Sentry (SENTRY_DSN is set)", o.evidence());
    }

    @Test
    void aRecordNamingThePersonalDataAndEverySubProcessorPasses() throws Exception {
        write("docs/compliance.md", "# Compliance\n## GDPR\nPersonal data: e-mail addresses, conversations.\n"
                + "Sub-processors: Microsoft (Azure OpenAI), Resend.\n");

        Outcome o = run("require: gdpr", ProbeKit.env(".env", "AZURE_OPENAI_ENDPOINT=https://x", "RESEND_API_KEY=r"));

        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals("docs/compliance.md:2 'GDPR' names the personal data processed and its sub-processors Azure"
                + " OpenAI, Resend", o.evidence());
    }

    // ---- runbooks ----

    @Test
    void aGitkeepBesideARealRunbookFailsNeitherRunbookCheck() throws Exception {
        write("docs/runbooks/.gitkeep", "");
        write("docs/runbooks/restore-mongodb.md", "# Restore MongoDB\n1. mongorestore --archive=...\n");

        assertEquals(Status.PASS, run("require: runbooks").status());
        Outcome restore = run("require: restore-runbook");
        assertEquals("docs/runbooks/restore-mongodb.md is a restore runbook", restore.evidence());
    }

    @Test
    void placeholdersAndEmptyFilesAreNoRunbooks() throws Exception {
        write("docs/runbooks/.gitkeep", "");
        write("docs/runbooks/deploy.md", "");

        Outcome o = run("require: runbooks");

        assertEquals(Status.FAIL, o.status());
        assertEquals("no runbook with content; not counted: docs/runbooks/.gitkeep (a placeholder),"
                + " docs/runbooks/deploy.md (empty)", o.evidence());
    }

    @Test
    void backupRunbooksNeedOneAboutRestoring() throws Exception {
        write("runbooks/rotate-jwt.md", "# Rotate the JWT secrets\n1. Generate...\n");

        assertEquals(Status.PASS, run("require: runbooks").status());
        Outcome o = run("require: restore-runbook");
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().contains("none about restoring"), o.evidence());
    }

    // ---- data retention ----

    @Test
    void aTtlIndexInAMongooseSchemaPasses() throws Exception {
        write("src/models/message.js", """
                const messageSchema = new Schema({ conversationId: ObjectId, createdAt: Date });
                messageSchema.index({ createdAt: 1 }, { expireAfterSeconds: 7776000 }); // 90 days
                module.exports = mongoose.model('Message', messageSchema);
                """);

        Outcome o = run("require: data-retention");

        assertEquals(Status.PASS, o.status());
        assertEquals("src/models/message.js:2 declares a TTL index on model 'Message' (expireAfterSeconds 7776000)",
                o.evidence());
    }

    @Test
    void anExpiresOnADateFieldPasses() throws Exception {
        write("src/models/session.ts", "const s = new Schema({\n  createdAt: { type: Date, default: Date.now,"
                + " expires: '90d' },\n});\n");

        Outcome o = run("require: data-retention");

        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals(2, first(o, Status.PASS).line());
    }

    @Test
    void aCookiesExpiresIsNoRetentionPolicy() throws Exception {
        write("src/routes/auth.js", "res.cookie('refresh', token, { httpOnly: true, secure: true,"
                + " expires: new Date(Date.now() + 7 * 864e5) });\n// expireAfterSeconds is TODO\n");

        Outcome o = run("require: data-retention");

        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().startsWith("no Mongoose schema declares a TTL"), o.evidence());
    }

    @Test
    void anUnknownRuleIsRejectedWhenTheCatalogueIsLoaded() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> ProbeKit.spec(DocProbe.class, "require: rto-and-rpo"));
        assertTrue(e.getMessage().contains("'require' must be one of rto, rpo"), e.getMessage());
    }
}
