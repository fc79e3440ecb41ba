package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodaudit.testing.MonitoringStack;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled run, against Debian's real monitoring servers: the audit writes its Prometheus report into
 * node_exporter's textfile folder and pushes it to a Pushgateway, Prometheus scrapes both, and the series arrive with
 * the report's values; --history says what changed since the previous run; every PromQL expression of the Grafana
 * dashboard in deploy/ answers from that Prometheus; the alert rules load and fire on a regression (promtool).
 */
class ScheduledRunTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void metricsArriveInPrometheusThroughTheTextfileCollectorAndThePushgateway(@TempDir Path tmp) throws Exception {
        MonitoringStack.assumeAvailable();
        Path project = Files.createDirectories(tmp.resolve("project"));
        Fixture f = Fixture.bad(project);
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("test CA")
                .duration(365, TimeUnit.DAYS).build();
        HeldCertificate leaf = new HeldCertificate.Builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .duration(10, TimeUnit.DAYS).signedBy(ca).build();
        Files.writeString(project.resolve("ca.pem"), ca.certificatePem(), StandardCharsets.US_ASCII);
        try (MonitoringStack stack = MonitoringStack.start(Files.createDirectories(tmp.resolve("stack")));
             MockWebServer https = new MockWebServer()) {
            https.useHttps(new HandshakeCertificates.Builder().heldCertificate(leaf, ca.certificate()).build().sslSocketFactory());
            for (int i = 0; i < 50; i++) {
                https.enqueue(new MockResponse.Builder().code(200).build());
            }
            https.start(InetAddress.getLoopbackAddress(), 0);
            String endpoint = "localhost:" + https.getPort();
            Files.writeString(project.resolve("audit.yaml"), "targets:\n  tls: ['" + endpoint + "']\n  caFile: ca.pem\n");
            Path prom = stack.textfileDir().resolve("prodaudit.prom");
            String[] args = {"run", "--only", "app.node-env,security.https-tls", "--no-progress", "--color", "never",
                    "--history", "history", "--history-keep", "2", "--report", "prometheus=" + prom,
                    "--push-gateway", stack.pushgatewayUrl(), "--environment", "staging"};

            // The previous run: NODE_ENV was production then.
            Path env = project.resolve(".env.production");
            String bad = Files.readString(env);
            Files.writeString(env, bad.replace("NODE_ENV=development", "NODE_ENV=production"));
            CliRun first = f.audit(args);
            assertFalse(first.out().contains("since the previous run"), "nothing to compare on the first run");
            Files.writeString(env, bad);
            CliRun second = f.audit(args);
            assertEquals("", second.err());
            assertTrue(second.out().contains("since the previous run (prodaudit-"), second.out());
            assertTrue(second.out().contains("1 check changed status\n  app.node-env PASS → FAIL\n"), second.out());

            String exposition = Files.readString(prom);
            MonitoringStack.ToolRun check = MonitoringStack.promtool(tmp, exposition, "check", "metrics");
            assertEquals(0, check.exitCode(), check.output());
            assertFalse(exposition.contains("development"), "no evidence text in the metrics");

            long notAfter = leaf.certificate().getNotAfter().toInstant().getEpochSecond();
            for (String source : List.of("job=\"node\"", "job=\"prodaudit\",instance=\"staging\"")) {
                assertEquals(1.0, value(stack, "prodaudit_check_status{" + source
                        + ",id=\"app.node-env\",section=\"Application Checklist\",severity=\"high\",status=\"FAIL\"}"));
                assertEquals(0.0, value(stack, "prodaudit_check_status{" + source + ",id=\"app.node-env\",status=\"PASS\"}"));
                assertEquals(1.0, value(stack, "prodaudit_changed_checks{" + source + "}"));
                assertEquals((double) notAfter, value(stack, "prodaudit_tls_cert_expiry_timestamp_seconds{" + source
                        + ",endpoint=\"" + endpoint + "\"}"));
                assertEquals(2.0, value(stack, "sum(prodaudit_checks{" + source + "})"));
                assertTrue(value(stack, "prodaudit_gating{" + source + "}") >= 1.0);
                assertTrue(value(stack, "prodaudit_last_run_timestamp_seconds{" + source + "}") > 1.7e9);
            }

            // Every panel of the dashboard queries series that exist.
            JsonNode dashboard = JSON.readTree(DEPLOY.resolve("grafana/prodaudit-dashboard.json").toFile());
            assertEquals("prodaudit", dashboard.path("uid").asText());
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique");
                assertFalse(panel.path("type").asText().isEmpty());
                assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("h"));
                assertFalse(panel.path("targets").isEmpty(), panel.path("title").asText());
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asText();
                    JsonNode result = stack.awaitQuery(expr, r -> r.size() > 0);
                    assertTrue(result.size() > 0, panel.path("title").asText() + ": " + expr);
                }
            }
            assertTrue(ids.size() >= 5);

            // A third run: history keeps two reports.
            f.audit(args);
            try (Stream<Path> kept = Files.list(project.resolve("history"))) {
                assertEquals(2, kept.filter(p -> p.getFileName().toString().endsWith(".json")).count());
            }
        }
    }

    @Test
    void aFailedPushIsAWarningAndChangesNeitherVerdictNorExitCode(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.bad(tmp);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun without = f.audit("run", "--only", "app.node-env", "--no-progress");
        CliRun pushed = f.audit("run", "--only", "app.node-env", "--no-progress",
                "--push-gateway", "http://127.0.0.1:" + closed);
        assertEquals(1, without.exitCode(), without.out());
        assertEquals(without.exitCode(), pushed.exitCode());
        assertEquals(without.out(), pushed.out());
        assertTrue(pushed.err().startsWith("warning: the metrics were not pushed to http://127.0.0.1:" + closed
                + "/metrics/job/prodaudit/instance/production: "), pushed.err());
        assertTrue(pushed.err().contains("(the verdict is unchanged)"), pushed.err());
    }

    /** A scheduled job configures it all in audit.yaml: offline, the Pushgateway, the environment and the history. */
    @Test
    void theScheduledRunsSettingsWorkFromAuditYaml(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.bad(tmp);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Files.writeString(tmp.resolve("audit.yaml"), """
                offline: true
                pushGateway: http://127.0.0.1:%d
                environment: staging
                history: {dir: audit-history, keep: 2}
                """.formatted(closed));
        for (int i = 0; i < 3; i++) {
            CliRun run = f.audit("run", "--only", "app.node-env,infra.redis-persistence", "--no-progress",
                    "--color", "never");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains("offline: 1 of 2 checks decided statically"), run.out());
            assertTrue(run.out().contains("SKIP    Redis persistence configured"), run.out());
            assertTrue(run.err().startsWith("warning: the metrics were not pushed to http://127.0.0.1:" + closed
                    + "/metrics/job/prodaudit/instance/staging: "), run.err());
        }
        try (Stream<Path> kept = Files.list(tmp.resolve("audit-history"))) {
            assertEquals(2, kept.filter(p -> p.getFileName().toString().endsWith(".json")).count());
        }
        Files.writeString(tmp.resolve("audit.yaml"), "history: {dir: audit-history, keep: 1}\n");
        CliRun bad = f.audit("run", "--only", "app.node-env", "--no-progress");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().startsWith("error: audit.yaml:1:"), bad.err());
        assertTrue(bad.err().contains("'keep' must be at least 2"), bad.err());
    }

    /** The JSON report of an offline run counts what was decided statically, as its schema (1.3) describes. */
    @Test
    void anOfflineJsonReportCountsWhatWasDecidedStatically(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.bad(tmp);
        CliRun run = f.audit("run", "--offline", "--format", "json", "--only",
                "app.node-env,infra.redis-persistence,monitoring.error-rate-alerts");
        JsonNode report = JSON.readTree(run.out());
        assertEquals("1.3", report.path("schemaVersion").asText());
        assertEquals(JSON.readTree("{\"decided\": 2, \"partly\": 1, \"notRun\": 1}"), report.at("/summary/offline"));
        com.networknt.schema.JsonSchema schema = com.networknt.schema.JsonSchemaFactory
                .getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(JSON.readTree(Path.of("schema/report.schema.json").toFile()));
        ((com.fasterxml.jackson.databind.node.ObjectNode) report).put("startedAt", "2026-12-02T05:00:00Z");
        assertEquals(Set.of(), schema.validate(report));
        CliRun online = f.audit("run", "--format", "json", "--only", "app.node-env");
        assertTrue(JSON.readTree(online.out()).at("/summary/offline").isMissingNode(), "only offline runs have it");
    }

    @Test
    void theAlertRulesLoadAndFireOnARegression() throws Exception {
        MonitoringStack.assumeAvailable();
        Path dir = DEPLOY.resolve("prometheus");
        MonitoringStack.ToolRun rules = MonitoringStack.promtool(dir, null, "check", "rules", "prodaudit-alerts.yml");
        assertEquals(0, rules.exitCode(), rules.output());
        assertTrue(rules.output().contains("SUCCESS: 4 rules found"), rules.output());
        // The test file expects ProdauditReadinessRegressed for security.cors an interval after it starts failing.
        MonitoringStack.ToolRun test = MonitoringStack.promtool(dir, null, "test", "rules", "prodaudit-alerts.test.yml");
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(Files.readString(dir.resolve("prodaudit-alerts.test.yml")).contains("alertname: ProdauditReadinessRegressed"));
    }

    /** The audit's own workload checks pass on its deploy/: the CronJob is non-root, limited, bounded and rotated. */
    @Test
    void theAuditsOwnWorkloadChecksPassOnItsDeployFolder(@TempDir Path tmp) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path to = repo.resolve("deploy").resolve(DEPLOY.relativize(file).toString());
                Files.createDirectories(to.getParent());
                Files.copy(file, to);
            }
        }
        CliRun run = Fixture.copy("good", tmp.resolve("unused")).audit("run", "--repo", repo.toString(), "--only",
                "infra.non-root-user,infra.resource-limits,infra.health-checks,infra.log-rotation", "--format", "json");
        JsonNode checks = JSON.readTree(run.out()).path("checks");
        assertEquals(4, checks.size(), run.out());
        for (JsonNode c : checks) {
            assertEquals("PASS", c.path("status").asText(), c.path("id").asText() + ": " + c.path("evidence").asText());
            assertTrue(c.path("evidence").asText().contains("CronJob/prodaudit"), c.path("evidence").asText());
        }
        // A job's deadline is its health check: without one, the CronJob has none.
        Path cronJob = repo.resolve("deploy/kubernetes/cronjob.yaml");
        Files.writeString(cronJob, Files.readString(cronJob).replaceAll("(?m)^\\s*activeDeadlineSeconds:.*\\n", ""));
        CliRun unbounded = Fixture.copy("good", tmp.resolve("unused2")).audit("run", "--repo", repo.toString(),
                "--only", "infra.health-checks", "--format", "json");
        JsonNode health = JSON.readTree(unbounded.out()).path("checks").get(0);
        assertEquals("FAIL", health.path("status").asText(), health.toString());
        assertTrue(health.path("evidence").asText().contains("CronJob/prodaudit has no health check"), health.toString());
    }

    private static double value(MonitoringStack stack, String promql) throws Exception {
        JsonNode result = stack.awaitQuery(promql, r -> r.size() == 1);
        return result.get(0).path("value").get(1).asDouble();
    }
}
