package dev.prodaudit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The fast reader gives what SnakeYAML and Jackson give, or declines: the same values of the same node types, in the
 * same order, and the same line and column for every key and value. Checked on every YAML file of this repository,
 * on each construct of the subset, and on thousands of damaged variants of real files, where it must decline
 * whatever the full parser refuses or reads otherwise.
 */
class FastYamlReaderTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();

    /** What the fast reader made of {@code text}, or empty where it declined; fails if it differs from the full parser. */
    private static Optional<JsonNode> sameAsFullParser(String name, String text) {
        Positions positions = new Positions();
        Optional<JsonNode> fast = FastYamlReader.read(text, positions);
        if (fast.isEmpty()) {
            return fast;
        }
        YamlDocument full;
        try {
            full = YamlDocument.parseFully(name, text);
        } catch (InputException e) {
            fail("the fast reader accepted what the full parser refuses (" + e.oneLine() + "):\n" + text);
            return fast;
        }
        assertEquals(full.root(), fast.get(), () -> "values differ for:\n" + text);
        assertEquals(full.root().toString(), fast.get().toString(), () -> "order differs for:\n" + text);
        try {
            YamlDocument fastDocument = YamlDocument.parse(name, text);
            assertEquals(full.describePositions(), fastDocument.describePositions(), () -> "positions differ for:\n" + text);
        } catch (InputException e) {
            fail("parse refused what the fast reader accepted: " + e.oneLine());
        }
        return fast;
    }

    private static List<Path> yamlFilesOfTheRepository() throws IOException {
        try (Stream<Path> files = Files.walk(REPOSITORY)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !REPOSITORY.relativize(p).startsWith("target") && !REPOSITORY.relativize(p).startsWith(".git"))
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everyYamlFileOfTheRepositoryReadsAsTheFullParserReadsIt() throws IOException {
        List<Path> files = yamlFilesOfTheRepository();
        assertTrue(files.size() > 40, "found " + files.size() + " YAML files");
        int accepted = 0;
        for (Path file : files) {
            if (sameAsFullParser(file.toString(), Files.readString(file)).isPresent()) {
                accepted++;
            }
        }
        // Most of them are in the subset (Helm templates and Kubernetes lists with '---' are not): were the reader to
        // decline everything, this test would compare nothing.
        assertTrue(accepted * 2 > files.size(), accepted + " of " + files.size() + " files read by the fast reader");
    }

    @Test
    void theBuiltInCatalogueIsReadByTheFastReaderEveryFileOfIt() throws IOException {
        try (Stream<Path> files = Files.list(REPOSITORY.resolve("checks"))) {
            for (Path file : files.sorted().toList()) {
                assertTrue(sameAsFullParser(file.toString(), Files.readString(file)).isPresent(), file + " declined");
            }
        }
    }

    /** Each construct of the subset, read by the fast reader and equal to the full parser's reading. */
    @ParameterizedTest
    @ValueSource(strings = {
            "a: b\n",
            "a: b",
            "a: b\r\nc: d\r\n",
            "# head\n\na: b   # comment\n\n# tail\n",
            "  a: 1\n  b: -2\n  c: 0\n  d: 123456789\n  e: -123456789\n",
            "a: true\nb: False\nc: yes\nd: off\ne: y\nf: N\ng: ~\nh: null\ni: NULL\nj:\nk: 2026-11-30\n",
            "a: some words here\nb: text:with colon-less:words\nc: http://x.example/a?b#c\nd: a#b\n",
            "a: 'it''s'\nb: \"tab\\there \\\"q\\\" \\\\ \\x41\\u00e9 \\e \\0\"\nc: ''\nd: \"\"\n",
            "'quoted key': 1\n\"double key\": 2\nkey with spaces: 3\n-dash: 4\n",
            "a:\n  b:\n    c: d\n  e: f\ng: h\n",
            "list:\n- a\n- b\nnext: c\n",
            "list:\n  - a\n  -   b\n  - 'c'\n",
            "checks:\n  - id: one\n    title: One\n  - id: two\n    probe:\n      type: env\n      vars: {A: {minLength: 4}}\n",
            "- a\n- b: c\n  d: e\n- [x, y]\n- {p: q}\n",
            "a: [one, two words, 'three', \"four\", 5, true, ~, [nested], {k: v}]\nb: {x: 1, 'y': [2], z: {}}\nc: []\nd: { }\n",
            "a: [a ,b , c]\nb: {k: v , l: w}\n",
            "a: {url: http://h:80/p, t: x:y}\n",
            "a: |\n  line one\n    indented\n\n  after empty\nb: 1\n",
            "a: |-\n  stripped\n  text\nb: >-\n  folded\n  lines\n\n  paragraph\n\n\n  two empties\nc: >\n  clip\n",
            "a: |\n  at end without newline",
            "a: |\n  trailing empties\n\n\nb: c\n",
            "a: |  # comment\n  # not a comment\n  text\n",
            "- id: x\n  remediation: >-\n    folded in a\n    sequence item\n  next: y\n",
            "a:\n  b: |\n    deep\n  c: d\n",
            "a: |\n  text\n \n  a line of fewer spaces than the text's\n",
    })
    void eachConstructOfTheSubset(String text) {
        assertTrue(sameAsFullParser("x.yaml", text).isPresent(), () -> "declined:\n" + text);
    }

    /** Outside the subset: declined, so that the full parser reads it or reports the error with its words. */
    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "# only a comment\n",
            "---\na: b\n",
            "a: b\n---\nc: d\n",
            "%YAML 1.1\n---\na: b\n",
            "a: &x v\nb: *x\n",
            "a: !!str 1\n",
            "? a\n: b\n",
            "a: b\n\tc: d\n",
            "a: multi\n  line plain\n",
            "a: \"multi\n  line quoted\"\n",
            "a: [one,\n  two]\n",
            "a: 1.5\n",
            "a: 0x1F\n",
            "a: 012\n",
            "a: 1234567890\n",
            "a: 1_000\n",
            "a: |+\n  kept\n\n",
            "a: |2\n    indented\n",
            "a: >\n  folded\n    more indented\n",
            "a: |\n\n  leading empty\n",
            "a: b\na: c\n",
            "<<: {a: b}\n",
            "a: b: c\n",
            "a: \"\\/\"\n",
            "a: \"\\U0001F600\"\n",
            "a: b\n- c\n",
            "- \n- a\n",
            "- - a\n",
            "a: [a: b]\n",
            "a: {b}\n",
            "a: [a, ]\n",
            "a: emoji \uD83D\uDE00\n",
            "a: b\u0085c\n",
            "a: b\rc: d\n",
            "\uFEFFa: b\n",
            "plain scalar document\n",
            "[a, b]\n",
            "a: @b\n",
            "a: `b`\n",
            "key : value\n",
            "a: {\"b\":1}\n",
            "a:\n  - |-\n    a block scalar in a sequence\n",
            "a: |\n  text\n   \n  a line of more spaces than the text's\n",
    })
    void outsideTheSubsetTheFastReaderDeclines(String text) {
        assertFalse(FastYamlReader.read(text, new Positions()).isPresent(), () -> "accepted:\n" + text);
    }

    /** The resolver is asked only about values it has a rule for: every other value it calls a string anyway. */
    @Test
    void aValueTheResolverHasNoRuleForIsAStringAsTheResolverWouldSay() throws IOException {
        Resolver resolver = new Resolver();
        List<String> values = new ArrayList<>(List.of("", " ", "~", "null", "Null", "NULL", "nul", "none", "None", "Nan",
                ".nan", ".inf", "<<", "=", "!", "&", "*", "x", "X", "word", "EnvVar", "low", "r", "a b", "~x", "null ",
                "yes", "Yes", "on", "OFF", "y", "n", "true", "False", "1", "-1", "+1", "0x1F", "1:30", "2026-12-02",
                "2026-12-02T10:00:00Z", "1e3", "1.5", "_", "-", "--", "0o17", "0b101"));
        for (Path file : yamlFilesOfTheRepository()) {
            for (String word : Files.readString(file).split("[\\s:,\\[\\]{}'\"#]+")) {
                values.add(word);
            }
        }
        Random random = new Random(7);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789~.-+_:<=!&* ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(14); n > 0; n--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(value.toString());
        }
        for (String value : values) {
            if (!FastYamlReader.mayBeTyped(value)) {
                assertEquals(Tag.STR, resolver.resolve(NodeId.scalar, value, true), value);
            }
        }
        assertTrue(values.stream().filter(v -> !FastYamlReader.mayBeTyped(v)).count() > 1000);
        // The limit is SnakeYAML's: one character more and '~' followed by spaces would still be tried.
        assertTrue(FastYamlReader.mayBeTyped("~".repeat(FastYamlReader.ANY_FIRST_LIMIT)));
    }

    @Test
    void nestingDeeperThanTheLimitIsLeftToTheFullParserWhichReportsIt() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < YamlDocument.MAX_NESTING + 2; i++) {
            deep.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        deep.append("  ".repeat(YamlDocument.MAX_NESTING + 2)).append("end: 1\n");
        assertFalse(FastYamlReader.read(deep.toString(), new Positions()).isPresent());
    }

    /**
     * Damaged variants of real files (a character deleted or inserted, a line indented, dedented, doubled or moved):
     * whatever the fast reader accepts, the full parser accepts too and reads the same. Seeded, so a failure repeats.
     */
    @Test
    void damagedVariantsOfRealFilesAreReadAlikeOrDeclined() throws IOException {
        List<String> windows = new ArrayList<>();
        for (Path file : yamlFilesOfTheRepository()) {
            List<String> lines = Files.readAllLines(file);
            for (int start = 0; start < lines.size(); start += 7) {
                windows.add(String.join("\n", lines.subList(start, Math.min(lines.size(), start + 14))) + "\n");
            }
        }
        Random random = new Random(20261202L);
        int accepted = 0;
        int variants = 20_000;
        for (int i = 0; i < variants; i++) {
            String text = windows.get(random.nextInt(windows.size()));
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                text = mutate(text, random);
            }
            if (sameAsFullParser("variant-" + i + ".yaml", text).isPresent()) {
                accepted++;
            }
        }
        // Enough of them stay in the subset for the comparison to mean something.
        assertTrue(accepted > variants / 10, accepted + " of " + variants + " variants read by the fast reader");
    }

    /**
     * Documents made up from the subset's own constructs, nested at random, with scalars that mix in YAML's indicators
     * (':', '#', '-', quotes, '&', '*', '!', '?', '|', '>', '%', '@', '`', '~'), numbers, booleans, nulls and dates, and
     * with comments, blank lines and \r\n: most are read by the fast reader, and each must read as the full parser reads
     * it. The damaged variants above mostly test what it declines; these mostly test what it accepts.
     */
    @Test
    void generatedDocumentsReadAlikeOrAreDeclined() {
        Random random = new Random(42L);
        int accepted = 0;
        int documents = 5_000;
        for (int i = 0; i < documents; i++) {
            StringBuilder text = new StringBuilder();
            if (random.nextInt(4) == 0) {
                text.append("# a comment\n\n");
            }
            blockMapping(text, random, 0, 0);
            String document = random.nextInt(8) == 0 ? text.toString().replace("\n", "\r\n") : text.toString();
            if (sameAsFullParser("generated-" + i + ".yaml", document).isPresent()) {
                accepted++;
            }
        }
        assertTrue(accepted > documents / 2, accepted + " of " + documents + " generated documents read by the fast reader");
    }

    /** Scalars the subset reads in any place, then ones that are declined somewhere or everywhere (a few per document). */
    private static final String[] WORDS = {"env", "Node 20", "a:b", "x#y", "-5", "12", "0", "-1", "yes", "No", "on", "y",
        "true", "False", "null", "~", "2026-12-02", "it's", "say \"hi\"", "\u00e9t\u00e9", "trailing ", "a.b-c_d", "-x"};
    private static final String[] TRICKY = {"a: b", "x #y", "- x", "007", "1.5", "1_000", "0x1F", "1:30", "Null",
        "http://h:80/p?q=1#f", "&anchor", "*alias", "!tag", "?x", "|pipe", ">gt", "%pct", "@at", "`tick`", "{brace}",
        "[bracket]", "a, b", "  leading", "a\tb", "<<", "=", "key:", ":", "1234567890"};

    private static String scalar(Random random) {
        String word = random.nextInt(15) == 0 ? TRICKY[random.nextInt(TRICKY.length)] : WORDS[random.nextInt(WORDS.length)];
        return switch (random.nextInt(6)) {
            case 0 -> "'" + word.replace("'", "''") + "'";
            case 1 -> "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t") + "\"";
            default -> word;
        };
    }

    private static String flow(Random random, int depth) {
        if (depth > 2 || random.nextInt(3) == 0) {
            return scalar(random);
        }
        StringBuilder out = new StringBuilder();
        boolean mapping = random.nextBoolean();
        out.append(mapping ? "{" : "[");
        for (int n = random.nextInt(4), k = 0; k < n; k++) {
            out.append(k == 0 ? "" : ", ");
            if (mapping) {
                out.append("k").append(k).append(": ");
            }
            out.append(flow(random, depth + 1));
        }
        return out.append(mapping ? "}" : "]").toString();
    }

    private static void blockScalar(StringBuilder text, Random random, int indent) {
        text.append(random.nextBoolean() ? "|" : ">").append(random.nextInt(3) == 0 ? "" : "-").append("\n");
        String pad = " ".repeat(indent + 2);
        for (int lines = 1 + random.nextInt(4), k = 0; k < lines; k++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append("\n");
                case 1 -> text.append(pad).append(random.nextInt(4) == 0 ? "  more indented " : "").append(k).append("\n");
                default -> text.append(pad).append(WORDS[random.nextInt(WORDS.length)]).append(" line ").append(k).append("\n");
            }
        }
        if (random.nextInt(4) == 0) {
            text.append("\n");
        }
    }

    private static void blockMapping(StringBuilder text, Random random, int indent, int depth) {
        String pad = " ".repeat(indent);
        for (int n = 1 + random.nextInt(4), k = 0; k < n; k++) {
            text.append(k == 0 && text.length() > 0 && text.charAt(text.length() - 1) != '\n' ? "" : pad);
            text.append(random.nextInt(5) == 0 ? scalar(random) : "key" + k).append(":");
            int kind = depth > 3 ? random.nextInt(3) : random.nextInt(7);
            switch (kind) {
                case 0 -> text.append(" ").append(scalar(random)).append(random.nextInt(5) == 0 ? " # note" : "").append("\n");
                case 1 -> text.append(" ").append(flow(random, 0)).append("\n");
                case 2 -> {
                    text.append(" ");
                    blockScalar(text, random, indent);
                }
                case 3 -> text.append(random.nextBoolean() ? "\n" : "   # nothing\n");
                case 4 -> {
                    text.append("\n");
                    blockMapping(text, random, indent + 2, depth + 1);
                }
                default -> {
                    text.append("\n");
                    int itemIndent = random.nextBoolean() ? indent : indent + 2;
                    for (int m = 1 + random.nextInt(3), j = 0; j < m; j++) {
                        text.append(" ".repeat(itemIndent)).append("- ");
                        if (random.nextBoolean()) {
                            blockMapping(text, random, itemIndent + 2, depth + 1);
                        } else {
                            text.append(random.nextBoolean() ? scalar(random) : flow(random, 0)).append("\n");
                        }
                    }
                }
            }
            if (random.nextInt(6) == 0) {
                text.append(random.nextBoolean() ? "\n" : pad + "# between\n");
            }
        }
    }

    /** What a slip of the keyboard or an edit inserts: YAML's indicators, and words and breaks that stay valid. */
    private static final String[] INSERTS = {
        " ", "  ", "-", "- ", ":", ": ", "#", " #", "\"", "'", "''", "[", "]", "{", "}", ",", ", ", "|", "|-", ">", ">-",
        "\n", "\n  ", "\n- ", "\r\n", "\r", "\t", "a", "word", "0", "1", "-1", "12", "1.5", "~", "null", "true", "no",
        "&a ", "*a", "!", "?", "\\", "\\x41", "\\/", "%", "@", "`", ".", "---", "\u00e9", "\uD83D\uDE00", "<<: ",
    };

    private static String mutate(String text, Random random) {
        if (text.isEmpty()) {
            return "a: b\n";
        }
        int at = random.nextInt(text.length());
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int line = random.nextInt(lines.size());
        switch (random.nextInt(7)) {
            case 0 -> {
                return text.substring(0, at) + text.substring(at + 1);
            }
            case 1, 2 -> {
                return text.substring(0, at) + INSERTS[random.nextInt(INSERTS.length)] + text.substring(at);
            }
            case 3 -> lines.set(line, " ".repeat(1 + random.nextInt(2)) + lines.get(line));
            case 4 -> lines.set(line, lines.get(line).replaceFirst("^ {1,2}", ""));
            case 5 -> lines.add(line, lines.get(line));
            default -> lines.add(random.nextInt(lines.size()), lines.remove(line));
        }
        return String.join("\n", lines);
    }
}
