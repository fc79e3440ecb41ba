package dev.prodaudit.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: {@code audit}. */
@Command(name = "audit",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Audits a project's production readiness against a checklist catalogue.",
        footer = {"", "Exit codes: 0 nothing gating, 1 a check at or above --fail-on failed or errored,",
                "2 invalid invocation, config or catalogue, 3 internal error (a bug)."})
public final class AuditCommand implements Runnable {
    /** Every subcommand, in the order {@code audit --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, ListCommand.class, ExplainCommand.class,
            ValidateCommand.class, DiffCommand.class, InitCommand.class, CompletionCommand.class);

    /** The message of the invocation error for a bare {@code audit}; {@link Main} adds the usage below it. */
    static final String MISSING_SUBCOMMAND = "missing a command";

    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    public AuditCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /**
     * The subcommands an invocation needs: the one it names, or all of them when it names none, names one that does
     * not exist (its error suggests the closest) or asks for {@code completion} (whose script lists them all).
     * Building picocli's model of a command reads every option's annotations; the six commands an invocation does
     * not run cost about as long as the start of the JVM.
     */
    static List<Class<?>> subcommandsFor(String... args) {
        String named = java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        return SUBCOMMANDS.stream()
                .filter(c -> c != CompletionCommand.class && c.getAnnotation(Command.class).name().equals(named))
                .findFirst().<List<Class<?>>>map(List::of).orElse(SUBCOMMANDS);
    }

    Terminal terminal() {
        return terminal;
    }

    @Override
    public void run() {
        // "audit" alone is an invocation error (exit 2), as picocli treats a missing required subcommand:
        // scripts must not read it as a successful audit. Main prints the usage to stderr.
        throw new CommandLine.ParameterException(spec.commandLine(), MISSING_SUBCOMMAND);
    }
}
