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
import org.treesitter.TSTreeCursor;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterTsx;
import org.treesitter.TreeSitterTypescript;

/**
 * tree-sitter with the JavaScript, TypeScript and TSX grammars. One instance per thread: a tree-sitter parser is
 * not safe to share, and its trees are copied out ({@link SyntaxTree}) before they leave the thread.
 */
public final class SourceParser implements AutoCloseable {
    private final Map<Language, TSParser> parsers = new EnumMap<>(Language.class);

    private SourceParser() {
    }

    /**
     * A parser, or why there can be none here: the grammars ship native libraries for Linux, macOS and Windows on
     * x86_64 and for Linux and macOS on aarch64; elsewhere loading them fails, and source checks say so.
     */
    public static Optional<SourceParser> create() {
        SourceParser p = new SourceParser();
        try {
            p.parsers.put(Language.JAVASCRIPT, parser(new TreeSitterJavascript()));
            p.parsers.put(Language.TYPESCRIPT, parser(new TreeSitterTypescript()));
            p.parsers.put(Language.TSX, parser(new TreeSitterTsx()));
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

    private static TSParser parser(TSLanguage language) {
        TSParser parser = new TSParser();
        if (!parser.setLanguage(language)) {
            parser.close();
            throw new IllegalStateException("grammar ABI not supported by the tree-sitter core");
        }
        return parser;
    }

    /** Parses {@code text} (the file at repository-relative {@code path}) and copies the tree out. */
    public SyntaxTree parse(String path, String text, Language language) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        TSTree tree = parsers.get(language).parseString(null, text);
        try {
            TSNode root = tree.getRootNode();
            SyntaxTree.Builder out = new SyntaxTree.Builder(path, utf8);
            copy(root, out);
            return out.build(root.hasError());
        } finally {
            tree.close();
        }
    }

    /** Pre-order copy with a cursor: one JNI step per move instead of a node object per child lookup. */
    private static void copy(TSNode root, SyntaxTree.Builder out) {
        try (TSTreeCursor cursor = new TSTreeCursor(root)) {
            int[] parents = new int[64];
            int[] previous = new int[64];
            int depth = 0;
            parents[0] = -1;
            previous[0] = -1;
            while (true) {
                TSNode node = cursor.currentNode();
                int index = out.add(parents[depth], previous[depth], node.getType(), cursor.currentFieldName(),
                        node.getStartByte(), node.getEndByte(), node.getStartPoint().getRow() + 1, node.isNamed());
                previous[depth] = index;
                if (cursor.gotoFirstChild()) {
                    depth++;
                    if (depth == parents.length) {
                        parents = java.util.Arrays.copyOf(parents, depth * 2);
                        previous = java.util.Arrays.copyOf(previous, depth * 2);
                    }
                    parents[depth] = index;
                    previous[depth] = -1;
                    continue;
                }
                while (!cursor.gotoNextSibling()) {
                    if (!cursor.gotoParent()) {
                        return;
                    }
                    depth--;
                }
            }
        }
    }

    @Override
    public void close() {
        parsers.values().forEach(TSParser::close);
        parsers.clear();
    }
}
