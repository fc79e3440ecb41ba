package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole deployment repositories, committed as git repositories and audited through the CLI: a Compose deployment
 * (API and worker images built here, redis and mongo pulled) and a Helm deployment (a distroless :nonroot image
 * whose chart sets the security context, limits and probes in its values), each in a good and a bad variant. The
 * workload checks must agree with what a reviewer of those files would say, workload by workload.
 */
final class DeploymentRepositoriesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> WORKLOAD_CHECKS = List.of("infra.non-root-user", "infra.resource-limits",
            "infra.health-checks", "infra.log-rotation", "monitoring.structured-logging");

    @Test
    void aComposeDeploymentThatHoldsPassesEveryWorkloadCheck(@TempDir Path tmp) throws Exception {
        Map<String, JsonNode> checks = audit("deployments/compose-good", tmp);
        for (String id : WORKLOAD_CHECKS) {
            assertEquals("PASS", checks.get(id).get("status").asText(), id + ": " + checks.get(id));
        }
        // Each application service is judged where it is declared; redis and mongo are listed, not judged.
        assertTrue(findings(checks.get("infra.resource-limits")).contains("SKIP docker-compose.yml:23"),
                checks.get("infra.resource-limits").toString());
    }

    @Test
    void aComposeDeploymentWithTheIssuesFalsePassesFailsEachForTheRightWorkload(@TempDir Path tmp) throws Exception {
        Map<String, JsonNode> checks = audit("deployments/compose-bad", tmp);
        for (String id : WORKLOAD_CHECKS) {
            assertEquals("FAIL", checks.get(id).get("status").asText(), id + ": " + checks.get(id));
        }
        // The worker image runs as root although the API has USER node.
        assertTrue(findings(checks.get("infra.non-root-user")).contains("FAIL worker/Dockerfile:1"),
                checks.get("infra.non-root-user").toString());
        // HEALTHCHECK NONE is no health check.
        assertTrue(checks.get("infra.health-checks").toString().contains("api"), checks.get("infra.health-checks").toString());
        // Limits on redis alone do not cover the application services.
        assertTrue(findings(checks.get("infra.resource-limits")).contains("FAIL docker-compose.yml:2"),
                checks.get("infra.resource-limits").toString());
    }

    @Test
    void aHelmDeploymentOfADistrolessNonrootImagePassesAndOneWithoutProbesFails(@TempDir Path tmp) throws Exception {
        Map<String, JsonNode> good = audit("kube/helm/good", tmp.resolve("good"));
        for (String id : WORKLOAD_CHECKS.subList(0, 4)) {
            assertEquals("PASS", good.get(id).get("status").asText(), id + ": " + good.get(id));
        }
        Map<String, JsonNode> withoutProbes = audit("kube/helm/probes-disabled", tmp.resolve("bad"));
        assertEquals("FAIL", withoutProbes.get("infra.health-checks").get("status").asText(),
                withoutProbes.get("infra.health-checks").toString());
    }

    /** The fixture committed as a repository, audited for the workload checks; each check's JSON by id. */
    private static Map<String, JsonNode> audit(String fixture, Path target) throws Exception {
        Fixture f = Fixture.copy(fixture, target);
        f.git("init", "-q");
        f.git("add", "-A");
        f.git("commit", "-q", "-m", "deployment");
        CliRun run = f.audit("run", "--format", "json", "--only", String.join(",", WORKLOAD_CHECKS), "--no-progress");
        JsonNode report = JSON.readTree(run.out());
        Map<String, JsonNode> checks = new LinkedHashMap<>();
        for (JsonNode c : report.get("checks")) {
            checks.put(c.get("id").asText(), c);
        }
        assertEquals(WORKLOAD_CHECKS.size(), checks.size(), run.out() + run.err());
        return checks;
    }

    private static List<String> findings(JsonNode check) {
        return java.util.stream.StreamSupport.stream(check.get("findings").spliterator(), false)
                .map(f -> f.get("status").asText() + " " + f.path("file").asText() + ":" + f.path("line").asText())
                .toList();
    }
}
