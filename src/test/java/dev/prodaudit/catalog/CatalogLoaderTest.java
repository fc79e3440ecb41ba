package dev.prodaudit.catalog;

import dev.prodaudit.input.InputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.env.EnvSpec;
import dev.prodaudit.probe.manual.ManualSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The loader's promise: every problem in a catalogue is one line, {@code file:line:column: message (hint: ...)},
 * pointing at the key or value that is wrong.
 */
class CatalogLoaderTest {
    private final CatalogLoader loader = new CatalogLoader(ProbeRegistry.load());

    /**
     * A valid file; line numbers: 1 section, 2 checks, 3 id, 4 title, 5 severity, 6 rationale, 7 remediation,
     * 8 probe, 9 type.
     */
    private static final String VALID = """
            section: Security Checklist
            checks:
              - id: security.one
                title: First check
                severity: high
                rationale: Why it matters.
                remediation: How to fix it.
                probe:
                  type: manual
            """;

    /** The header and the first seven lines of a check, for tests that write their own probe (from line 8). */
    private static final String HEAD = """
            section: S
            checks:
              - id: s.one
                title: T
                severity: high
                rationale: R
                remediation: M
            """;

    private String error(String yaml) {
        InputException e = assertThrows(InputException.class, () -> loader.parseFile("t.yaml", yaml));
        return e.oneLine();
    }

    // ---- the happy path ----

    @Test
    void aValidFileLoads() throws Exception {
        List<Check> checks = loader.parseFile("t.yaml", VALID.replace("    probe:\n      type: manual\n", """
                    subsection: Secrets & Keys
                    tags: [secrets, jwt]
                    timeout: 15s
                    probe:
                      type: manual
                      verify: Ask the team.
                """));
        assertEquals(1, checks.size());
        Check c = checks.get(0);
        assertEquals("security.one", c.id());
        assertEquals("First check", c.title());
        assertEquals("Security Checklist", c.section());
        assertEquals("Secrets & Keys", c.subsection());
        assertEquals(Severity.HIGH, c.severity());
        assertEquals(List.of("secrets", "jwt"), c.tags());
        assertEquals(Duration.ofSeconds(15), c.timeout());
        assertEquals("manual", c.probeType());
        assertEquals("Ask the team.", ((ManualSpec) c.spec()).verify());
        assertEquals("t.yaml:3", c.source());
    }

    @Test
    void aLoaderBindingOnlySomeChecksLeavesTheOthersUnboundButWhole(@TempDir Path dir) throws Exception {
        String yaml = VALID.replace("    probe:\n      type: manual\n", """
                    probe: {type: manual, verify: Ask the team.}
                  - id: security.two
                    title: Second check
                    severity: low
                    rationale: R
                    remediation: M
                    attestation: {maxAge: 30d}
                    probe: {type: manual, verify: Ask again.}
                """);
        Path file = Files.writeString(dir.resolve("c.yaml"), yaml);
        List<Check> checks = loader.bindingOnly(c -> c.id().equals("security.two")).load(List.of(file.toString())).checks();

        Check left = checks.get(0);
        assertEquals("security.one", left.id());
        assertTrue(!left.bound() && left.spec() == Check.NOT_BOUND, "left out: parameters unread");
        assertEquals("manual", left.probeType());
        assertTrue(left.manual(), "its probe is known without its parameters");
        Check run = checks.get(1);
        assertTrue(run.bound());
        assertEquals("Ask again.", ((ManualSpec) run.spec()).verify());
        assertEquals(new AttestationRule(30, false), run.attestation());
        assertEquals(loader.load(List.of(file.toString())).checks().get(1), run, "the same check a whole load gives");
    }

    // ---- malformed YAML ----

    @Test
    void unterminatedQuoteIsMalformedYamlAtTheEndWithTheQuoteNamed() {
        String yaml = HEAD.replace("title: T", "title: \"unterminated");
        assertEquals("t.yaml:8:1: malformed YAML: found unexpected end of stream while scanning a quoted scalar"
                + " at line 4, column 12 (hint: check indentation and quoting near this line)", error(yaml));
    }

    @Test
    void badIndentationIsMalformedYamlAtTheOffendingColon() {
        String yaml = "section: S\nchecks:\n  - id: s.one\n    title: a: b\n";
        assertEquals("t.yaml:4:13: malformed YAML: mapping values are not allowed here"
                + " (hint: check indentation and quoting near this line)", error(yaml));
    }

    @Test
    void unclosedFlowSequenceIsMalformedYaml() {
        String yaml = "section: S\nchecks:\n  - id: s.one\n    tags: [a, b\n    title: T\n";
        assertEquals("t.yaml:5:10: malformed YAML: expected ',' or ']', but got : while parsing a flow sequence"
                + " at line 4, column 11 (hint: check indentation and quoting near this line)", error(yaml));
    }

    @Test
    void aTabIsMalformedYamlAtTheTab() {
        String yaml = "section: S\nchecks:\n\t- id: s.one\n";
        String line = error(yaml);
        assertTrue(line.startsWith("t.yaml:3:1: malformed YAML: "), line);
        assertTrue(line.contains("TAB"), line);
    }

    @Test
    void aSecondDocumentIsRejected() {
        assertEquals("t.yaml:11:1: more than one YAML document in the file (hint: keep one document per file;"
                + " remove the extra '---')", error(VALID + "---\nsection: Other\n"));
    }

    @Test
    void aFileThatIsNotAMappingIsRejected() {
        assertEquals("t.yaml:1:1: a catalogue file is a mapping with 'section' and 'checks' (hint: start the file"
                + " with 'section: <name>' and 'checks:')", error("- id: a.b\n"));
    }

    @Test
    void duplicateYamlKeyPointsAtTheSecondOccurrence() {
        String yaml = VALID.replace("    severity: high\n", "    severity: high\n    title: Again\n");
        assertEquals("t.yaml:6:5: duplicate key 'title' (hint: each key may appear once in a mapping)", error(yaml));
    }

    @Test
    void duplicateKeyInsideAProbeMapping() {
        String yaml = HEAD + "    probe:\n      type: env\n      vars: {A: {}}\n      vars: {B: {}}\n";
        assertEquals("t.yaml:11:7: duplicate key 'vars' (hint: each key may appear once in a mapping)", error(yaml));
    }

    // ---- file and check keys ----

    @Test
    void unknownTopLevelKeyIsNamedWithASuggestion() {
        assertEquals("t.yaml:2:1: unknown key 'sectoin' (hint: did you mean 'section'?)",
                error("section: S\nsectoin: T\nchecks: []\n"));
    }

    @Test
    void unknownTopLevelKeyWithoutACloseMatchListsTheAllowedKeys() {
        assertEquals("t.yaml:3:1: unknown key 'owner' (hint: allowed keys: checks, section)",
                error("section: S\nchecks: []\nowner: me\n"));
    }

    @Test
    void missingSectionAndChecks() {
        assertEquals("t.yaml:1:1: missing required key 'section' (hint: name the checklist section this file covers)",
                error("checks: []\n"));
        assertEquals("t.yaml:1:1: missing required key 'checks' (hint: list the checks under 'checks:')",
                error("section: S\n"));
        // An empty value is YAML's null, not an empty string.
        assertEquals("t.yaml:1:1: missing required key 'checks' (hint: list the checks under 'checks:')",
                error("section: S\nchecks:\n"));
        assertEquals("t.yaml:1:1: missing required key 'section' (hint: name the checklist section this file covers)",
                error("section:\nchecks: []\n"));
    }

    @Test
    void unknownCheckKeySuggestsTheCloseOne() {
        String yaml = VALID.replace("    severity: high", "    sevrity: high");
        assertEquals("t.yaml:5:5: unknown key 'sevrity' (hint: did you mean 'severity'?)", error(yaml));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "title       | t.yaml:3:5: check is missing required key 'title'",
            "severity    | t.yaml:3:5: check is missing required key 'severity'",
            "rationale   | t.yaml:3:5: check is missing required key 'rationale'",
            "remediation | t.yaml:3:5: check is missing required key 'remediation'",
            "probe       | t.yaml:3:5: missing required key 'probe' (hint: add 'probe: {type: manual}' if nothing can"
                    + " check this item automatically)",
    })
    void missingRequiredKeyPointsAtTheCheck(String key, String expected) {
        StringBuilder yaml = new StringBuilder();
        boolean skippingProbe = false;
        for (String line : VALID.lines().toList()) {
            if (line.startsWith("    " + key + ":")) {
                skippingProbe = key.equals("probe");
                continue;
            }
            if (skippingProbe && line.startsWith("      ")) {
                continue;
            }
            yaml.append(line).append('\n');
        }
        assertEquals(expected, error(yaml.toString()));
    }

    @Test
    void blankRequiredTextCountsAsMissing() {
        assertEquals("t.yaml:3:5: check is missing required key 'title'", error(VALID.replace("title: First check", "title: ''")));
    }

    @Test
    void badSeverityPointsAtTheValue() {
        String yaml = VALID.replace("severity: high", "severity: urgent");
        assertEquals("t.yaml:5:15: unknown severity 'urgent' (expected one of info, low, medium, high, critical)",
                error(yaml));
    }

    @Test
    void severityIsCaseInsensitive() throws Exception {
        assertEquals(Severity.CRITICAL, loader.parseFile("t.yaml", VALID.replace("severity: high", "severity: Critical"))
                .get(0).severity());
    }

    @ParameterizedTest
    @CsvSource({"Security.One", "nosection", "security.", "security..one", "-security.one", "security.one_two",
            "security.one two"})
    void invalidIdPointsAtTheValue(String id) {
        String yaml = VALID.replace("id: security.one", "id: '" + id + "'");
        assertEquals("t.yaml:3:9: invalid check id '" + id + "' (hint: use lowercase words joined by '-' with a section"
                + " prefix, e.g. security.jwt-secrets)", error(yaml));
    }

    @Test
    void wronglyTypedCheckKey() {
        assertEquals("t.yaml:3:5: a check is a mapping (hint: start each check with '- id: ...')",
                error("section: S\nchecks:\n  - just text\n"));
        assertEquals("t.yaml:8:14: 'timeout': 'forever' is not a duration (examples: 500ms, 10s, 15m, 2h, 7d)",
                error(VALID.replace("    probe:", "    timeout: forever\n    probe:")));
    }

    // ---- duplicate ids ----

    @Test
    void duplicateIdWithinOneFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.yaml");
        Files.writeString(file, VALID + VALID.lines().skip(2).map(l -> l + "\n").reduce("", String::concat)
                .replace("First check", "Second check"));
        InputException e = assertThrows(InputException.class, () -> loader.load(List.of(file.toString())));
        assertEquals(file + ":10:9: duplicate check id 'security.one' (hint: already defined at " + file
                + ":3:9; ids must be unique across catalogues)", e.oneLine());
        // The same through parseFile alone.
        InputException direct = assertThrows(InputException.class, () -> loader.parseFile("a.yaml", Files.readString(file)));
        assertEquals("a.yaml:10:9", direct.location());
    }

    @Test
    void duplicateIdAcrossTwoCatalogueFolders(@TempDir Path dir) throws Exception {
        Path dir1 = Files.createDirectories(dir.resolve("team"));
        Path dir2 = Files.createDirectories(dir.resolve("extra"));
        Files.writeString(dir1.resolve("10-security.yaml"), VALID);
        Files.writeString(dir2.resolve("20-more.yaml"), "# more checks\n\n" + VALID.replace("First check", "Again"));
        InputException e = assertThrows(InputException.class,
                () -> loader.load(List.of(dir1.toString(), dir2.toString())));
        assertEquals(dir2.resolve("20-more.yaml") + ":5:9: duplicate check id 'security.one' (hint: already defined at "
                + dir1.resolve("10-security.yaml") + ":3:9; ids must be unique across catalogues)", e.oneLine());
    }

    @Test
    void distinctIdsAcrossFoldersLoadInOrder(@TempDir Path dir) throws Exception {
        Path dir1 = Files.createDirectories(dir.resolve("a"));
        Path dir2 = Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir1.resolve("2.yaml"), VALID.replace("security.one", "security.two"));
        Files.writeString(dir1.resolve("1.yml"), VALID);
        Files.writeString(dir1.resolve("notes.txt"), "not a catalogue");
        Files.writeString(dir2.resolve("x.yaml"), VALID.replace("security.one", "security.three"));
        Catalog c = loader.load(List.of(dir1.toString(), dir2.toString()));
        assertEquals(List.of("security.one", "security.two", "security.three"), c.checks().stream().map(Check::id).toList());
        assertEquals(3, c.sources().size());
    }

    /**
     * The files are read and parsed first (on a thread of their own in an audit) and bound after, but the error
     * shown is still the first that loading them one by one meets: a bad check of the first file before a YAML error
     * or a missing file after it, and a YAML error of the first file before a bad check of the second.
     */
    @Test
    void theFirstErrorInFileOrderIsTheOneShown(@TempDir Path dir) throws Exception {
        Path badCheck = dir.resolve("1-bad-check.yaml");
        Path badYaml = dir.resolve("2-bad-yaml.yaml");
        Files.writeString(badCheck, VALID.replace("severity: high", "severity: urgent"));
        Files.writeString(badYaml, "section: S\nchecks: [unclosed\n");
        String missing = dir.resolve("3-missing.yaml").toString();

        InputException first = assertThrows(InputException.class,
                () -> loader.load(List.of(badCheck.toString(), badYaml.toString(), missing)));
        assertEquals(badCheck + ":5:15", first.location(), first.oneLine());
        InputException beforeMissing = assertThrows(InputException.class,
                () -> loader.load(List.of(badCheck.toString(), missing)));
        assertEquals(badCheck + ":5:15", beforeMissing.location(), beforeMissing.oneLine());

        InputException yamlFirst = assertThrows(InputException.class,
                () -> loader.load(List.of(badYaml.toString(), badCheck.toString())));
        assertTrue(yamlFirst.location().startsWith(badYaml + ":"), yamlFirst.oneLine());
        InputException missingFirst = assertThrows(InputException.class,
                () -> loader.load(List.of(missing, badCheck.toString())));
        assertEquals(missing, missingFirst.location(), missingFirst.oneLine());

        // Read alone, the files before the YAML error are kept for binding, and the error is held, not thrown.
        CatalogLoader.ReadCatalogue read = CatalogLoader.read(dir, List.of(badCheck.toString(), badYaml.toString(), missing));
        assertEquals(List.of(badCheck.toString()), read.files().stream().map(CatalogLoader.ParsedFile::name).toList());
        assertTrue(read.error().location().startsWith(badYaml + ":"), read.error().oneLine());
    }

    // ---- a large file ----

    /** {@code n} env checks, one a line from line 3 (check i at line i + 3); {@code replaced} swaps a check's line. */
    private static String manyChecks(int n, Map<Integer, String> replaced) {
        StringBuilder yaml = new StringBuilder("section: Synthetic\nchecks:\n");
        for (int i = 0; i < n; i++) {
            String id = "synthetic.env-%04d".formatted(i);
            yaml.append(replaced.getOrDefault(i, "  - {id: " + id + ", title: Variable " + i + ", severity: low,"
                    + " rationale: r, remediation: r, probe: {type: env, vars: {VAR_" + i + ": {minLength: 4}}}}")).append('\n');
        }
        return yaml.toString();
    }

    private static String badSeverity(int i) {
        return "  - {id: synthetic.bad-" + i + ", title: T, severity: urgent, rationale: r, remediation: r, probe: {type: manual}}";
    }

    private static String repeatedId(int of) {
        return "  - {id: synthetic.env-%04d, title: T, severity: low, rationale: r, remediation: r, probe: {type: manual}}".formatted(of);
    }

    @Test
    void aFileOfManyChecksLoadsInOrderWithEachCheckPlaced() throws Exception {
        int n = 613;
        List<Check> checks = loader.parseFile("many.yaml", manyChecks(n, Map.of()));
        assertEquals(n, checks.size());
        for (int i = 0; i < n; i++) {
            Check c = checks.get(i);
            assertEquals("synthetic.env-%04d".formatted(i), c.id());
            assertEquals("many.yaml:" + (i + 3), c.source());
            assertEquals(List.of("VAR_" + i), ((EnvSpec) c.spec()).vars().keySet().stream().toList());
        }
    }

    /** Wherever problems are in a long list, the one shown is the first in the list. */
    @Test
    void inAFileOfManyChecksTheFirstProblemInOrderIsShown() {
        int n = 612;
        int late = n - 20;
        assertEquals(severityAt(late), errorIn(manyChecks(n, Map.of(late, badSeverity(late)))));
        assertEquals(severityAt(100), errorIn(manyChecks(n, Map.of(100, badSeverity(100), late, badSeverity(late)))));
        // an id repeated before a bad check is the problem, and a bad check before a repeated id
        assertEquals(idAt(300), errorIn(manyChecks(n, Map.of(300, repeatedId(10), late, badSeverity(late)))));
        assertEquals(severityAt(100), errorIn(manyChecks(n, Map.of(100, badSeverity(100), 300, repeatedId(10)))));
        assertEquals(idAt(late), errorIn(manyChecks(n, Map.of(late, repeatedId(5), late + 5, badSeverity(late + 5)))));
    }

    /** Where the bad severity of check {@code i} stands: its line is i + 3. */
    private static String severityAt(int i) {
        return "many.yaml:" + (i + 3) + ":" + (badSeverity(i).indexOf("urgent") + 1);
    }

    private static String idAt(int i) {
        return "many.yaml:" + (i + 3) + ":" + (repeatedId(0).indexOf("synthetic") + 1);
    }

    private String errorIn(String yaml) {
        InputException e = assertThrows(InputException.class, () -> loader.parseFile("many.yaml", yaml));
        return e.location();
    }

    @Test
    void missingCatalogue(@TempDir Path dir) {
        String missing = dir.resolve("nope.yaml").toString();
        InputException e = assertThrows(InputException.class, () -> loader.load(List.of(missing)));
        assertEquals(missing + ": catalogue not found (hint: pass an existing file or folder, or 'builtin' for the"
                + " default catalogue)", e.oneLine());
    }

    // ---- probes ----

    @Test
    void unknownProbeTypeSuggestsTheCloseOne() {
        String line = error(HEAD + "    probe:\n      type: evn\n      vars: {A: {}}\n");
        assertTrue(line.startsWith("t.yaml:9:13: unknown probe type 'evn' (hint: did you mean 'env'? known types: "), line);
        assertTrue(line.contains("manual"), line);
    }

    @Test
    void unknownProbeTypeWithoutACloseOneListsTheKnownTypes() {
        String line = error(HEAD + "    probe: {type: kubernetes}\n");
        assertTrue(line.startsWith("t.yaml:8:19: unknown probe type 'kubernetes' (hint: known types: "), line);
        assertTrue(line.contains("env, file, git"), line);
    }

    @Test
    void probeWithoutType() {
        String line = error(HEAD + "    probe:\n      verify: by hand\n");
        assertTrue(line.startsWith("t.yaml:8:5: probe is missing 'type' (hint: one of: "), line);
    }

    @Test
    void unknownProbeParameterKey() {
        assertEquals("t.yaml:11:7: unknown key 'exist' (hint: did you mean 'exists'?)",
                error(HEAD + "    probe:\n      type: file\n      paths: [Dockerfile]\n      exist: true\n"));
        assertEquals("t.yaml:8:27: unknown key 'verfy' (hint: did you mean 'verify'?)",
                error(HEAD + "    probe: {type: manual, verfy: x}\n"));
    }

    @Test
    void misspeltRequiredProbeParameterIsReportedAsUnknownNotAsMissing() {
        // The spec record rejects a missing 'paths' in its constructor; the typo is the real problem.
        assertEquals("t.yaml:10:7: unknown key 'path' (hint: did you mean 'paths'?)",
                error(HEAD + "    probe:\n      type: file\n      path: [Dockerfile]\n"));
        assertEquals("t.yaml:10:7: unknown key 'varz' (hint: did you mean 'vars'?)",
                error(HEAD + "    probe:\n      type: env\n      varz: {A: {}}\n"));
    }

    @Test
    void unknownKeyInsideAnEnvRule() {
        assertEquals("t.yaml:11:13: unknown key 'minLenght' (hint: did you mean 'minLength'?)",
                error(HEAD + "    probe:\n      type: env\n      vars:\n        A: {minLenght: 16}\n"));
        assertEquals("t.yaml:12:28: unknown key 'encodng' (hint: did you mean 'encoding'?)",
                error(HEAD + "    probe:\n      type: env\n      vars:\n        A:\n          bytes: {min: 32, encodng: hex}\n"));
    }

    @Test
    void aRecordThatRejectsItsValuesPointsAtTheMapping() {
        assertEquals("t.yaml:9:7: a git probe needs 'ignored', 'noTrackedEnvFiles', 'secretsNotTracked' or 'credentials'",
                error(HEAD + "    probe:\n      type: git\n"));
        assertEquals("t.yaml:12:18: 'bytes': 'min' must be positive",
                error(HEAD + "    probe:\n      type: env\n      vars:\n        A:\n          bytes: {min: 0}\n"));
    }

    @Test
    void wronglyTypedProbeParameters() {
        assertEquals("t.yaml:11:24: 'minLength' must be a whole number",
                error(HEAD + "    probe:\n      type: env\n      vars:\n        A: {minLength: abc}\n"));
        assertEquals("t.yaml:12:20: 'boolean' must be true or false",
                error(HEAD + "    probe:\n      type: env\n      vars:\n        A:\n          boolean: maybe\n"));
        assertEquals("t.yaml:10:17: 'nonEmpty' must be true or false",
                error(HEAD + "    probe:\n      type: file\n      nonEmpty: yes please\n      paths: [a]\n"));
        // A fraction is not silently truncated to a whole number.
        assertEquals("t.yaml:11:24: 'minLength' must be a whole number",
                error(HEAD + "    probe:\n      type: env\n      vars:\n        A: {minLength: 16.5}\n"));
    }

    @Test
    void aDurationWrittenAsANumberIsAskedForAsADuration() {
        // TimeSpan is a record, but it is written as text: "must be a mapping" would mislead.
        assertEquals("t.yaml:8:14: 'timeout' must be a duration such as 500ms, 10s, 15m or 7d",
                error(HEAD + "    timeout: 500\n    probe: {type: manual}\n"));
        assertEquals("t.yaml:11:18: 'newerThan' must be a duration such as 500ms, 10s, 15m or 7d",
                error(HEAD + "    probe:\n      type: file\n      paths: [a]\n      newerThan: 7\n"));
        assertEquals("t.yaml:11:17: 'contains' must be a regular expression (text)",
                error(HEAD + "    probe:\n      type: file\n      paths: [a]\n      contains: [a, b]\n"));
    }

    @Test
    void invalidRegexPointsAtTheRegex() {
        assertEquals("t.yaml:12:20: 'pattern': invalid regular expression: Unclosed character class near index 4",
                error(HEAD + "    probe:\n      type: env\n      vars:\n        A:\n          pattern: \"([a-z\"\n"));
        assertEquals("t.yaml:11:17: 'contains': invalid regular expression: Unclosed group near index 2",
                error(HEAD + "    probe:\n      type: file\n      paths: [a]\n      contains: '(x'\n"));
        assertEquals("t.yaml:11:25: 'host': invalid regular expression: Unclosed character class near index 0",
                error(HEAD + "    probe:\n      type: env\n      vars:\n        A: {url: {host: '['}}\n"));
    }

    @Test
    void boundSpecsCarryTheirValues() throws Exception {
        Check c = loader.parseFile("t.yaml", HEAD + """
                    probe:
                      type: env
                      vars:
                        JWT_ACCESS_SECRET: {bytes: {min: 48}, minEntropy: 4.5}
                        NODE_ENV: {oneOf: [production]}
                        PORT:
                      distinct: [[JWT_ACCESS_SECRET, JWT_REFRESH_SECRET]]
                """).get(0);
        EnvSpec spec = (EnvSpec) c.spec();
        assertEquals(List.of("JWT_ACCESS_SECRET", "NODE_ENV", "PORT"), List.copyOf(spec.vars().keySet()));
        assertEquals(48, spec.vars().get("JWT_ACCESS_SECRET").bytes().min());
        assertEquals(List.of("production"), spec.vars().get("NODE_ENV").oneOf());
        assertNotNull(spec.vars().get("PORT"));
        assertNull(spec.vars().get("PORT").minLength());
        assertEquals(List.of(List.of("JWT_ACCESS_SECRET", "JWT_REFRESH_SECRET")), spec.distinct());
    }

    // ---- attestation rules ----

    private static final String DRILL = """
            section: Backup & Recovery
            checks:
              - id: backup.restore-drill
                title: Restore drill done
                severity: critical
                rationale: Untested backups are not backups.
                remediation: Restore last night's backup into staging every quarter.
                attestation: %s
                probe: {type: %s}
            """;

    @Test
    void aManualCheckDeclaresHowLongItsAttestationsLastAndWhetherTheyArePerRelease() throws Exception {
        Check quarterly = loader.parseFile("b.yaml", DRILL.formatted("{maxAge: 92d}", "manual")).get(0);
        assertEquals(new AttestationRule(92, false), quarterly.attestation());
        Check perRelease = loader.parseFile("b.yaml", DRILL.formatted("{maxAge: 1d, perRelease: true}", "manual")).get(0);
        assertEquals(new AttestationRule(1, true), perRelease.attestation());
        Check plain = loader.parseFile("b.yaml", DRILL.replace("    attestation: %s\n", "").formatted("manual")).get(0);
        assertEquals(AttestationRule.NONE, plain.attestation());
    }

    @Test
    void anAttestationRuleIsWholeDaysAndOnlyForManualChecks() {
        InputException hours = assertThrows(InputException.class,
                () -> loader.parseFile("b.yaml", DRILL.formatted("{maxAge: 36h}", "manual")));
        assertEquals("b.yaml:8:27: 'maxAge' must be a whole number of days, at least 1d (got 36h) (hint: attestations are dated"
                + " by the day, e.g. maxAge: 92d for a quarterly drill, 1d for a per-release item)", hours.oneLine());
        InputException automatic = assertThrows(InputException.class,
                () -> loader.parseFile("b.yaml", DRILL.formatted("{maxAge: 92d}", "git, noTrackedEnvFiles: true")));
        assertEquals("b.yaml:8:5: 'attestation' applies only to manual checks (hint: this check is decided by its git probe;"
                + " remove 'attestation')", automatic.oneLine());
        InputException typo = assertThrows(InputException.class,
                () -> loader.parseFile("b.yaml", DRILL.formatted("{maxage: 92d}", "manual")));
        assertTrue(typo.oneLine().startsWith("b.yaml:8:19: unknown key 'maxage'"), typo.oneLine());
    }

    @Test
    void theBuiltInPerReleaseItemsAreAttestedPerReleaseForADay() throws Exception {
        Map<String, AttestationRule> rules = new java.util.LinkedHashMap<>();
        loader.load(List.of(CatalogLoader.BUILTIN)).checks().stream().filter(c -> c.attestation().perRelease())
                .forEach(c -> rules.put(c.id(), c.attestation()));
        // Tests, build and smoke tests of a release are read from its CI results (type: ci), so they take no attestation.
        assertEquals(List.of("deploy.logs-reviewed", "deploy.metrics-baseline"), List.copyOf(rules.keySet()));
        rules.values().forEach(rule -> assertEquals(new AttestationRule(1, true), rule));
    }

    // ---- the built-in catalogue ----

    @Test
    void builtinCatalogueLoadsWithAllSeedItemsInOrder() throws Exception {
        Catalog catalog = loader.load(List.of(CatalogLoader.BUILTIN));
        List<Check> checks = catalog.checks();
        Set<String> ids = new HashSet<>();
        for (Check c : checks) {
            assertTrue(ids.add(c.id()), "duplicate id " + c.id());
            assertTrue(c.source().startsWith("builtin:checks/"), c.source());
            assertTrue(c.enabled());
        }

        assertEquals(List.of("Security Checklist", "Infrastructure Checklist", "Application Checklist",
                        "Monitoring Checklist", "Performance Checklist", "Deployment Checklist", "Backup & Recovery",
                        "Documentation", "Compliance"),
                checks.stream().map(Check::section).distinct().toList());
        // Sections are contiguous: each appears in one run.
        long runs = 1;
        for (int i = 1; i < checks.size(); i++) {
            if (!checks.get(i).section().equals(checks.get(i - 1).section())) {
                runs++;
            }
        }
        assertEquals(9, runs);

        assertEquals(seedTitles(), checks.stream().map(Check::title).toList());
    }

    /** The "- [ ] **Title**" items of the seed checklist, copied into a test resource in seed order. */
    private static List<String> seedTitles() throws IOException {
        try (InputStream in = CatalogLoaderTest.class.getResourceAsStream("/seed-titles.txt")) {
            assertNotNull(in, "seed-titles.txt is missing from the test resources");
            List<String> titles = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank()).toList();
            return titles;
        }
    }

    /** The check-id rule as the catalogue schema states it; {@link CatalogLoader#validId} is held equal to it. */
    private static final java.util.regex.Pattern ID_RULE =
            java.util.regex.Pattern.compile("^[a-z0-9][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)+$");

    @Test
    void checkIdsAreJudgedAsTheSchemasRegularExpressionJudgesThem() {
        List<String> ids = new java.util.ArrayList<>(List.of("security.jwt-secrets", "a.b", "a.b.c", "0.9", "a-.b-",
                "a.-b", "-a.b", "a..b", ".a.b", "a.b.", "a", "", "A.b", "a.b\n", "a.b ", "a_b.c", "a.b-c-d.e9",
                "security.https-tls", "a.\u00e9"));
        java.util.Random random = new java.util.Random(11);
        String alphabet = "ab09-.Z_ \n";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder id = new StringBuilder();
            for (int n = random.nextInt(9); n > 0; n--) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            ids.add(id.toString());
        }
        int valid = 0;
        for (String id : ids) {
            boolean expected = ID_RULE.matcher(id).matches();
            assertEquals(expected, CatalogLoader.validId(id), () -> "[" + id + "]");
            valid += expected ? 1 : 0;
        }
        assertTrue(valid > 300, valid + " valid ids among the generated ones");
    }
}
