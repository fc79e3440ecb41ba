package dev.prodaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.probe.Status;
import dev.prodaudit.engine.Result;
import dev.prodaudit.policy.AuditedRelease;
import dev.prodaudit.policy.Policy;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.policy.Waiver;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SARIF report: valid against the official SARIF 2.1.0 JSON schema (draft-04), one rule per check, one
 * result per FAIL, WARN, ERROR or WAIVED finding, each with a physical location GitHub accepts.
 */
class SarifReporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        JsonNode node = JSON.readTree(Path.of("src/test/resources/schemas/sarif-2.1.0-rtm.5.json").toFile());
        assertEquals("http://json-schema.org/draft-04/schema#", node.get("$schema").asText());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(node);
    }

    private static JsonNode sarif(AuditReport report) throws Exception {
        return JSON.readTree(ReportFixtures.render(new SarifReporter(), report));
    }

    private static void assertValid(JsonNode doc) {
        Set<ValidationMessage> errors = schema.validate(doc);
        assertEquals(Set.of(), errors);
        assertGitHubIngests(doc);
    }

    /**
     * What GitHub's "SARIF support for code scanning" asks beyond the schema: a result has a rule id and a message
     * text, at most one location (a repository-relative URI, line from 1), string-valued partialFingerprints; a rule's
     * security-severity is a string holding a number from 0.0 to 10.0; a provenance names repository and revision.
     */
    private static void assertGitHubIngests(JsonNode doc) {
        for (JsonNode rule : doc.at("/runs/0/tool/driver/rules")) {
            JsonNode score = rule.at("/properties/security-severity");
            if (!score.isMissingNode()) {
                assertTrue(score.isTextual(), rule.toString());
                double value = Double.parseDouble(score.asText());
                assertTrue(value >= 0.0 && value <= 10.0, rule.toString());
            }
        }
        for (JsonNode r : doc.at("/runs/0/results")) {
            assertFalse(r.path("ruleId").asText().isEmpty(), r.toString());
            assertFalse(r.at("/message/text").asText().isEmpty(), r.toString());
            assertTrue(r.path("locations").size() <= 1, r.toString());
            for (JsonNode loc : r.path("locations")) {
                String uri = loc.at("/physicalLocation/artifactLocation/uri").asText();
                assertFalse(uri.isEmpty() || uri.startsWith("/") || uri.contains(":"), r.toString());
                assertTrue(loc.at("/physicalLocation/region/startLine").asInt() >= 1, r.toString());
            }
            assertTrue(r.path("partialFingerprints").size() >= 1, r.toString());
            r.path("partialFingerprints").forEach(v -> assertTrue(v.isTextual(), r.toString()));
        }
        for (JsonNode p : doc.at("/runs/0/versionControlProvenance")) {
            assertFalse(p.path("repositoryUri").asText().isEmpty(), p.toString());
            assertTrue(p.path("revisionId").asText().matches("[0-9a-f]{40,64}"), p.toString());
        }
    }

    private static List<JsonNode> results(JsonNode doc, String ruleId) {
        List<JsonNode> out = new ArrayList<>();
        doc.at("/runs/0/results").forEach(r -> {
            if (r.get("ruleId").asText().equals(ruleId)) {
                out.add(r);
            }
        });
        return out;
    }

    private static JsonNode location(JsonNode result) {
        assertEquals(1, result.get("locations").size(), result.toString());
        return result.at("/locations/0");
    }

    @Test
    void everyReportValidatesAgainstTheSarifSchema() throws Exception {
        assertValid(sarif(ReportFixtures.sample()));
        assertValid(sarif(ReportFixtures.sample(new Gate(null, true))));
        assertValid(sarif(ReportFixtures.realistic()));
        assertValid(sarif(ReportFixtures.empty()));
    }

    @Test
    void brokenDocumentsFailValidation() throws Exception {
        JsonNode good = sarif(ReportFixtures.sample());

        ObjectNode badLevel = good.deepCopy();
        ((ObjectNode) badLevel.at("/runs/0/results/0")).put("level", "fatal");
        assertFalse(schema.validate(badLevel).isEmpty(), "level 'fatal' accepted");

        ObjectNode noDriverName = good.deepCopy();
        ((ObjectNode) noDriverName.at("/runs/0/tool/driver")).remove("name");
        assertFalse(schema.validate(noDriverName).isEmpty(), "a driver without a name accepted");

        ObjectNode badVersion = good.deepCopy();
        badVersion.put("version", "2.0.0");
        assertFalse(schema.validate(badVersion).isEmpty(), "version 2.0.0 accepted");

        ObjectNode unknownKey = good.deepCopy();
        ((ObjectNode) unknownKey.at("/runs/0")).put("findings", 3);
        assertFalse(schema.validate(unknownKey).isEmpty(), "an unknown run property accepted");

        ObjectNode noRepository = good.deepCopy();
        ((ObjectNode) noRepository.at("/runs/0")).putArray("versionControlProvenance").addObject().put("revisionId", "5d6e7f8");
        assertFalse(schema.validate(noRepository).isEmpty(), "a provenance without repositoryUri accepted");

        ObjectNode numericFingerprint = good.deepCopy();
        ((ObjectNode) numericFingerprint.at("/runs/0/results/0/partialFingerprints")).put("prodaudit/v1", 42);
        assertFalse(schema.validate(numericFingerprint).isEmpty(), "a fingerprint that is not a string accepted");

        ObjectNode badLine = good.deepCopy();
        ((ObjectNode) badLine.at("/runs/0/results/0/locations/0/physicalLocation/region")).put("startLine", 0);
        assertFalse(schema.validate(badLine).isEmpty(), "startLine 0 accepted");
    }

    @Test
    void headerToolAndRules() throws Exception {
        AuditReport report = ReportFixtures.sample();
        JsonNode doc = sarif(report);
        assertEquals("2.1.0", doc.get("version").asText());
        assertEquals("version", doc.fieldNames().next(), "the spec asks for version first");
        assertEquals(SarifReporter.SCHEMA_URI, doc.get("$schema").asText());
        assertEquals(1, doc.get("runs").size());
        JsonNode driver = doc.at("/runs/0/tool/driver");
        assertEquals("prodaudit", driver.get("name").asText());
        assertEquals("9.9.9-test", driver.get("version").asText());
        assertTrue(driver.get("informationUri") == null, "no project URL is published yet; SARIF makes it optional");

        JsonNode rules = driver.get("rules");
        assertEquals(report.results().size(), rules.size(), "one rule per check, whatever its status");
        for (int i = 0; i < rules.size(); i++) {
            assertEquals(report.results().get(i).check().id(), rules.get(i).get("id").asText());
        }
        JsonNode jwt = rules.get(0);
        assertEquals("JWT secrets generated", jwt.at("/shortDescription/text").asText());
        assertEquals("A short or reused secret lets anyone mint tokens.", jwt.at("/fullDescription/text").asText());
        assertTrue(jwt.at("/help/text").asText().startsWith("Generate two independent secrets"));
        assertEquals("error", jwt.at("/defaultConfiguration/level").asText());
        assertEquals("[\"secrets\",\"jwt\"]", jwt.at("/properties/tags").toString());
        assertEquals("critical", jwt.at("/properties/severity").asText());

        Map<String, String> levels = new java.util.HashMap<>();
        rules.forEach(r -> levels.put(r.get("id").asText(), r.at("/defaultConfiguration/level").asText()));
        assertEquals("error", levels.get("security.cors"));           // high
        assertEquals("warning", levels.get("security.escaping"));     // medium
        assertEquals("note", levels.get("infra.api-docs"));           // low
        assertEquals("note", levels.get("infra.dockerfile"));         // info
    }

    @Test
    void oneResultPerProblemFindingAndNoneForPassManualSkip() throws Exception {
        JsonNode doc = sarif(ReportFixtures.sample());
        Set<String> ruleIds = new HashSet<>();
        doc.at("/runs/0/results").forEach(r -> ruleIds.add(r.get("ruleId").asText()));
        assertEquals(Set.of("security.jwt-secrets", "security.azure-openai-key", "security.escaping", "security.cors",
                "infra.redis-password", "infra.non-root-user", "infra.backups"), ruleIds);
        // Two FAIL findings for the JWT check (its PASS finding gives none).
        List<JsonNode> jwt = results(doc, "security.jwt-secrets");
        assertEquals(2, jwt.size());
        assertEquals("JWT_ACCESS_SECRET: 16 chars, 12 bytes (base64); at least 48 bytes required", jwt.get(0).at("/message/text").asText());
        assertEquals("JWT_ACCESS_SECRET and JWT_REFRESH_SECRET hold the same value", jwt.get(1).at("/message/text").asText());
        doc.at("/runs/0/results").forEach(r -> {
            assertEquals("fail", r.get("kind").asText());
            JsonNode rule = doc.at("/runs/0/tool/driver/rules/" + r.get("ruleIndex").asInt());
            assertEquals(r.get("ruleId").asText(), rule.get("id").asText(), "ruleIndex points at the rule");
        });
        // Counts of every status, including those without results, are in the run's properties.
        assertEquals(1, doc.at("/runs/0/properties/summary/pass").asInt());
        assertEquals(1, doc.at("/runs/0/properties/summary/manual").asInt());
        assertEquals(4, doc.at("/runs/0/properties/summary/gating").asInt());
        assertEquals(1, doc.at("/runs/0/properties/exitCode").asInt());
    }

    @Test
    void levelsFollowStatusAndSeverity() throws Exception {
        JsonNode doc = sarif(ReportFixtures.sample());
        assertEquals("error", results(doc, "security.jwt-secrets").get(0).get("level").asText());    // FAIL critical
        assertEquals("warning", results(doc, "infra.redis-password").get(0).get("level").asText());  // FAIL medium
        assertEquals("warning", results(doc, "security.escaping").get(0).get("level").asText());     // WARN medium
        JsonNode cors = results(doc, "security.cors").get(0);                                         // ERROR high
        assertEquals("error", cors.get("level").asText());
        assertEquals("could not check: GET https://api.example.com/ failed: connection refused", cors.at("/message/text").asText());
        assertEquals("ERROR", cors.at("/properties/status").asText());
        assertTrue(cors.at("/properties/gating").asBoolean());
        JsonNode notes = doc.at("/runs/0/invocations/0/toolExecutionNotifications");
        assertEquals(1, notes.size());
        assertEquals("security.cors", notes.at("/0/associatedRule/id").asText());
        assertEquals("error", notes.at("/0/level").asText());
        assertTrue(doc.at("/runs/0/invocations/0/executionSuccessful").asBoolean());
        assertEquals(1, doc.at("/runs/0/invocations/0/exitCode").asInt());
    }

    @Test
    void locationsAreRepositoryRelativeWithALine() throws Exception {
        JsonNode doc = sarif(ReportFixtures.sample());
        JsonNode jwt = location(results(doc, "security.jwt-secrets").get(0)).get("physicalLocation");
        assertEquals(".env.production", jwt.at("/artifactLocation/uri").asText());
        assertEquals("%SRCROOT%", jwt.at("/artifactLocation/uriBaseId").asText());
        assertEquals(24, jwt.at("/region/startLine").asInt());

        JsonNode key = location(results(doc, "security.azure-openai-key").get(0)).get("physicalLocation");
        assertEquals("src/config.js", key.at("/artifactLocation/uri").asText());
        assertEquals(3, key.at("/region/startLine").asInt());

        // A file but no line: line 1 of the file.
        JsonNode docker = location(results(doc, "infra.non-root-user").get(0)).get("physicalLocation");
        assertEquals("Dockerfile", docker.at("/artifactLocation/uri").asText());
        assertEquals(1, docker.at("/region/startLine").asInt());

        // A path with a space and '#' is percent-encoded into a valid URI reference.
        JsonNode odd = location(results(doc, "security.escaping").get(0)).get("physicalLocation");
        assertEquals("dir%20with%20space/file%231.txt", odd.at("/artifactLocation/uri").asText());

        // No file: an env finding goes on the env file, anything else on the audit configuration; both say so.
        JsonNode same = location(results(doc, "security.jwt-secrets").get(1));
        assertEquals(".env.production", same.at("/physicalLocation/artifactLocation/uri").asText());
        assertEquals(1, same.at("/physicalLocation/region/startLine").asInt());
        assertTrue(same.at("/message/text").asText().startsWith("no file of its own"));
        JsonNode cors = location(results(doc, "security.cors").get(0));
        assertEquals("audit.yaml", cors.at("/physicalLocation/artifactLocation/uri").asText());
    }

    @Test
    void anchorsFollowTheRepositoryAndFallBack() {
        AuditReport base = ReportFixtures.sample();
        var check = base.results().get(3).check();  // security.cors, a manual probe here
        AuditReport.RunInfo elsewhere = new AuditReport.RunInfo("app/audit.yaml", List.of(), List.of("app/.env.production"), "app", Map.of());
        AuditReport.RunInfo bare = new AuditReport.RunInfo(null, List.of(), List.of(), ".", Map.of());
        AuditReport.RunInfo envOnly = new AuditReport.RunInfo(null, List.of(), List.of(".env"), ".", Map.of());
        assertEquals("audit.yaml", SarifReporter.anchor(withRun(base, elsewhere), check));
        assertEquals("audit.yaml", SarifReporter.anchor(withRun(base, bare), check));
        assertEquals(".env", SarifReporter.anchor(withRun(base, envOnly), check));
        assertEquals(".env.production", SarifReporter.anchor(withRun(base, elsewhere), base.results().get(0).check()));
    }

    private static AuditReport withRun(AuditReport r, AuditReport.RunInfo run) {
        return new AuditReport(r.version(), r.startedAt(), r.durationMs(), run, r.results(), r.warnings(), r.gate());
    }

    @Test
    void waivedResultsAreSuppressedWithTheJustification() throws Exception {
        JsonNode doc = sarif(ReportFixtures.sample());
        List<JsonNode> waived = results(doc, "infra.backups");
        assertEquals(1, waived.size());
        JsonNode s = waived.get(0).get("suppressions");
        assertEquals(1, s.size());
        assertEquals("external", s.at("/0/kind").asText());
        assertEquals("accepted", s.at("/0/status").asText());
        assertEquals("waived until 2026-12-31 by ops@example.com: restore drill scheduled (OPS-42)", s.at("/0/justification").asText());
        // Nothing else is suppressed.
        doc.at("/runs/0/results").forEach(r -> assertEquals(r.get("ruleId").asText().equals("infra.backups"), r.has("suppressions")));
    }

    @Test
    void anAppliedWaiverGivesTheJustificationAndTheWaivedLevel() throws Exception {
        AuditReport base = ReportFixtures.sample();
        Waiver w = new Waiver("infra.backups", "restore drill scheduled", "ops@example.com", LocalDate.of(2026, 12, 31),
                "audit.attestations.yaml:3");
        Map<String, Policy.Note> notes = Map.of("infra.backups",
                new Policy.Note(null, new Policy.AppliedWaiver(w, Status.WARN, true, "no backup job found")));
        AuditReport report = new AuditReport(base.version(), base.startedAt(), base.durationMs(), base.run(), base.results(),
                base.warnings(), base.gate(), notes, null);
        JsonNode doc = sarif(report);
        assertValid(doc);
        JsonNode waived = results(doc, "infra.backups").get(0);
        assertEquals("waived until 2026-12-31 by ops@example.com: restore drill scheduled",
                waived.at("/suppressions/0/justification").asText());
        assertEquals("warning", waived.get("level").asText(), "a waived WARN of a high check stays a warning");
    }

    @Test
    void everyResultOfTheRealisticRunHasAFileAndALine() throws Exception {
        AuditReport report = ReportFixtures.realistic();
        JsonNode doc = sarif(report);
        ArrayNode results = (ArrayNode) doc.at("/runs/0/results");
        assertTrue(results.size() > 100, "results: " + results.size());
        Set<String> probes = new HashSet<>();
        for (JsonNode r : results) {
            JsonNode loc = location(r).get("physicalLocation");
            assertFalse(loc.at("/artifactLocation/uri").asText().isBlank(), r.toString());
            assertTrue(loc.at("/region/startLine").asInt() >= 1, r.toString());
            probes.add(doc.at("/runs/0/tool/driver/rules/" + r.get("ruleIndex").asInt() + "/properties/probe").asText());
        }
        assertTrue(probes.containsAll(List.of("env", "file", "git")), probes.toString());
        // The findings the probes pinned to a file keep it.
        Set<String> uris = new HashSet<>();
        results.forEach(r -> uris.add(location(r).at("/physicalLocation/artifactLocation/uri").asText()));
        assertTrue(uris.containsAll(List.of(".env.production", ".env.resend.production.enc", "docs/restore-test-2025-q1.md")),
                uris.toString());
        // Findings without a file land on the file they are about where the check names one.
        // (The workloads checks name no single file: their findings carry their own file:line.)
        assertEquals(".gitignore", location(results(doc, "security.env-files-excluded").get(0)).at("/physicalLocation/artifactLocation/uri").asText());
        // One result per problem finding: count them from the report.
        long expected = report.results().stream()
                .filter(r -> ReportFacts.isProblem(r.status()) || r.status() == Status.WAIVED)
                .mapToLong(r -> Math.max(1, ReportFacts.problems(r).size())).sum();
        assertEquals(expected, results.size());
        Set<String> statuses = new HashSet<>();
        results.forEach(r -> statuses.add(r.at("/properties/status").asText()));
        assertEquals(Set.of("FAIL", "WARN", "ERROR", "WAIVED"), statuses);
    }

    @Test
    void belowFailOnAndAllowErrorsShowInGatingNotInLevel() throws Exception {
        JsonNode doc = sarif(ReportFixtures.sample(new Gate(Severity.HIGH, true)));
        JsonNode cors = results(doc, "security.cors").get(0);
        assertEquals("error", cors.get("level").asText());
        assertFalse(cors.at("/properties/gating").asBoolean());
        assertFalse(results(doc, "infra.redis-password").get(0).at("/properties/gating").asBoolean());
    }

    // --- GitHub code scanning: security-severity, partialFingerprints, untracked files, provenance ---

    /** The band GitHub shows for a security-severity score (>9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low). */
    private static String githubBand(double score) {
        return score > 9.0 ? "critical" : score >= 7.0 ? "high" : score >= 4.0 ? "medium" : score >= 0.1 ? "low" : "none";
    }

    @Test
    void rulesCarryTheSecuritySeverityGitHubShowsAsTheirSeverity() throws Exception {
        JsonNode doc = sarif(ReportFixtures.realistic());
        assertValid(doc);
        Set<String> bands = new HashSet<>();
        for (JsonNode rule : doc.at("/runs/0/tool/driver/rules")) {
            String severity = rule.at("/properties/severity").asText();
            JsonNode score = rule.at("/properties/security-severity");
            if (severity.equals("info")) {
                assertTrue(score.isMissingNode(), rule.toString());
                continue;
            }
            assertTrue(score.isTextual(), "GitHub reads a string: " + rule);
            assertEquals(severity, githubBand(Double.parseDouble(score.asText())), rule.get("id").asText());
            bands.add(severity);
        }
        assertEquals(Set.of("critical", "high", "medium", "low"), bands);
    }

    private static AuditReport withFindings(String checkId, Finding... findings) {
        AuditReport base = ReportFixtures.sample();
        Result original = base.results().stream().filter(r -> r.check().id().equals(checkId)).findFirst().orElseThrow();
        List<Result> results = new ArrayList<>();
        results.add(new Result(original.check(), Status.FAIL, findings[0].message(), List.of(findings), 1));
        return new AuditReport(base.version(), base.startedAt(), base.durationMs(), base.run(), results, List.of(), base.gate());
    }

    private static String fingerprint(JsonNode result) {
        return result.at("/partialFingerprints/prodaudit~1v1").asText();
    }

    @Test
    void theSameFindingKeepsItsFingerprintWhenItsLineMoves() throws Exception {
        String before = fingerprint(results(sarif(withFindings("security.azure-openai-key", Finding.at(Status.FAIL,
                "the value of AZURE_OPENAI_API_KEY is committed in src/config.js:3; rotate it and remove it from history",
                "src/config.js", 3))), "security.azure-openai-key").get(0));
        // Two lines were added above it: the file:line in the message and the finding's line both moved.
        String after = fingerprint(results(sarif(withFindings("security.azure-openai-key", Finding.at(Status.FAIL,
                "the value of AZURE_OPENAI_API_KEY is committed in src/config.js:5; rotate it and remove it from history",
                "src/config.js", 5))), "security.azure-openai-key").get(0));
        assertTrue(before.matches("[0-9a-f]{64}:1"), before);
        assertEquals(before, after);
        // A volatile number (a measured length) does not make it a new alert either.
        assertEquals(
                fingerprint(results(sarif(withFindings("security.jwt-secrets", Finding.at(Status.FAIL,
                        "JWT_ACCESS_SECRET: 16 chars, 12 bytes (base64); at least 48 bytes required", ".env.production", 24))),
                        "security.jwt-secrets").get(0)),
                fingerprint(results(sarif(withFindings("security.jwt-secrets", Finding.at(Status.FAIL,
                        "JWT_ACCESS_SECRET: 20 chars, 15 bytes (base64); at least 48 bytes required", ".env.production", 31))),
                        "security.jwt-secrets").get(0)));
    }

    /** A finding naming a commit, whose id changes whenever the history is rewritten or the fixture committed anew. */
    @Test
    void aCommitIdInTheMessageDoesNotMakeANewAlertWhateverItsDigits() throws Exception {
        Set<String> prints = new HashSet<>();
        for (String commit : List.of("1a2b3c4", "bdfaecb", "7301245", "e4d909c290d0fb1ca068ffaddf22cbd0")) {
            prints.add(fingerprint(results(sarif(withFindings("security.azure-openai-key", Finding.at(Status.FAIL,
                    "the value of AZURE_OPENAI_API_KEY was committed in " + commit + " on 2025-10-28 at src/config.js:3",
                    "src/config.js", 3))), "security.azure-openai-key").get(0)));
        }
        assertEquals(1, prints.size(), prints.toString());
    }

    @Test
    void differentFindingsHaveDifferentFingerprints() throws Exception {
        JsonNode doc = sarif(ReportFixtures.realistic());
        Set<String> seen = new HashSet<>();
        for (JsonNode r : doc.at("/runs/0/results")) {
            assertTrue(seen.add(fingerprint(r)), "fingerprint repeated: " + r);
        }
        // Another variable in the same file, and the same message in another file, are other findings.
        String access = fingerprint(results(sarif(withFindings("security.jwt-secrets",
                Finding.at(Status.FAIL, "JWT_ACCESS_SECRET looks like a placeholder", ".env.production", 24))), "security.jwt-secrets").get(0));
        String refresh = fingerprint(results(sarif(withFindings("security.jwt-secrets",
                Finding.at(Status.FAIL, "JWT_REFRESH_SECRET looks like a placeholder", ".env.production", 24))), "security.jwt-secrets").get(0));
        String staging = fingerprint(results(sarif(withFindings("security.jwt-secrets",
                Finding.at(Status.FAIL, "JWT_ACCESS_SECRET looks like a placeholder", ".env.staging", 24))), "security.jwt-secrets").get(0));
        assertEquals(3, Set.of(access, refresh, staging).size());
        // Findings alike once numbers are set aside stay apart by their occurrence, as code scanning counts them.
        JsonNode two = sarif(withFindings("security.escaping", Finding.of(Status.FAIL, "port 6379 is open to the internet"),
                Finding.of(Status.FAIL, "port 6380 is open to the internet")));
        List<JsonNode> both = results(two, "security.escaping");
        assertEquals(both.get(0).at("/partialFingerprints/prodaudit~1v1").asText().replace(":1", ":2"), fingerprint(both.get(1)));
    }

    private static AuditReport tracking(AuditReport base, Set<String> paths, Map<String, Map<String, Integer>> templates) {
        AuditReport.RunInfo run = base.run();
        return new AuditReport(base.version(), base.startedAt(), base.durationMs(),
                new AuditReport.RunInfo(run.configFile(), run.catalogues(), run.envFiles(), run.repository(), run.targets(),
                        run.release(), new TrackedFiles(paths, templates)),
                base.results(), base.warnings(), base.gate());
    }

    @Test
    void findingsOnTheUntrackedEnvFileAreShownOnTheTrackedExampleLineOfTheirVariable() throws Exception {
        // .env.production is git-ignored; .env.example documents JWT_ACCESS_SECRET on line 7.
        AuditReport report = tracking(ReportFixtures.sample(),
                Set.of(".env.example", "README.md", "audit.yaml", "src/config.js", "Dockerfile", "dir with space/file#1.txt"),
                Map.of(".env.example", Map.of("JWT_ACCESS_SECRET", 7, "JWT_REFRESH_SECRET", 8)));
        JsonNode doc = sarif(report);
        assertValid(doc);
        List<JsonNode> jwt = results(doc, "security.jwt-secrets");
        JsonNode length = location(jwt.get(0));
        assertEquals(".env.example", length.at("/physicalLocation/artifactLocation/uri").asText());
        assertEquals(7, length.at("/physicalLocation/region/startLine").asInt());
        assertEquals("JWT_ACCESS_SECRET: 16 chars, 12 bytes (base64); at least 48 bytes required (in .env.production:24,"
                + " which git does not track; shown on .env.example:7)", jwt.get(0).at("/message/text").asText());
        // A finding with no line of its own about the env file goes to the first variable it names.
        JsonNode same = location(jwt.get(1));
        assertEquals(".env.example", same.at("/physicalLocation/artifactLocation/uri").asText());
        assertEquals(7, same.at("/physicalLocation/region/startLine").asInt());
        assertTrue(jwt.get(1).at("/message/text").asText().contains("(in .env.production, which git does not track"));
        // Tracked files keep their own place.
        assertEquals("src/config.js", location(results(doc, "security.azure-openai-key").get(0))
                .at("/physicalLocation/artifactLocation/uri").asText());
        assertEquals("audit.yaml", location(results(doc, "security.cors").get(0)).at("/physicalLocation/artifactLocation/uri").asText());
    }

    @Test
    void withoutATemplateLineTheyGoToTheReadmeElseNowhere() throws Exception {
        AuditReport readme = tracking(ReportFixtures.sample(), Set.of("README.md", "src/config.js"), Map.of());
        JsonNode doc = sarif(readme);
        assertValid(doc);
        JsonNode jwt = results(doc, "security.jwt-secrets").get(0);
        assertEquals("README.md", location(jwt).at("/physicalLocation/artifactLocation/uri").asText());
        assertEquals(1, location(jwt).at("/physicalLocation/region/startLine").asInt());
        assertTrue(jwt.at("/message/text").asText().endsWith("(in .env.production:24, which git does not track; shown on README.md)"),
                jwt.toString());

        JsonNode bare = sarif(tracking(ReportFixtures.sample(), Set.of("src/config.js"), Map.of()));
        assertValid(bare);
        JsonNode nowhere = results(bare, "security.jwt-secrets").get(0);
        assertEquals(0, nowhere.get("locations").size());
        assertTrue(nowhere.at("/message/text").asText().endsWith("(in .env.production:24, which git does not track; shown without a location)"));
    }

    @Test
    void theProvenanceNamesTheAuditedCommitOnlyWhenThereIsOne() throws Exception {
        AuditReport base = ReportFixtures.sample();
        AuditReport.RunInfo run = base.run();
        String sha = "5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80";
        AuditReport released = withRun(base, new AuditReport.RunInfo(run.configFile(), run.catalogues(), run.envFiles(),
                run.repository(), run.targets(), AuditedRelease.of("v1.4.0", sha)
                .withProvenance("https://github.com/acme/rag-api.git", "main")));
        JsonNode doc = sarif(released);
        assertValid(doc);
        assertEquals("https://github.com/acme/rag-api.git", doc.at("/runs/0/versionControlProvenance/0/repositoryUri").asText());
        assertEquals(sha, doc.at("/runs/0/versionControlProvenance/0/revisionId").asText());
        assertEquals("main", doc.at("/runs/0/versionControlProvenance/0/branch").asText());
        assertEquals("%SRCROOT%", doc.at("/runs/0/versionControlProvenance/0/mappedTo/uriBaseId").asText());

        AuditReport outside = withRun(base, new AuditReport.RunInfo(run.configFile(), run.catalogues(), run.envFiles(),
                run.repository(), run.targets(), AuditedRelease.outsideRepository("HEAD", "repository . is not a git repository")));
        JsonNode none = sarif(outside);
        assertValid(none);
        assertTrue(none.at("/runs/0/versionControlProvenance").isMissingNode());
    }
}
