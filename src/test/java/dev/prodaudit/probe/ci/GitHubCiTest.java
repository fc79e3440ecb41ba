package dev.prodaudit.probe.ci;

import static dev.prodaudit.probe.ci.CiReplayServer.github;
import static dev.prodaudit.probe.ci.CiReplayServer.json;
import static dev.prodaudit.probe.ci.GitHubExamples.SHA;
import static dev.prodaudit.probe.ci.GitHubExamples.checkRun;
import static dev.prodaudit.probe.ci.GitHubExamples.checkRuns;
import static dev.prodaudit.probe.ci.GitHubExamples.combined;
import static dev.prodaudit.probe.ci.GitHubExamples.requiredStatusChecks;
import static dev.prodaudit.probe.ci.GitHubExamples.status;
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

/** The CI probe against a replay of GitHub's REST API for the release commit. */
class GitHubCiTest {
    static final String TOKEN = "github_pat_11ABCDEFG0CiProbeTokenDoNotLeak0123456789";
    private static final String REPO = "/repos/octocat/Hello-World";
    private static final String RUNS = REPO + "/commits/" + SHA + "/check-runs?per_page=100";
    private static final String STATUS = REPO + "/commits/" + SHA + "/status?per_page=100";
    private static final String REQUIRED = REPO + "/branches/main/protection/required_status_checks";

    @TempDir
    Path repo;
    private CiReplayServer gh;

    @BeforeEach
    void start() throws Exception {
        gh = CiReplayServer.github();
    }

    @AfterEach
    void stop() {
        gh.close();
    }

    private Outcome run(String stage, Map<String, String> env) {
        return run(stage, env, new CiSettings(null, null, gh.base(), null));
    }

    private Outcome run(String stage, Map<String, String> env, CiSettings ci) {
        try (SharedClients clients = new SharedClients()) {
            ProbeContext ctx = new ProbeContext(Env.of(List.of(), env, Set.of(), List.of()), repo,
                    new Targets(Map.of(), List.of(), null, null), Duration.ofSeconds(10), clients, 0,
                    new Deployment(null, SHA, "ssh://github.com/octocat/Hello-World.git", "main"), ci);
            return new CiProbe().run(new CiSpec(stage), ctx);
        }
    }

    private Outcome run(String stage) {
        return run(stage, Map.of("GITHUB_TOKEN", TOKEN));
    }

    /** A release whose workflows all passed, with a required tests check and a build status. */
    private void green() {
        gh.route(RUNS, github(checkRuns(3, List.of(checkRun(1, "test (20.x)", "completed", "success"),
                checkRun(2, "lint", "completed", "success"), checkRun(3, "smoke-production", "completed", "success")))));
        gh.route(STATUS, github(combined("success", List.of(status(11, "build/docker", "success")))));
        gh.route(REQUIRED, github(requiredStatusChecks(List.of("test (20.x)"))));
    }

    @Test
    void allGreenPassesEachStageNamingTheJobs() {
        green();
        Outcome tests = run("tests");
        assertEquals(Status.PASS, tests.status(), tests.evidence());
        assertTrue(tests.evidence().contains("check run \"test (20.x)\": success"), tests.evidence());
        assertTrue(tests.findings().get(0).message().contains("(required)"), tests.findings().toString());
        Outcome build = run("build");
        assertEquals(Status.PASS, build.status(), build.evidence());
        assertTrue(build.evidence().contains("status \"build/docker\": success https://ci.example.com/11/output"),
                build.evidence());
        assertEquals(Status.PASS, run("smoke").status());
    }

    /** The three stage checks of one run judge one reading of the commit: GitHub is asked once, not three times. */
    @Test
    void theStagesOfOneRunShareOneReading() {
        green();
        try (SharedClients clients = new SharedClients()) {
            ProbeContext ctx = new ProbeContext(Env.of(List.of(), Map.of("GITHUB_TOKEN", TOKEN), Set.of(), List.of()), repo,
                    new Targets(Map.of(), List.of(), null, null), Duration.ofSeconds(10), clients, 0,
                    new Deployment(null, SHA, "ssh://github.com/octocat/Hello-World.git", "main"),
                    new CiSettings(null, null, gh.base(), null));
            for (String stage : List.of("tests", "build", "smoke")) {
                assertEquals(Status.PASS, new CiProbe().run(new CiSpec(stage), ctx).status(), stage);
            }
        }
        assertEquals(3, gh.requests().size(), "check runs, status and required checks, once: " + gh.requests());
    }

    @Test
    void everyRequestIsAReadWithTheTokenOnlyInTheAuthorizationHeader() {
        green();
        run("tests");
        List<CiReplayServer.Seen> seen = gh.requests();
        assertEquals(3, seen.size(), seen.toString());
        for (CiReplayServer.Seen s : seen) {
            assertEquals("GET", s.method(), s.target());
            assertFalse(s.target().contains(TOKEN), "token in the URL: " + s.target());
            assertEquals("Bearer " + TOKEN, s.headers().get("Authorization"));
            assertEquals("application/vnd.github+json", s.headers().get("Accept"));
            assertEquals("2022-11-28", s.headers().get("X-GitHub-Api-Version"));
            for (String name : s.headers().names()) {
                if (!name.equalsIgnoreCase("Authorization")) {
                    assertFalse(s.headers().values(name).toString().contains(TOKEN), "token in header " + name);
                }
            }
        }
    }

    @Test
    void aFailedCheckFailsNamingItsConclusionAndUrl() {
        gh.route(RUNS, github(checkRuns(2, List.of(checkRun(1, "test (20.x)", "completed", "success"),
                checkRun(7, "integration-tests", "completed", "timed_out")))));
        gh.route(STATUS, github(combined("pending", List.of())));
        gh.route(REQUIRED, github(requiredStatusChecks(List.of())));
        Outcome o = run("tests");
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().contains("check run \"integration-tests\": timed_out "
                + "https://github.com/octocat/Hello-World/actions/runs/99/job/7"), o.evidence());
    }

    @Test
    void aCancelledBuildFails() {
        gh.route(RUNS, github(checkRuns(1, List.of(checkRun(3, "build", "completed", "cancelled")))));
        gh.route(STATUS, github(combined("pending", List.of())));
        gh.route(REQUIRED, github(requiredStatusChecks(List.of())));
        Outcome o = run("build");
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().contains("\"build\": cancelled"), o.evidence());
    }

    @Test
    void aRequiredCheckThatNeverReportedFails() {
        gh.route(RUNS, github(checkRuns(1, List.of(checkRun(1, "test (20.x)", "completed", "success")))));
        gh.route(STATUS, github(combined("pending", List.of())));
        gh.route(REQUIRED, github(requiredStatusChecks(List.of("test (20.x)", "security/snyk"))));
        Outcome o = run("tests");
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().contains("required check \"security/snyk\" (branch protection) never reported"),
                o.evidence());
    }

    @Test
    void skippedWarnsAndRunningWarnsNotFinished() {
        gh.route(RUNS, github(checkRuns(2, List.of(checkRun(1, "e2e", "completed", "skipped"),
                checkRun(2, "smoke", "in_progress", null)))));
        gh.route(STATUS, github(combined("pending", List.of())));
        gh.route(REQUIRED, json(404, GitHubExamples.BRANCH_NOT_PROTECTED));
        Outcome o = run("smoke");
        assertEquals(Status.WARN, o.status(), o.evidence());
        List<String> messages = o.findings().stream().map(f -> f.message()).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains("\"e2e\": skipped")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("\"smoke\": not finished (in_progress)")),
                messages.toString());
    }

    @Test
    void noJobNamedLikeTheStageFailsListingWhatWasSeen() {
        green();
        Outcome o = run("smoke", Map.of("GH_TOKEN", TOKEN),
                new CiSettings(null, null, gh.base(), new CiSettings.Jobs(null, null, List.of("post-deploy*"))));
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().contains("no CI job for the release named like smoke (post-deploy*); seen: "
                + "test (20.x), lint, smoke-production, build/docker"), o.evidence());
    }

    @Test
    void configuredJobNamesDecideWhichChecksCount() {
        green();
        Outcome o = run("tests", Map.of("GITHUB_TOKEN", TOKEN),
                new CiSettings(null, null, gh.base(), new CiSettings.Jobs(List.of("LINT"), null, null)));
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.findings().stream().anyMatch(f -> f.message().contains("\"lint\": success")), o.findings().toString());
    }

    @Test
    void aFailingCheckOnPageTwoIsFound() {
        List<String> page1 = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            page1.add(checkRun(i, "test shard " + i, "completed", "success"));
        }
        String next = gh.base() + REPO + "/commits/" + SHA + "/check-runs?per_page=100&page=2";
        String last = next;
        gh.route(RUNS, github(checkRuns(101, page1), "Link", "<" + next + ">; rel=\"next\", <" + last + ">; rel=\"last\""));
        gh.route(REPO + "/commits/" + SHA + "/check-runs?per_page=100&page=2",
                github(checkRuns(101, List.of(checkRun(101, "test shard 101", "completed", "failure"))),
                        "Link", "<" + gh.base() + RUNS + ">; rel=\"prev\", <" + gh.base() + RUNS + ">; rel=\"first\""));
        gh.route(STATUS, github(combined("pending", List.of())));
        gh.route(REQUIRED, github(requiredStatusChecks(List.of())));
        Outcome o = run("tests");
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().startsWith("GitHub octocat/Hello-World check run \"test shard 101\": failure"),
                o.evidence());
    }

    @Test
    void withoutATokenItIsAnError() {
        green();
        Outcome o = run("tests", Map.of());
        assertEquals(Status.ERROR, o.status());
        assertTrue(o.evidence().startsWith("no token: set GITHUB_TOKEN (or GH_TOKEN)"), o.evidence());
        assertTrue(gh.requests().isEmpty(), "asked GitHub without a token");
    }

    @Test
    void aRejectedTokenIsAnError() {
        gh.route(RUNS, json(401, GitHubExamples.BAD_CREDENTIALS, CiReplayServer.GITHUB_RATE));
        Outcome o = run("tests");
        assertEquals(Status.ERROR, o.status());
        assertEquals("GitHub API rejected the token (HTTP 401: Bad credentials)", o.evidence());
    }

    @Test
    void anExhaustedRateLimitIsAnErrorUntilTheReset() {
        gh.route(RUNS, json(403, GitHubExamples.RATE_LIMITED, "x-ratelimit-limit", "5000", "x-ratelimit-remaining", "0",
                "x-ratelimit-reset", "1750435200", "x-ratelimit-used", "5000", "x-ratelimit-resource", "core"));
        Outcome o = run("tests");
        assertEquals(Status.ERROR, o.status());
        assertTrue(o.evidence().startsWith("GitHub API rate limit exhausted (core) until 2025-06-20T16:00:00Z"),
                o.evidence());
    }

    @Test
    void anInvisibleRepositoryIsAnError() {
        Outcome o = run("tests"); // nothing routed: GitHub's 404 for every path
        assertEquals(Status.ERROR, o.status());
        assertTrue(o.evidence().startsWith("repository or commit not visible to this token"), o.evidence());
    }

    @Test
    void a429WithRetryAfterIsRetried() {
        green();
        gh.route(RUNS, json(429, "{\"message\":\"You have exceeded a secondary rate limit.\"}", "Retry-After", "0"),
                github(checkRuns(1, List.of(checkRun(1, "test (20.x)", "completed", "success")))));
        Outcome o = run("tests");
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals(2, gh.requests().stream().filter(s -> s.target().equals(RUNS)).count());
    }

    @Test
    void unreadableBranchProtectionJudgesByNamesAndSaysSo() {
        gh.route(RUNS, github(checkRuns(1, List.of(checkRun(1, "test (20.x)", "completed", "success")))));
        gh.route(STATUS, github(combined("pending", List.of())));
        gh.route(REQUIRED, json(403, "{\"message\":\"Resource not accessible by personal access token\","
                + "\"documentation_url\":\"https://docs.github.com/rest/branches/branch-protection\",\"status\":\"403\"}",
                CiReplayServer.GITHUB_RATE));
        Outcome o = run("tests");
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().endsWith("required checks of branch main unknown (branch protection not readable with "
                + "this token: HTTP 403); judged by the job names"), o.evidence());
    }
}
