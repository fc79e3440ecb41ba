package dev.prodaudit.cli;

import java.util.concurrent.Callable;

/** A command of {@code audit}: picocli parses the command line into its model, then calls it for the exit code. */
sealed interface Subcommand extends Callable<Integer>
        permits RunCommand, ListCommand, ExplainCommand, ValidateCommand, DiffCommand, InitCommand, CompletionCommand {

    /** The command's picocli model, which holds the values of its options once picocli has parsed them. */
    CommandModel model();
}
