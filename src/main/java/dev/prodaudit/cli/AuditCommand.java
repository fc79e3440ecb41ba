package dev.prodaudit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: {@code audit}. */
@Command(name = "audit",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Audits a project's production readiness against a checklist catalogue.",
        subcommands = {RunCommand.class, ListCommand.class, ExplainCommand.class, ValidateCommand.class, DiffCommand.class,
                InitCommand.class, CompletionCommand.class},
        footer = {"", "Exit codes: 0 nothing gating, 1 a check at or above --fail-on failed or errored,",
                "2 invalid invocation, config or catalogue, 3 internal error (a bug)."})
public final class AuditCommand implements Runnable {
    /** The message of the invocation error for a bare {@code audit}; {@link Main} adds the usage below it. */
    static final String MISSING_SUBCOMMAND = "missing a command";

    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    public AuditCommand(Terminal terminal) {
        this.terminal = terminal;
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
