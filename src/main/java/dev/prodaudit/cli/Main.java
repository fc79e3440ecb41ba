package dev.prodaudit.cli;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.input.Binder;
import dev.prodaudit.input.InputException;
import dev.prodaudit.input.OutputText;
import dev.prodaudit.probe.tls.TlsPolicy;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import picocli.CommandLine;

/** Entry point: wires picocli to the exit-code contract and the one-line error rule. */
public final class Main {
    public static final int INTERNAL_ERROR = 3;
    private static final String PICOCLI_CONVERTER_EXCLUDES = "picocli.converters.excludes";
    private static final String PICOCLI_DISABLE_CLOSURES = "picocli.disable.closures";

    private Main() {
    }

    public static void main(String[] args) {
        // `audit --version` answers before picocli builds its model of every subcommand and option (most of the
        // time such a call would take); the text is the version provider's, as `audit --version` prints it.
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            for (String line : new Version().getVersion()) {
                System.out.println(line);
            }
            return;
        }
        Runnable policySet = startWarmUp();
        // picocli registers a converter for each java.sql, java.time and Path type by loading the class first, and
        // java.sql.DriverManager's initialiser scans the class path for JDBC drivers: about 20 ms of every start.
        // No option of the audit has such a type (they are strings, numbers and flags, parsed by the audit).
        if (System.getProperty(PICOCLI_CONVERTER_EXCLUDES) == null) {
            System.setProperty(PICOCLI_CONVERTER_EXCLUDES, "java\\.sql\\..*,java\\.time\\..*,java\\.nio\\.file\\.Path");
        }
        // picocli's default factory first looks for Groovy's Closure class, and with every class in the class-data
        // archive that miss is what opens the jar (its directory of 17,000 entries) on this thread before the command
        // runs (11 ms of CPU in a profiled audit); the catalogue's reading opens it later on a thread of its own. No
        // option is a closure.
        if (System.getProperty(PICOCLI_DISABLE_CLOSURES) == null) {
            System.setProperty(PICOCLI_DISABLE_CLOSURES, "true");
        }
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Terminal terminal = new Terminal(Path.of("").toAbsolutePath(), System.getenv(), out, err, System.console() != null);
        int code = run(terminal, policySet, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Starts the warm-up thread; returns what waits until it has set the TLS policy. The training run starts it too,
     * so the class-data archive holds what it runs.
     */
    static Runnable startWarmUp() {
        // While picocli builds its model on this thread, another sets the TLS policy (see TlsPolicy: reading the JDK's
        // security properties the first time costs about 20 ms), then initialises the probes' classes, which audits and
        // listings need next, moved to the second core (Jackson's mapper is not among them: it is built the first time
        // a check reads JSON, see JsonReader). It only loads classes; whoever needs one first waits for its
        // initialisation, as the JVM guarantees. The probes after TlsPolicy, because a probe's class may touch JSSE;
        // and the command runs only once the policy is set, so nothing of an audit touches JSSE before it. A failure of
        // the probes' loading is left to the main thread's own, which reports it in words; one of the policy leaves TLS
        // 1.0/1.1 disabled, which the TLS probe detects and reports (TlsPolicy.legacyProtocolsAllowed).
        FutureTask<Void> tlsPolicy = new FutureTask<>(TlsPolicy::allowLegacyProtocolsForProbing, null);
        Thread warmUp = new Thread(() -> {
            tlsPolicy.run();
            initialiseProbeClasses();
        }, "prodaudit-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        return () -> awaitQuietly(tlsPolicy);
    }

    private static void initialiseProbeClasses() {
        try {
            ProbeRegistry.load();
        } catch (RuntimeException | Error e) {
            // the main thread's own ProbeRegistry.load meets the same failure and reports it
        }
    }

    /** Waits until {@code task} has run, whatever its outcome. */
    private static void awaitQuietly(FutureTask<?> task) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // the outcome is for others to judge (see main)
        }
    }

    /** Runs one invocation; returns the exit code. Never throws. */
    public static int run(Terminal terminal, String... args) {
        return run(terminal, () -> { }, args);
    }

    /** Runs one invocation, its command once {@code beforeCommand} has returned; returns the exit code. */
    static int run(Terminal terminal, Runnable beforeCommand, String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cli = new CommandLine(new AuditCommand().model().spec());
        for (Subcommand subcommand : AuditCommand.subcommandsFor(terminal, args)) {
            cli.addSubcommand(subcommand.model().spec());
        }
        cli.setOut(terminal.out());
        cli.setErr(terminal.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, a) -> {
            if (AuditCommand.MISSING_SUBCOMMAND.equals(ex.getMessage())) {
                terminal.err().println("error: " + ex.getMessage() + " (hint: audit COMMAND, e.g. audit run)");
                ex.getCommandLine().usage(terminal.err());
                terminal.err().flush();
                return 2;
            }
            String near = closestName(ex);
            terminal.err().println("error: " + OutputText.oneLine(ex.getMessage().lines().findFirst().orElse("invalid arguments"))
                    + " (hint: " + (near == null ? "" : "did you mean '" + near + "'? ")
                    + "audit " + hintCommand(ex.getCommandLine()) + "--help)");
            if (debug) {
                ex.printStackTrace(terminal.err());
            }
            terminal.err().flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof InputException input) {
                // The message may quote a file's text or a name: it must not drive the terminal.
                terminal.err().println("error: " + OutputText.oneLine(input.oneLine()));
                if (debug) {
                    ex.printStackTrace(terminal.err());
                }
                terminal.err().flush();
                return 2;
            }
            terminal.err().println("error: internal: " + OutputText.oneLine(debug ? String.valueOf(ex) : ProbeFailure.reason(ex))
                    + (debug ? "" : " (rerun with --debug for the stack trace)"));
            if (debug) {
                ex.printStackTrace(terminal.err());
            }
            terminal.err().flush();
            return INTERNAL_ERROR;
        });
        beforeCommand.run();
        int code = cli.execute(args);
        terminal.out().flush();
        terminal.err().flush();
        return code;
    }

    /**
     * For a mistyped command or option, the closest name the command knows, as catalogue keys are suggested; null for
     * none. (picocli's own suggestions share a prefix only, so they miss "rnu" for run and "--fial-on" for --fail-on.)
     */
    private static String closestName(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return null;
        }
        String arg = unmatched.getUnmatched().get(0);
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        if (arg.startsWith("-")) {
            List<String> options = spec.options().stream().filter(o -> !o.hidden())
                    .flatMap(o -> java.util.Arrays.stream(o.names())).toList();
            return Binder.closest(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg, options);
        }
        return Binder.closest(arg, spec.subcommands().keySet());
    }

    private static String hintCommand(CommandLine c) {
        return c.getParent() == null ? "" : c.getCommandName() + " ";
    }
}
