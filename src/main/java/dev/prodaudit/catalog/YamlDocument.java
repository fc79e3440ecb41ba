package dev.prodaudit.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document as a Jackson tree plus the line and column of every key and value, so that errors
 * found after parsing (unknown keys, wrong types, bad regexes) still point at {@code file:line:col}.
 * Paths are JSON pointers such as {@code /checks/3/probe/vars}.
 */
public final class YamlDocument {
    /** An empty value ({@code PORT:}) is YAML's null; the builder leaves Jackson's default for that off. */
    private static final YAMLFactory YAML = YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String name;
    private final JsonNode root;
    private final Map<String, int[]> keyPositions;
    private final Map<String, int[]> valuePositions;

    private YamlDocument(String name, JsonNode root, Map<String, int[]> keys, Map<String, int[]> values) {
        this.name = name;
        this.root = root;
        this.keyPositions = keys;
        this.valuePositions = values;
    }

    /** Parses {@code text}; {@code name} is what error messages call the file. */
    public static YamlDocument parse(String name, String text) throws InputException {
        Map<String, int[]> keys = new HashMap<>();
        Map<String, int[]> values = new HashMap<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            JsonNode root = first == null ? NODES.nullNode() : read(p, "", name, keys, values);
            if (p.nextToken() != null) {
                throw at(name, p.currentTokenLocation(), "more than one YAML document in the file",
                        "keep one document per file; remove the extra '---'");
            }
            return new YamlDocument(name, root, keys, values);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String location = loc == null ? name : name + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            String message = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
            // Jackson reports where its last token was; SnakeYAML knows where the problem is and what it is.
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null && m.getProblem() != null) {
                location = name + ":" + (m.getProblemMark().getLine() + 1) + ":" + (m.getProblemMark().getColumn() + 1);
                message = m.getProblem().lines().findFirst().orElse(message);
                if (m.getContext() != null && m.getContextMark() != null) {
                    message += " " + m.getContext() + " at line " + (m.getContextMark().getLine() + 1)
                            + ", column " + (m.getContextMark().getColumn() + 1);
                }
            }
            throw new InputException(location, "malformed YAML: " + message, "check indentation and quoting near this line");
        } catch (IOException e) {
            throw new InputException(name, "cannot read: " + e.getMessage(), null);
        }
    }

    private static JsonNode read(JsonParser p, String path, String name, Map<String, int[]> keys,
                                 Map<String, int[]> values) throws IOException, InputException {
        JsonLocation loc = p.currentTokenLocation();
        values.put(path, new int[] {loc.getLineNr(), loc.getColumnNr()});
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode obj = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonLocation keyLoc = p.currentTokenLocation();
                    String child = path + "/" + escape(field);
                    if (obj.has(field)) {
                        throw at(name, keyLoc, "duplicate key '" + field + "'", "each key may appear once in a mapping");
                    }
                    keys.put(child, new int[] {keyLoc.getLineNr(), keyLoc.getColumnNr()});
                    p.nextToken();
                    obj.set(field, read(p, child, name, keys, values));
                }
                return obj;
            }
            case START_ARRAY -> {
                ArrayNode arr = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    arr.add(read(p, path + "/" + i, name, keys, values));
                    i++;
                }
                return arr;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return numberNode(p);
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.textNode(p.getText());
            }
        }
    }

    private static JsonNode numberNode(JsonParser p) throws IOException {
        return switch (p.getNumberType()) {
            case INT -> NODES.numberNode(p.getIntValue());
            case LONG -> NODES.numberNode(p.getLongValue());
            default -> NODES.numberNode(p.getBigIntegerValue());
        };
    }

    private static String escape(String field) {
        return field.replace("~", "~0").replace("/", "~1");
    }

    private static InputException at(String name, JsonLocation loc, String message, String hint) {
        return InputException.at(name, loc.getLineNr(), loc.getColumnNr(), message, hint);
    }

    public String name() {
        return name;
    }

    public JsonNode root() {
        return root;
    }

    /** {@code file:line:col} of the key at {@code path}, else of its value, else of the nearest ancestor. */
    public String locate(String path) {
        String p = path;
        while (true) {
            int[] pos = keyPositions.get(p);
            if (pos == null) {
                pos = valuePositions.get(p);
            }
            if (pos != null) {
                return name + ":" + pos[0] + ":" + pos[1];
            }
            if (p.isEmpty()) {
                return name;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** {@code file:line:col} of the value at {@code path} (the thing after the colon), for type errors. */
    public String locateValue(String path) {
        int[] pos = valuePositions.get(path);
        return pos == null ? locate(path) : name + ":" + pos[0] + ":" + pos[1];
    }

    /** Whether the document itself has a node at {@code path} (for telling config overrides from catalogue text). */
    public boolean has(String path) {
        return valuePositions.containsKey(path);
    }

    public static String child(String path, String field) {
        return path + "/" + escape(field);
    }
}
