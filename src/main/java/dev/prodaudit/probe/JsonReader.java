package dev.prodaudit.probe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;

/**
 * How the probes read JSON (response bodies, package.json and lockfiles, provider APIs): into Jackson's tree, with
 * Jackson's streaming parser and no {@code ObjectMapper}.
 *
 * <p>Why not a mapper's {@code readTree}: building an {@code ObjectMapper} (its configuration, type factory, caches and
 * some 300 classes) cost an audit of the BAD fixture about 45 ms of CPU on the thread of the first check that read
 * a package.json. The tree here is the one a default mapper's {@code readTree} gives, node for node (the same node
 * type for each number, the last of duplicate keys, {@code MissingNode} for input with no value, what follows the
 * first value ignored), and a malformed document fails with the same parser error at the same line and column:
 * {@code JsonReaderTest} compares the two on every JSON file of the repository and on thousands of damaged
 * variants. The parser's own limits (nesting depth, number and string lengths) apply as they do there.
 */
public final class JsonReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonReader() {
    }

    /** The factory is thread-safe once built, and nothing configures it after. */
    private static final class Factory {
        static final JsonFactory JSON = new JsonFactory();
    }

    /** The document's first value as a tree; {@code MissingNode} when the input holds none. */
    public static JsonNode readTree(byte[] json) throws IOException {
        try (JsonParser p = Factory.JSON.createParser(json)) {
            return tree(p);
        }
    }

    /** As {@link #readTree(byte[])}, for text already decoded: only the parser can fail, as with a mapper's. */
    public static JsonNode readTree(String json) throws JsonProcessingException {
        try (JsonParser p = Factory.JSON.createParser(json)) {
            return tree(p);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    /** As {@link #readTree(byte[])}, for a file (its encoding detected as the parser does: UTF-8, -16 or -32). */
    public static JsonNode readTree(Path file) throws IOException {
        try (JsonParser p = Factory.JSON.createParser(file.toFile())) {
            return tree(p);
        }
    }

    /** An object of string arrays, in the map's order, as compact JSON: {@code {"a":["1","2"]}}. */
    public static String stringArrays(Map<String, ? extends Collection<String>> arrays) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = Factory.JSON.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, ? extends Collection<String>> e : arrays.entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (String value : e.getValue()) {
                    g.writeString(value);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        return out.toString();
    }

    /**
     * Builds the first value as Jackson's tree deserializer does, asking the parser in the same order (an object's
     * keys with {@code nextFieldName}, every value with {@code nextToken}), so a malformed document fails with the
     * same message at the same place; a stack of the open containers rather than recursion, so the parser's nesting
     * limit, not the thread's stack, bounds a deep document.
     */
    private static JsonNode tree(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            return MissingNode.getInstance();
        }
        ContainerNode<?> root = container(first);
        if (root == null) {
            return scalar(p, first);
        }
        ArrayDeque<ContainerNode<?>> open = new ArrayDeque<>();
        ContainerNode<?> current = root;
        do {
            ContainerNode<?> child = null;
            if (current instanceof ObjectNode object) {
                for (String name = p.nextFieldName(); name != null && child == null; ) {
                    JsonToken token = p.nextToken();
                    child = container(token);
                    object.replace(name, child != null ? child : scalar(p, token));
                    if (child == null) {
                        name = p.nextFieldName();
                    }
                }
            } else {
                ArrayNode array = (ArrayNode) current;
                for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY && child == null; ) {
                    child = container(token);
                    array.add(child != null ? child : scalar(p, token));
                    if (child == null) {
                        token = p.nextToken();
                    }
                }
            }
            if (child != null) {
                open.push(current);
                current = child;
            } else {
                current = open.poll();
            }
        } while (current != null);
        return root;
    }

    /** The empty container a token opens, or null when it opens none. */
    private static ContainerNode<?> container(JsonToken token) {
        return token == JsonToken.START_OBJECT ? NODES.objectNode() : token == JsonToken.START_ARRAY ? NODES.arrayNode() : null;
    }

    /** A scalar as the tree deserializer makes it: the smallest integer node that holds it, a double otherwise. */
    private static JsonNode scalar(JsonParser p, JsonToken token) throws IOException {
        if (token == null) {
            throw new JsonParseException(p, "Unexpected end-of-input");
        }
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "Unexpected token (" + token + ")");
        };
    }
}
