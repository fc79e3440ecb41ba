package dev.prodaudit.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads the YAML that people write in catalogues, audit.yaml and attestations (block mappings and sequences, plain
 * and quoted scalars on one line, flow collections on one line, literal and folded block scalars) straight into the
 * tree and positions {@link YamlDocument} keeps, in one pass over the text.
 *
 * <p>Why: SnakeYAML's scanner and Jackson's parser on top of it read about 3 MB a second on a cold JVM, and a
 * 10,000-check catalogue spent more than half of its audit there. This reader declines, by returning empty, any
 * document that holds anything outside that subset (anchors, tags, documents markers, multi-line plain or quoted
 * scalars, tabs, a value it cannot type exactly, any error at all), and {@link YamlDocument} then reads it with
 * SnakeYAML and Jackson as before, which also report every error. So it never has to be right about hard YAML,
 * only about the easy YAML it accepts: there it gives exactly what the full parser gives, the same values of the
 * same node types and the same line and column for every key and value; {@code FastYamlReaderTest} holds the two
 * equal on every YAML file of the repository and on thousands of damaged variants of them.
 */
final class FastYamlReader {
    /** SnakeYAML's YAML 1.1 rules for plain scalars, which Jackson's YAML parser applies; read-only once built. */
    private static final Rules RESOLVER = new Rules();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Below {@link YamlDocument#MAX_NESTING}, so that the full parser reports a document that goes deeper. */
    private static final int MAX_DEPTH = YamlDocument.MAX_NESTING - 4;
    /** SnakeYAML takes a key to be a key only within 1024 characters of its start. */
    private static final int MAX_KEY = 1000;

    /** Thrown when the text leaves the subset; caught in {@link #read}, never seen outside. */
    private static final class Declined extends Exception {
        private static final long serialVersionUID = 1L;

        Declined() {
            super(null, null, false, false);
        }
    }

    private static final Declined DECLINED = new Declined();

    /** The text as an array: String.charAt costs several times an array read in C1-compiled code. */
    private final char[] chars;
    private final int end;
    /** Where the values read so far stand. */
    private final Positions positions;
    private int pos;
    /** Where the current line starts, and its number from 0 (SnakeYAML's marks count from 0; Jackson adds 1). */
    private int lineStart;
    private int line;
    /**
     * The resolver's answers for the short values it looks at, which a catalogue repeats check after check (a
     * severity, a probe type, a flag): each is asked once per document instead of once per occurrence, where every
     * question runs its patterns (about half of what this reader allocated). Bounded ({@link #SHORT_VALUES_KEPT}),
     * for a document of distinct values.
     */
    private final Map<String, Tag> shortValueTags = new HashMap<>();
    private static final int SHORT_VALUES_KEPT = 4096;
    /** The keys met so far, each kept once: see {@link #newKey}. */
    private final Map<String, String> keyNames = new HashMap<>();

    private FastYamlReader(char[] chars, Positions positions) {
        this.chars = chars;
        this.end = chars.length;
        this.positions = positions;
    }

    /**
     * The document's tree, its positions added to {@code positions} (whose root row is the document's); empty when
     * the full parser must read it.
     */
    static Optional<JsonNode> read(String text, Positions positions) {
        if (text.length() > BoundedReader.MAX_BYTES) {
            return Optional.empty(); // over SnakeYAML's code point limit (YamlDocument's loader options): an error
        }
        char[] chars = text.toCharArray();
        if (!plainText(chars)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FastYamlReader(chars, positions).document());
        } catch (Declined e) {
            return Optional.empty();
        }
    }

    /**
     * Characters whose line and column SnakeYAML counts as this reader does, and that it reads without complaint: no
     * tab, no line break but \n and \r\n, no character SnakeYAML calls unprintable, nothing outside the BMP (SnakeYAML
     * counts columns in code points), no byte-order mark.
     */
    private static boolean plainText(char[] text) {
        for (int i = 0, n = text.length; i < n; i++) {
            char c = text[i];
            if (c >= 0x20 && c <= 0x7E || c == '\n') {
                continue;
            }
            if (c == '\r' ? i + 1 >= n || text[i + 1] != '\n'
                    : c < 0xA0 || c >= 0xD800 && c <= 0xDFFF || c == 0x2028 || c == 0x2029 || c == 0xFEFF || c >= 0xFFFE) {
                return false;
            }
        }
        return true;
    }

    // --- the document and its block structure ----------------------------------------------------------------------

    private JsonNode document() throws Declined {
        if (!nextContentLine()) {
            throw DECLINED; // nothing but comments: rare, and the full parser's answer has its own shape
        }
        JsonNode node = blockNode(column(), Positions.ROOT, 1);
        if (nextContentLine()) {
            throw DECLINED;
        }
        return node;
    }

    /** A block mapping or sequence starting at the cursor, the first thing on its line after indentation. */
    private JsonNode blockNode(int column, int at, int depth) throws Declined {
        if (sequenceEntryAt(pos)) {
            return sequence(column, at, depth, false);
        }
        return mapping(column, at, depth);
    }

    /** Where a block mapping or sequence starts: its first key or '-', at {@code column} of this line. */
    private void startBlock(int column, int at, int depth) throws Declined {
        if (depth > MAX_DEPTH) {
            throw DECLINED;
        }
        positions.value(at, line + 1, column + 1);
    }

    private JsonNode mapping(int column, int at, int depth) throws Declined {
        startBlock(column, at, depth);
        ObjectNode mapping = NODES.objectNode();
        while (true) {
            int keyLine = line;
            int keyColumn = column();
            String key = newKey(mapping, key());
            int child = positions.field(at, key, keyLine + 1, keyColumn + 1);
            int colon = column();
            pos++; // the ':'
            mapping.set(key, mappingValue(column, colon, child, depth + 1));
            if (!nextContentLine() || column() < column) {
                return mapping;
            }
            if (column() > column || sequenceEntryAt(pos)) {
                throw DECLINED;
            }
        }
    }

    /** The value after a key's ':' in a mapping whose keys stand at {@code column}. */
    private JsonNode mappingValue(int column, int colon, int at, int depth) throws Declined {
        skipSpaces();
        if (atLineEnd() || atComment()) {
            int valueLine = line;
            skipToLineEnd();
            if (nextContentLine()) {
                int c = column();
                if (c > column) {
                    return blockNode(c, at, depth);
                }
                if (c == column && sequenceEntryAt(pos)) {
                    return sequence(c, at, depth, true);
                }
            }
            // 'key:' with nothing under it: YAML's null, placed where SnakeYAML places an empty value, after the ':'.
            positions.value(at, valueLine + 1, colon + 2);
            return NODES.nullNode();
        }
        char c = peek();
        if (c == '|' || c == '>') {
            return blockScalar(column, at);
        }
        JsonNode value = scalarOrFlow(at, depth, false);
        endOfLine();
        return value;
    }

    private JsonNode sequence(int column, int at, int depth, boolean indentless) throws Declined {
        startBlock(column, at, depth);
        ArrayNode sequence = NODES.arrayNode();
        while (true) {
            pos++; // the '-'
            if (atLineEnd() || peek() != ' ') {
                throw DECLINED; // an empty entry, or one on the next lines
            }
            skipSpaces();
            if (atLineEnd() || peek() == '#') {
                throw DECLINED;
            }
            int item = positions.item(at);
            int itemColumn = column();
            if (sequenceEntryAt(pos)) {
                throw DECLINED; // '- - a'
            }
            if (startsKey()) {
                sequence.add(mapping(itemColumn, item, depth + 1));
            } else {
                char c = peek();
                if (c == '|' || c == '>') {
                    throw DECLINED;
                }
                sequence.add(scalarOrFlow(item, depth + 1, false));
                endOfLine();
            }
            if (!nextContentLine() || column() < column) {
                return sequence;
            }
            if (column() > column) {
                throw DECLINED;
            }
            if (!sequenceEntryAt(pos)) {
                if (indentless) {
                    return sequence; // the next key of the mapping this sequence is a value of
                }
                throw DECLINED;
            }
        }
    }

    /** Whether the cursor stands on a key ('name:' or '"name":') rather than on a scalar value. */
    private boolean startsKey() {
        int start = pos;
        int startLine = line;
        int startLineStart = lineStart;
        try {
            key();
            return true;
        } catch (Declined e) {
            return false;
        } finally {
            pos = start;
            line = startLine;
            lineStart = startLineStart;
        }
    }

    /** A key and its ':', which must be followed by a space or the end of the line; the cursor stops on the ':'. */
    private String key() throws Declined {
        int start = pos;
        String key = keyText(false);
        if (pos - start > MAX_KEY || atEnd() || peek() != ':') {
            throw DECLINED;
        }
        if (pos + 1 < end && !lineEndAt(pos + 1) && chars[pos + 1] != ' ') {
            throw DECLINED;
        }
        return key;
    }

    /** The text of a key, quoted or plain (a key is never typed: Jackson takes a field name as written). */
    private String keyText(boolean inFlow) throws Declined {
        char c = inFlow ? peekInLine() : peek();
        if (c == '"' || c == '\'') {
            return quoted(c);
        }
        if (!plainStart(inFlow)) {
            throw DECLINED;
        }
        return plain(inFlow);
    }

    /**
     * {@code key}, unless {@code mapping} has it already or it is '<<': errors, which the full parser words. The same
     * name is given as one string each time (while fewer than {@link #SHORT_VALUES_KEPT} names are kept): a catalogue
     * repeats a dozen keys in every check, and the tree keeps every key it is given (a copy per check was a fifth of
     * a large catalogue's tree).
     */
    private String newKey(ObjectNode mapping, String key) throws Declined {
        if (mapping.has(key) || key.equals("<<")) {
            throw DECLINED;
        }
        String kept = keyNames.get(key);
        if (kept != null) {
            return kept;
        }
        if (keyNames.size() < SHORT_VALUES_KEPT) {
            keyNames.put(key, key);
        }
        return key;
    }

    /**
     * A scalar or a flow collection: the value that stands on the rest of a line, or ({@code inFlow}) an item of a
     * flow sequence or the value of a flow mapping's entry.
     */
    private JsonNode scalarOrFlow(int at, int depth, boolean inFlow) throws Declined {
        char c = inFlow ? peekInLine() : peek();
        positions.value(at, line + 1, column() + 1);
        if (c == '[' || c == '{') {
            return flow(at, depth);
        }
        if (c == '"' || c == '\'') {
            return NODES.textNode(quoted(c));
        }
        if (!plainStart(inFlow)) {
            throw DECLINED;
        }
        String value = plain(inFlow);
        if (inFlow) {
            char next = peekInLine();
            if (next != ',' && next != ']' && next != '}' && next != ' ') {
                throw DECLINED; // ':' in a sequence (a one-pair mapping), '?', '[' or '{' after a word
            }
        } else if (!atLineEnd() && peek() == ':') {
            throw DECLINED; // 'a: b: c'
        }
        return typed(value);
    }

    /** After a value on a line: spaces, then the end of the line or a comment. */
    private void endOfLine() throws Declined {
        skipSpaces();
        if (atLineEnd()) {
            return;
        }
        if (atComment()) {
            skipToLineEnd();
            return;
        }
        throw DECLINED;
    }

    /** Whether a comment starts at the cursor: a '#' after a space (one right after text is part of it). */
    private boolean atComment() {
        return peek() == '#' && pos > lineStart && chars[pos - 1] == ' ';
    }

    // --- flow collections, on one line ------------------------------------------------------------------------------

    /** A flow mapping or sequence, whose position {@code at} holds; its entries get theirs here. */
    private JsonNode flow(int at, int depth) throws Declined {
        if (depth > MAX_DEPTH) {
            throw DECLINED;
        }
        boolean mapping = peek() == '{';
        char close = mapping ? '}' : ']';
        pos++;
        ObjectNode object = mapping ? NODES.objectNode() : null;
        ArrayNode array = mapping ? null : NODES.arrayNode();
        skipSpaces();
        if (!atLineEnd() && peek() == close) {
            pos++;
            return mapping ? object : array;
        }
        while (true) {
            if (mapping) {
                int keyColumn = column();
                String key = newKey(object, keyText(true));
                if (peekInLine() != ':' || pos + 1 >= end || chars[pos + 1] != ' ') {
                    throw DECLINED; // no value, an adjacent value, or a space before the ':'
                }
                pos++;
                skipSpaces();
                object.set(key, scalarOrFlow(positions.field(at, key, line + 1, keyColumn + 1), depth + 1, true));
            } else {
                array.add(scalarOrFlow(positions.item(at), depth + 1, true));
            }
            skipSpaces();
            char c = peekInLine();
            if (c == close) {
                pos++;
                return mapping ? object : array;
            }
            if (c != ',') {
                throw DECLINED;
            }
            pos++;
            skipSpaces();
            if (peekInLine() == close) {
                throw DECLINED; // a trailing comma
            }
        }
    }

    // --- scalars -----------------------------------------------------------------------------------------------------

    /** Whether a plain scalar may start here: not an indicator, except '-' before a character that is not blank. */
    private boolean plainStart(boolean flow) {
        if (atLineEnd()) {
            return false;
        }
        char c = peek();
        if (c == '-') {
            if (pos + 1 >= end) {
                return false;
            }
            char next = chars[pos + 1];
            return next != ' ' && !lineEndAt(pos + 1) && !(flow && ",[]{}".indexOf(next) >= 0);
        }
        return c != ' ' && "?:,[]{}#&*!|>'\"%@`".indexOf(c) < 0;
    }

    /**
     * A plain scalar on this line, as SnakeYAML's scanPlain cuts it: words and the spaces between them, up to a blank
     * before '#', a ':' before a blank (or a flow indicator, in a flow), a flow indicator in a flow, or the line's
     * end. The cursor stops on what ended it, after trailing spaces only when a '#' or the line's end follows.
     */
    private String plain(boolean flow) throws Declined {
        int start = pos;
        int valueEnd = pos;
        while (true) {
            int chunk = pos;
            while (pos < end) {
                char c = chars[pos];
                if (c == ' ' || c == '\n' || c == '\r') {
                    break;
                }
                if (c == ':') {
                    char next = pos + 1 < end ? chars[pos + 1] : '\0';
                    if (next == '\0' || next == ' ' || next == '\n' || next == '\r'
                            || flow && ",[]{}".indexOf(next) >= 0) {
                        break;
                    }
                }
                if (flow && ",?[]{}".indexOf(c) >= 0) {
                    break;
                }
                pos++;
            }
            if (pos == chunk) {
                break;
            }
            valueEnd = pos;
            int spaces = pos;
            skipSpaces();
            if (pos == spaces) {
                break;
            }
            if (atLineEnd() || peek() == '#') {
                break;
            }
        }
        // A plain value that ends its line may go on over more-indented lines: the callers decline those.
        if (pos > valueEnd && !(atLineEnd() || peek() == '#')) {
            pos = valueEnd; // the spaces belong to what follows (' : ', ' ,', ' ]')
        }
        return new String(chars, start, valueEnd - start);
    }

    /** A quoted scalar that ends on its line; the cursor stops after the closing quote. */
    private String quoted(char quote) throws Declined {
        pos++;
        StringBuilder out = null;
        int run = pos;
        while (true) {
            if (atLineEnd()) {
                throw DECLINED; // goes on over lines, or never ends
            }
            char c = chars[pos];
            if (c == quote) {
                if (quote == '\'' && pos + 1 < end && chars[pos + 1] == '\'') {
                    out = append(out, run, pos + 1);
                    pos += 2;
                    run = pos;
                    continue;
                }
                String value = out == null ? new String(chars, run, pos - run) : append(out, run, pos).toString();
                pos++;
                return value;
            }
            if (c == '\\' && quote == '"') {
                out = append(out, run, pos);
                pos++;
                escape(out);
                run = pos;
                continue;
            }
            pos++;
        }
    }

    private StringBuilder append(StringBuilder out, int from, int to) {
        StringBuilder b = out == null ? new StringBuilder() : out;
        return b.append(chars, from, to - from);
    }

    /** One escape of a double-quoted scalar, the cursor after its backslash: SnakeYAML's table, no more. */
    private void escape(StringBuilder out) throws Declined {
        if (atLineEnd()) {
            throw DECLINED;
        }
        char c = chars[pos++];
        switch (c) {
            case '0' -> out.append('\0');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'v' -> out.append('\u000B');
            case 'f' -> out.append('\f');
            case 'r' -> out.append('\r');
            case 'e' -> out.append('\u001B');
            case ' ' -> out.append(' ');
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case 'N' -> out.append('\u0085');
            case '_' -> out.append('\u00A0');
            case 'L' -> out.append('\u2028');
            case 'P' -> out.append('\u2029');
            case 'x', 'u' -> {
                int digits = c == 'x' ? 2 : 4;
                if (pos + digits > end) {
                    throw DECLINED;
                }
                int value = 0;
                for (int i = 0; i < digits; i++) {
                    int d = Character.digit(chars[pos + i], 16);
                    if (d < 0 || chars[pos + i] > 'f') {
                        throw DECLINED;
                    }
                    value = value * 16 + d;
                }
                if (value >= 0xD800 && value <= 0xDFFF) {
                    throw DECLINED;
                }
                out.append((char) value);
                pos += digits;
            }
            default -> throw DECLINED; // \U, \/ (which SnakeYAML refuses), an escaped line break, an unknown escape
        }
    }

    /**
     * A literal ('|') or folded ('>') block scalar, clipped or stripped ('-'), its indentation taken from its first
     * line; the value of a key at {@code column}. Declines a kept tail ('+'), an indentation indicator, leading empty
     * lines, a line of spaces deeper than the text, and a folded scalar with more-indented lines.
     */
    private JsonNode blockScalar(int column, int at) throws Declined {
        positions.value(at, line + 1, column() + 1);
        boolean folded = peek() == '>';
        pos++;
        boolean strip = false;
        if (!atLineEnd() && peek() == '-') {
            strip = true;
            pos++;
        }
        endOfLine();
        if (!nextLine()) {
            throw DECLINED;
        }
        int indent = indentation();
        if (indent <= column || lineEndAt(lineStart + indent)) {
            throw DECLINED;
        }
        StringBuilder value = new StringBuilder();
        int emptyLines = 0;
        boolean lastHadBreak;
        while (true) {
            // the cursor is at the start of a line with text at 'indent' or deeper
            int from = lineStart + indent;
            if (folded && chars[from] == ' ') {
                throw DECLINED;
            }
            int to = lineEnd(from);
            if (value.length() > 0) { // not the first line, whose text is not empty
                if (folded && emptyLines == 0) {
                    value.append(' ');
                } else {
                    value.append(folded ? "" : "\n").append("\n".repeat(emptyLines));
                }
            }
            value.append(chars, from, to - from);
            pos = to;
            lastHadBreak = pos < end;
            emptyLines = 0;
            // following lines: empty ones (no more spaces than 'indent'), then text at 'indent' or the scalar's end
            while (nextLine()) {
                int spaces = indentation();
                if (lineEndAt(lineStart + spaces)) {
                    if (spaces > indent) {
                        throw DECLINED;
                    }
                    emptyLines++;
                    continue;
                }
                break;
            }
            if (lineStart >= end || indentation() < indent) {
                break;
            }
        }
        if (!strip && lastHadBreak) {
            value.append('\n');
        }
        // the cursor is at the start of the first line after the scalar; nextContentLine() takes it from there
        pos = lineStart;
        if (nextContentLine() && column() > column) {
            throw DECLINED;
        }
        return NODES.textNode(value.toString());
    }

    /**
     * The node Jackson's YAML parser makes of a plain scalar: SnakeYAML's resolver decides its type, as in Jackson;
     * whole numbers other than the plain decimal ints, and floats, are left to Jackson (they are rare in these files).
     */
    private JsonNode typed(String value) throws Declined {
        Tag tag = mayBeTyped(value) ? resolved(value) : Tag.STR;
        if (tag == Tag.STR) {
            return NODES.textNode(value);
        }
        if (tag == Tag.NULL) {
            return NODES.nullNode();
        }
        if (tag == Tag.BOOL) {
            Boolean b = bool(value);
            return b == null ? NODES.textNode(value) : NODES.booleanNode(b);
        }
        if (tag == Tag.INT && smallDecimal(value)) {
            return NODES.numberNode(Integer.parseInt(value));
        }
        if (tag == Tag.TIMESTAMP) {
            return NODES.textNode(value);
        }
        throw DECLINED;
    }

    private Tag resolved(String value) {
        if (value.length() > ANY_FIRST_LIMIT) {
            return RESOLVER.resolve(NodeId.scalar, value, true);
        }
        Tag tag = shortValueTags.get(value);
        if (tag == null) {
            tag = RESOLVER.resolve(NodeId.scalar, value, true);
            if (shortValueTags.size() < SHORT_VALUES_KEPT) {
                shortValueTags.put(value, tag);
            }
        }
        return tag;
    }

    /**
     * Whether SnakeYAML's resolver would try any of its patterns on {@code value}; when not, it calls the value a
     * string, and this reader skips the call (most text starts with a letter no rule names). The rules that apply
     * whatever the first character (null written '~' and the like, the empty value) look only at values of up to
     * {@link #ANY_FIRST_LIMIT} characters; {@code FastYamlReaderTest} holds this equal to the resolver.
     */
    static boolean mayBeTyped(String value) {
        return value.isEmpty() || RESOLVER.hasRuleFor(value.charAt(0))
                || RESOLVER.hasRuleForAnyFirst() && value.length() <= ANY_FIRST_LIMIT;
    }

    /** SnakeYAML 2's limit on the length of a value its any-first-character rules (null, empty) try. */
    static final int ANY_FIRST_LIMIT = 10;

    /** SnakeYAML's resolver, with the first characters it has rules for. */
    private static final class Rules extends Resolver {
        boolean hasRuleFor(char first) {
            return yamlImplicitResolvers.containsKey(first);
        }

        boolean hasRuleForAnyFirst() {
            return yamlImplicitResolvers.containsKey(null);
        }
    }

    /** Jackson's YAMLParser._matchYAMLBoolean with its default features (YAML 1.1's yes, no, on, off, y and n). */
    private static Boolean bool(String value) {
        switch (value.length()) {
            case 1 -> {
                char c = value.charAt(0);
                return c == 'y' || c == 'Y' ? Boolean.TRUE : c == 'n' || c == 'N' ? Boolean.FALSE : null;
            }
            case 2 -> {
                return value.equalsIgnoreCase("no") ? Boolean.FALSE : value.equalsIgnoreCase("on") ? Boolean.TRUE : null;
            }
            case 3 -> {
                return value.equalsIgnoreCase("yes") ? Boolean.TRUE : value.equalsIgnoreCase("off") ? Boolean.FALSE : null;
            }
            case 4 -> {
                return value.equalsIgnoreCase("true") ? Boolean.TRUE : null;
            }
            case 5 -> {
                return value.equalsIgnoreCase("false") ? Boolean.FALSE : null;
            }
            default -> {
                return null;
            }
        }
    }

    /** 0, or an optional '-' and one to nine digits not starting with 0: what Jackson reads as an int. */
    private static boolean smallDecimal(String value) {
        if (value.equals("0")) {
            return true;
        }
        int i = value.startsWith("-") ? 1 : 0;
        int digits = value.length() - i;
        if (digits < 1 || digits > 9 || value.charAt(i) == '0') {
            return false;
        }
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    // --- the cursor ------------------------------------------------------------------------------------------------

    private boolean atEnd() {
        return pos >= end;
    }

    private char peek() {
        return chars[pos];
    }

    /** The character at the cursor, declining at the line's end (flows end on their line). */
    private char peekInLine() throws Declined {
        if (atLineEnd()) {
            throw DECLINED;
        }
        return chars[pos];
    }

    private boolean lineEndAt(int i) {
        return i >= end || chars[i] == '\n' || chars[i] == '\r';
    }

    private boolean atLineEnd() {
        return lineEndAt(pos);
    }

    /** The index of the line break (or the end) of the line holding {@code from}. */
    private int lineEnd(int from) {
        int i = from;
        while (!lineEndAt(i)) {
            i++;
        }
        return i;
    }

    private int column() {
        return pos - lineStart;
    }

    private void skipSpaces() {
        while (pos < end && chars[pos] == ' ') {
            pos++;
        }
    }

    private void skipToLineEnd() {
        pos = lineEnd(pos);
    }

    /** Moves to the start of the next line; false (the cursor at the end) when there is none. */
    private boolean nextLine() {
        int i = lineEnd(pos);
        if (i >= end) {
            pos = end;
            lineStart = end;
            return false;
        }
        i += chars[i] == '\r' ? 2 : 1;
        pos = i;
        lineStart = i;
        line++;
        return true;
    }

    /** The number of spaces that start the current line (the cursor is at its start). */
    private int indentation() {
        int i = lineStart;
        while (i < end && chars[i] == ' ') {
            i++;
        }
        return i - lineStart;
    }

    /**
     * Moves to the first text of the next line holding something other than spaces and a comment (this line, if the
     * cursor is at its start); false at the end. Declines document markers and directives, which the subset leaves out.
     */
    private boolean nextContentLine() throws Declined {
        if (pos != lineStart && !atContent()) {
            if (!nextLine()) {
                return false;
            }
        }
        while (true) {
            if (lineStart >= end) {
                return false;
            }
            int spaces = indentation();
            int first = lineStart + spaces;
            if (!lineEndAt(first) && chars[first] != '#') {
                if (spaces == 0 && (marker(first, '-') || marker(first, '.') || chars[first] == '%')) {
                    throw DECLINED;
                }
                pos = first;
                return true;
            }
            if (!nextLine()) {
                return false;
            }
        }
    }

    /** Whether three {@code c} start at {@code i} (a document marker when they start a line). */
    private boolean marker(int i, char c) {
        return i + 2 < end && chars[i] == c && chars[i + 1] == c && chars[i + 2] == c;
    }

    /** Whether the cursor is on the first text of its line, after its indentation: where nextContentLine() stops. */
    private boolean atContent() {
        if (atLineEnd() || peek() == '#') {
            return false;
        }
        for (int i = lineStart; i < pos; i++) {
            if (chars[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    /** Whether a block sequence entry ('-' and a space, or '-' at the end of the line) starts at {@code i}. */
    private boolean sequenceEntryAt(int i) {
        return i < end && chars[i] == '-' && (lineEndAt(i + 1) || chars[i + 1] == ' ');
    }
}
