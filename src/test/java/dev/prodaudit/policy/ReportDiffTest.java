package dev.prodaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.prodaudit.probe.Status;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** audit diff: new failures, fixed, changed status, changed evidence, added and removed; exit 1 on new failures. */
class ReportDiffTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ReportDiff sample() throws Exception {
        SavedReport before = Reports.saved("old.json",
                "s.newly", "PASS", "64 bytes",
                "s.fixed", "FAIL", "16 bytes",
                "s.error-fixed", "ERROR", "timed out after 10000 ms",
                "s.waived", "FAIL", "weak",
                "s.warn", "PASS", "ok",
                "s.fail-to-error", "FAIL", "bad",
                "s.evidence", "WARN", "certificate expires in 40 days",
                "s.same", "PASS", "ok",
                "s.removed", "FAIL", "x");
        SavedReport after = Reports.saved("new.json",
                "s.newly", "FAIL", "16 bytes",
                "s.fixed", "PASS", "64 bytes",
                "s.error-fixed", "PASS", "answered",
                "s.waived", "WAIVED", "waived until 2099-01-01: later (was FAIL: weak)",
                "s.warn", "WARN", "ok, but",
                "s.fail-to-error", "ERROR", "refused",
                "s.evidence", "WARN", "certificate expires in 33 days",
                "s.same", "PASS", "ok",
                "s.added-fail", "ERROR", "not configured",
                "s.added-pass", "PASS", "fine");
        return ReportDiff.of(before, after);
    }

    private static List<String> ids(List<ReportDiff.Change> changes) {
        return changes.stream().map(ReportDiff.Change::id).toList();
    }

    @Test
    void classifiesEveryCheck() throws Exception {
        ReportDiff d = sample();
        assertEquals(List.of("s.newly", "s.added-fail"), ids(d.newFailures()));
        assertEquals(List.of("s.fixed", "s.error-fixed", "s.waived"), ids(d.fixed()));
        assertEquals(List.of("s.warn", "s.fail-to-error"), ids(d.changed()));
        assertEquals(List.of("s.evidence"), ids(d.evidenceChanged()));
        assertEquals(List.of("s.added-fail", "s.added-pass"), d.added().stream().map(SavedReport.SavedCheck::id).toList());
        assertEquals(List.of("s.removed"), d.removed().stream().map(SavedReport.SavedCheck::id).toList());
        ReportDiff.Change added = d.newFailures().get(1);
        assertEquals(null, added.oldStatus());
        assertEquals(Status.ERROR, added.newStatus());
        assertEquals(1, d.exitCode());
    }

    @Test
    void noNewFailuresExitsZero() throws Exception {
        SavedReport before = Reports.saved("old.json", "s.a", "FAIL", "x", "s.b", "PASS", "x");
        SavedReport after = Reports.saved("new.json", "s.a", "PASS", "y", "s.b", "WARN", "z");
        ReportDiff d = ReportDiff.of(before, after);
        assertEquals(0, d.exitCode());
        assertEquals(List.of("s.a"), ids(d.fixed()));
    }

    @Test
    void identicalReportsHaveNoChanges() throws Exception {
        SavedReport r = Reports.saved("a.json", "s.a", "FAIL", "x");
        ReportDiff d = ReportDiff.of(r, Reports.saved("b.json", "s.a", "FAIL", "x"));
        assertTrue(d.isEmpty());
        assertEquals(0, d.exitCode(), "a failure in both is not new");
        StringWriter out = new StringWriter();
        d.writeText(out);
        assertEquals("""
                audit diff: a.json (2026-11-20T09:00:00Z, 1 check) → b.json (2026-11-20T09:00:00Z, 1 check)

                no changes: the same checks with the same statuses and evidence (exit 0)
                """, out.toString());
    }

    @Test
    void text() throws Exception {
        StringWriter out = new StringWriter();
        sample().writeText(out);
        assertEquals("""
                audit diff: old.json (2026-11-20T09:00:00Z, 9 checks) → new.json (2026-11-20T09:00:00Z, 10 checks)

                New failures (2)
                  PASS → FAIL       Title of s.newly  [high · s.newly]
                            16 bytes
                  (new) → ERROR     Title of s.added-fail  [high · s.added-fail]
                            not configured

                Fixed (3)
                  FAIL → PASS       Title of s.fixed  [high · s.fixed]
                            64 bytes
                  ERROR → PASS      Title of s.error-fixed  [high · s.error-fixed]
                            answered
                  FAIL → WAIVED     Title of s.waived  [high · s.waived]
                            waived until 2099-01-01: later (was FAIL: weak)

                Changed status (2)
                  PASS → WARN       Title of s.warn  [high · s.warn]
                            ok → ok, but
                  FAIL → ERROR      Title of s.fail-to-error  [high · s.fail-to-error]
                            bad → refused

                Evidence changed (1)
                  s.evidence: certificate expires in 40 days → certificate expires in 33 days

                Added (2)
                  + s.added-fail  ERROR  Title of s.added-fail
                  + s.added-pass  PASS  Title of s.added-pass

                Removed (1)
                  - s.removed  (was FAIL)  Title of s.removed

                2 new failures, 3 fixed, 2 changed status, 1 changed evidence, 2 added, 1 removed (exit 1)
                """, out.toString());
    }

    @Test
    void jsonConformsToItsSchema() throws Exception {
        StringWriter out = new StringWriter();
        sample().writeJson(out, "0.1.0");
        JsonNode json = JSON.readTree(out.toString());
        assertEquals("1.0", json.get("schemaVersion").asText());
        assertEquals(2, json.get("summary").get("newFailures").asInt());
        assertEquals(1, json.get("summary").get("exitCode").asInt());
        assertEquals("s.newly", json.get("newFailures").get(0).get("id").asText());
        assertEquals("PASS", json.get("newFailures").get(0).get("oldStatus").asText());
        assertTrue(json.get("newFailures").get(1).get("oldStatus").isNull());
        assertEquals("certificate expires in 40 days", json.get("evidenceChanged").get(0).get("oldEvidence").asText());
        assertEquals("s.removed", json.get("removed").get(0).get("id").asText());

        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(JSON.readTree(Path.of("schema/diff.schema.json").toFile()));
        assertEquals(Set.of(), schema.validate(json));
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("extra", 1);
        assertTrue(!schema.validate(json).isEmpty(), "the schema is strict");
    }
}
