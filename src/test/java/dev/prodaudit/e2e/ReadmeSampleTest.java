package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README's "What a run looks like" is an excerpt of a real run: the BAD fixture project's text report, kept as the
 * golden file bad.txt. Every line of the sample must stand in that report, in the same order, so the README cannot
 * show a verdict, a figure or a summary the code no longer prints. A line ending in " ..." is shortened: its start
 * must match; a line "..." stands for lines left out.
 */
final class ReadmeSampleTest {

    @Test
    void theSampleRunInTheReadmeIsAnExcerptOfTheBadProjectsReport() throws IOException {
        List<String> sample = sample(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        assertFalse(sample.isEmpty(), "README has no sample run under '## What a run looks like'");
        List<String> report = Files.readString(Path.of("src/test/resources/golden/bad.txt"), StandardCharsets.UTF_8)
                .replace("prodaudit <version> ", "prodaudit " + versionShownInReadme(sample) + " ")
                .lines().toList();
        int at = 0;
        for (String line : sample) {
            if (line.strip().equals("...")) {
                continue;
            }
            int found = find(report, at, line);
            assertTrue(found >= 0, "README sample line is not in the BAD project's report after line " + at + ":\n" + line);
            at = found + 1;
        }
    }

    private static int find(List<String> report, int from, String line) {
        boolean shortened = line.endsWith(" ...");
        String start = shortened ? line.substring(0, line.length() - 4) : line;
        for (int i = from; i < report.size(); i++) {
            String r = report.get(i);
            if (shortened ? r.startsWith(start) : r.equals(line)) {
                return i;
            }
        }
        return -1;
    }

    /** The README shows a release number where the golden file has the placeholder. */
    private static String versionShownInReadme(List<String> sample) {
        String first = sample.get(0);
        assertTrue(first.startsWith("prodaudit "), first);
        return first.split(" ")[1];
    }

    private static List<String> sample(String readme) {
        int heading = readme.indexOf("## What a run looks like");
        int open = readme.indexOf("```\n", heading);
        int close = readme.indexOf("\n```", open + 4);
        if (heading < 0 || open < 0 || close < 0) {
            return List.of();
        }
        return readme.substring(open + 4, close).lines().toList();
    }
}
