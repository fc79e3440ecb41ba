package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prodaudit.testing.CliRun;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the command line shows of itself: each command's help, the usage a bare {@code audit} prints, the completion
 * script and the errors of a mistyped option. The golden files were printed by the commands when picocli read their
 * model from annotations; the model written out in code (CommandModel) must show exactly the same.
 */
class HelpTextTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"run", "list", "explain", "validate", "diff", "init", "completion"})
    void eachCommandsHelpIsUnchanged(String command) throws IOException {
        CliRun help = CliRun.in(dir, command, "--help");
        assertEquals(0, help.exitCode(), help.err());
        Golden.assertMatches("help-" + command + ".txt", help.out());
    }

    @Test
    void theRootsHelpListsEveryCommandAndTheExitCodes() throws IOException {
        CliRun help = CliRun.in(dir, "--help");
        assertEquals(0, help.exitCode(), help.err());
        Golden.assertMatches("help-audit.txt", help.out());
    }

    @Test
    void aBareAuditIsAnInvocationErrorWithTheUsage() throws IOException {
        CliRun bare = CliRun.in(dir);
        assertEquals(2, bare.exitCode());
        assertEquals("", bare.out());
        Golden.assertMatches("usage-bare.txt", bare.err());
    }

    @Test
    void theCompletionScriptCompletesEveryOptionOfEveryCommand() throws IOException {
        CliRun completion = CliRun.in(dir, "completion");
        assertEquals(0, completion.exitCode(), completion.err());
        Golden.assertMatches("completion.bash", completion.out());
    }

    @Test
    void aMistypedOptionIsAnInvocationErrorThatSuggestsTheOption() {
        CliRun typo = CliRun.in(dir, "run", "--fial-on", "x");
        assertEquals(2, typo.exitCode());
        assertEquals("error: Unknown options: '--fial-on', 'x' (hint: did you mean '--fail-on'? audit run --help)\n",
                typo.err());
    }

    @Test
    void aWordForANumberIsAnInvocationError() {
        CliRun bad = CliRun.in(dir, "run", "--concurrency", "many");
        assertEquals(2, bad.exitCode());
        assertEquals("error: Invalid value for option '--concurrency': 'many' is not an int (hint: audit run --help)\n",
                bad.err());
    }

    @Test
    void aSubcommandsVersionOptionPrintsNothingAndSucceeds() {
        // picocli's standard --version of a subcommand without a version provider, as the annotated model had it.
        CliRun version = CliRun.in(dir, "run", "--version");
        assertEquals(0, version.exitCode(), version.err());
        assertEquals("", version.out());
    }
}
