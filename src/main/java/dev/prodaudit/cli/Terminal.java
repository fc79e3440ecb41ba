package dev.prodaudit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The world a command runs in: its working directory, environment and output streams. Passed in rather
 * than read from statics so the end-to-end tests run the CLI in-process exactly as a user would.
 *
 * @param interactive stdout is a terminal (colour and progress are allowed)
 */
public record Terminal(Path workDir, Map<String, String> environment, PrintWriter out, PrintWriter err,
                       boolean interactive) {

    /** Colour unless NO_COLOR is set (https://no-color.org), TERM is dumb, or output is not a terminal. */
    public boolean colorByDefault() {
        String noColor = environment.get("NO_COLOR");
        return interactive && (noColor == null || noColor.isEmpty()) && !"dumb".equals(environment.get("TERM"));
    }
}
