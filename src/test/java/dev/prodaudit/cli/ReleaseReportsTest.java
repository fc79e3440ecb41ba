package dev.prodaudit.cli;

import dev.prodaudit.testing.CliRun;
import dev.prodaudit.testing.GitCommand;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit run --release REF}: every report names the audited commit (text header, JSON {@code release}, SARIF
 * {@code versionControlProvenance}, JUnit properties), with the remote's credentials stripped; outside a git
 * repository the release is unknown and SARIF carries no provenance.
 */
class ReleaseReportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "ghp_R3leaseT0kenDoNotLeak0123456789abcd";

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--catalogue", "ops.yaml"));
        all.addAll(List.of(args));
        return CliRun.in(dir, all.toArray(String[]::new));
    }

    private String git(String... args) throws IOException, InterruptedException {
        return GitCommand.run(dir, args);
    }

    /** One manual item: the reports are about the release, not about what the checks find. */
    @BeforeEach
    void project() throws IOException {
        Files.writeString(dir.resolve("ops.yaml"), """
                section: Operations
                checks:
                  - id: ops.smoke-tests
                    title: Smoke tests passed
                    severity: high
                    rationale: A green health check does not prove that login works.
                    remediation: CliRun the smoke suite against production after the deploy.
                    probe: {type: manual, verify: Log in and upload a document on production.}
                """);
    }

    /** A checkout as CI makes it: the token in the remote's URL, on branch main, the release tagged. */
    private String tagged() throws Exception {
        git("init", "-q");
        git("add", "-A");
        git("commit", "-q", "-m", "release 1.4.0");
        git("tag", "-a", "v1.4.0", "-m", "1.4.0");
        git("remote", "add", "origin", "https://x-access-token:" + TOKEN + "@github.com/acme/rag-api.git");
        return git("rev-parse", "HEAD");
    }

    @Test
    void everyReportNamesTheReleaseCommit() throws Exception {
        String sha = tagged();

        CliRun text = run("--release", "v1.4.0");
        assertEquals(0, text.exitCode(), text.out() + text.err());
        assertEquals("release: v1.4.0 " + sha + " (branch main)", text.out().lines().toList().get(1));

        JsonNode json = JSON.readTree(run("--release", "v1.4.0", "--format", "json").out());
        JsonNode release = json.get("release");
        assertEquals("v1.4.0", release.get("ref").asText());
        assertEquals(sha, release.get("sha").asText());
        assertEquals("main", release.get("branch").asText());
        assertEquals("https://github.com/acme/rag-api.git", release.get("repositoryUri").asText());
        assertTrue(release.get("unavailable").isNull());
        assertEquals(Set.of(), JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(JSON.readTree(Path.of("schema/report.schema.json").toFile())).validate(json));

        JsonNode sarif = JSON.readTree(run("--release", "v1.4.0", "--format", "sarif").out());
        JsonNode provenance = sarif.at("/runs/0/versionControlProvenance");
        assertEquals(1, provenance.size());
        assertEquals("https://github.com/acme/rag-api.git", provenance.at("/0/repositoryUri").asText());
        assertEquals(sha, provenance.at("/0/revisionId").asText());
        assertEquals("main", provenance.at("/0/branch").asText());

        String junit = run("--release", "v1.4.0", "--format", "junit").out();
        assertTrue(junit.contains("<property name=\"release.ref\" value=\"v1.4.0\"/>"), junit);
        assertTrue(junit.contains("<property name=\"release.sha\" value=\"" + sha + "\"/>"), junit);

        for (String format : List.of("text", "json", "sarif", "junit", "markdown", "html")) {
            CliRun r = run("--release", "v1.4.0", "--format", format);
            assertFalse((r.out() + r.err()).contains(TOKEN), format + " leaks the remote's token");
            assertFalse((r.out() + r.err()).contains("x-access-token"), format + " shows the remote's user");
        }
    }

    @Test
    void byDefaultTheReleaseIsHead() throws Exception {
        String sha = tagged();
        git("commit", "-q", "--allow-empty", "-m", "after the release");
        String head = git("rev-parse", "HEAD");
        assertFalse(head.equals(sha));

        JsonNode release = JSON.readTree(run("--format", "json").out()).get("release");
        assertEquals("HEAD", release.get("ref").asText());
        assertEquals(head, release.get("sha").asText());
        // The tag is not on main's tip any more: the release is not on a branch.
        assertFalse(JSON.readTree(run("--release", "v1.4.0", "--format", "json").out()).get("release").has("branch"));
    }

    @Test
    void outsideAGitRepositoryTheReleaseIsUnknownAndSarifHasNoProvenance() throws Exception {
        CliRun text = run();
        assertEquals(0, text.exitCode(), text.out() + text.err());
        assertEquals("release: unknown (not a git repository)", text.out().lines().toList().get(1));

        JsonNode release = JSON.readTree(run("--format", "json").out()).get("release");
        assertTrue(release.get("sha").isNull());
        assertEquals("not a git repository", release.get("unavailable").asText());

        JsonNode sarif = JSON.readTree(run("--format", "sarif").out());
        assertTrue(sarif.at("/runs/0/versionControlProvenance").isMissingNode(), sarif.toString());

        String junit = run("--format", "junit").out();
        assertTrue(junit.contains("<property name=\"release.sha\" value=\"unknown (not a git repository)\"/>"), junit);
    }

    @Test
    void aReleaseThatDoesNotResolveIsBadInput() throws Exception {
        tagged();
        CliRun r = run("--release", "v9.9", "--format", "sarif");
        assertEquals(2, r.exitCode());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: --release v9.9: no commit named 'v9.9'"), r.err());
    }

    @Test
    void aFindingOnTheIgnoredEnvFileIsShownOnTheTrackedExampleLine() throws Exception {
        Files.writeString(dir.resolve("ops.yaml"), """
                section: Operations
                checks:
                  - id: ops.node-env
                    title: NODE_ENV is production
                    severity: high
                    rationale: Express runs in debug mode otherwise.
                    remediation: Set NODE_ENV=production.
                    probe: {type: env, vars: {NODE_ENV: {oneOf: [production]}}}
                """);
        Files.writeString(dir.resolve(".gitignore"), ".env.production\n");
        Files.writeString(dir.resolve(".env.example"), "# copy to .env.production\nPORT=3000\nNODE_ENV=production\n");
        Files.writeString(dir.resolve(".env.production"), "PORT=3000\n\nNODE_ENV=development\n");
        tagged();
        assertEquals("", git("ls-files", ".env.production"), "the env file is ignored, as it should be");

        JsonNode sarif = JSON.readTree(run("--format", "sarif").out());
        JsonNode result = sarif.at("/runs/0/results/0");
        assertEquals("ops.node-env", result.get("ruleId").asText());
        assertEquals(".env.example", result.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertEquals(3, result.at("/locations/0/physicalLocation/region/startLine").asInt());
        assertTrue(result.at("/message/text").asText().endsWith(
                "(in .env.production:3, which git does not track; shown on .env.example:3)"), result.toString());
        assertEquals("8.0", sarif.at("/runs/0/tool/driver/rules/0/properties/security-severity").asText());
        assertTrue(result.at("/partialFingerprints/prodaudit~1v1").asText().matches("[0-9a-f]{64}:1"), result.toString());
    }
}
