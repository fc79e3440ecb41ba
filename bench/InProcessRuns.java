import dev.prodaudit.cli.Main;
import dev.prodaudit.cli.Terminal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Runs one audit command again and again in one JVM and prints the median wall-clock seconds of the second half of
 * the runs: what the audit's own work costs once its code is loaded and compiled, without the JVM's start and
 * warm-up that a process of its own pays on every run. bench/startup.sh prints it beside the same command run as a
 * process. Every run must give the first run's exit code and JSON report (but for its times), so a later run does
 * the same work; a run that differs stops the measurement (exit 1).
 *
 * <p>Usage, in the folder to audit: {@code java -cp target/prodaudit.jar bench/InProcessRuns.java RUNS run --format
 * json}
 */
public final class InProcessRuns {
    /** The report's times, which differ from run to run by nature. */
    private static final Pattern TIMES = Pattern.compile("\"(durationMs|startedAt)\" ?: ?(\"[^\"]*\"|\\d+)");

    private InProcessRuns() {
    }

    public static void main(String[] args) {
        int runs = Integer.parseInt(args[0]);
        String[] command = Arrays.copyOfRange(args, 1, args.length);
        long[] nanos = new long[runs];
        String firstReport = null;
        int firstCode = 0;
        for (int i = 0; i < runs; i++) {
            StringWriter report = new StringWriter();
            StringWriter errors = new StringWriter();
            Terminal terminal = new Terminal(Path.of("").toAbsolutePath(), System.getenv(), new PrintWriter(report),
                    new PrintWriter(errors), false);
            long start = System.nanoTime();
            int code = Main.run(terminal, command);
            nanos[i] = System.nanoTime() - start;
            String timeless = TIMES.matcher(report.toString()).replaceAll("\"$1\": 0");
            if (i == 0) {
                firstReport = timeless;
                firstCode = code;
            } else if (code != firstCode || !timeless.equals(firstReport)) {
                System.err.printf("run %d gave exit %d and a report unlike the first run's (exit %d)%n", i + 1, code,
                        firstCode);
                System.exit(1);
            }
        }
        long[] warm = Arrays.copyOfRange(nanos, runs / 2, runs);
        Arrays.sort(warm);
        System.out.printf("%.3f%n", warm[warm.length / 2] / 1e9);
    }
}
