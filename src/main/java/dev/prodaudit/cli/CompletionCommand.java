package dev.prodaudit.cli;

import picocli.AutoComplete;

/** {@code audit completion}: a bash/zsh completion script for every command and option. */
public final class CompletionCommand implements Subcommand {
    private final Terminal terminal;
    private final CommandModel model;

    public CompletionCommand(Terminal terminal) {
        this.terminal = terminal;
        this.model = CommandModel.of(this, "completion",
                "Print a completion script for bash (and zsh with bashcompinit).",
                "Use: source <(audit completion)   or save it under /etc/bash_completion.d/audit");
    }

    @Override
    public CommandModel model() {
        return model;
    }

    @Override
    public Integer call() {
        terminal.out().print(AutoComplete.bash("audit", model.spec().root().commandLine()));
        terminal.out().flush();
        return 0;
    }
}
