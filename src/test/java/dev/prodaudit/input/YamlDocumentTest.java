package dev.prodaudit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A document finds every key and value by its JSON pointer, where SnakeYAML's own node tree (composed separately,
 * with its marks) says they stand: in the repository's YAML files and in documents wide enough to be looked up
 * through an index (more than 16 entries in one mapping or sequence), by both readers.
 */
class YamlDocumentTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();

    /** Every key and value of {@code text}, asked of {@code doc} by its path; returns how many were asked. */
    private static int everyPlaceAsSnakeYamlComposesIt(YamlDocument doc, String text) {
        Node root = new Yaml(new LoaderOptions()).compose(new java.io.StringReader(text));
        return root == null ? 0 : check(doc, root, "", null, new IdentityHashMap<>());
    }

    private static int check(YamlDocument doc, Node node, String path, Mark key, Map<Node, Boolean> seen) {
        assertTrue(doc.has(path), () -> path + " not found in " + doc.name());
        if (seen.put(node, true) != null) {
            // An alias: SnakeYAML gives the anchored node itself, with its marks, where the document has the alias
            // (placed where it stands) and a copy of the value, whose entries have no place of their own.
            if (key != null) {
                assertEquals(doc.name() + ":" + place(key), doc.locate(path), () -> "key of " + path);
            }
            return 1;
        }
        String value = doc.name() + ":" + place(node.getStartMark());
        assertEquals(value, doc.locateValue(path), () -> "value of " + path);
        assertEquals(key == null ? value : doc.name() + ":" + place(key), doc.locate(path), () -> "key of " + path);
        assertEquals(doc.locate(path).replaceFirst(":\\d+$", ""), doc.locateLine(path), () -> "line of " + path);
        int asked = 1;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple entry : mapping.getValue()) {
                String name = ((ScalarNode) entry.getKeyNode()).getValue();
                asked += check(doc, entry.getValueNode(), YamlDocument.child(path, name), entry.getKeyNode().getStartMark(), seen);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                asked += check(doc, sequence.getValue().get(i), path + "/" + i, null, seen);
            }
        }
        return asked;
    }

    private static String place(Mark mark) {
        return (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    /** Both readers' documents of {@code text} (the fast one only where it reads the text). */
    private static List<YamlDocument> bothReadings(String name, String text) throws InputException {
        return List.of(YamlDocument.parse(name, text), YamlDocument.parseFully(name, text));
    }

    @Test
    void everyKeyAndValueOfTheRepositorysYamlIsFoundWhereSnakeYamlPutsIt() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(REPOSITORY)) {
            files = all.filter(Files::isRegularFile)
                    .filter(p -> !REPOSITORY.relativize(p).startsWith("target") && !REPOSITORY.relativize(p).startsWith(".git"))
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
        int asked = 0;
        int read = 0;
        for (Path file : files) {
            String text = Files.readString(file);
            List<YamlDocument> docs;
            try {
                docs = bothReadings(file.toString(), text);
            } catch (InputException e) {
                continue; // a damaged fixture, a Helm template or a multi-document stream: not a document here
            }
            read++;
            for (YamlDocument doc : docs) {
                asked += everyPlaceAsSnakeYamlComposesIt(doc, text);
            }
        }
        assertTrue(read > 40, "read " + read + " of " + files.size() + " files");
        assertTrue(asked > 4_000, "asked " + asked + " places");
    }

    @Test
    void wideMappingsAndSequencesAreLookedUpThroughTheirIndexAsNarrowOnesAre() throws InputException {
        StringBuilder text = new StringBuilder("section: Wide\nvars:\n");
        for (int i = 0; i < 30; i++) {
            text.append("  VAR_").append(i).append(": {minLength: ").append(i).append("}\n");
        }
        text.append("  a/b~c: escaped\nchecks:\n");
        for (int i = 0; i < 40; i++) {
            text.append("  - id: s.check-").append(i).append("\n    tags: [").append("t, ".repeat(i % 20)).append("last]\n");
        }
        for (YamlDocument doc : bothReadings("wide.yaml", text.toString())) {
            assertTrue(everyPlaceAsSnakeYamlComposesIt(doc, text.toString()) > 600);
            assertEquals("wide.yaml:3:3", doc.locate("/vars/VAR_0"));
            assertEquals("wide.yaml:32:23", doc.locateValue("/vars/VAR_29/minLength"));
            assertEquals("wide.yaml:33:10", doc.locateValue("/vars/a~1b~0c"));
            assertEquals("wide.yaml:113:5", doc.locate("/checks/39/id"));
            assertEquals("wide.yaml:114:66", doc.locateValue("/checks/39/tags/18"));
            assertEquals("wide.yaml:114:69", doc.locateValue("/checks/39/tags/19"));
            // What the document does not have is placed at the nearest thing it has along the path.
            assertFalse(doc.has("/checks/40"));
            assertEquals("wide.yaml:34:1", doc.locate("/checks/40/id"));
            assertFalse(doc.has("/checks/39/tags/20"));
            assertEquals("wide.yaml:114:5", doc.locate("/checks/39/tags/20"));
            assertFalse(doc.has("/vars/VAR_30"));
            assertEquals("wide.yaml:2:1", doc.locate("/vars/VAR_30"));
            assertFalse(doc.has("/checks/id"));
            assertFalse(doc.has("/vars/0"));
        }
    }

    @Test
    void finishingTheReadingTwiceChangesNothing() {
        String text = "a:\n  b: [1, 2]\n  c: {d: e}\n";
        Positions once = new Positions();
        Positions twice = new Positions();
        assertTrue(FastYamlReader.read(text, once).isPresent() && FastYamlReader.read(text, twice).isPresent());
        once.finish();
        twice.finish();
        twice.finish();
        List<String> a = new java.util.ArrayList<>();
        List<String> b = new java.util.ArrayList<>();
        once.describe(Positions.ROOT, "", a);
        twice.describe(Positions.ROOT, "", b);
        assertEquals(a, b);
        assertEquals(7, a.size(), a.toString());
    }

    @Test
    void anAliasIsPlacedWhereItStandsAndItsCopiedEntriesHaveNoPlaceOfTheirOwn() throws InputException {
        String text = "base: &probe {type: env, vars: {PORT: {}}}\ncopy: *probe\n";
        YamlDocument doc = YamlDocument.parse("alias.yaml", text);
        assertEquals("env", doc.root().at("/copy/type").asText());
        assertEquals("alias.yaml:2:7", doc.locateValue("/copy"));
        assertTrue(doc.has("/base/type"));
        assertFalse(doc.has("/copy/type"));
        assertEquals("alias.yaml:2:1", doc.locate("/copy/type"));
        everyPlaceAsSnakeYamlComposesIt(doc, text);
    }
}
