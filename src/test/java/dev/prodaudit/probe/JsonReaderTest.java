package dev.prodaudit.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JsonReader} gives what a default {@code ObjectMapper}'s {@code readTree} gives: the same tree, node type for
 * node type and key order for key order, or the same parser error, for every JSON file of the repository and for
 * damaged variants of them.
 */
class JsonReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    /** What a reading gave, comparable: the tree's shape with each node's class, or the error's class and message. */
    private static String outcome(Reading reading) {
        try {
            JsonNode node = reading.read();
            return node == null ? "null" : shape(node);
        } catch (IOException | RuntimeException e) {
            return "! " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @FunctionalInterface
    private interface Reading {
        JsonNode read() throws IOException;
    }

    private static String shape(JsonNode node) {
        StringBuilder out = new StringBuilder();
        shape(node, out);
        return out.toString();
    }

    private static void shape(JsonNode node, StringBuilder out) {
        out.append(node.getClass().getSimpleName());
        if (node.isObject()) {
            out.append('{');
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.append(quote(e.getKey())).append(':');
                shape(e.getValue(), out);
                out.append(',');
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (JsonNode child : node) {
                shape(child, out);
                out.append(',');
            }
            out.append(']');
        } else {
            out.append('(').append(node).append(')');
        }
    }

    private static String quote(String key) {
        return '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private void assertSameAsMapper(byte[] json, String what) throws IOException {
        assertEquals(outcome(() -> MAPPER.readTree(json)), outcome(() -> JsonReader.readTree(json)), what + " (bytes)");
        String text = new String(json, StandardCharsets.UTF_8);
        assertEquals(outcome(() -> MAPPER.readTree(text)), outcome(() -> JsonReader.readTree(text)), what + " (text)");
        Path file = Files.write(dir.resolve("doc.json"), json);
        assertEquals(outcome(() -> MAPPER.readTree(file.toFile())), outcome(() -> JsonReader.readTree(file)), what + " (file)");
    }

    private static List<Path> repositoryJson() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("."))) {
            return files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
                    .filter(p -> !p.startsWith("./target") && !p.startsWith("./.git") && !p.toString().contains("node_modules"))
                    .sorted().toList();
        }
    }

    @Test
    void everyJsonFileOfTheRepositoryReadsAsTheMapperReadsIt() throws IOException {
        List<Path> files = repositoryJson();
        assertTrue(files.size() >= 20, files.toString());
        for (Path file : files) {
            byte[] json = Files.readAllBytes(file);
            assertSameAsMapper(json, file.toString());
            assertFalse(outcome(() -> JsonReader.readTree(json)).startsWith("!"), file + " is valid JSON");
        }
    }

    @Test
    void theEdgesOfTheFormatReadAsTheMapperReadsThem() throws IOException {
        List<String> edges = List.of("", "   \n", "{} trailing", "[1,2] ]", "1 2", "\"s\"", "2147483647", "2147483648",
                "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890", "1.5", "1e3", "-0", "-0.0",
                "1.0E400", "{\"a\":1,\"b\":2,\"a\":3}", "nul", "{\"a\":}", "\ufeff{}", "/*c*/{}", "NaN", "[1,]",
                "{\"a\":1", "[[[[]]]]", "{\"\":null}", "\"\\u00e9\\ud83d\\ude00\"", "\"\\x\"", "{\"a\":[true,false,null]}",
                "[" + "[".repeat(1500) + "]".repeat(1501), "\"" + "x".repeat(100_000) + "\"", "1".repeat(1200));
        for (String edge : edges) {
            assertSameAsMapper(edge.getBytes(StandardCharsets.UTF_8), edge.length() > 40 ? edge.substring(0, 40) + "…" : edge);
        }
        // UTF-16 with a byte-order mark: the parser detects the encoding from the bytes.
        byte[] utf16 = "\ufeff{\"name\":\"app\"}".getBytes(StandardCharsets.UTF_16BE);
        assertSameAsMapper(utf16, "UTF-16BE");
    }

    /** Damaged documents: characters dropped, doubled, swapped for JSON's own, and the text cut short. */
    @Test
    void damagedVariantsReadOrFailAsTheMapperReadsOrFailsThem() throws IOException {
        Random random = new Random(20_261_202L);
        String alphabet = "{}[]:,\"\\ 0123456789.eE+-truefalsnul\u00e9\n";
        List<byte[]> seeds = new ArrayList<>();
        for (Path file : repositoryJson()) {
            byte[] json = Files.readAllBytes(file);
            if (json.length < 4000) {
                seeds.add(json);
            }
        }
        assertTrue(seeds.size() >= 5, "small seeds: " + seeds.size());
        Set<String> kinds = new LinkedHashSet<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder(new String(seeds.get(random.nextInt(seeds.size())), StandardCharsets.UTF_8));
            for (int edits = 1 + random.nextInt(3); edits > 0 && !text.isEmpty(); edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(4)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 2 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setLength(at);
                }
            }
            byte[] json = text.toString().getBytes(StandardCharsets.UTF_8);
            String expected = outcome(() -> MAPPER.readTree(json));
            assertEquals(expected, outcome(() -> JsonReader.readTree(json)), text.toString());
            kinds.add(expected.startsWith("!") ? "error" : "tree");
        }
        assertEquals(Set.of("error", "tree"), kinds, "the variants include both readable and broken documents");
    }

    @Test
    void stringArraysAreWrittenAsTheMapperWritesTheSameTree() throws IOException {
        Map<String, List<String>> arrays = new LinkedHashMap<>();
        arrays.put("express", List.of("4.21.2"));
        arrays.put("qs", List.of("6.13.0", "6.11.0"));
        arrays.put("we\"ird\u00e9", List.of("1.0.0-\\beta"));
        com.fasterxml.jackson.databind.node.ObjectNode tree = MAPPER.createObjectNode();
        arrays.forEach((name, versions) -> versions.forEach(tree.withArray(name)::add));
        assertEquals(MAPPER.writeValueAsString(tree), JsonReader.stringArrays(arrays));
        assertEquals("{}", JsonReader.stringArrays(Map.of()));
    }
}
