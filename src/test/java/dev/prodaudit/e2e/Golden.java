package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whole-report comparison with files under src/test/resources/golden. After an intended change to a
 * report, regenerate them with {@code ./mvnw test -Dgolden.update=true} and review the diff.
 */
final class Golden {
    private static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {
    }

    static void assertMatches(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            throw new AssertionError("golden file " + file + " is missing; run ./mvnw test -Dgolden.update=true");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                "report differs from " + file + " (if the change is intended: ./mvnw test -Dgolden.update=true)");
    }

    /** Takes out what changes from run to run: timestamps, durations, ports, the tool version. */
    static String normalize(String report, String version) {
        return report
                .replaceAll("\"startedAt\" : \"[^\"]+\"", "\"startedAt\" : \"<timestamp>\"")
                .replaceAll("\"durationMs\" : \\d+", "\"durationMs\" : 0")
                // The fixture repository is committed at test time, so its HEAD differs on every run (zeros keep
                // the golden report valid against the schema's commit pattern).
                .replaceAll("\"commit\" : \"[0-9a-f]{40,64}\"", "\"commit\" : \"" + "0".repeat(40) + "\"")
                // The same commit as the release's sha (JSON, SARIF revisionId, JUnit property, text header); its
                // checkout is a temporary folder (a file URI, the fixture having no remote) on a branch named by
                // the local git's init.defaultBranch.
                .replaceAll("(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])", "0".repeat(40))
                .replaceAll("\"repositoryUri\" : \"file:[^\"]+\"", "\"repositoryUri\" : \"file:///<repository>/\"")
                .replaceAll("\"branch\" : \"[^\"]+\"", "\"branch\" : \"<branch>\"")
                .replaceAll("\\(branch [^)\\s]+\\)", "(branch <branch>)")
                // JUnit times and timestamps, SARIF invocation times, the HTML report's "when · how long" line.
                .replaceAll(" time=\"[0-9.]+\"", " time=\"0\"")
                .replaceAll(" timestamp=\"[^\"]+\"", " timestamp=\"<timestamp>\"")
                .replaceAll("\"(start|end)TimeUtc\" : \"[^\"]+\"", "\"$1TimeUtc\" : \"<timestamp>\"")
                .replaceAll("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC · [0-9.]+ s", "<timestamp> UTC · <n> s")
                // The live app listens on ephemeral loopback ports.
                .replaceAll("(localhost|127\\.0\\.0\\.1):\\d{2,5}", "$1:<port>")
                // Ages measured during the run (Redis LASTSAVE, the restore-test file just copied) move by seconds.
                .replaceAll("\\b\\d+(s|m)( ago| old)", "<n>$1$2")
                // The fixtures commit restore records a fixed number of days before now: hash and day move daily.
                .replaceAll("last commit [0-9a-f]{7,40} on \\d{4}-\\d{2}-\\d{2}", "last commit <sha> on <date>")
                .replace("prodaudit " + version, "prodaudit <version>")
                .replace("\"version\" : \"" + version + "\"", "\"version\" : \"<version>\"");
    }
}
