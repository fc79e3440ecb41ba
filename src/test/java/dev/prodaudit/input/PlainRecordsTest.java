package dev.prodaudit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.all.AllSpec;
import dev.prodaudit.probe.any.AnySpec;
import dev.prodaudit.probe.env.EnvSpec;
import dev.prodaudit.testing.TreeVariants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A probe's parameters read straight from the tree ({@link PlainRecords}) are what Jackson reads from them, or the
 * plain reading gives up and Jackson reads them: on every probe mapping of the built-in catalogue, nested parts
 * included, and on each with any value in it replaced, removed or joined by an unknown key.
 */
class PlainRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Binder.Locator NOWHERE = (path, value) -> "t.yaml";

    /** Values of every node type, each put in place of each value of each probe mapping. */
    private static final List<String> VALUES = List.of("null", "''", "text", "15s", "5m", "0s", "soon", "'[a-'",
            "'^x$'", "1", "0", "-3", "65536", "4294967296", "1.5", "true", "false", "[]", "[a, b]", "[1, 2]",
            "[a, null]", "[[a]]", "{}", "{a: b}", "{a: 1}", "{status: [200]}", "[{collection: users, keys: {email: 1}}]");

    /** A probe mapping without its type, and the spec record its probe binds it to. */
    private record Parameters(ObjectNode params, Class<?> spec) {
    }

    private static List<Parameters> builtInProbeParameters() throws IOException, InputException {
        ProbeRegistry probes = ProbeRegistry.load();
        List<Parameters> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("checks"))) {
            for (Path file : files.sorted().toList()) {
                for (JsonNode check : YamlDocument.parse(file.toString(), Files.readString(file)).root().get("checks")) {
                    collect(check.get("probe"), probes, out);
                }
            }
        }
        return out;
    }

    private static void collect(JsonNode probe, ProbeRegistry probes, List<Parameters> out) {
        Probe<?> p = probes.find(probe.get("type").asText()).orElseThrow();
        ObjectNode params = ((ObjectNode) probe).deepCopy();
        params.remove("type");
        out.add(new Parameters(params, p.specType()));
        if (probe.get("probes") instanceof ArrayNode parts) {
            parts.forEach(part -> collect(part, probes, out));
        }
    }

    /** Whether the plain reading gave one; asserts it equals Jackson's (ConfigReadingTest asks this too). */
    static boolean readAlike(JsonNode params, Class<?> spec) throws Exception {
        Object plain = PlainRecords.read(params, spec);
        if (plain == null) {
            return false;
        }
        Object jackson;
        try {
            jackson = Binder.bindByJackson(params, spec, "", NOWHERE);
        } catch (InputException e) {
            throw new AssertionError("Jackson refuses what the plain reading took: " + params + ": " + e.oneLine());
        }
        assertEquals(jackson.getClass(), plain.getClass());
        // Regex holds a Pattern, which equals only itself: compare what each record says and what it writes.
        assertEquals(jackson.toString(), plain.toString(), params::toString);
        assertEquals(JSON.valueToTree(jackson), JSON.valueToTree(plain), params::toString);
        return true;
    }

    /**
     * Every probe mapping of the built-in catalogue is read plain, but those whose probes bind them their own way:
     * env rules (EnvSpec's own plain reading) and the parts of all/any (each bound as a probe of its own).
     */
    @Test
    void theBuiltInCatalogueReadsAlikeAndAllOfItPlainButWhatItsProbesBindThemselves() throws Exception {
        int plain = 0;
        List<Parameters> all = builtInProbeParameters();
        for (Parameters p : all) {
            if (readAlike(p.params(), p.spec())) {
                plain++;
            } else {
                assertTrue(List.of(EnvSpec.class, AllSpec.class, AnySpec.class).contains(p.spec()), p.spec() + " " + p.params());
            }
        }
        assertTrue(all.size() > 100, all.size() + " probe mappings");
        assertTrue(plain > 75, plain + " of " + all.size() + " read plain");
    }

    @Test
    void everyBuiltInCatalogueFileIsReadPlainAndAlike() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("checks"))) {
            for (Path file : files.sorted().toList()) {
                JsonNode top = YamlDocument.parse(file.toString(), Files.readString(file)).root();
                assertTrue(readAlike(top, dev.prodaudit.catalog.CatalogueFile.class), file::toString);
            }
        }
    }

    @Test
    void everyVariantThePlainReadingTakesJacksonReadsAlike() throws Exception {
        List<JsonNode> values = TreeVariants.values(VALUES);
        TreeVariants.Counts counts = new TreeVariants.Counts(0, 0);
        for (Parameters p : builtInProbeParameters()) {
            for (ObjectNode mapping : TreeVariants.mappings(p.params())) {
                counts = counts.plus(TreeVariants.each(mapping, values, () -> readAlike(p.params(), p.spec())));
            }
        }
        int variants = counts.variants();
        int plain = counts.plain();
        assertTrue(variants > 10_000, variants + " variants");
        assertTrue(plain > 400 && plain < variants, plain + " of " + variants + " read plain");
    }

    /** A record Jackson is told about by an annotation, one that is not public, and a value the record refuses. */
    public record Renamed(@com.fasterxml.jackson.annotation.JsonProperty("other") String name) {
    }

    record Hidden(String name) {
    }

    public record Positive(Integer n) {
        public Positive {
            if (n != null && n < 1) {
                throw new IllegalArgumentException("'n' must be at least 1");
            }
        }
    }

    public record Nested(List<Positive> items, Map<String, Integer> counts, TimeSpan every, Regex pattern) {
    }

    @Test
    void whatJacksonIsToldOrTheRecordRefusesIsLeftToJackson() throws Exception {
        assertNull(PlainRecords.read(yaml("{name: a}"), Renamed.class), "an annotation");
        assertNull(PlainRecords.read(yaml("{name: a}"), Hidden.class), "not public");
        assertNull(PlainRecords.read(yaml("{n: 0}"), Positive.class), "the record refuses 0");
        assertEquals(new Positive(2), PlainRecords.read(yaml("{n: 2}"), Positive.class));
        assertNull(PlainRecords.read(yaml("{n: '2'}"), Positive.class), "text for a number");
        assertNull(PlainRecords.read(yaml("{n: 2, m: 3}"), Positive.class), "an unknown key");

        Nested nested = PlainRecords.read(yaml("{items: [{n: 1}, {}], counts: {a: 1}, every: 15m, pattern: '^x'}"), Nested.class);
        assertNotNull(nested);
        assertEquals(List.of(new Positive(1), new Positive(null)), nested.items());
        assertEquals(Map.of("a", 1), nested.counts());
        assertEquals("15m", nested.every().text());
        assertTrue(nested.pattern().foundIn("y\nx"));
        assertNull(PlainRecords.read(yaml("{items: [{n: 0}]}"), Nested.class), "a nested record refuses");
        assertNull(PlainRecords.read(yaml("{pattern: '[x'}"), Nested.class), "a regular expression that does not compile");
        assertNull(PlainRecords.read(yaml("{items: {n: 1}}"), Nested.class), "one item where a list is written");
    }

    private static JsonNode yaml(String text) throws InputException {
        return YamlDocument.parse("t.yaml", text).root();
    }
}
