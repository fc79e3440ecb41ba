package dev.prodaudit.source;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterTsx;
import org.treesitter.TreeSitterTypescript;

/**
 * tree-sitter with the JavaScript, TypeScript and TSX grammars. One instance per thread: a tree-sitter parser is
 * not safe to share, and its trees are copied out ({@link SyntaxTree}) before they leave the thread.
 */
public final class SourceParser implements AutoCloseable {
    private final Map<Language, TSParser> parsers = new EnumMap<>(Language.class);
    private final Map<Language, Grammar> grammars = new EnumMap<>(Language.class);

    /**
     * A grammar's symbol and field names, read once: through the JNI binding every call costs microseconds, so the
     * copy asks each node only for its symbol, field id and byte span, and looks names up here.
     */
    private record Grammar(String[] symbols, boolean[] named, String[] fields) {
        static Grammar of(TSLanguage language) {
            int count = language.symbolCount();
            String[] symbols = new String[count];
            boolean[] named = new boolean[count];
            for (int i = 0; i < count; i++) {
                symbols[i] = language.symbolName(i);
                named[i] = language.symbolType(i) == org.treesitter.TSSymbolType.TSSymbolTypeRegular;
            }
            String[] fields = new String[language.fieldCount() + 1];
            for (int i = 1; i < fields.length; i++) {
                fields[i] = language.fieldNameForId(i);
            }
            return new Grammar(symbols, named, fields);
        }
    }

    private SourceParser() {
    }

    /**
     * A parser, or why there can be none here: the grammars ship native libraries for Linux, macOS and Windows on
     * x86_64 and for Linux and macOS on aarch64; elsewhere loading them fails, and source checks say so.
     */
    public static Optional<SourceParser> create() {
        SourceParser p = new SourceParser();
        try {
            p.add(Language.JAVASCRIPT, new TreeSitterJavascript());
            p.add(Language.TYPESCRIPT, new TreeSitterTypescript());
            p.add(Language.TSX, new TreeSitterTsx());
            return Optional.of(p);
        } catch (LinkageError | RuntimeException e) {
            p.close();
            return Optional.empty();
        }
    }

    /** The platform as the unavailability message names it, e.g. "linux/riscv64". */
    public static String platform() {
        return System.getProperty("os.name", "?").toLowerCase(Locale.ROOT).replace(' ', '-') + "/"
                + System.getProperty("os.arch", "?").toLowerCase(Locale.ROOT);
    }

    private void add(Language language, TSLanguage grammar) {
        TSParser parser = new TSParser();
        if (!parser.setLanguage(grammar)) {
            parser.close();
            throw new IllegalStateException("grammar ABI not supported by the tree-sitter core");
        }
        parsers.put(language, parser);
        grammars.put(language, Grammar.of(grammar));
    }

    /** Parses {@code text} (the file at repository-relative {@code path}) and copies the tree out. */
    public SyntaxTree parse(String path, String text, Language language) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        TSTree tree = parsers.get(language).parseString(null, text);
        try {
            TSNode root = tree.getRootNode();
            SyntaxTree.Builder out = new SyntaxTree.Builder(path, utf8);
            copy(root, out, grammars.get(language), lineStarts(utf8));
            return out.build(root.hasError());
        } finally {
            tree.close();
        }
    }

    /** Byte offsets where each line starts, so a node's line is a binary search, not a JNI call. */
    private static int[] lineStarts(byte[] utf8) {
        int lines = 1;
        for (byte b : utf8) {
            if (b == '\n') {
                lines++;
            }
        }
        int[] starts = new int[lines];
        int line = 1;
        for (int i = 0; i < utf8.length; i++) {
            if (utf8[i] == '\n') {
                starts[line++] = i + 1;
            }
        }
        return starts;
    }

    private static int lineOf(int[] lineStarts, int offset) {
        int i = java.util.Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /**
     * Pre-order copy with a cursor. Per node it asks only the symbol, field id and byte span; an inner node ends
     * where its last child ends, so only leaves are asked for their end.
     */
    private static void copy(TSNode root, SyntaxTree.Builder out, Grammar grammar, int[] lineStarts) {
        long cursor = TreeSitterCalls.cursorNew(root);
        try {
            int[] parents = new int[64];
            int[] previous = new int[64];
            int depth = 0;
            parents[0] = -1;
            previous[0] = -1;
            int rootEnd = TreeSitterCalls.endByte(root);
            while (true) {
                TSNode node = TreeSitterCalls.currentNode(cursor);
                int symbol = TreeSitterCalls.symbol(node);
                int fieldId = TreeSitterCalls.currentFieldId(cursor);
                int start = TreeSitterCalls.startByte(node);
                String type = symbol >= 0 && symbol < grammar.symbols().length ? grammar.symbols()[symbol] : node.getType();
                boolean named = symbol >= 0 && symbol < grammar.named().length ? grammar.named()[symbol] : node.isNamed();
                String field = fieldId > 0 && fieldId < grammar.fields().length ? grammar.fields()[fieldId] : null;
                int index = out.add(parents[depth], previous[depth], type, field, start, -1, lineOf(lineStarts, start),
                        named);
                previous[depth] = index;
                if (TreeSitterCalls.gotoFirstChild(cursor)) {
                    depth++;
                    if (depth == parents.length) {
                        parents = java.util.Arrays.copyOf(parents, depth * 2);
                        previous = java.util.Arrays.copyOf(previous, depth * 2);
                    }
                    parents[depth] = index;
                    previous[depth] = -1;
                    continue;
                }
                out.setEnd(index, TreeSitterCalls.endByte(node)); // a leaf
                while (!TreeSitterCalls.gotoNextSibling(cursor)) {
                    if (!TreeSitterCalls.gotoParent(cursor)) {
                        out.setEnd(0, rootEnd);
                        out.closeEnds();
                        return;
                    }
                    depth--;
                }
            }
        } finally {
            TreeSitterCalls.cursorDelete(cursor);
        }
    }

    @Override
    public void close() {
        parsers.values().forEach(TSParser::close);
        parsers.clear();
    }
}
