package dev.prodaudit.probe.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.input.InputException;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import dev.prodaudit.testing.ProbeKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checkov style: per requirement a passing and a failing fixture repository (src/test/resources/workloads/&lt;rule&gt;),
 * with the exact set of workloads that pass, fail and are listed as third-party, each at its file:line.
 */
class WorkloadsProbeTest {
    private static final Path FIXTURES = Path.of("src", "test", "resources", "workloads");

    static Outcome run(String require, Path repo) throws InputException {
        try (SharedClients clients = new SharedClients()) {
            return new WorkloadsProbe().run(ProbeKit.spec(WorkloadsProbe.class, "require: " + require),
                    new ProbeContext(Env.empty(), repo, Targets.none(), Duration.ofSeconds(5), clients));
        }
    }

    /** "STATUS file:line" of each finding, sorted: which workloads passed, failed, were undecided or skipped. */
    static List<String> verdicts(Outcome o) {
        return o.findings().stream().map(f -> f.status() + " " + f.where()).sorted().toList();
    }

    private static Outcome fixture(String rule, String variant) throws InputException {
        return run(rule, FIXTURES.resolve(rule).resolve(variant));
    }

    private static void assertVerdicts(Outcome o, Status status, String... expected) {
        assertEquals(status, o.status(), o.evidence());
        assertEquals(List.of(expected).stream().sorted().toList(), verdicts(o), o.findings().toString());
    }

    private static boolean says(Outcome o, String where, String text) {
        return o.findings().stream().anyMatch(f -> where.equals(f.where()) && f.message().contains(text));
    }

    @Test
    void nonRootPassesWhenEveryApplicationImageRunsAsAUserIncludingADistrolessNonrootBase() throws Exception {
        Outcome o = fixture("nonRoot", "pass");
        assertVerdicts(o, Status.PASS, "PASS api/Dockerfile:8", "PASS worker/worker.Dockerfile:4", "SKIP docker-compose.yml:8");
        assertTrue(says(o, "docker-compose.yml:8", "third-party image redis:7 "), o.findings().toString());
    }

    /** The false PASS: the API has USER node, the worker image runs as root. */
    @Test
    void nonRootFailsForTheWorkerImageThatRunsAsRootWhileTheApiHasUserNode() throws Exception {
        Outcome o = fixture("nonRoot", "fail");
        assertVerdicts(o, Status.FAIL, "FAIL compose.yaml:4", "FAIL migrate/Dockerfile:4", "FAIL worker/Dockerfile:1",
                "SKIP compose.yaml:5");
        assertTrue(says(o, "worker/Dockerfile:1", "node:20-alpine runs as root by default"));
        assertTrue(says(o, "migrate/Dockerfile:4", "runs as root (user 0:0)"));
        assertTrue(says(o, "compose.yaml:4", "api (compose.yaml) runs as root"), "user: root overrides the image's USER node");
    }

    /**
     * The false FAIL, through the probe: a distroless :nonroot image whose Helm chart sets runAsNonRoot,
     * limits and probes in its values passes all four (charts/ is read, templates are rendered), and the kubelet
     * rotates container logs; the same chart with its probes disabled in values fails health checks.
     */
    @Test
    void aHelmChartIsJudgedThroughTheSameProbe() throws Exception {
        Path good = Path.of("src/test/resources/fixtures/kube/helm/good");
        for (String rule : List.of("nonRoot", "limits", "health", "logRotation")) {
            Outcome o = run(rule, good);
            assertEquals(Status.PASS, o.status(), rule + ": " + o.evidence() + " " + o.findings());
            assertTrue(o.findings().stream().allMatch(f -> f.where() != null), rule + ": every finding has file:line");
            assertTrue(o.findings().stream().anyMatch(f -> f.status() == Status.PASS
                            && f.where().startsWith("deploy/charts/api/templates/deployment.yaml:")
                            && f.message().startsWith("Deployment/release-name-api")),
                    rule + ": the chart's Deployment is judged at its template line: " + o.findings());
        }
        Outcome disabled = run("health", Path.of("src/test/resources/fixtures/kube/helm/probes-disabled"));
        assertEquals(Status.FAIL, disabled.status(), disabled.evidence());
    }

    @Test
    void limitsPassWithDeployLimitsOrMemLimitAndCpus() throws Exception {
        assertVerdicts(fixture("limits", "pass"), Status.PASS, "PASS docker-compose.yml:8", "PASS docker-compose.yml:12",
                "SKIP docker-compose.yml:13");
    }

    /** The false PASS: limits on the redis service alone. */
    @Test
    void limitsOnRedisAloneDoNotPassTheApplicationServices() throws Exception {
        Outcome o = fixture("limits", "fail");
        assertVerdicts(o, Status.FAIL, "FAIL docker-compose.yml:7", "FAIL docker-compose.yml:8", "SKIP docker-compose.yml:10");
        assertTrue(says(o, "docker-compose.yml:7", "memory limit (1g) but no CPU limit"));
    }

    @Test
    void healthPassesWithAHealthcheckInheritedFromAnEarlierStageOrInCompose() throws Exception {
        assertVerdicts(fixture("health", "pass"), Status.PASS, "PASS Dockerfile:2", "PASS docker-compose.yml:9",
                "SKIP docker-compose.yml:10");
    }

    /** The false PASS: HEALTHCHECK NONE; and Compose's disable: true and test: ["NONE"]. */
    @Test
    void healthcheckNoneDisableAndTestNoneAreNoHealthCheck() throws Exception {
        Outcome o = fixture("health", "fail");
        assertVerdicts(o, Status.FAIL, "FAIL Dockerfile:4", "FAIL docker-compose.yml:9", "FAIL docker-compose.yml:13");
    }

    @Test
    void logRotationPassesWithMaxSizeThroughAnAnchorOrTheLocalDriver() throws Exception {
        assertVerdicts(fixture("logRotation", "pass"), Status.PASS, "PASS docker-compose.yml:9", "PASS docker-compose.yml:13",
                "SKIP docker-compose.yml:14");
    }

    /** The false PASS: a "# TODO add max-size" comment. */
    @Test
    void aTodoCommentAboutMaxSizeIsNoRotation() throws Exception {
        Outcome o = fixture("logRotation", "fail");
        assertVerdicts(o, Status.FAIL, "FAIL docker-compose.yml:5", "FAIL docker-compose.yml:7", "SKIP docker-compose.yml:9");
    }

    @Test
    void structuredLoggingPassesWithWinstonJsonAndPinoPrettyOnlyInDevelopment() throws Exception {
        assertVerdicts(fixture("structuredLogging", "pass"), Status.PASS, "PASS api/src/logger.js:5",
                "PASS worker/src/log.ts:3", "SKIP web/Dockerfile:3");
    }

    /** The false PASS: winston only in the front end's package.json. */
    @Test
    void winstonInTheFrontEndDoesNotMakeTheApiLogJson() throws Exception {
        Outcome o = fixture("structuredLogging", "fail");
        assertVerdicts(o, Status.FAIL, "FAIL api/package.json", "FAIL worker/log.js:3");
    }

    @Test
    void noWorkloadAtAllIsAnErrorNotAPass(@org.junit.jupiter.api.io.TempDir Path empty) throws Exception {
        java.nio.file.Files.writeString(empty.resolve("README.md"), "# app\n");
        Outcome o = run("nonRoot", empty);
        assertEquals(Status.ERROR, o.status());
        assertEquals(WorkloadsProbe.NOTHING, o.evidence());
    }

    @Test
    void aUserFromTheEnvironmentIsUndecidedNeverAPass(@org.junit.jupiter.api.io.TempDir Path repo) throws Exception {
        java.nio.file.Files.writeString(repo.resolve("Dockerfile"), "ARG BASE\nFROM ${BASE}\nCMD [\"node\"]\n");
        java.nio.file.Files.writeString(repo.resolve("docker-compose.yml"), "services:\n  api:\n    build: .\n  worker:\n"
                + "    build: .\n    user: node\n");
        Outcome o = run("nonRoot", repo);
        assertEquals(Status.ERROR, o.status(), o.evidence());
        assertEquals(List.of("ERROR Dockerfile:2", "PASS docker-compose.yml:6"), verdicts(o));
        assertTrue(o.evidence().startsWith("part undecided: api (docker-compose.yml): FROM ${BASE} depends on BASE"), o.evidence());
    }

    @Test
    void onlyDockerfilesCannotPassLimits(@org.junit.jupiter.api.io.TempDir Path repo) throws Exception {
        java.nio.file.Files.writeString(repo.resolve("Dockerfile"), "FROM node:20\nUSER node\n");
        Outcome o = run("limits", repo);
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().contains("a Dockerfile cannot set them"), o.evidence());
    }
}
