package dev.prodaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup reads the catalogue on a thread of its own while it reads the env files and the targets; what a user
 * sees is as if it read them one after the other: the env files' error first, then the catalogue's.
 */
class AuditSetupTest {
    private static final String CATALOGUE = """
            section: Team
            checks:
              - id: team.api-key
                title: API key set
                severity: %s
                rationale: The API refuses every call without it.
                remediation: Set API_KEY.
                probe: {type: env, vars: {API_KEY: {minLength: 8}}}
            """;

    private static AuditSetup.Request request(Path dir, String envFile) {
        return new AuditSetup.Request(dir, Map.of(), null, null, List.of(envFile), List.of("team.yaml"), null);
    }

    @Test
    void aMissingEnvFileIsReportedBeforeABadCatalogue(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("team.yaml"), CATALOGUE.formatted("urgent"));

        InputException e = assertThrows(InputException.class, () -> AuditSetup.load(request(dir, ".env.missing")));
        assertEquals(".env.missing: env file not found (hint: check the path given with --env-file or envFiles in"
                + " audit.yaml)", e.oneLine());
    }

    @Test
    void withTheEnvFilesReadTheCataloguesErrorIsReportedAtItsValue(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("team.yaml"), CATALOGUE.formatted("urgent"));
        Files.writeString(dir.resolve(".env.production"), "API_KEY=k3y-0f-the-api\n");

        InputException e = assertThrows(InputException.class, () -> AuditSetup.load(request(dir, ".env.production")));
        assertEquals("team.yaml:5:15", e.location(), e.oneLine());
    }

    @Test
    void aGoodSetupHasTheCatalogueTheEnvAndTheRedactorTogether(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("team.yaml"), CATALOGUE.formatted("high"));
        Files.writeString(dir.resolve(".env.production"), "API_KEY=k3y-0f-the-api\n");

        AuditSetup setup = AuditSetup.load(request(dir, ".env.production"));
        assertEquals(List.of("team.api-key"), setup.catalog().checks().stream().map(Check::id).toList());
        assertEquals(List.of("team.yaml"), setup.catalog().sources());
        assertEquals("env", setup.catalog().checks().get(0).probeType());
    }
}
