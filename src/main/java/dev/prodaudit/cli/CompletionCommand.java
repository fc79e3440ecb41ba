package dev.prodaudit.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code audit completion}: a bash/zsh completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a completion script for bash (and zsh with bashcompinit).",
                "Use: source <(audit completion)   or save it under /etc/bash_completion.d/audit"})
public final class CompletionCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Spec
    CommandSpec spec;

    public CompletionCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        terminal.out().print(AutoComplete.bash("audit", spec.root().commandLine()));
        terminal.out().flush();
        return 0;
    }
}
