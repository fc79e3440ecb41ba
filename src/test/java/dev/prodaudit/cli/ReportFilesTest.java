package dev.prodaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.input.InputException;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.report.AuditReport;
import dev.prodaudit.report.Reporters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports are written all or nothing: none of them may state an exit code the process does not return. */
class ReportFilesTest {

    private static final AuditReport REPORT = new AuditReport("0.0.0-test", Instant.parse("2026-01-05T10:00:00Z"), 12,
            new AuditReport.RunInfo(null, List.of("builtin"), List.of(), ".", Map.of()), List.of(), List.of(),
            new Gate(Severity.HIGH, false));

    private static ReportFiles.Target target(String format, Path file) {
        return new ReportFiles.Target("--report " + format + "=" + file.getFileName(),
                Reporters.create(format, false).orElseThrow(), file);
    }

    @Test
    void whenOneReportCannotBeWrittenNoneIsLeftBehind(@TempDir Path tmp) throws Exception {
        Path text = tmp.resolve("ci/audit.txt");
        Path json = tmp.resolve("published/audit.json");
        ReportFiles files = ReportFiles.prepare(List.of(target("text", text), target("json", json)));
        // The published folder disappears during the run (a cleanup job, an unmounted share).
        Files.delete(json.getParent());

        InputException e = assertThrows(InputException.class, () -> files.write(REPORT));

        assertEquals("--report json=audit.json: cannot write the report: its folder has gone", e.oneLine());
        assertFalse(Files.exists(text), "the text report would say 'exit 0' while the process exits 2");
        try (var left = Files.list(text.getParent())) {
            assertEquals(0, left.count(), "no temporary file left behind");
        }
    }

    @Test
    void reportsAreWrittenWhenEveryPathIsUsable(@TempDir Path tmp) throws Exception {
        Path text = tmp.resolve("audit.txt");
        Files.writeString(text, "the previous run's report");
        ReportFiles.prepare(List.of(target("text", text), target("json", tmp.resolve("out/audit.json")))).write(REPORT);
        assertTrue(Files.readString(text).strip().endsWith("(exit 0)"), Files.readString(text));
        assertTrue(Files.readString(tmp.resolve("out/audit.json")).contains("\"exitCode\" : 0")
                || Files.readString(tmp.resolve("out/audit.json")).contains("\"exitCode\":0"));
    }
}
