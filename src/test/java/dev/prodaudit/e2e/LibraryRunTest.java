package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.audit.Audit;
import dev.prodaudit.audit.AuditRequest;
import dev.prodaudit.audit.AuditSetup;
import dev.prodaudit.audit.ToolVersion;
import dev.prodaudit.input.InputException;
import dev.prodaudit.report.AuditReport;
import dev.prodaudit.report.Reporters;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit as a library: a front end other than picocli (a test, a server, an IDE plugin) builds an
 * {@link AuditRequest} and gets the same report {@code audit run} prints.
 */
class LibraryRunTest {

    @Test
    void goodProjectThroughTheLibraryGivesTheCliJsonReport(@TempDir Path tmp) throws Exception {
        try (LiveApp app = LiveApp.good()) {
            Fixture good = Fixture.good(tmp);
            app.writeConfig(tmp);

            AuditReport report = Audit.run(AuditRequest.of(AuditSetup.Request.in(tmp, Map.of())));
            StringWriter json = new StringWriter();
            Reporters.create("json", false).orElseThrow().write(report, json);

            String version = ToolVersion.current();
            String fromLibrary = Golden.normalize(json.toString(), version);
            String fromCli = Golden.normalize(good.audit("run", "--format", "json").out(), version);
            assertEquals(fromCli, fromLibrary);
            assertEquals(0, report.exitCode());
            if (!Boolean.getBoolean("golden.update")) {
                Golden.assertMatches("good.json", fromLibrary);
            }
        }
    }

    @Test
    void aMistakeInTheRequestIsAnInputErrorNamingWhatWasWritten(@TempDir Path tmp) throws Exception {
        Fixture.good(tmp);
        AuditSetup.Request where = AuditSetup.Request.in(tmp, Map.of());
        InputException failOn = assertThrows(InputException.class,
                () -> Audit.prepare(AuditRequest.of(where).withFailOn("severe")));
        assertEquals("--fail-on severe", failOn.location());

        InputException only = assertThrows(InputException.class,
                () -> Audit.prepare(AuditRequest.of(where).withOnly(List.of("no-such-check"))));
        assertEquals("--only no-such-check", only.location());
        assertEquals("matches no check id, tag or section", only.getMessage());

        Files.writeString(tmp.resolve("audit.yaml"), "targets:\n  redis: http://cache.internal:6379\n");
        InputException target = assertThrows(InputException.class, () -> Audit.prepare(AuditRequest.of(where)));
        assertEquals("audit.yaml:2:10", target.location());
        assertEquals("targets.redis must be a redis:// or rediss:// URL, not http://", target.getMessage());
    }
}
