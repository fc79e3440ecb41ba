package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.testing.BuiltinCatalogue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodaudit.cli.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI run as a user runs it, on a GOOD and a BAD project (real env files, real git repositories),
 * with the status of every check asserted and whole reports compared to golden files.
 */
class EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** BAD's verdict for every automatic check: the audit must see each problem planted in the fixture. */
    private static final Map<String, String> BAD_EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("security.jwt-secrets", "FAIL"),
            Map.entry("security.encryption-key", "FAIL"),
            Map.entry("security.notion-webhook-secret", "FAIL"),
            Map.entry("security.azure-openai-key", "FAIL"),
            Map.entry("security.resend-key-encrypted", "FAIL"),
            Map.entry("security.env-files-excluded", "FAIL"),
            Map.entry("security.jwt-access-expiry", "FAIL"),
            Map.entry("security.jwt-refresh-expiry", "FAIL"),
            Map.entry("security.cors", "FAIL"),
            Map.entry("security.password-requirements", "FAIL"),
            Map.entry("security.websocket-secured", "FAIL"),
            Map.entry("security.tenant-isolation", "FAIL"),
            Map.entry("security.pii-masking", "FAIL"),
            Map.entry("infra.mongodb-auth", "FAIL"),
            Map.entry("infra.redis-password", "FAIL"),
            Map.entry("infra.qdrant-api-key", "FAIL"),
            Map.entry("infra.non-root-user", "FAIL"),
            Map.entry("infra.resource-limits", "FAIL"),
            Map.entry("infra.health-checks", "FAIL"),
            Map.entry("infra.log-rotation", "FAIL"),
            Map.entry("app.node-env", "FAIL"),
            Map.entry("app.debug-logging-disabled", "FAIL"),
            Map.entry("app.retrieval-tracing-disabled", "FAIL"),
            Map.entry("app.cache-enabled", "FAIL"),
            Map.entry("app.azure-openai-configured", "FAIL"),
            Map.entry("app.timeouts", "FAIL"),
            Map.entry("app.guardrails", "FAIL"),
            Map.entry("app.resend-api-key", "FAIL"),
            Map.entry("app.resend-from-email", "FAIL"),
            Map.entry("app.stale-job-recovery", "FAIL"),
            Map.entry("app.notion-rate-limit", "FAIL"),
            Map.entry("app.token-monitoring", "FAIL"),
            Map.entry("monitoring.structured-logging", "FAIL"),
            Map.entry("monitoring.error-tracking", "FAIL"),
            Map.entry("monitoring.llm-metrics", "FAIL"),
            // Unset variables whose documented app defaults are good: the audit says so and passes.
            Map.entry("monitoring.token-expiry-alerts", "PASS"),
            Map.entry("perf.chunk-filtering", "PASS"),
            Map.entry("perf.context-expansion", "PASS"),
            Map.entry("perf.embedding-concurrency", "FAIL"),
            Map.entry("perf.reranking", "FAIL"),
            Map.entry("perf.rag-cache", "FAIL"),
            Map.entry("perf.rerank-cache", "FAIL"),
            Map.entry("deploy.environment-validated", "FAIL"),
            Map.entry("backup.rto-defined", "FAIL"),
            Map.entry("backup.rpo-defined", "FAIL"),
            Map.entry("backup.recovery-tested", "FAIL"),
            Map.entry("backup.runbooks", "FAIL"),
            Map.entry("docs.architecture", "FAIL"),
            Map.entry("docs.runbooks", "FAIL"),
            Map.entry("docs.api-documented", "FAIL"),
            Map.entry("docs.incident-response", "FAIL"),
            Map.entry("compliance.gdpr", "FAIL"),
            Map.entry("compliance.data-retention", "FAIL"),
            Map.entry("compliance.privacy-policy", "FAIL"),
            // Reached over the network: the BAD live app (LiveApp.bad) answers like a hurried deploy.
            Map.entry("security.rate-limiting", "FAIL"),
            Map.entry("security.https-tls", "FAIL"),
            Map.entry("security.helmet-headers", "FAIL"),
            Map.entry("app.fallback-messages", "FAIL"),
            Map.entry("app.resend-domain-verified", "FAIL"),
            Map.entry("monitoring.request-tracing", "FAIL"),
            Map.entry("monitoring.health-endpoint", "FAIL"),
            Map.entry("monitoring.api-metrics", "FAIL"),
            Map.entry("perf.cdn", "FAIL"),
            Map.entry("deploy.health-check-passing", "FAIL"),
            // The BAD data stores: open MongoDB, Redis and Qdrant, wrongly set up.
            Map.entry("security.encryption-at-rest", "FAIL"),
            Map.entry("security.audit-logging", "FAIL"),
            Map.entry("infra.mongodb-replica-set", "FAIL"),
            Map.entry("infra.mongodb-indexes", "FAIL"),
            Map.entry("infra.redis-persistence", "FAIL"),
            Map.entry("infra.redis-memory-limits", "FAIL"),
            Map.entry("infra.qdrant-collection", "FAIL"),
            Map.entry("infra.qdrant-backups", "FAIL"),
            Map.entry("app.workers-running", "FAIL"),
            Map.entry("monitoring.queue-metrics", "FAIL"),
            Map.entry("deploy.workers-restarted", "FAIL"),
            // The lock pins lodash 4.17.15; the replayed registry (LiveApp) reports its high advisory.
            Map.entry("deploy.dependencies-updated", "FAIL"),
            Map.entry("deploy.cache-cleared", "FAIL"),
            Map.entry("backup.redis-backups", "FAIL"),
            Map.entry("backup.qdrant-backups", "FAIL"),
            Map.entry("deploy.database-migrations", "FAIL"),
            // The replayed GitHub API (LiveApp): the release's tests failed, its build was cancelled, no smoke test ran.
            Map.entry("deploy.tests-passing", "FAIL"),
            Map.entry("deploy.build-successful", "FAIL"),
            Map.entry("deploy.smoke-tests", "FAIL"),
            // No Atlas key, no mongodump job, no Velero Schedule: nothing shows a MongoDB backup, so a person must.
            Map.entry("infra.backup-strategy", "MANUAL"),
            Map.entry("backup.mongodb-backups", "MANUAL"),
            // BAD's Prometheus (LiveApp) loads a HighErrorRate that is `up == 0`, an unthresholded latency rule, no
            // disk or memory rule, and sends to no Alertmanager.
            Map.entry("monitoring.error-rate-alerts", "FAIL"),
            Map.entry("monitoring.latency-alerts", "FAIL"),
            Map.entry("monitoring.disk-memory-alerts", "FAIL")));

    /**
     * Automatic checks the GOOD project decides only in part, leaving the rest to a person: its ofelia mongodump job is
     * daily and keeps 35 days (the schedule passes), but whether the last run succeeded is not in the repository.
     */
    private static final Set<String> GOOD_LEFT_TO_A_PERSON = Set.of("backup.mongodb-backups");

    @Test
    void goodProjectPassesEveryAutomaticCheck(@TempDir Path tmp) throws Exception {
        try (LiveApp app = LiveApp.good()) {
            goodProjectPassesEveryAutomaticCheck(tmp, app);
        }
    }

    private void goodProjectPassesEveryAutomaticCheck(Path tmp, LiveApp app) throws Exception {
        Fixture good = Fixture.good(tmp);
        app.writeConfig(tmp);
        CliRun run = good.audit("run", "--format", "json");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        Map<String, String> statuses = statuses(JSON.readTree(run.out()));
        assertEquals(BuiltinCatalogue.load().size(), statuses.size());
        Map<String, String> automatic = new TreeMap<>();
        for (JsonNode c : JSON.readTree(run.out()).get("checks")) {
            if (c.get("probe").asText().equals("manual")) {
                assertEquals("MANUAL", c.get("status").asText(), c.get("id").asText());
            } else {
                automatic.put(c.get("id").asText(), c.get("status").asText());
            }
        }
        assertEquals(BAD_EXPECTED.keySet(), automatic.keySet(), "the automatic checks");
        automatic.forEach((id, status) -> assertEquals(GOOD_LEFT_TO_A_PERSON.contains(id) ? "MANUAL" : "PASS", status, id));
    }

    @Test
    void badProjectFailsWithEveryProblemAndItsRemedy(@TempDir Path tmp) throws Exception {
        try (LiveApp app = LiveApp.bad()) {
            badProjectFailsWithEveryProblemAndItsRemedy(tmp, app);
        }
    }

    private void badProjectFailsWithEveryProblemAndItsRemedy(Path tmp, LiveApp app) throws Exception {
        Fixture bad = Fixture.bad(tmp);
        app.writeConfig(tmp);
        CliRun run = bad.audit("run", "--format", "json");
        assertEquals(1, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(run.out());
        Map<String, String> automatic = new TreeMap<>();
        for (JsonNode c : report.get("checks")) {
            if (!c.get("probe").asText().equals("manual")) {
                automatic.put(c.get("id").asText(), c.get("status").asText());
            }
        }
        assertEquals(BAD_EXPECTED, automatic);
        assertEquals(1, report.get("summary").get("exitCode").asInt());

        CliRun text = bad.audit("run");
        assertEquals(1, text.exitCode());
        for (JsonNode c : report.get("checks")) {
            if (c.get("status").asText().equals("FAIL")) {
                String firstFixLine = c.get("remediation").asText().lines().findFirst().orElseThrow();
                assertTrue(text.out().contains("fix: " + firstFixLine), "remediation shown for " + c.get("id"));
            }
        }
    }

    /**
     * Read-only, end to end: every command MongoDB, Redis and Qdrant received during a full audit of the GOOD app
     * is a read. The allow-lists are written out here, independently of the probes' own lists.
     */
    @Test
    void aFullAuditOnlyReadsTheDataStores(@TempDir Path tmp) throws Exception {
        Set<String> mongoReads = Set.of("hello", "ismaster", "buildinfo", "ping", "saslstart", "saslcontinue", "endsessions",
                "listdatabases", "listindexes", "listcollections", "replsetgetstatus", "getcmdlineopts", "serverstatus", "find");
        Set<String> redisReads = Set.of("ping", "auth", "hello", "select", "client|setname", "client|list", "config|get", "info",
                "lastsave", "type", "exists", "llen", "zcard", "scard", "hlen", "hget", "hgetall", "scan", "pttl");
        Set<String> qdrantReads = Set.of("qdrant.Collections/List", "qdrant.Collections/Get", "qdrant.Snapshots/List",
                "qdrant.Qdrant/HealthCheck");
        try (LiveApp app = LiveApp.good()) {
            Fixture good = Fixture.good(tmp);
            app.writeConfig(tmp);
            Map<String, Long> before = app.redisCommandStats();
            assertEquals(0, good.audit("run").exitCode());
            Map<String, Long> redis = app.redisCommandsSince(before);
            redis.remove("info"); // the two commandstats snapshots themselves
            assertTrue(!redis.isEmpty() && redisReads.containsAll(redis.keySet()), "Redis received " + redis);
            List<String> mongo = app.mongoCommands().stream().map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList();
            assertTrue(!mongo.isEmpty() && mongoReads.containsAll(mongo), "MongoDB received " + mongo);
            assertTrue(!app.qdrantCalls().isEmpty() && qdrantReads.containsAll(app.qdrantCalls()), "Qdrant received " + app.qdrantCalls());
        }
    }

    @Test
    void everyReportFormatMatchesItsGoldenFile(@TempDir Path tmp) throws Exception {
        String version = Version.current();
        try (LiveApp goodApp = LiveApp.good(); LiveApp badApp = LiveApp.bad()) {
            Fixture good = Fixture.good(tmp.resolve("good"));
            goodApp.writeConfig(tmp.resolve("good"));
            Fixture bad = Fixture.bad(tmp.resolve("bad"));
            badApp.writeConfig(tmp.resolve("bad"));
            Golden.assertMatches("good.txt", Golden.normalize(good.audit("run").out(), version));
            Golden.assertMatches("bad.txt", Golden.normalize(bad.audit("run").out(), version));
            Golden.assertMatches("good.json", Golden.normalize(good.audit("run", "--format", "json").out(), version));
            Golden.assertMatches("bad.json", Golden.normalize(bad.audit("run", "--format", "json").out(), version));
            for (String format : List.of("junit", "sarif", "markdown", "html")) {
                String ext = Map.of("junit", "xml", "sarif", "sarif", "markdown", "md", "html", "html").get(format);
                Golden.assertMatches("good." + ext, Golden.normalize(good.audit("run", "--format", format).out(), version));
                Golden.assertMatches("bad." + ext, Golden.normalize(bad.audit("run", "--format", format).out(), version));
            }
        }
    }

    @Test
    void reportFlagWritesJsonBesideTheTextReport(@TempDir Path tmp) throws Exception {
        Fixture good = Fixture.good(tmp);
        CliRun run = good.audit("run", "--report", "json=out/audit.json", "--only", "backup.rto-defined,backup.rpo-defined,compliance.gdpr");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("result: OK"));
        JsonNode json = JSON.readTree(Files.readString(tmp.resolve("out/audit.json"), StandardCharsets.UTF_8));
        assertEquals(dev.prodaudit.report.JsonReporter.SCHEMA_VERSION, json.get("schemaVersion").asText());
        assertEquals(3, json.get("checks").size());

        CliRun toFile = good.audit("run", "--format", "json", "--output", "report.json", "--only", "app.node-env,app.timeouts");
        assertEquals("", toFile.out());
        assertEquals(2, JSON.readTree(tmp.resolve("report.json").toFile()).get("checks").size());
    }

    @Test
    void onlyAndSkipSelectByIdTagAndSection(@TempDir Path tmp) throws Exception {
        Fixture bad = Fixture.bad(tmp);
        assertEquals(Map.of("app.node-env", "FAIL"), statuses(json(bad, "--only", "app.node-env")));
        Map<String, String> security = statuses(json(bad, "--only", "Security Checklist"));
        assertEquals(18, security.size());
        assertTrue(security.keySet().stream().allMatch(id -> id.startsWith("security.")));
        assertEquals(security.keySet(), statuses(json(bad, "--only", "security.*")).keySet());
        // A word is an id prefix and a tag at once: "security" also selects checks tagged security.
        assertTrue(statuses(json(bad, "--only", "security")).containsKey("deploy.dependencies-updated"));
        Map<String, String> jwt = statuses(json(bad, "--only", "jwt"));
        assertTrue(jwt.containsKey("security.jwt-secrets") && jwt.containsKey("security.jwt-access-expiry"), jwt.toString());
        Map<String, String> withoutDocs = statuses(json(bad, "--skip", "Documentation,Compliance"));
        BuiltinCatalogue builtin = BuiltinCatalogue.load();
        assertEquals(builtin.size() - builtin.inSections("Documentation", "Compliance"), withoutDocs.size());
        assertEquals(builtin.withIdPrefix("security.") - 1, statuses(json(bad, "--only", "security.*", "--skip", "security.cors")).size());
    }

    @Test
    void failOnDecidesWhatGatesAndAllowErrorsReleasesErrors(@TempDir Path tmp) throws Exception {
        Fixture bad = Fixture.bad(tmp);
        // Only medium-severity failures selected: they gate at --fail-on medium, not at the default high.
        assertEquals(0, bad.audit("run", "--only", "app.debug-logging-disabled").exitCode());
        assertEquals(1, bad.audit("run", "--only", "app.debug-logging-disabled", "--fail-on", "medium").exitCode());
        assertEquals(0, bad.audit("run", "--fail-on", "none").exitCode());

        // Without any env file the env checks cannot decide: ERROR gates unless errors are allowed.
        Files.delete(tmp.resolve(".env.production"));
        CliRun errors = bad.audit("run", "--only", "app.node-env");
        assertEquals(1, errors.exitCode());
        assertTrue(errors.out().contains("ERROR"), errors.out());
        assertTrue(errors.out().contains("no env file found (looked for .env.production, .env)"), errors.out());
        assertEquals(0, bad.audit("run", "--only", "app.node-env", "--allow-errors").exitCode());
    }

    @Test
    void configDisablesChecksChangesSeverityAndOverridesProbeParameters(@TempDir Path tmp) throws Exception {
        Fixture bad = Fixture.bad(tmp);
        Files.writeString(tmp.resolve("audit.yaml"), """
                failOn: critical
                checks:
                  app.node-env:
                    enabled: false
                  app.debug-logging-disabled:
                    severity: critical
                    probe:
                      vars:
                        LOG_LEVEL: {oneOf: [debug, info]}
                  security.jwt-access-expiry:
                    probe:
                      vars:
                        JWT_ACCESS_EXPIRY: {duration: {max: 1d}}
                """);
        JsonNode report = json(bad, "--only", "app.node-env,app.debug-logging-disabled,security.jwt-access-expiry");
        Map<String, String> statuses = statuses(report);
        assertEquals("SKIP", statuses.get("app.node-env"));
        assertEquals("PASS", statuses.get("app.debug-logging-disabled"));
        assertEquals("PASS", statuses.get("security.jwt-access-expiry"));
        assertEquals("critical", report.get("config").get("failOn").asText());
        for (JsonNode c : report.get("checks")) {
            if (c.get("id").asText().equals("app.debug-logging-disabled")) {
                assertEquals("critical", c.get("severity").asText());
            }
        }
    }

    @Test
    void listShowsEverySeedItemAndExplainShowsOne(@TempDir Path tmp) throws Exception {
        Fixture good = Fixture.good(tmp);
        CliRun list = good.audit("list");
        assertEquals(0, list.exitCode());
        BuiltinCatalogue builtin = BuiltinCatalogue.load();
        assertTrue(list.out().contains(builtin.size() + " checks (" + builtin.automatic() + " automatic, " + builtin.manual() + " manual)"),
                list.out());
        CliRun explain = good.audit("explain", "security.jwt-secrets");
        assertEquals(0, explain.exitCode());
        assertTrue(explain.out().contains("openssl rand -base64 48"));
        assertTrue(explain.out().contains("type: env"));
        CliRun typo = good.audit("explain", "security.jwt-secret");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("did you mean 'security.jwt-secrets'?"), typo.err());
    }

    private static JsonNode json(Fixture f, String... selection) throws Exception {
        String[] args = new String[selection.length + 3];
        args[0] = "run";
        args[1] = "--format";
        args[2] = "json";
        System.arraycopy(selection, 0, args, 3, selection.length);
        CliRun run = f.audit(args);
        assertEquals("", run.err());
        return JSON.readTree(run.out());
    }

    private static Map<String, String> statuses(JsonNode report) {
        Map<String, String> out = new LinkedHashMap<>();
        report.get("checks").forEach(c -> out.put(c.get("id").asText(), c.get("status").asText()));
        return out;
    }
}
