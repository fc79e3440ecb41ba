package dev.prodaudit.probe.ci;

import dev.prodaudit.testing.GitCommand;
import static dev.prodaudit.probe.ci.CiReplayServer.github;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.cli.Main;
import dev.prodaudit.cli.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole run of the CI checks with a known token: it reaches GitHub, and no report format shows it. */
class CiTokenReportsTest {
    private static final String TOKEN = "ghp_CiTokenMustNeverShow0123456789abcdefAB";

    @TempDir
    Path dir;

    private String git(String... args) throws Exception {
        return GitCommand.run(dir, args);
    }

    @Test
    void theTokenAppearsInNoReportFormat() throws Exception {
        Files.writeString(dir.resolve("ops.yaml"), """
                section: Deployment
                checks:
                  - id: deploy.tests-passing
                    title: Tests passing
                    severity: high
                    rationale: Failing tests ship bugs.
                    remediation: Make the tests pass on the release commit.
                    probe: {type: ci, stage: tests}
                """);
        Files.writeString(dir.resolve(".gitignore"), ".env.ci\n");
        git("init", "-q");
        git("add", "-A");
        git("commit", "-q", "-m", "release");
        git("remote", "add", "origin", "git@github.com:octocat/Hello-World.git");
        String sha = git("rev-parse", "HEAD");
        Files.writeString(dir.resolve(".env.ci"), "GITHUB_TOKEN=" + TOKEN + "\n");
        try (CiReplayServer gh = CiReplayServer.github()) {
            String repo = "/repos/octocat/Hello-World";
            gh.route(repo + "/commits/" + sha + "/check-runs?per_page=100", github(GitHubExamples.checkRuns(1,
                    List.of(GitHubExamples.checkRun(5, "test", "completed", "failure")))));
            gh.route(repo + "/commits/" + sha + "/status?per_page=100", github(GitHubExamples.combined("pending", List.of())));
            gh.route(repo + "/branches/main/protection/required_status_checks",
                    github(GitHubExamples.requiredStatusChecks(List.of("test"))));
            Files.writeString(dir.resolve("audit.yaml"), "envFiles: [.env.ci]\nci:\n  apiUrl: " + gh.base() + "\n");
            for (String format : List.of("text", "json", "sarif", "junit", "markdown", "html")) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = Main.run(new Terminal(dir, Map.of(), new PrintWriter(out), new PrintWriter(err), false),
                        "run", "--catalogue", "ops.yaml", "--format", format);
                String all = out + "\n" + err;
                assertEquals(1, code, format + ": " + all);
                assertTrue(all.contains("check run") && all.contains("test"), format + ": " + all);
                assertFalse(all.contains(TOKEN), format + " shows the token");
            }
            assertTrue(gh.requests().stream().allMatch(s -> s.method().equals("GET")));
        }
    }
}
