package dev.prodaudit.cli;

import picocli.CommandLine.Command;

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
    private final Terminal terminal;

    public AuditCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    Terminal terminal() {
        return terminal;
    }

    @Override
    public void run() {
        // "audit" alone shows what it can do rather than guessing a subcommand.
        new picocli.CommandLine(this).usage(terminal.out());
    }
}
