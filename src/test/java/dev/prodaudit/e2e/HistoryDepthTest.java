package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --history-depth N} and {@code historyDepth:} in audit.yaml, through the CLI: the GOOD project, whose Azure
 * key was committed and removed three commits ago.
 */
class HistoryDepthTest {

    private static Fixture goodWithAKeyInItsPast(Path dir) throws Exception {
        Fixture f = Fixture.good(dir);
        String key = Files.readAllLines(dir.resolve(".env.production")).stream()
                .filter(l -> l.startsWith("AZURE_OPENAI_API_KEY=")).findFirst().orElseThrow().substring(21);
        Files.writeString(dir.resolve("src/azure.js"), "module.exports = { apiKey: '" + key + "' };\n");
        f.git("add", "src/azure.js");
        f.git("commit", "-q", "-m", "try azure");
        f.git("rm", "-q", "src/azure.js");
        f.git("commit", "-q", "-m", "key from env");
        Files.writeString(dir.resolve("NOTES.md"), "notes\n");
        f.git("add", "NOTES.md");
        f.git("commit", "-q", "-m", "notes");
        return f;
    }

    @Test
    void theWholeHistoryIsSearchedByDefault(@TempDir Path dir) throws Exception {
        Fixture f = goodWithAKeyInItsPast(dir);
        CliRun run = f.audit("run", "--only", "security.azure-openai-key", "--no-progress");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("the value of AZURE_OPENAI_API_KEY was committed in "), run.out());
        assertTrue(run.out().contains(" at src/azure.js:1; it stays in git history: rotate it"), run.out());
    }

    @Test
    void historyDepthOnTheCommandLineLimitsTheWalkAndSaysSo(@TempDir Path dir) throws Exception {
        Fixture f = goodWithAKeyInItsPast(dir);
        CliRun run = f.audit("run", "--only", "security.azure-openai-key", "--history-depth", "2", "--format", "json");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("or in the last 2 commits of history (--history-depth 2)"), run.out());
    }

    @Test
    void historyDepthInAuditYamlLimitsTheWalk(@TempDir Path dir) throws Exception {
        Fixture f = goodWithAKeyInItsPast(dir);
        Files.writeString(dir.resolve("audit.yaml"), "version: 1\nhistoryDepth: 2\n");
        CliRun run = f.audit("run", "--only", "security.azure-openai-key", "--format", "json");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("(--history-depth 2)"), run.out());
        // The option wins over the file.
        CliRun deeper = f.audit("run", "--only", "security.azure-openai-key", "--history-depth", "3", "--no-progress");
        assertEquals(1, deeper.exitCode(), deeper.out());
    }

    @Test
    void aDepthBelowOneIsAConfigurationError(@TempDir Path dir) throws Exception {
        Fixture f = Fixture.good(dir);
        CliRun run = f.audit("run", "--history-depth", "0");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("error: --history-depth 0: must be at least 1 (hint: leave it out to scan the whole history)",
                run.err().strip());
        Files.writeString(dir.resolve("audit.yaml"), "version: 1\nhistoryDepth: -5\n");
        CliRun fromFile = f.audit("run");
        assertEquals(2, fromFile.exitCode(), fromFile.err());
        assertTrue(fromFile.err().startsWith("error: audit.yaml:2:"), fromFile.err());
        assertFalse(fromFile.err().contains("Exception"), fromFile.err());
    }
}
