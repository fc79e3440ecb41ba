package dev.prodaudit.input;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import java.io.CharArrayReader;
import java.io.Reader;
import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A YAML document as a Jackson tree plus the line and column of every key and value, so that errors
 * found after parsing (unknown keys, wrong types, bad regexes) still point at {@code file:line:col}.
 * Paths are JSON pointers such as {@code /checks/3/probe/vars}.
 */
public final class YamlDocument {
    /** Deep enough for any catalogue (a check's probe parts sit about 8 levels down); deeper is an attack or a typo. */
    static final int MAX_NESTING = 64;
    /**
     * How many values alias expansion may add to a document. Anchors and aliases are resolved to copies of the
     * anchored value, so nested aliases grow exponentially ("billion laughs"); real catalogues reuse a few values.
     */
    static final int MAX_ALIAS_VALUES = 100_000;
    /**
     * The longest line accepted. SnakeYAML looks ahead within a line by growing its buffer 1024 characters at a
     * time and copying it each time, so scanning one line costs the square of its length: a 60 MB scalar on one
     * line would take hours. Bounding the line keeps the whole parse linear in the size of the document.
     */
    static final int MAX_LINE = 64 * 1024;
    /**
     * The reading by SnakeYAML and Jackson, in a class of its own so that it loads when a document first needs it:
     * most are read by {@link FastYamlReader}, and an audit that reads no other YAML then never loads Jackson's YAML
     * module or SnakeYAML's scanner and parser (in YamlDocument itself, the verifier would load them for its casts and
     * catch clauses).
     */
    private static final class FullParser {
        /** An empty value ({@code PORT:}) is YAML's null; the builder leaves Jackson's default for that off. */
        static final YAMLFactory YAML = new AnchorAwareFactory(YAMLFactory.builder()
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .loaderOptions(loaderOptions())
                .build());

        /**
         * SnakeYAML's limits, so that hostile text fails fast: the code point limit equals the file cap (SnakeYAML's
         * default of 3 MB would refuse a large but valid catalogue, and text handed to {@link #parse} directly is
         * still bounded), and the nesting limit stops a stack overflow on {@code [[[[...}.
         */
        private static LoaderOptions loaderOptions() {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(BoundedReader.MAX_BYTES);
            options.setNestingDepthLimit(MAX_NESTING);
            options.setAllowDuplicateKeys(true); // reported by read() with the key's position
            return options;
        }

        /** Jackson's YAML parser plus the anchor of a scalar value, which Jackson reports only for mappings and sequences. */
        private static final class AnchorAwareParser extends YAMLParser {
            AnchorAwareParser(IOContext ctxt, int features, int yamlFeatures, LoaderOptions options, ObjectCodec codec, Reader r) {
                super(ctxt, features, yamlFeatures, options, codec, r);
            }

            /** The anchor ({@code &name}) of the current value, or null. */
            String anchor() {
                return !isCurrentAlias() && _lastEvent instanceof NodeEvent n ? n.getAnchor() : null;
            }
        }

        /** Makes {@link AnchorAwareParser}s with the configuration of the factory it copies. */
        private static final class AnchorAwareFactory extends YAMLFactory {
            private static final long serialVersionUID = 1L;

            AnchorAwareFactory(YAMLFactory configured) {
                super(configured, null);
            }

            @Override
            protected YAMLParser _createParser(Reader r, IOContext ctxt) {
                return new AnchorAwareParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
            }

            @Override
            protected YAMLParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable) {
                return _createParser(new CharArrayReader(data, offset, len), ctxt);
            }
        }

        /** What one parse has seen so far: positions, anchored values, and how much aliases have expanded. */
        private static final class State {
            final String name;
            final Map<String, JsonNode> anchors = new HashMap<>();
            final Map<String, Integer> anchorSizes = new HashMap<>();
            int nodes;
            int aliasValues;
            int depth;

            State(String name) {
                this.name = name;
            }
        }

        /** Parses {@code text} with SnakeYAML and Jackson, whatever it holds. */
        static YamlDocument parse(String name, String text) throws InputException {
            State state = new State(name);
            Positions positions = new Positions();
            try (JsonParser p = YAML.createParser(new StringReader(text))) {
                JsonToken first = p.nextToken();
                JsonNode root = first == null ? NODES.nullNode() : read(p, positions, Positions.ROOT, state);
                if (p.nextToken() != null) {
                    throw at(name, p.currentTokenLocation(), "more than one YAML document in the file",
                            "keep one document per file; remove the extra '---'");
                }
                return new YamlDocument(name, root, positions);
            } catch (JsonProcessingException e) {
                if (e.getCause() instanceof YAMLException limit && !(limit instanceof MarkedYAMLException)) {
                    throw new InputException(name, "malformed YAML: " + limitMessage(limit), "check the file is the YAML you meant");
                }
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
            } catch (YAMLException e) {
                // SnakeYAML's limits (code points, nesting) throw without a position; Jackson may not wrap them.
                throw new InputException(name, "malformed YAML: " + limitMessage(e), "check the file is the YAML you meant");
            } catch (IOException e) {
                throw new InputException(name, "cannot read: " + e.getMessage(), null);
            }
        }

        /** SnakeYAML's words for its limits, in the user's terms. */
        private static String limitMessage(YAMLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("code points") || m.contains("exceeds the limit")) {
                return "the document is longer than " + BoundedReader.MAX_BYTES + " characters";
            }
            if (m.contains("Nesting Depth")) {
                return "values are nested more than " + MAX_NESTING + " levels deep";
            }
            return m.lines().findFirst().orElse("unreadable YAML");
        }

        /**
         * One value, with aliases resolved: an anchored value ({@code &rem text}) is remembered, and an alias
         * ({@code *rem}) becomes a copy of it, as YAML specifies; Jackson alone would turn the alias into the text "rem".
         */
        private static JsonNode read(JsonParser p, Positions positions, int at, State state) throws IOException, InputException {
            JsonLocation loc = p.currentTokenLocation();
            positions.value(at, loc.getLineNr(), loc.getColumnNr());
            if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                return alias(p.getText(), loc, state);
            }
            if (++state.depth > MAX_NESTING) {
                throw at(state.name, loc, "values are nested more than " + MAX_NESTING + " levels deep",
                        "check the indentation; no input needs this depth");
            }
            String anchor = p instanceof AnchorAwareParser a ? a.anchor() : null;
            int before = state.nodes;
            JsonNode node = value(p, positions, at, state);
            state.depth--;
            state.nodes++;
            if (anchor != null) {
                state.anchors.put(anchor, node);
                state.anchorSizes.put(anchor, state.nodes - before);
            }
            return node;
        }

        private static JsonNode alias(String anchor, JsonLocation loc, State state) throws InputException {
            JsonNode target = state.anchors.get(anchor);
            if (target == null) {
                throw at(state.name, loc, "alias '*" + anchor + "' refers to no anchor '&" + anchor + "' above it",
                        "define '&" + anchor + "' on a value before using '*" + anchor + "'");
            }
            int size = state.anchorSizes.get(anchor);
            if (size > MAX_ALIAS_VALUES - state.aliasValues) {
                throw at(state.name, loc, "aliases expand to more than " + MAX_ALIAS_VALUES + " values",
                        "nested aliases multiply; write the values out or reuse fewer of them");
            }
            state.aliasValues += size;
            state.nodes += size;
            return target.deepCopy();
        }

        private static JsonNode value(JsonParser p, Positions positions, int at, State state) throws IOException, InputException {
            String name = state.name;
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    ObjectNode obj = NODES.objectNode();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonLocation keyLoc = p.currentTokenLocation();
                        if (obj.has(field)) {
                            throw at(name, keyLoc, "duplicate key '" + field + "'", "each key may appear once in a mapping");
                        }
                        if (field.equals("<<")) {
                            throw at(name, keyLoc, "YAML merge keys ('<<') are not supported",
                                    "write the keys out; an alias (*name) may stand for a whole value");
                        }
                        int child = positions.field(at, field, keyLoc.getLineNr(), keyLoc.getColumnNr());
                        p.nextToken();
                        obj.set(field, read(p, positions, child, state));
                    }
                    return obj;
                }
                case START_ARRAY -> {
                    ArrayNode arr = NODES.arrayNode();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        arr.add(read(p, positions, positions.item(at), state));
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

        private static InputException at(String name, JsonLocation loc, String message, String hint) {
            return InputException.at(name, loc.getLineNr(), loc.getColumnNr(), message, hint);
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String name;
    private final JsonNode root;
    /** Where each value (and the key before it) stands. */
    private final Positions positions;

    private YamlDocument(String name, JsonNode root, Positions positions) {
        this.name = name;
        this.root = root;
        this.positions = positions;
        positions.finish();
    }

    /**
     * The row of the value at {@code path}, or {@link Positions#NONE} when the document has none there; with
     * {@code nearestPlaced}, the deepest row along the path that has a key or a value position (the root at least).
     */
    private int walk(String path, boolean nearestPlaced) {
        int at = Positions.ROOT;
        int placed = at;
        int start = 1;
        while (!path.isEmpty() && start <= path.length()) {
            int end = path.indexOf('/', start);
            at = positions.child(at, path.substring(start, end < 0 ? path.length() : end));
            if (at == Positions.NONE) {
                return nearestPlaced ? placed : Positions.NONE;
            }
            if (positions.keyLine(at) > 0 || positions.line(at) > 0) {
                placed = at;
            }
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return nearestPlaced ? placed : at;
    }

    /**
     * Parses {@code text}; {@code name} is what error messages call the file. The common YAML of catalogues and
     * configs is read by {@link FastYamlReader}; anything else, and every error, by SnakeYAML and Jackson.
     */
    public static YamlDocument parse(String name, String text) throws InputException {
        refuseLongLines(name, text);
        Positions positions = new Positions();
        Optional<JsonNode> read = FastYamlReader.read(text, positions);
        return read.isPresent() ? new YamlDocument(name, read.get(), positions) : FullParser.parse(name, text);
    }

    /** Parses {@code text} with SnakeYAML and Jackson, whatever it holds ({@link #parse} without the fast path). */
    static YamlDocument parseFully(String name, String text) throws InputException {
        refuseLongLines(name, text);
        return FullParser.parse(name, text);
    }

    /** One linear pass before SnakeYAML sees the text: see {@link #MAX_LINE}. */
    private static void refuseLongLines(String name, String text) throws InputException {
        int line = 1;
        int start = 0;
        while (start <= text.length()) {
            int i = text.indexOf('\n', start); // an intrinsic: a scan by hand costs more than the rest of a fast read
            if (i < 0) {
                i = text.length();
            }
            if (i - start > MAX_LINE) {
                throw InputException.at(name, line, 1, "line " + line + " is longer than " + MAX_LINE + " characters",
                        "catalogue, config and attestation files are written by people; is this the right file?");
            }
            line++;
            start = i + 1;
        }
    }

    private static String escape(String field) {
        return field.replace("~", "~0").replace("/", "~1");
    }

    /** The key a path segment names: {@link #escape} undone. */
    static String unescape(String segment) {
        return segment.indexOf('~') < 0 ? segment : segment.replace("~1", "/").replace("~0", "~");
    }


    public String name() {
        return name;
    }

    public JsonNode root() {
        return root;
    }

    /** {@code file:line:col} of the key at {@code path}, else of its value, else of the nearest ancestor. */
    public String locate(String path) {
        return locate(path, true);
    }

    /** {@code file:line} of what {@link #locate} names, without the column: where a definition starts. */
    public String locateLine(String path) {
        return locate(path, false);
    }

    private String locate(String path, boolean withColumn) {
        int p = walk(path, true);
        if (positions.keyLine(p) > 0) {
            return name + ":" + positions.keyLine(p) + (withColumn ? ":" + positions.keyColumn(p) : "");
        }
        if (positions.line(p) > 0) {
            return name + ":" + positions.line(p) + (withColumn ? ":" + positions.column(p) : "");
        }
        return name;
    }

    /** {@code file:line:col} of the value at {@code path} (the thing after the colon), for type errors. */
    public String locateValue(String path) {
        int p = walk(path, false);
        return p == Positions.NONE || positions.line(p) <= 0 ? locate(path) : name + ":" + positions.line(p) + ":" + positions.column(p);
    }

    /** Whether the document itself has a node at {@code path} (for telling config overrides from catalogue text). */
    public boolean has(String path) {
        int p = walk(path, false);
        return p != Positions.NONE && positions.line(p) > 0;
    }

    /** Where every key and value stands, one line each, sorted: for tests that compare two reads of a document. */
    List<String> describePositions() {
        List<String> out = new ArrayList<>();
        positions.describe(Positions.ROOT, "", out);
        java.util.Collections.sort(out);
        return out;
    }

    public static String child(String path, String field) {
        return path + "/" + escape(field);
    }
}
