package dev.prodaudit.probe.ci;

import static dev.prodaudit.probe.ci.CiReplayServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.CiSettings;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Deployment;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI probe against a replay of GitLab's REST API (bodies as in the Pipelines and Jobs API reference): the
 * pipelines of the release SHA, their jobs, and the pipeline's test report.
 */
class GitLabCiTest {
    static final String TOKEN = "glpat-CiProbeTokenDoNotLeak01";
    static final String SHA = "a91957a858320c0e17f3a0eca7cfacbff50ea29a";
    private static final String PROJECT = "/projects/acme%2Fplatform%2Frag-api";
    private static final String PIPELINES = PROJECT + "/pipelines?sha=" + SHA + "&order_by=id&sort=desc&per_page=100";

    @TempDir
    Path repo;
    private CiReplayServer gl;

    @BeforeEach
    void start() throws Exception {
        gl = CiReplayServer.gitlab();
    }

    @AfterEach
    void stop() {
        gl.close();
    }

    private Outcome run(String stage, Map<String, String> env) {
        try (SharedClients clients = new SharedClients()) {
            ProbeContext ctx = new ProbeContext(Env.of(List.of(), env, Set.of(), List.of()), repo,
                    new Targets(Map.of(), List.of(), null, null), Duration.ofSeconds(10), clients, 0,
                    new Deployment(null, SHA, "https://gitlab.example.com/acme/platform/rag-api.git", "main"),
                    new CiSettings(null, null, gl.base(), null));
            return new CiProbe().run(new CiSpec(stage), ctx);
        }
    }

    static String pipeline(long id) {
        return """
                {"id": %d, "iid": 12, "project_id": 1, "status": "success", "source": "push", "ref": "main",
                 "sha": "%s", "name": "Build pipeline", "web_url": "https://gitlab.example.com/acme/platform/rag-api/-/pipelines/%d",
                 "created_at": "2016-08-11T11:28:34.085Z", "updated_at": "2016-08-11T11:32:35.169Z"}"""
                .formatted(id, SHA, id);
    }

    static String job(long id, String name, String stage, String status, boolean allowFailure) {
        return """
                {"commit": {"author_email": "admin@example.com", "author_name": "Administrator",
                   "created_at": "2015-12-24T16:51:14.000+01:00", "id": "%s", "message": "Test the CI integration.",
                   "short_id": "%s", "title": "Test the CI integration."},
                 "coverage": null, "archived": false, "allow_failure": %s, "created_at": "2015-12-24T15:51:21.802Z",
                 "started_at": "2015-12-24T17:54:27.722Z", "finished_at": "2015-12-24T17:54:27.895Z",
                 "erased_at": null, "duration": 0.173, "queued_duration": 0.010, "artifacts_expire_at": null,
                 "tag_list": ["docker runner", "ubuntu18"], "id": %d, "name": "%s",
                 "pipeline": {"id": 6, "project_id": 1, "ref": "main", "sha": "%s", "status": "pending"},
                 "ref": "main", "artifacts": [], "runner": null, "stage": "%s", "status": "%s",
                 "failure_reason": %s, "tag": false,
                 "web_url": "https://gitlab.example.com/acme/platform/rag-api/-/jobs/%d",
                 "project": {"ci_job_token_scope_enabled": false},
                 "user": {"id": 1, "name": "Administrator", "username": "root", "state": "active"}}"""
                .formatted(SHA, SHA.substring(0, 8), allowFailure, id, name, SHA, stage, status,
                        status.equals("failed") ? "\"script_failure\"" : "null", id);
    }

    static String testReport(int total, int failed, int errors, String failingSuite) {
        return """
                {"total_time": 5, "total_count": %d, "success_count": %d, "failed_count": %d, "skipped_count": 0,
                 "error_count": %d, "test_suites": [
                   {"name": "Secure", "total_time": 5, "total_count": 1, "success_count": 1, "failed_count": 0,
                    "skipped_count": 0, "error_count": 0, "test_cases": [
                      {"status": "success", "name": "Security Reports can create an auto-remediation MR",
                       "classname": "vulnerability_management_spec", "execution_time": 5, "system_output": null,
                       "stack_trace": null}]},
                   {"name": "%s", "total_time": 0, "total_count": %d, "success_count": %d, "failed_count": %d,
                    "skipped_count": 0, "error_count": %d, "test_cases": [
                      {"status": "failed", "name": "tenant isolation rejects a foreign workspace id",
                       "classname": "workspaces.spec", "execution_time": 0.2,
                       "system_output": "Failure/Error: expected 403, got 200", "stack_trace": null}]}]}"""
                .formatted(total, total - failed - errors, failed, errors, failingSuite, total - 1,
                        total - 1 - failed - errors, failed, errors);
    }

    private void pipelines(String... jobs) {
        gl.route(PIPELINES, json(200, "[" + pipeline(42) + "]"));
        gl.route(PROJECT + "/pipelines/42/jobs?per_page=100", json(200, "[" + String.join(",", jobs) + "]",
                "x-page", "1", "x-per-page", "100", "x-total", String.valueOf(jobs.length), "x-total-pages", "1"));
    }

    @Test
    void greenJobsAndACleanTestReportPass() {
        pipelines(job(1, "unit-tests", "test", "success", false), job(2, "build-image", "build", "success", false));
        gl.route(PROJECT + "/pipelines/42/test_report", json(200, testReport(120, 0, 0, "api")));
        Outcome o = run("tests", Map.of("GITLAB_TOKEN", TOKEN));
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.findings().stream().anyMatch(f -> f.message().contains("test report: 120 tests, 0 failed")),
                o.findings().toString());
        for (CiReplayServer.Seen s : gl.requests()) {
            assertEquals("GET", s.method());
            assertEquals(TOKEN, s.headers().get("PRIVATE-TOKEN"));
            assertFalse(s.target().contains(TOKEN));
        }
    }

    @Test
    void failuresInTheTestReportFailEvenWhenTheJobWasAllowedToFail() {
        pipelines(job(1, "integration-tests", "test", "failed", true), job(2, "build-image", "build", "success", false));
        gl.route(PROJECT + "/pipelines/42/test_report", json(200, testReport(48, 2, 1, "workspaces")));
        Outcome o = run("tests", Map.of("CI_JOB_TOKEN", TOKEN));
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().startsWith("GitLab pipeline 42 test report: 48 tests, 2 failed, 1 errors, 0 skipped; "
                + "failing suites: workspaces (3)"), o.evidence());
        assertTrue(o.findings().stream().anyMatch(f -> f.status() == Status.WARN
                && f.message().contains("\"integration-tests\": failed (allowed to fail)")), o.findings().toString());
        assertTrue(gl.requests().stream().allMatch(s -> TOKEN.equals(s.headers().get("JOB-TOKEN"))
                && s.headers().get("PRIVATE-TOKEN") == null));
    }

    @Test
    void jobsAcrossPagesAreRead() {
        List<String> page1 = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            page1.add(job(i, "build:" + i, "build", "success", false));
        }
        gl.route(PIPELINES, json(200, "[" + pipeline(42) + "]"));
        String page2 = gl.base() + PROJECT + "/pipelines/42/jobs?page=2&per_page=100";
        gl.route(PROJECT + "/pipelines/42/jobs?per_page=100", json(200, "[" + String.join(",", page1) + "]",
                "Link", "<" + page2 + ">; rel=\"next\", <" + page2 + ">; rel=\"last\"", "x-next-page", "2", "x-page", "1"));
        gl.route(PROJECT + "/pipelines/42/jobs?page=2&per_page=100",
                json(200, "[" + job(101, "build:docker", "build", "canceled", false) + "]", "x-next-page", "", "x-page", "2"));
        Outcome o = run("build", Map.of("GITLAB_TOKEN", TOKEN));
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().contains("job \"build:docker\": canceled "
                + "https://gitlab.example.com/acme/platform/rag-api/-/jobs/101"), o.evidence());
    }

    @Test
    void aManualSmokeJobNotStartedWarns() {
        pipelines(job(1, "unit-tests", "test", "success", false), job(3, "smoke-production", "deploy", "manual", false));
        Outcome o = run("smoke", Map.of("GITLAB_TOKEN", TOKEN));
        assertEquals(Status.WARN, o.status(), o.evidence());
        assertTrue(o.evidence().contains("\"smoke-production\": manual job not started"), o.evidence());
    }

    @Test
    void aRejectedTokenIsAnError() {
        gl.route(PIPELINES, json(401, "{\"message\":\"401 Unauthorized\"}"));
        Outcome o = run("tests", Map.of("GITLAB_TOKEN", TOKEN));
        assertEquals(Status.ERROR, o.status());
        assertEquals("GitLab API rejected the token (HTTP 401: 401 Unauthorized)", o.evidence());
    }

    @Test
    void a503WithRetryAfterIsRetried() {
        pipelines(job(2, "build-image", "build", "success", false));
        gl.route(PIPELINES, json(503, "{\"message\":\"503 Service Unavailable\"}", "Retry-After", "0"),
                json(200, "[" + pipeline(42) + "]"));
        Outcome o = run("build", Map.of("GITLAB_TOKEN", TOKEN));
        assertEquals(Status.PASS, o.status(), o.evidence());
    }

    @Test
    void noPipelineForTheReleaseFailsTheStage() {
        gl.route(PIPELINES, json(200, "[]"));
        Outcome o = run("build", Map.of("GITLAB_TOKEN", TOKEN));
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().contains("no CI job for the release named like build (build*, *compile*, docker*, "
                + "*image*); seen: none"), o.evidence());
    }
}
