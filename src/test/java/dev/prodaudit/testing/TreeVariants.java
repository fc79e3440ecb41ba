package dev.prodaudit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Variants of a mapping for tests that hold a plain reading equal to the binder's: each of its keys, and one unknown
 * key, set in turn to each of a list of values and then removed, the mapping restored after each key.
 */
public final class TreeVariants {

    /** What a test asks of each variant; true when the plain reading took it. */
    @FunctionalInterface
    public interface Reading {
        boolean readPlain() throws Exception;
    }

    /** Counts of the variants made and of those the plain reading took. */
    public record Counts(int variants, int plain) {
        public Counts plus(Counts other) {
            return new Counts(variants + other.variants, plain + other.plain);
        }
    }

    private TreeVariants() {
    }

    /** The node of each YAML value, for {@link #each}. */
    public static List<JsonNode> values(List<String> yaml) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String v : yaml) {
            out.add(dev.prodaudit.input.YamlDocument.parse("v.yaml", "v: " + v).root().get("v"));
        }
        return out;
    }

    /** The mapping and every mapping inside it, through lists too: each a place for {@link #each} to vary. */
    public static List<ObjectNode> mappings(JsonNode node) {
        List<ObjectNode> out = new ArrayList<>();
        if (node instanceof ObjectNode o) {
            out.add(o);
        }
        node.elements().forEachRemaining(child -> out.addAll(mappings(child)));
        return out;
    }

    /** Runs {@code reading} on each variant of {@code mapping} (changed in place, restored afterwards). */
    public static Counts each(ObjectNode mapping, List<JsonNode> values, Reading reading) throws Exception {
        List<String> keys = new ArrayList<>();
        mapping.fieldNames().forEachRemaining(keys::add);
        keys.add("unknownKey");
        int variants = 0;
        int plain = 0;
        for (String key : keys) {
            JsonNode before = mapping.get(key);
            List<JsonNode> replacements = new ArrayList<>(values);
            replacements.add(null);
            for (JsonNode replacement : replacements) {
                if (replacement == null) {
                    mapping.remove(key);
                } else {
                    mapping.set(key, replacement.deepCopy());
                }
                variants++;
                plain += reading.readPlain() ? 1 : 0;
            }
            if (before == null) {
                mapping.remove(key);
            } else {
                mapping.set(key, before);
            }
        }
        return new Counts(variants, plain);
    }
}
