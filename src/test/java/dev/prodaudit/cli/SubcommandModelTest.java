package dev.prodaudit.cli;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An invocation builds picocli's model of the one command it names only; everything that shows the whole command
 * set (help, a mistyped command, the completion script) still sees every command.
 */
class SubcommandModelTest {
    @TempDir
    Path dir;

    private CliRun audit(String... args) {
        return CliRun.in(dir, args);
    }

    @Test
    void aNamedCommandIsTheOnlyOneModelled() {
        assertEquals(List.of("run"), modelled("run", "--format", "json"));
        assertEquals(List.of("explain"), modelled("explain", "security.cors"));
        // An option before the command does not hide it.
        assertEquals(List.of("list"), modelled("--debug", "list"));
    }

    @Test
    void helpATypoAndCompletionSeeEveryCommand() {
        List<String> all = List.of("run", "list", "explain", "validate", "diff", "init", "completion");
        assertEquals(all, modelled());
        assertEquals(all, modelled("--help"));
        assertEquals(all, modelled("rnu"));
        assertEquals(all, modelled("completion"));
    }

    private List<String> modelled(String... args) {
        Terminal terminal = new Terminal(dir, java.util.Map.of(), new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()), false);
        return AuditCommand.subcommandsFor(terminal, args).stream().map(c -> c.model().spec().name()).toList();
    }

    @Test
    void theUsageListsEveryCommand() {
        CliRun help = audit("--help");
        assertEquals(0, help.exitCode());
        for (String command : List.of("run", "list", "explain", "validate", "diff", "init", "completion")) {
            assertTrue(help.out().lines().anyMatch(l -> l.strip().startsWith(command + " ")), command + " in\n" + help.out());
        }
    }

    @Test
    void aMistypedCommandIsAnInvocationErrorThatSuggestsTheCommand() {
        CliRun typo = audit("rnu");
        assertEquals(2, typo.exitCode());
        assertEquals("error: Unmatched argument at index 0: 'rnu' (hint: did you mean 'run'? audit --help)\n", typo.err());
    }

    @Test
    void theCompletionScriptCompletesEveryCommand() {
        CliRun completion = audit("completion");
        assertEquals(0, completion.exitCode(), completion.err());
        assertTrue(completion.out().contains("run list explain validate diff init completion"), completion.out());
    }

    @Test
    void aNamedCommandStillAnswersItsOwnHelp() {
        CliRun help = audit("run", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--fail-on"), help.out());
    }
}
