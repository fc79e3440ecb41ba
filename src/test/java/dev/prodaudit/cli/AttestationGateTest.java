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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manual items and the attestations that vouch for them, through the CLI in-process: {@code --require-attested},
 * dates in the future, the catalogue's {@code attestation.maxAge}, and attestations bound to a release of a git
 * repository built in the test. Dates are relative to today.
 */
class AttestationGateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now();

    @TempDir
    Path dir;

    private CliRun audit(String... args) {
        return CliRun.in(dir, args);
    }

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--catalogue", "ops.yaml"));
        all.addAll(List.of(args));
        return audit(all.toArray(String[]::new));
    }

    private static String date(int days) {
        return TODAY.plusDays(days).toString();
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private static void assertError(CliRun run, String expectedLine) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(expectedLine, run.err().strip(), "one line with the location and a hint");
        assertEquals("", run.out());
    }

    private static JsonNode check(JsonNode report, String id) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id);
    }

    private static Set<?> schemaErrors(JsonNode report) throws IOException {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(JSON.readTree(Path.of("schema/report.schema.json").toFile())).validate(report);
    }

    private String git(String... args) throws IOException, InterruptedException {
        return GitCommand.run(dir, args);
    }

    /** The team's catalogue: two pre-release manual items, a drill with a quarterly attestation, and one env check. */
    @BeforeEach
    void project() throws IOException {
        write("ops.yaml", """
                section: Operations
                checks:
                  - id: ops.node-env
                    title: NODE_ENV is production
                    severity: high
                    rationale: Express runs in debug mode otherwise.
                    remediation: Set NODE_ENV=production.
                    probe: {type: env, vars: {NODE_ENV: {oneOf: [production]}}}
                  - id: ops.restore-drill
                    title: Restore drill done
                    severity: critical
                    rationale: Untested backups are not backups.
                    remediation: Restore last night's backup into staging.
                    attestation: {maxAge: 92d}
                    probe: {type: manual, verify: Restore a backup into staging and time it.}
                  - id: ops.smoke-tests
                    title: Smoke tests passed
                    severity: high
                    rationale: A green health check does not prove that login works.
                    remediation: CliRun the smoke suite against production after the deploy.
                    attestation: {maxAge: 1d, perRelease: true}
                    probe: {type: manual, verify: Confirm the smoke run for this release passed.}
                  - id: ops.status-page
                    title: Status page linked
                    severity: low
                    rationale: Users look there first.
                    remediation: Link the status page from the app footer.
                    probe: {type: manual, verify: Open the footer.}
                """);
        write(".env.production", "NODE_ENV=production\n");
    }

    // ---- --require-attested ----

    @Test
    void unattestedManualChecksDoNotGateByDefault() {
        CliRun r = run();
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("    MANUAL  Restore drill done  [critical · ops.restore-drill]\n"), r.out());
        assertFalse(r.out().contains("attestations required"), r.out());
        assertTrue(r.out().contains("result: OK, nothing at or above high failed (exit 0)"), r.out());
    }

    @Test
    void requireAttestedGatesOnUnattestedManualChecksAtOrAboveItsSeverity() throws Exception {
        write("audit.attestations.yaml", """
                attestations:
                  - check: ops.restore-drill
                    by: alice@example.com
                    date: %s
                    evidence: https://wiki.example.com/ops/restore-drill
                    expires: %s
                """.formatted(date(-10), date(80)));
        CliRun r = run("--require-attested", "high");
        String out = r.out();
        assertEquals(1, r.exitCode(), out + r.err());
        assertTrue(out.contains("    PASS    Restore drill done  [critical · ops.restore-drill]\n"), out);
        assertTrue(out.contains("    MANUAL  Smoke tests passed  [high · ops.smoke-tests]  gating\n"
                + "            not attested: verify by hand: Confirm the smoke run for this release passed.\n"), out);
        assertTrue(out.contains("    MANUAL  Status page linked  [low · ops.status-page]\n"), out);
        assertTrue(out.contains("\nattestations required at or above high (--require-attested): 1 manual check not attested, gating"
                + " (ops.smoke-tests)\nresult: FAILED, 1 manual check at or above high is not attested (exit 1)\n"), out);

        // A lower threshold takes in the low item too.
        CliRun low = run("--require-attested", "low");
        assertEquals(1, low.exitCode());
        assertTrue(low.out().contains("2 manual checks not attested, gating (ops.smoke-tests, ops.status-page)"), low.out());

        // The JSON report says the same, and JUnit counts it as a failure.
        JsonNode report = JSON.readTree(run("--require-attested", "high", "--format", "json").out());
        assertEquals(Set.of(), schemaErrors(report));
        assertEquals("high", report.get("config").get("requireAttested").asText());
        assertEquals(1, report.get("summary").get("unattested").asInt());
        assertEquals(1, report.get("summary").get("gating").asInt());
        assertEquals(1, report.get("summary").get("exitCode").asInt());
        assertTrue(check(report, "ops.smoke-tests").get("gating").asBoolean());
        assertFalse(check(report, "ops.status-page").get("gating").asBoolean());
        String junit = run("--require-attested", "high", "--format", "junit").out();
        assertTrue(junit.contains("failures=\"1\""), junit);
        assertTrue(junit.contains("type=\"UNATTESTED\""), junit);
        String markdown = run("--require-attested", "high", "--format", "markdown").out();
        assertTrue(markdown.contains("**FAILED: 1 manual check at or above high is not attested (exit 1)**"), markdown);
    }

    @Test
    void requireAttestedFromAuditYamlAndItsErrors() throws Exception {
        write("audit.yaml", "failOn: high\nrequireAttested: critical\n");
        CliRun r = run();
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("1 manual check not attested, gating (ops.restore-drill)"), r.out());
        assertTrue(r.out().contains("    MANUAL  Smoke tests passed  [high · ops.smoke-tests]\n"), r.out());

        // The command line wins, and none turns it off.
        CliRun off = run("--require-attested", "none");
        assertEquals(0, off.exitCode(), off.out());
        assertFalse(off.out().contains("attestations required"), off.out());

        write("audit.yaml", "failOn: high\nrequireAttested: hihg\n");
        assertError(run(), "error: audit.yaml:2:18: 'requireAttested' is not a severity: 'hihg'"
                + " (hint: one of none, critical, high, medium, low, info)");
        write("audit.yaml", "failOn: high\n");
        assertError(run("--require-attested", "urgent"), "error: --require-attested urgent: unknown severity 'urgent'"
                + " (hint: one of none, critical, high, medium, low, info)");
    }

    // ---- dates and maxAge ----

    @Test
    void anAttestationDatedInTheFutureIsAnError() throws Exception {
        write("audit.attestations.yaml", """
                attestations:
                  - check: ops.restore-drill
                    by: alice@example.com
                    date: %s
                    evidence: https://wiki.example.com/ops/restore-drill
                    expires: %s
                """.formatted(date(30), date(60)));
        assertError(run(), "error: audit.attestations.yaml:4:11: 'date' (" + date(30) + ") is in the future (hint: write the"
                + " day the check was verified, today (" + dev.prodaudit.policy.AttestationsLoader.latestToday() + ") at the latest)");
        assertEquals(2, audit("validate", "--catalogue", "ops.yaml").exitCode(), "validate reads it as strictly");
    }

    @Test
    void anExpiryBeyondTheChecksMaxAgeIsAnError() throws Exception {
        write("audit.attestations.yaml", """
                attestations:
                  - check: ops.restore-drill
                    by: alice@example.com
                    date: %s
                    evidence: https://wiki.example.com/ops/restore-drill
                    expires: %s
                """.formatted(date(-10), date(110)));
        assertError(run(), "error: audit.attestations.yaml:6:14: 'expires' (" + date(110) + ") is 120 days after 'date' ("
                + date(-10) + "); ops.restore-drill allows at most 92 days (attestation.maxAge in the catalogue)"
                + " (hint: verify it again sooner: expires " + date(82) + " at the latest)");

        // Exactly 92 days is fine: a quarterly drill attested today.
        write("audit.attestations.yaml", Files.readString(dir.resolve("audit.attestations.yaml")).replace(date(110), date(82)));
        CliRun ok = run();
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        assertTrue(ok.out().contains("PASS    Restore drill done"), ok.out());
    }

    @Test
    void aOneDayAttestationDoesNotWarnThatItExpiresSoon() throws Exception {
        git("init", "-q");
        git("commit", "-q", "--allow-empty", "-m", "release 1.4.0");
        write("audit.attestations.yaml", """
                attestations:
                  - check: ops.smoke-tests
                    by: carol@example.com
                    date: %s
                    evidence: https://ci.example.com/smoke/4711
                    expires: %s
                    release: HEAD
                """.formatted(date(0), date(1)));
        CliRun r = run();
        assertTrue(r.out().contains("    PASS    Smoke tests passed  [high · ops.smoke-tests]\n            attested by carol@example.com on "
                + date(0) + " for release HEAD: https://ci.example.com/smoke/4711 (expires " + date(1) + ")\n"), r.out());
    }

    // ---- release ----

    /** Two tagged releases; HEAD is v1.4.0. Returns {v1.3.0 commit, v1.4.0 commit}. */
    private String[] twoReleases() throws Exception {
        git("init", "-q");
        write("CHANGELOG.md", "1.3.0\n");
        git("add", "CHANGELOG.md");
        git("commit", "-q", "-m", "release 1.3.0");
        git("tag", "v1.3.0");
        write("CHANGELOG.md", "1.3.0\n1.4.0\n");
        git("commit", "-q", "-am", "release 1.4.0");
        git("tag", "-a", "v1.4.0", "-m", "1.4.0");
        return new String[] {git("rev-parse", "v1.3.0^{commit}"), git("rev-parse", "v1.4.0^{commit}")};
    }

    private void smokeAttestedFor(String release) throws IOException {
        write("audit.attestations.yaml", """
                attestations:
                  - check: ops.smoke-tests
                    by: carol@example.com
                    date: %s
                    evidence: https://ci.example.com/smoke/4711
                    expires: %s
                    release: %s
                """.formatted(date(0), date(1), release));
    }

    @Test
    void anAttestationForTheAuditedReleaseCountsByTagBranchOrShortCommit() throws Exception {
        String[] commits = twoReleases();
        // A short commit id is quoted: YAML may read one such as 066956e4 as a number.
        for (String name : List.of("v1.4.0", "main", "'" + commits[1].substring(0, 8) + "'")) {
            smokeAttestedFor(name);
            name = name.replace("'", "");
            CliRun r = run("--require-attested", "high");
            assertTrue(r.out().contains("    PASS    Smoke tests passed  [high · ops.smoke-tests]\n            attested by carol@example.com on "
                    + date(0) + " for release " + name + ": https://ci.example.com/smoke/4711 (expires " + date(1) + ")\n"),
                    name + ":\n" + r.out() + r.err());
        }
        JsonNode report = JSON.readTree(run("--format", "json").out());
        assertEquals(Set.of(), schemaErrors(report));
        assertEquals("HEAD", report.get("config").get("release").get("ref").asText());
        assertEquals(commits[1], report.get("config").get("release").get("commit").asText());
        assertEquals("valid", check(report, "ops.smoke-tests").get("attestation").get("state").asText());
    }

    @Test
    void anAttestationForAnotherReleaseDoesNotCount() throws Exception {
        String[] commits = twoReleases();
        smokeAttestedFor("v1.3.0");
        CliRun r = run("--require-attested", "high");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("    MANUAL  Smoke tests passed  [high · ops.smoke-tests]  gating\n"
                + "            not attested for the audited release: the attestation by carol@example.com on " + date(0)
                + " is for release v1.3.0 (" + commits[0].substring(0, 7) + "), the audited release is HEAD ("
                + commits[1].substring(0, 7) + "); verify it for this release and attest it with release: "
                + commits[1].substring(0, 7) + "\n"), r.out());
        JsonNode report = JSON.readTree(run("--format", "json").out());
        assertEquals(Set.of(), schemaErrors(report));
        JsonNode smoke = check(report, "ops.smoke-tests");
        assertEquals("MANUAL", smoke.get("status").asText());
        assertEquals("other-release", smoke.get("attestation").get("state").asText());
        assertEquals("v1.3.0", smoke.get("attestation").get("release").asText());

        // Auditing v1.3.0 itself, it counts.
        CliRun old = run("--require-attested", "high", "--release", "v1.3.0");
        assertTrue(old.out().contains("    PASS    Smoke tests passed  [high · ops.smoke-tests]\n"), old.out());
        assertTrue(old.out().contains("1 manual check not attested, gating (ops.restore-drill)"), old.out());
        JsonNode oldReport = JSON.readTree(run("--format", "json", "--release", "v1.3.0").out());
        assertEquals("v1.3.0", oldReport.get("config").get("release").get("ref").asText());
        assertEquals(commits[0], oldReport.get("config").get("release").get("commit").asText());

        // A release name the repository does not know is another release too.
        smokeAttestedFor("v1.4.0-rc9");
        CliRun unknown = run("--release", "v1.4.0");
        assertTrue(unknown.out().contains("is for release 'v1.4.0-rc9', which names no commit of the audited repository,"
                + " the audited release is v1.4.0 (" + commits[1].substring(0, 7) + "); verify it for this release and attest it"
                + " with release: v1.4.0\n"), unknown.out());
    }

    @Test
    void aReleaseTheRepositoryDoesNotHaveIsAnError() throws Exception {
        twoReleases();
        assertError(run("--release", "v9.9"), "error: --release v9.9: no commit named 'v9.9' in repository ."
                + " (hint: name a tag, branch or commit of the audited repository, e.g. --release v1.4.0)");
        assertError(run("--release", "--upload-pack=evil"), "error: --release --upload-pack=evil: not a release name"
                + " (hint: name a tag, branch or commit of the audited repository, e.g. --release v1.4.0)");
    }

    @Test
    void aBrokenInputIsReportedBeforeAReleaseTheRepositoryDoesNotHave() throws Exception {
        // The release is resolved with git on a thread of its own while the other inputs are read; its error still
        // comes where it always came: after the catalogue's and the attestations' (the user fixes the files first).
        twoReleases();
        write("audit.attestations.yaml", "attestations: [\n");
        CliRun brokenFile = run("--release", "v9.9");
        assertEquals(2, brokenFile.exitCode(), brokenFile.out() + brokenFile.err());
        assertTrue(brokenFile.err().startsWith("error: audit.attestations.yaml:"), brokenFile.err());
        write("ops.yaml", "checks: [\n");
        CliRun brokenCatalogue = run("--release", "v9.9");
        assertEquals(2, brokenCatalogue.exitCode(), brokenCatalogue.out() + brokenCatalogue.err());
        assertTrue(brokenCatalogue.err().startsWith("error: ops.yaml:"), brokenCatalogue.err());
    }

    @Test
    void withoutAGitRepositoryAReleaseCannotBeCheckedAndSaysSo() throws Exception {
        smokeAttestedFor("v1.4.0");
        CliRun r = run("--require-attested", "high");
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("    MANUAL  Smoke tests passed  [high · ops.smoke-tests]  gating\n"
                + "            not attested for the audited release: the attestation by carol@example.com on " + date(0)
                + " is for release v1.4.0, but the audited release is unknown (repository . is not a git repository);"
                + " run the audit in the release's git checkout (--repo) so the release can be compared\n"), r.out());
        JsonNode report = JSON.readTree(run("--format", "json").out());
        assertEquals(Set.of(), schemaErrors(report));
        assertTrue(report.get("config").get("release").get("commit").isNull());
        assertEquals("repository . is not a git repository", report.get("config").get("release").get("unavailable").asText());
        assertEquals("release-unknown", check(report, "ops.smoke-tests").get("attestation").get("state").asText());

        assertError(run("--release", "v1.4.0"), "error: --release v1.4.0: repository . is not a git repository, so no release"
                + " can be named (hint: run in the git checkout of the release, or pass --repo with it)");
    }

    @Test
    void aPerReleaseCheckNeedsTheReleaseNamed() throws Exception {
        write("audit.attestations.yaml", """
                attestations:
                  - check: ops.smoke-tests
                    by: carol@example.com
                    date: %s
                    evidence: https://ci.example.com/smoke/4711
                    expires: %s
                """.formatted(date(0), date(1)));
        assertError(run(), "error: audit.attestations.yaml:2:5: attestation of 'ops.smoke-tests' without 'release'"
                + " (hint: ops.smoke-tests is verified per release: add 'release: <tag, branch or commit>' naming the release it"
                + " was verified on)");
        write("audit.attestations.yaml", Files.readString(dir.resolve("audit.attestations.yaml")) + "    release: 1234567\n");
        assertError(run(), "error: audit.attestations.yaml:7:14: 'release' is a number; a commit id made of digits must be quoted"
                + " (hint: e.g. release: '1234567')");
    }

    @Test
    void theBuiltInPerReleaseItemsDeclareIt() throws Exception {
        write("audit.attestations.yaml", """
                attestations:
                  - check: deploy.logs-reviewed
                    by: carol@example.com
                    date: %s
                    evidence: https://grafana.example.com/d/logs
                    expires: %s
                    release: v1.4.0
                """.formatted(date(0), date(7)));
        assertError(audit("validate"), "error: audit.attestations.yaml:6:14: 'expires' (" + date(7) + ") is 7 days after 'date' ("
                + date(0) + "); deploy.logs-reviewed allows at most 1 day (attestation.maxAge in the catalogue)"
                + " (hint: verify it again sooner: expires " + date(1) + " at the latest)");
        write("audit.attestations.yaml", Files.readString(dir.resolve("audit.attestations.yaml"))
                .replace(date(7), date(1)).replace("    release: v1.4.0\n", ""));
        assertError(audit("validate"), "error: audit.attestations.yaml:2:5: attestation of 'deploy.logs-reviewed' without"
                + " 'release' (hint: deploy.logs-reviewed is verified per release: add 'release: <tag, branch or commit>' naming"
                + " the release it was verified on)");
    }
}
