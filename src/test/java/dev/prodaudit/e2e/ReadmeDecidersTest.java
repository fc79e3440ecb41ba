package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.testing.BuiltinCatalogue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "What decides each item" is {@code audit list --format markdown} of the built-in catalogue, so a check
 * that moves from a person to a provider's API, or gains a live part, changes the table in the same commit.
 * {@code -Dreadme.update=true} rewrites the table and the counts from the catalogue.
 */
final class ReadmeDecidersTest {
    private static final String START = "<!-- audit list --format markdown -->\n";
    private static final String END = "<!-- end of audit list -->";

    @Test
    void everyBuiltInCheckSaysWhatDecidesIt() {
        for (Check c : BuiltinCatalogue.load().checks()) {
            assertFalse(c.evidence().isEmpty(), c.id() + " (type " + c.probeType() + ") names no evidence");
            assertEquals(c.manual(), c.evidence().equals(java.util.Set.of(Evidence.PERSON)),
                    c.id() + ": a person decides exactly the manual checks");
        }
    }

    @Test
    void theReadmeTableIsTheListingOfTheBuiltInCatalogue(@TempDir Path tmp) throws Exception {
        CliRun run = Fixture.good(tmp).audit("list", "--format", "markdown", "--catalogue", "builtin");
        assertEquals(0, run.exitCode(), run.err());
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertTrue(start >= 0 && end > start, "README has no table between '" + START.strip() + "' and '" + END + "'");
        if (Boolean.getBoolean("readme.update")) {
            readme = readme.substring(0, start + START.length()) + run.out() + readme.substring(end);
            List<Check> checks = BuiltinCatalogue.load().checks();
            for (Evidence e : Evidence.values()) {
                long n = checks.stream().filter(c -> c.evidence().contains(e)).count();
                readme = readme.replaceFirst("\\| " + java.util.regex.Pattern.quote(e.label()) + " \\| \\d+ \\|",
                        java.util.regex.Matcher.quoteReplacement("| " + e.label() + " | " + n + " |"));
            }
            Files.writeString(Path.of("README.md"), readme, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(run.out(), readme.substring(start + START.length(), end),
                "README's table of what decides each item is out of date: paste `audit list --format markdown` into it");
    }

    @Test
    void theReadmeCountsMatchTheCatalogue() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        BuiltinCatalogue catalogue = BuiltinCatalogue.load();
        String total = "The built-in catalogue has " + catalogue.size() + " checks: " + catalogue.automatic()
                + " automatic, " + catalogue.manual() + " manual.";
        assertTrue(readme.contains(total), "README should say: " + total);
        List<Check> checks = catalogue.checks();
        for (Evidence e : Evidence.values()) {
            long n = checks.stream().filter(c -> c.evidence().contains(e)).count();
            String line = "| " + e.label() + " | " + n + " |";
            assertTrue(readme.contains(line), "README should count " + n + " checks decided by " + e.label() + ": " + line);
        }
    }
}
