package dev.prodaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.input.InputException;
import dev.prodaudit.probe.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a prodaudit JSON report of major version 1 is read back; anything else is one clear line. */
class SavedReportTest {

    private static String error(String text) {
        InputException e = assertThrows(InputException.class, () -> SavedReport.parse("old.json", text));
        assertEquals(1, e.oneLine().lines().count());
        return e.oneLine();
    }

    @Test
    void readsChecks() throws Exception {
        SavedReport r = Reports.saved("old.json", "a.one", "FAIL", "weak", "a.two", "WAIVED", "waived until ...");
        assertEquals("1.1", r.schemaVersion());
        assertEquals("2026-11-20T09:00:00Z", r.startedAt());
        assertEquals(2, r.checks().size());
        assertEquals(Status.WAIVED, r.byId().get("a.two").status());
        assertEquals("weak", r.byId().get("a.one").evidence());
        assertEquals("high", r.byId().get("a.one").severity());
    }

    @Test
    void acceptsAnyMinorVersionOfMajorOne() throws Exception {
        assertEquals("1.0", SavedReport.parse("x", Reports.report("a.one", "PASS", "ok").replace("\"1.1\"", "\"1.0\"")).schemaVersion());
        assertEquals("1.7", SavedReport.parse("x", Reports.report("a.one", "PASS", "ok").replace("\"1.1\"", "\"1.7\"")).schemaVersion());
    }

    @Test
    void rejectsWhatIsNotAReport() {
        assertTrue(error("{\"schemaVersion\": \"1.1\", \"checks\": [").startsWith("old.json:1:"), "malformed JSON has a position");
        assertTrue(error("{\"schemaVersion\": ").contains("not a prodaudit JSON report: malformed JSON"));
        assertTrue(error("not json at all").startsWith("old.json:1:1: not a prodaudit JSON report: malformed JSON"));
        assertTrue(error("").startsWith("old.json: not a prodaudit JSON report: the file is not a JSON object"));
        assertTrue(error("[1, 2]").startsWith("old.json: not a prodaudit JSON report: the file is not a JSON object"));
        assertEquals("old.json: not a prodaudit JSON report: no 'schemaVersion' and 'tool.name' prodaudit"
                + " (hint: pass a JSON report written by 'audit run --format json' or '--report json=FILE')",
                error("{\"version\": \"2.1.0\", \"runs\": []}"));
        assertTrue(error(Reports.report("a.one", "PASS", "ok").replace("\"1.1\"", "\"2.0\""))
                .startsWith("old.json: JSON report schemaVersion 2.0 is not supported (this prodaudit reads 1.x)"));
        assertTrue(error(Reports.report("a.one", "PASS", "ok").replace("\"1.1\"", "\"one\""))
                .startsWith("old.json: not a prodaudit JSON report: schemaVersion 'one' is not MAJOR.MINOR"));
        assertTrue(error(Reports.report("a.one", "MAYBE", "ok"))
                .startsWith("old.json: not a prodaudit JSON report: checks[0] (a.one) has status 'MAYBE'"));
        assertTrue(error(Reports.report("a.one", "PASS", "ok", "a.one", "FAIL", "x"))
                .startsWith("old.json: not a prodaudit JSON report: check 'a.one' appears twice"));
        assertTrue(error("{\"schemaVersion\": \"1.1\", \"tool\": {\"name\": \"prodaudit\"}}")
                .startsWith("old.json: not a prodaudit JSON report: no 'checks' list"));
        assertTrue(error("{\"schemaVersion\": \"1.0\", \"tool\": {\"name\": \"prodaudit\"}, \"newFailures\": [], \"fixed\": []}")
                .startsWith("old.json: not a prodaudit JSON report: this is the output of 'audit diff'"));
    }

    @Test
    void missingFile(@TempDir Path tmp) {
        InputException e = assertThrows(InputException.class, () -> SavedReport.read(tmp.resolve("prev.json"), "prev.json", "baseline"));
        assertTrue(e.oneLine().startsWith("prev.json: baseline file not found"), e.oneLine());
    }
}
