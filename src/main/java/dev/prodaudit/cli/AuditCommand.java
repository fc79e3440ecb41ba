package dev.prodaudit.cli;

import java.util.List;
import picocli.CommandLine;

/** The root command: {@code audit}. */
public final class AuditCommand implements Runnable {
    /** Every subcommand's name, in the order {@code audit --help} lists them. */
    static final List<String> SUBCOMMANDS = List.of("run", "list", "explain", "validate", "diff", "init", "completion");

    /** The message of the invocation error for a bare {@code audit}; {@link Main} adds the usage below it. */
    static final String MISSING_SUBCOMMAND = "missing a command";

    private final CommandModel model;

    public AuditCommand() {
        this.model = CommandModel.of(this, "audit", "Audits a project's production readiness against a checklist catalogue.")
                .footer("", "Exit codes: 0 nothing gating, 1 a check at or above --fail-on failed or errored,",
                        "2 invalid invocation, config or catalogue, 3 internal error (a bug).")
                .version(new Version());
    }

    CommandModel model() {
        return model;
    }

    /**
     * The subcommands an invocation needs: the one it names, or all of them when it names none, names one that does
     * not exist (its error suggests the closest) or asks for {@code completion} (whose script lists them all).
     */
    static List<Subcommand> subcommandsFor(Terminal terminal, String... args) {
        String named = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                named = arg;
                break;
            }
        }
        Subcommand one = named == null || named.equals("completion") ? null : subcommand(named, terminal);
        if (one != null) {
            return List.of(one);
        }
        return SUBCOMMANDS.stream().map(name -> subcommand(name, terminal)).toList();
    }

    /** The subcommand called {@code name}; null for none. */
    private static Subcommand subcommand(String name, Terminal terminal) {
        return switch (name) {
            case "run" -> new RunCommand(terminal);
            case "list" -> new ListCommand(terminal);
            case "explain" -> new ExplainCommand(terminal);
            case "validate" -> new ValidateCommand(terminal);
            case "diff" -> new DiffCommand(terminal);
            case "init" -> new InitCommand(terminal);
            case "completion" -> new CompletionCommand(terminal);
            default -> null;
        };
    }

    @Override
    public void run() {
        // "audit" alone is an invocation error (exit 2), as picocli treats a missing required subcommand:
        // scripts must not read it as a successful audit. Main prints the usage to stderr.
        throw new CommandLine.ParameterException(model.spec().commandLine(), MISSING_SUBCOMMAND);
    }
}
