package dev.prodaudit.probe.alerts;

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
import dev.prodaudit.testing.MonitoringServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerting checks against Debian's real Prometheus 2.42 and Alertmanager 0.25, and rule files in a repository. */
class AlertRulesProbeTest {

    static final String GOOD_RULES = """
            groups:
            - name: api
              rules:
              - alert: ApiHighErrorRate
                expr: sum(rate(http_requests_total{job="api",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="api"}[5m])) > 0.02
                for: 5m
              - alert: ChatSlow
                expr: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route="/chat"}[5m]))) > 30
                for: 10m
            - name: infra
              rules:
              - alert: VolumeFillingUp
                expr: node_filesystem_avail_bytes{fstype!=""} / node_filesystem_size_bytes{fstype!=""} < 0.2
              - alert: RedisMemoryHigh
                expr: redis_memory_used_bytes / redis_memory_max_bytes > 0.8
            """;

    static final String NAME_ONLY_RULES = """
            groups:
            - name: api
              rules:
              - alert: HighErrorRate
                expr: up{job="api"} == 0
              - alert: HighLatency
                expr: histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))
            """;

    static final String WEBHOOK_RECEIVER = """
            route:
              receiver: oncall
            receivers:
            - name: oncall
              webhook_configs:
              - url: http://127.0.0.1:9/hook
            """;

    static final String BLACK_HOLE = """
            route:
              receiver: nobody
            receivers:
            - name: nobody
            """;

    @TempDir
    Path repo;

    @BeforeAll
    static void servers() {
        MonitoringServers.assumeAvailable();
    }

    private Outcome run(List<String> require, String prometheus, String alertmanager) {
        Map<TargetKind, String> values = new EnumMap<>(TargetKind.class);
        if (prometheus != null) {
            values.put(TargetKind.PROMETHEUS, prometheus);
        }
        if (alertmanager != null) {
            values.put(TargetKind.ALERTMANAGER, alertmanager);
        }
        try (SharedClients clients = new SharedClients()) {
            return new AlertRulesProbe().run(new AlertRulesSpec(require), new ProbeContext(Env.empty(), repo,
                    new Targets(values, List.of(), null, null), Duration.ofSeconds(10), clients));
        }
    }

    @Test
    void loadedRulesThatWatchEachSignalWithAnAlertmanagerThatNotifiesPass(@TempDir Path dir) throws Exception {
        try (var am = MonitoringServers.alertmanager(dir, WEBHOOK_RECEIVER);
             var prom = MonitoringServers.prometheus(dir, GOOD_RULES, "127.0.0.1:" + am.port());
             var proxy = new MonitoringServers.Proxy(prom.url())) {
            Outcome errors = run(List.of("error-rate"), proxy.url(), null);
            assertEquals(Status.PASS, errors.status(), errors.evidence());
            assertTrue(errors.evidence().startsWith("Prometheus " + proxy.url() + " alerting rule api/ApiHighErrorRate: "
                    + "rate(http_requests_total{job=\"api\",status=~\"5..\"}[5m]) as a share of all requests > 0.02"),
                    errors.evidence());
            assertTrue(errors.findings().stream().anyMatch(f -> f.message().equals("Alertmanager http://127.0.0.1:"
                    + am.port() + " routes alerts to receiver 'oncall' (webhook)")), errors.findings().toString());
            Outcome latency = run(List.of("latency"), proxy.url(), am.url());
            assertEquals(Status.PASS, latency.status(), latency.evidence());
            assertTrue(latency.evidence().contains("api/ChatSlow: p95 of http_request_duration_seconds"), latency.evidence());
            Outcome diskMemory = run(List.of("disk", "memory"), proxy.url(), null);
            assertEquals(Status.PASS, diskMemory.status(), diskMemory.evidence());
            assertTrue(diskMemory.findings().stream().anyMatch(f -> f.message().contains("infra/RedisMemoryHigh")));
            assertTrue(diskMemory.findings().stream().anyMatch(f -> f.message().contains("infra/VolumeFillingUp")));
            assertTrue(proxy.requests().stream().allMatch(r -> r.startsWith("GET ")), proxy.requests().toString());
            assertTrue(proxy.requests().contains("GET /api/v1/rules?type=alert"), proxy.requests().toString());
        }
    }

    @Test
    void aRuleNamedForTheSignalWhoseExpressionDoesNotWatchItFails(@TempDir Path dir) throws Exception {
        try (var am = MonitoringServers.alertmanager(dir, WEBHOOK_RECEIVER);
             var prom = MonitoringServers.prometheus(dir, NAME_ONLY_RULES, "127.0.0.1:" + am.port())) {
            Outcome errors = run(List.of("error-rate"), prom.url(), null);
            assertEquals(Status.FAIL, errors.status());
            assertEquals("no alerting rule loaded in Prometheus " + prom.url() + " watches the 5xx error rate "
                    + "(2 alerting rules read): HighErrorRate is named for it but its expression (up{job=\"api\"} == 0) "
                    + "does not watch it", errors.evidence());
            Outcome latency = run(List.of("latency"), prom.url(), null);
            assertEquals(Status.FAIL, latency.status());
            assertTrue(latency.evidence().contains("HighLatency reads p95 of http_request_duration_seconds "
                    + "(histogram_quantile over rate of http_request_duration_seconds_bucket) with no threshold (it fires "
                    + "for every series: not a threshold alert)"), latency.evidence());
        }
    }

    /**
     * A rule Prometheus loaded but cannot evaluate (its label_replace regex is compiled only at evaluation) never
     * fires: it does not count, and the evidence says why with Prometheus's own lastError.
     */
    @Test
    void aLoadedRuleThatFailsToEvaluateDoesNotCount(@TempDir Path dir) throws Exception {
        String rules = """
                groups:
                - name: api
                  rules:
                  - alert: ApiHighErrorRate
                    expr: sum(rate(http_requests_total{job="api",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="api"}[5m])) > 0.02 or label_replace(vector(1), "a", "$1", "b", "(")
                """;
        try (var am = MonitoringServers.alertmanager(dir, WEBHOOK_RECEIVER);
             var prom = MonitoringServers.prometheus(dir, rules, "127.0.0.1:" + am.port())) {
            MonitoringServers.awaitRuleHealth(prom, "err");
            Outcome o = run(List.of("error-rate"), prom.url(), null);
            assertEquals(Status.FAIL, o.status(), o.evidence());
            assertTrue(o.evidence().contains("ApiHighErrorRate"), o.evidence());
            assertTrue(o.evidence().contains("invalid regular expression in label_replace()"), o.evidence());
        }
    }

    @Test
    void aPrometheusWithoutAlertmanagerFails(@TempDir Path dir) throws Exception {
        try (var prom = MonitoringServers.prometheus(dir, GOOD_RULES, null)) {
            Outcome o = run(List.of("error-rate"), prom.url(), null);
            assertEquals(Status.FAIL, o.status());
            assertEquals("Prometheus " + prom.url() + " has no active Alertmanager: its alerts notify no one "
                    + "(alerting.alertmanagers in prometheus.yml)", o.evidence());
        }
    }

    @Test
    void anAlertmanagerWhoseReceiverHasNoNotifierFails(@TempDir Path dir) throws Exception {
        try (var am = MonitoringServers.alertmanager(dir, BLACK_HOLE);
             var prom = MonitoringServers.prometheus(dir, GOOD_RULES, "127.0.0.1:" + am.port())) {
            Outcome o = run(List.of("error-rate"), prom.url(), am.url());
            assertEquals(Status.FAIL, o.status());
            assertEquals("Alertmanager " + am.url() + ": the route's receiver 'nobody' has no notifier (no email, slack, "
                    + "pagerduty, webhook... config): alerts go nowhere", o.evidence());
        }
    }

    @Test
    void aPrometheusRuleManifestInTheRepositoryIsWrittenButNotConfirmedLoaded() throws IOException {
        Files.createDirectories(repo.resolve("deploy/k8s"));
        Files.writeString(repo.resolve("deploy/k8s/alerts.yaml"), """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: api-alerts
                spec:
                  groups:
                  - name: api
                    rules:
                    - alert: Api5xx
                      expr: |
                        sum(rate(http_requests_total{code=~"5.."}[5m]))
                          / sum(rate(http_requests_total[5m])) > 0.05
                      for: 5m
                """);
        Outcome o = run(List.of("error-rate"), null, null);
        assertEquals(Status.WARN, o.status());
        assertEquals("alerting rule Api5xx at deploy/k8s/alerts.yaml:9: rate(http_requests_total{code=~\"5..\"}[5m]) "
                + "as a share of all requests > 0.05; written, but not confirmed loaded: no Prometheus configured "
                + "(set PROMETHEUS_URL)", o.evidence());
        Finding f = o.findings().get(0);
        assertEquals("deploy/k8s/alerts.yaml:9", f.where());
        Outcome latency = run(List.of("latency"), null, null);
        assertEquals(Status.FAIL, latency.status());
        assertTrue(latency.evidence().startsWith("no alerting rule watches the request latency: none among the "
                + "repository's 1 alerting rule, and no Prometheus is configured"), latency.evidence());
    }

    @Test
    void brokenPromqlInTheRepositoryFailsAtItsFileLineAndColumn() throws IOException {
        Files.writeString(repo.resolve("rules.yml"), """
                groups:
                - name: api
                  rules:
                  - alert: Api5xx
                    expr: |
                      sum(rate(http_requests_total{status=~"5.."}[5m])
                        / sum(rate(http_requests_total[5m])) > 0.05
                """);
        Outcome o = run(List.of("error-rate"), null, null);
        assertEquals(Status.FAIL, o.status());
        Finding broken = o.findings().stream().filter(f -> f.message().contains("invalid PromQL")).findFirst().orElseThrow();
        assertEquals("rules.yml:7:52: alert Api5xx: invalid PromQL: unexpected end of input: unclosed left parenthesis "
                + "(Prometheus refuses to load this rule file)", broken.message());
        assertEquals("rules.yml:4", broken.where());
    }

    @Test
    void anUnreachablePrometheusIsAnErrorUnlessTheRepositoryAlreadyFails() throws IOException {
        String nothing = "http://127.0.0.1:" + MonitoringServers.freePort();
        Outcome unreachable = run(List.of("error-rate"), nothing, null);
        assertEquals(Status.ERROR, unreachable.status());
        assertTrue(unreachable.evidence().startsWith("Prometheus " + nothing + ": "), unreachable.evidence());
        Files.writeString(repo.resolve("rules.yml"), "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: rate(x) > 1\n");
        Outcome failed = run(List.of("error-rate"), nothing, null);
        assertEquals(Status.FAIL, failed.status());
        assertTrue(failed.evidence().startsWith("rules.yml:5:16: alert A: invalid PromQL: expected type range vector"),
                failed.evidence());
        assertTrue(failed.evidence().contains("; undecided: Prometheus " + nothing), failed.evidence());
    }

    /**
     * Offline, the configured Prometheus is not asked: the repository's rules decide as when none is configured (a
     * rule that watches the signal is written but not confirmed loaded), and the evidence says what was left out.
     */
    @Test
    void offlineTheRepositoryRulesDecideAndPrometheusIsNotAsked() throws IOException {
        Files.writeString(repo.resolve("alerts.yml"), GOOD_RULES);
        String nothing = "http://127.0.0.1:" + MonitoringServers.freePort();
        Map<TargetKind, String> values = new EnumMap<>(TargetKind.class);
        values.put(TargetKind.PROMETHEUS, nothing);
        try (SharedClients clients = new SharedClients()) {
            Outcome o = new AlertRulesProbe().run(new AlertRulesSpec(List.of("error-rate")), new ProbeContext(Env.empty(),
                    repo, new Targets(values, List.of(), null, null), Duration.ofSeconds(10), clients, 0, null, true));
            assertEquals(Status.WARN, o.status(), o.evidence());
            assertTrue(o.evidence().contains("ApiHighErrorRate"), o.evidence());
            assertTrue(o.evidence().endsWith("; live part not run (--offline): prometheus, alertmanager"), o.evidence());
        }
    }

    @Test
    void anAlwaysFiringRuleInTheRepositoryIsNoThresholdAlert() throws IOException {
        Files.writeString(repo.resolve("rules.yml"), NAME_ONLY_RULES);
        Outcome o = run(List.of("latency"), null, null);
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().endsWith("HighLatency at rules.yml:6 has no threshold (it fires for every series)"),
                o.evidence());
        assertFalse(o.evidence().contains("HighErrorRate"));
    }
}
