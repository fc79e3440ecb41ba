package dev.prodaudit.testing;

import dev.prodaudit.cli.Main;
import dev.prodaudit.cli.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** One in-process invocation of the CLI in a folder, as a user at a terminal would run it (but without a TTY). */
public record CliRun(int exitCode, String out, String err) {

    /** {@code audit ARGS} in {@code dir}, with an empty process environment. */
    public static CliRun in(Path dir, String... args) {
        return in(dir, Map.of(), args);
    }

    /** {@code audit ARGS} in {@code dir}, with {@code environment} as the process environment. */
    public static CliRun in(Path dir, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new Terminal(dir, environment, new PrintWriter(out), new PrintWriter(err), false), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
