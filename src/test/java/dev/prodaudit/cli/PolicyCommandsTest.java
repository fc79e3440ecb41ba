package dev.prodaudit.cli;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attestations, waivers, baselines and {@code audit diff}, driven through the CLI in-process on a small
 * catalogue of env, git and manual checks (no network). Dates are relative to today.
 */
class PolicyCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.now();

    @TempDir
    Path dir;

    private CliRun audit(String... args) {
        return CliRun.in(dir, args);
    }

    /** Runs with the test catalogue; {@code args} come after it. */
    private CliRun run(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("run", "--catalogue", "my.yaml"));
        all.addAll(List.of(args));
        return audit(all.toArray(String[]::new));
    }

    private static String date(int days) {
        return TODAY.plusDays(days).toString();
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }

    private void env(String nodeEnv) throws Exception {
        write(".env.production", "NODE_ENV=" + nodeEnv + "\nLOG_LEVEL=debug\nSESSION_SECRET=Zq8xL2pVn4tR7wK1mB6yC3s\n");
    }

    @BeforeEach
    void project() throws Exception {
        write("my.yaml", """
                section: Custom
                checks:
                  - id: custom.node-env
                    title: NODE_ENV is production
                    severity: high
                    rationale: Express runs in debug mode otherwise.
                    remediation: Set NODE_ENV=production.
                    probe: {type: env, vars: {NODE_ENV: {oneOf: [production]}}}
                  - id: custom.log-level
                    title: LOG_LEVEL is quiet
                    severity: medium
                    rationale: Debug logs leak data.
                    remediation: Set LOG_LEVEL=info.
                    probe: {type: env, vars: {LOG_LEVEL: {oneOf: [info, warn]}}}
                  - id: custom.env-untracked
                    title: No env file tracked
                    severity: high
                    rationale: Secrets in git.
                    remediation: git rm --cached .env.production
                    probe: {type: git, noTrackedEnvFiles: true}
                  - id: custom.restore-drill
                    title: Restore drill done
                    severity: critical
                    rationale: Untested backups are not backups.
                    remediation: Restore last night's backup into staging.
                    probe: {type: manual, verify: Restore a backup into staging and time it.}
                  - id: custom.on-call
                    title: On-call rota
                    severity: high
                    rationale: Someone answers the pager.
                    remediation: Set up the rota.
                    probe: {type: manual, verify: Check the rota.}
                """);
        env("development");
    }

    private static void assertOneLineError(CliRun run, String expected) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), "one line, got:\n" + err);
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
    }

    private static Set<?> schemaErrors(JsonNode report) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(JSON.readTree(Path.of("schema/report.schema.json").toFile()));
        return schema.validate(report);
    }

    private static JsonNode check(JsonNode report, String id) {
        for (JsonNode c : report.get("checks")) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id);
    }

    @Test
    void withoutAttestationsNothingChanges() {
        CliRun r = run();
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().contains("MANUAL  Restore drill done"), r.out());
        assertTrue(r.out().contains("FAIL    NODE_ENV is production  [high · custom.node-env]  gating"), r.out());
        assertTrue(r.out().contains("ERROR   No env file tracked"), r.out());
        assertFalse(r.out().contains("baseline"), r.out());
    }

    @Test
    void attestationsAndWaiversFromTheDefaultFile() throws Exception {
        write("audit.attestations.yaml", """
                attestations:
                  - check: custom.restore-drill
                    by: alice@example.com
                    date: %s
                    evidence: https://wiki.example.com/ops/restore-drill
                    expires: %s
                  - check: custom.on-call
                    by: carol
                    date: %s
                    evidence: PagerDuty schedule 'prod'
                    expires: %s
                waivers:
                  - check: custom.node-env
                    justification: staging config until the cut-over (OPS-12)
                    by: bob
                    expires: %s
                  - check: custom.env-untracked
                    justification: not a repository yet
                    expires: %s
                """.formatted(date(-10), date(80), date(-100), date(-2), date(30), date(30)));
        CliRun r = run();
        String out = r.out();
        assertTrue(out.contains("PASS    Restore drill done  [critical · custom.restore-drill]\n"
                + "            attested by alice@example.com on " + date(-10) + ": https://wiki.example.com/ops/restore-drill (expires "
                + date(80) + ")\n"), out);
        assertTrue(out.contains("FAIL    On-call rota  [high · custom.on-call]  gating\n"
                + "            attestation expired on " + date(-2) + " (attested by carol on " + date(-100)
                + ": PagerDuty schedule 'prod'); verify it again and renew the attestation\n"), out);
        assertTrue(out.contains("WAIVED  NODE_ENV is production  [high · custom.node-env]\n"
                + "            waived until " + date(30) + " by bob: staging config until the cut-over (OPS-12)\n"
                + "            was FAIL: NODE_ENV is \"development\"; expected \"production\"  (.env.production:1)\n"
                + "            fix: Set NODE_ENV=production.\n"), out);
        assertTrue(out.contains("ERROR   No env file tracked  [high · custom.env-untracked]  gating\n"), out);
        assertTrue(out.contains("but a waiver does not cover ERROR: the check could not decide)"), out);
        assertTrue(out.contains(", 1 waived\n"), out);
        assertEquals(1, r.exitCode(), out);

        // The expired attestation renewed and errors allowed: nothing gates.
        write("audit.attestations.yaml", Files.readString(dir.resolve("audit.attestations.yaml")).replace(date(-2), date(60)));
        CliRun ok = run("--allow-errors");
        assertEquals(0, ok.exitCode(), ok.out());
        assertTrue(ok.out().contains("PASS    On-call rota"), ok.out());

        CliRun json = run("--format", "json", "--allow-errors");
        JsonNode report = JSON.readTree(json.out());
        assertEquals(dev.prodaudit.report.JsonReporter.SCHEMA_VERSION, report.get("schemaVersion").asText());
        assertEquals(Set.of(), schemaErrors(report));
        JsonNode drill = check(report, "custom.restore-drill");
        assertEquals("PASS", drill.get("status").asText());
        assertEquals("alice@example.com", drill.get("attestation").get("by").asText());
        assertEquals(date(80), drill.get("attestation").get("expires").asText());
        assertEquals("valid", drill.get("attestation").get("state").asText());
        JsonNode waived = check(report, "custom.node-env");
        assertEquals("WAIVED", waived.get("status").asText());
        assertFalse(waived.get("gating").asBoolean());
        assertEquals("FAIL", waived.get("waiver").get("originalStatus").asText());
        assertTrue(waived.get("waiver").get("applied").asBoolean());
        assertEquals(1, waived.get("findings").size(), "findings are kept");
        JsonNode error = check(report, "custom.env-untracked");
        assertEquals("ERROR", error.get("status").asText());
        assertFalse(error.get("waiver").get("applied").asBoolean());
        assertTrue(error.get("waiver").get("by").isNull());
        assertFalse(check(report, "custom.log-level").has("waiver"));
        assertEquals(1, report.get("summary").get("waived").asInt());

        // The schema stays strict about the new objects.
        ((com.fasterxml.jackson.databind.node.ObjectNode) waived.get("waiver")).put("ticket", "OPS-12");
        assertFalse(schemaErrors(report).isEmpty());
        ((com.fasterxml.jackson.databind.node.ObjectNode) waived.get("waiver")).remove("ticket");
        ((com.fasterxml.jackson.databind.node.ObjectNode) drill.get("attestation")).put("state", "fine");
        assertFalse(schemaErrors(report).isEmpty());
    }

    @Test
    void expiringAttestationWarnsAndWaiverWarningsReachTheReport() throws Exception {
        write("audit.attestations.yaml", """
                attestations:
                  - {check: custom.restore-drill, by: alice, date: %s, evidence: drill notes, expires: %s}
                waivers:
                  - {check: custom.node-env, justification: cut-over, expires: %s}
                  - {check: custom.log-level, justification: noisy on purpose, expires: %s}
                """.formatted(date(-80), date(3), date(-1), date(10)));
        env("production");
        write(".env.production", "NODE_ENV=production\nLOG_LEVEL=info\n");
        CliRun r = run();
        assertTrue(r.out().contains("WARN    Restore drill done  [critical · custom.restore-drill]\n"
                + "            attested by alice on " + date(-80) + ": drill notes (expires " + date(3)
                + ", in 3 days: verify it again and renew the attestation)\n"), r.out());
        assertTrue(r.out().contains("warning: audit.attestations.yaml:4:6: the waiver for custom.node-env expired on " + date(-1)
                + " and no longer applies; renew it or fix the check\n"), r.out());
        assertTrue(r.out().contains("warning: audit.attestations.yaml:5:6: the waiver for custom.log-level is no longer needed:"
                + " the check passes; remove it\n"), r.out());
    }

    @Test
    void attestingAnAutomaticCheckIsRejectedAtLoad() throws Exception {
        write("audit.attestations.yaml", """
                attestations:
                  - check: custom.node-env
                    by: alice
                    date: %s
                    evidence: I looked
                    expires: %s
                """.formatted(date(-1), date(30)));
        assertOneLineError(run(), "audit.attestations.yaml:2:12: 'custom.node-env' is checked automatically (probe env);"
                + " only manual checks can be attested");
        write("audit.attestations.yaml", """
                attestations:
                  - {check: custom.restore-dril, by: alice, date: %s, evidence: x, expires: %s}
                """.formatted(date(-1), date(30)));
        assertOneLineError(run(), "audit.attestations.yaml:2:13: no check with id 'custom.restore-dril' in the catalogue"
                + " (hint: did you mean 'custom.restore-drill'?)");
        write("audit.attestations.yaml", "waivers:\n  - {check: custom.node-env, expires: " + date(3) + "}\n");
        assertOneLineError(run(), "audit.attestations.yaml:2:5: waiver without 'justification'");
        write("audit.attestations.yaml", "waivers:\n  - {check: custom.node-env, justification: x, expires: tomorrow}\n");
        assertOneLineError(run(), "audit.attestations.yaml:2:57: 'expires' is not a date: 'tomorrow'");
    }

    @Test
    void attestationsOptionAndConfigKeys() throws Exception {
        Files.createDirectories(dir.resolve("ops"));
        write("ops/signed-off.yaml", """
                attestations:
                  - {check: custom.restore-drill, by: alice, date: %s, evidence: drill notes, expires: %s}
                """.formatted(date(-1), date(90)));
        CliRun option = run("--attestations", "ops/signed-off.yaml");
        assertTrue(option.out().contains("PASS    Restore drill done"), option.out());
        assertOneLineError(run("--attestations", "ops/nope.yaml"), "ops/nope.yaml: attestations file not found");

        write("audit.yaml", """
                attestations: ops/signed-off.yaml
                waivers:
                  - check: custom.node-env
                    justification: cut-over
                    expires: %s
                """.formatted(date(20)));
        CliRun config = run();
        assertTrue(config.out().contains("PASS    Restore drill done"), config.out());
        assertTrue(config.out().contains("WAIVED  NODE_ENV is production"), config.out());

        write("audit.yaml", "attestations: missing.yaml\n");
        assertOneLineError(run(), "missing.yaml: attestations file not found");
        write("audit.yaml", "waivers:\n  - {check: custom.nod-env, justification: x, expires: " + date(3) + "}\n");
        assertOneLineError(run(), "audit.yaml:2:13: no check with id 'custom.nod-env' in the catalogue (hint: did you mean 'custom.node-env'?)");
        write("audit.yaml", "waiver: []\n");
        assertOneLineError(run(), "audit.yaml:1:1: unknown key 'waiver' (hint: did you mean 'waivers'?)");
    }

    @Test
    void baselineGatesOnlyOnNewFailures() throws Exception {
        // Baseline: NODE_ENV fails, the git check errors.
        CliRun first = run("--report", "json=prev.json");
        assertEquals(1, first.exitCode());

        // Nothing new: the same failures are known, and do not gate.
        CliRun same = run("--baseline", "prev.json");
        assertEquals(0, same.exitCode(), same.out());
        assertTrue(same.out().contains("FAIL    NODE_ENV is production  [high · custom.node-env]  (also failing in baseline)\n"), same.out());
        assertTrue(same.out().contains("ERROR   No env file tracked  [high · custom.env-untracked]  (also failing in baseline)\n"), same.out());
        assertTrue(same.out().contains("baseline prev.json: 3 failures, 0 new, 3 known (also failing in baseline, not gating); 0 fixed since\n"),
                same.out());
        assertTrue(same.out().contains("result: OK"), same.out());

        // NODE_ENV fixed, a baseline in which it passes; then it fails again: new, gating.
        env("production");
        run("--format", "json", "--output", "good.json");
        env("staging");
        CliRun fresh = run("--baseline", "good.json");
        assertEquals(1, fresh.exitCode(), fresh.out());
        assertTrue(fresh.out().contains("FAIL    NODE_ENV is production  [high · custom.node-env]  gating\n"), fresh.out());
        assertTrue(fresh.out().contains("baseline good.json: 3 failures, 1 new, 2 known"), fresh.out());

        CliRun json = run("--baseline", "good.json", "--format", "json");
        JsonNode report = JSON.readTree(json.out());
        assertEquals(Set.of(), schemaErrors(report));
        JsonNode b = report.get("baseline");
        assertEquals("good.json", b.get("file").asText());
        assertEquals(List.of("custom.node-env"), JSON.convertValue(b.get("newFailures"), List.class));
        assertEquals(List.of("custom.log-level", "custom.env-untracked"), JSON.convertValue(b.get("knownFailures"), List.class));
        assertEquals(1, report.get("summary").get("gating").asInt());
        assertEquals(1, report.get("summary").get("exitCode").asInt());
        assertFalse(check(report, "custom.env-untracked").get("gating").asBoolean());

        // Fixed since the first baseline.
        env("production");
        CliRun fixed = run("--baseline", "prev.json", "--format", "json");
        assertEquals(List.of("custom.node-env"), JSON.convertValue(JSON.readTree(fixed.out()).get("baseline").get("fixed"), List.class));
        assertEquals(0, fixed.exitCode());
    }

    @Test
    void errorsCountAsFailuresForTheBaselineUnlessAllowed() throws Exception {
        // A baseline where the git check passes (a real repository without tracked env files).
        new ProcessBuilder("git", "init", "-q").directory(dir.toFile()).start().waitFor();
        env("production");
        run("--report", "json=repo.json");
        Files.walk(dir.resolve(".git")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        CliRun strict = run("--baseline", "repo.json");
        assertEquals(1, strict.exitCode(), "the new ERROR gates");
        assertTrue(strict.out().contains("ERROR   No env file tracked  [high · custom.env-untracked]  gating"), strict.out());
        CliRun allowed = run("--baseline", "repo.json", "--allow-errors");
        assertEquals(0, allowed.exitCode(), allowed.out());
    }

    @Test
    void aBaselineThatIsNotAReportIsExitTwo() throws Exception {
        write("prev.json", "{\"not\": \"a report\"}");
        assertOneLineError(run("--baseline", "prev.json"), "prev.json: not a prodaudit JSON report");
        write("prev.json", "{ broken");
        assertOneLineError(run("--baseline", "prev.json"), "prev.json:1:3: not a prodaudit JSON report: malformed JSON");
        run("--format", "json", "--output", "v1.json");
        write("v2.json", Files.readString(dir.resolve("v1.json")).replace("\"schemaVersion\" : \"" + dev.prodaudit.report.JsonReporter.SCHEMA_VERSION + "\"", "\"schemaVersion\" : \"2.0\""));
        assertOneLineError(run("--baseline", "v2.json"), "v2.json: JSON report schemaVersion 2.0 is not supported (this prodaudit reads 1.x)");
        assertOneLineError(run("--baseline", "none.json"), "none.json: baseline file not found");
    }

    @Test
    void diffListsChangesAndGatesOnNewFailures() throws Exception {
        env("production");
        run("--format", "json", "--output", "old.json");
        env("development");
        write(".env.production", "NODE_ENV=development\nLOG_LEVEL=info\n");
        run("--format", "json", "--output", "new.json");

        CliRun diff = audit("diff", "old.json", "new.json");
        assertEquals(1, diff.exitCode(), diff.err());
        assertTrue(diff.out().startsWith("audit diff: old.json ("), diff.out());
        assertTrue(diff.out().contains("New failures (1)\n  PASS → FAIL       NODE_ENV is production  [high · custom.node-env]\n"), diff.out());
        assertTrue(diff.out().contains("Fixed (1)\n  FAIL → PASS       LOG_LEVEL is quiet  [medium · custom.log-level]\n"), diff.out());
        assertTrue(diff.out().endsWith("1 new failure, 1 fixed, 0 changed status, 0 changed evidence, 0 added, 0 removed (exit 1)\n"), diff.out());

        CliRun back = audit("diff", "new.json", "old.json");
        assertEquals(1, back.exitCode(), "LOG_LEVEL fails in old.json: new the other way round");
        write(".env.production", "NODE_ENV=production\nLOG_LEVEL=info\n");
        run("--format", "json", "--output", "fixed.json");
        CliRun onlyFixed = audit("diff", "new.json", "fixed.json");
        assertEquals(0, onlyFixed.exitCode(), onlyFixed.out());
        assertTrue(onlyFixed.out().contains("Fixed (1)\n  FAIL → PASS       NODE_ENV is production"), onlyFixed.out());

        CliRun json = audit("diff", "old.json", "new.json", "--format", "json");
        assertEquals(1, json.exitCode());
        JsonNode d = JSON.readTree(json.out());
        assertEquals("custom.node-env", d.get("newFailures").get(0).get("id").asText());
        assertEquals("custom.log-level", d.get("fixed").get(0).get("id").asText());

        CliRun toFile = audit("diff", "old.json", "new.json", "--output", "out/diff.txt");
        assertEquals(1, toFile.exitCode());
        assertEquals("", toFile.out());
        assertTrue(Files.readString(dir.resolve("out/diff.txt")).contains("New failures (1)"));

        CliRun same = audit("diff", "old.json", "old.json");
        assertEquals(0, same.exitCode());
        assertTrue(same.out().contains("no changes"), same.out());
    }

    @Test
    void diffBadInputIsExitTwo() throws Exception {
        run("--format", "json", "--output", "ok.json");
        write("bad.json", "[]");
        assertOneLineError(audit("diff", "ok.json", "bad.json"), "bad.json: not a prodaudit JSON report");
        assertOneLineError(audit("diff", "nope.json", "ok.json"), "nope.json: report file not found");
        assertOneLineError(audit("diff", "ok.json", "ok.json", "--format", "xml"), "unknown diff format 'xml'");
        assertOneLineError(audit("diff", "ok.json"), "Missing required parameter");
        CliRun debug = audit("diff", "ok.json", "bad.json", "--debug");
        assertEquals(2, debug.exitCode());
        assertTrue(debug.err().contains("\tat "), debug.err());
    }

    @Test
    void helpListsDiff() {
        CliRun help = audit("--help");
        assertTrue(help.out().contains("diff"), help.out());
        CliRun diffHelp = audit("diff", "--help");
        assertEquals(0, diffHelp.exitCode());
        assertTrue(diffHelp.out().contains("new failures"), diffHelp.out());
        CliRun runHelp = audit("run", "--help");
        assertTrue(runHelp.out().contains("--baseline") && runHelp.out().contains("--attestations"), runHelp.out());
    }
}
