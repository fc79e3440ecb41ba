package dev.prodaudit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Catalog;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.manual.ManualSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML that is hostile or merely large: limits fail fast with one line, aliases mean what YAML says they mean,
 * and a catalogue far larger than any real one still loads.
 */
class HostileYamlTest {
    private final CatalogLoader loader = new CatalogLoader(ProbeRegistry.load());

    private static String check(String id, String remediation) {
        return "  - id: " + id + "\n"
                + "    title: Secrets are rotated\n"
                + "    severity: high\n"
                + "    rationale: Leaked keys stay valid until rotated.\n"
                + "    remediation: " + remediation + "\n"
                + "    probe:\n"
                + "      type: manual\n";
    }

    private String error(String yaml) {
        return assertThrows(InputException.class, () -> loader.parseFile("team.yaml", yaml)).oneLine();
    }

    // ---- aliases resolve to the anchored value ----

    @Test
    void anAliasIsTheAnchoredTextNotTheAnchorName() throws Exception {
        List<Check> checks = loader.parseFile("team.yaml", "section: Secrets\nchecks:\n"
                + check("secrets.api", "&rem Rotate the key in the vault, then redeploy.")
                + check("secrets.db", "*rem"));
        assertEquals("Rotate the key in the vault, then redeploy.", checks.get(0).remediation());
        assertEquals("Rotate the key in the vault, then redeploy.", checks.get(1).remediation());
    }

    @Test
    void anAliasMayStandForAWholeMapping() throws Exception {
        List<Check> checks = loader.parseFile("team.yaml", """
                section: Drills
                checks:
                  - id: drills.restore
                    title: Restore drill
                    severity: high
                    rationale: Backups nobody restored are hopes.
                    remediation: Restore last night's backup into staging.
                    probe: &attested
                      type: manual
                      verify: the drill's ticket
                  - id: drills.failover
                    title: Failover drill
                    severity: high
                    rationale: Failover nobody tried fails.
                    remediation: Fail over the primary in staging.
                    probe: *attested
                """);
        assertEquals(2, checks.size());
        assertTrue(checks.get(1).spec() instanceof ManualSpec, String.valueOf(checks.get(1).spec()));
        assertEquals(checks.get(0).spec(), checks.get(1).spec());
    }

    @Test
    void anAliasWithoutAnAnchorIsAnErrorAtTheAlias() {
        assertEquals("team.yaml:7:18: alias '*rem' refers to no anchor '&rem' above it"
                        + " (hint: define '&rem' on a value before using '*rem')",
                error("section: Secrets\nchecks:\n" + check("secrets.api", "*rem")));
    }

    @Test
    void billionLaughsIsRefusedBeforeItExpands() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            String p = "*a" + (i - 1);
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, p))).append("]\n");
        }
        String message = error(yaml.toString());
        assertTrue(message.startsWith("team.yaml:5:"), message); // a4: 10^5 copies of "lol"
        assertTrue(message.contains(": aliases expand to more than 100000 values (hint: nested aliases multiply;"), message);
    }

    @Test
    void mergeKeysAreRejectedRatherThanReadAsAKeyNamedLessLess() {
        assertEquals("team.yaml:3:5: YAML merge keys ('<<') are not supported"
                        + " (hint: write the keys out; an alias (*name) may stand for a whole value)",
                error("base: &base {type: manual}\nprobe:\n    <<: *base\n    evidence: ticket\n"));
    }

    // ---- limits ----

    @Test
    void aSixtyMegabyteScalarIsRejectedInOneLinearPass() {
        String yaml = "section: Secrets\nchecks:\n  - id: " + "x".repeat(60 * 1024 * 1024) + "\n";
        assertEquals("team.yaml:3:1: line 3 is longer than 65536 characters (hint: catalogue, config and attestation"
                + " files are written by people; is this the right file?)", error(yaml));
    }

    @Test
    void aLineJustUnderTheLimitStillParses() throws Exception {
        String title = "x".repeat(YamlDocument.MAX_LINE - "    title: ".length());
        List<Check> checks = loader.parseFile("team.yaml", "section: Secrets\nchecks:\n"
                + check("secrets.api", "Rotate it.").replace("Secrets are rotated", title));
        assertEquals(title, checks.get(0).title());
    }

    @Test
    void aDocumentOverTheCodePointLimitIsRejected() {
        // SnakeYAML checks its limit when it fetches a token, so the filler needs a token after it.
        String yaml = "section: Secrets\n" + "# filler\n".repeat(BoundedReader.MAX_BYTES / 9 + 1) + "checks: []\n";
        assertEquals("team.yaml: malformed YAML: the document is longer than 16777216 characters"
                + " (hint: check the file is the YAML you meant)", error(yaml));
    }

    @Test
    void aSixtyMegabyteScalarInAFileIsRefusedByTheReader(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.yaml");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("section: ");
            String chunk = "x".repeat(1024 * 1024);
            for (int i = 0; i < 60; i++) {
                out.write(chunk);
            }
        }
        InputException e = assertThrows(InputException.class, () -> loader.load(List.of(file.toString())));
        assertEquals(file + ": file is larger than 16 MiB (hint: inputs are text files of at most 16 MiB; check the path)",
                e.oneLine());
    }

    @Test
    void deepNestingIsRejectedNotAStackOverflow() {
        String yaml = "section: " + "[\n".repeat(100_000);
        assertEquals("team.yaml:64:1: values are nested more than 64 levels deep"
                + " (hint: check the indentation; no input needs this depth)", error(yaml));
    }

    @Test
    void deepBlockNestingIsRejectedToo() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            yaml.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        assertEquals("team.yaml:65:65: values are nested more than 64 levels deep"
                + " (hint: check the indentation; no input needs this depth)", error(yaml.toString()));
    }

    @Test
    void aTwentyThousandCheckCatalogueLoads(@TempDir Path dir) throws Exception {
        StringBuilder yaml = new StringBuilder("section: Generated\nchecks:\n");
        int count = 20_000;
        for (int i = 0; i < count; i++) {
            yaml.append(check("generated.check-" + i, "Rotate the key in the vault, then redeploy every service that holds it"
                    + " and confirm the old key is refused by the provider's API."));
        }
        Path file = Files.writeString(dir.resolve("generated.yaml"), yaml);
        assertTrue(Files.size(file) > 3_400_000, "a catalogue larger than SnakeYAML's default 3 MB limit: " + Files.size(file));
        Catalog catalog = loader.load(List.of(file.toString()));
        assertEquals(count, catalog.checks().size());
        assertEquals("generated.check-19999", catalog.checks().get(count - 1).id());
    }
}
