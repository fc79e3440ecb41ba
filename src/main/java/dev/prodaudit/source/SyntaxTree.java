package dev.prodaudit.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One parsed source file, copied out of tree-sitter into plain arrays: a node is an index, and its type, field,
 * span, line and links are entries of int arrays. Why a copy: the native tree's nodes cost a JNI call per question
 * and must not outlive their parser's thread; a copy is immutable, shareable between the run's threads, and about
 * 40 bytes a node.
 */
public final class SyntaxTree {
    private final String path;
    private final byte[] utf8;
    private final String[] types;
    private final String[] fields;
    private final int[] type;
    private final int[] field;
    private final int[] start;
    private final int[] end;
    private final int[] line;
    private final int[] parent;
    private final int[] firstChild;
    private final int[] nextSibling;
    private final boolean[] named;
    /** One past the last node of each node's subtree: in pre-order a subtree is a run of indexes. */
    private final int[] subtreeEnd;
    private final boolean hasErrors;

    private SyntaxTree(Builder b, boolean hasErrors) {
        this.path = b.path;
        this.utf8 = b.utf8;
        this.types = b.typeNames.toArray();
        this.fields = b.fieldNames.toArray();
        int n = b.size;
        this.type = Arrays.copyOf(b.type, n);
        this.field = Arrays.copyOf(b.field, n);
        this.start = Arrays.copyOf(b.start, n);
        this.end = Arrays.copyOf(b.end, n);
        this.line = Arrays.copyOf(b.line, n);
        this.parent = Arrays.copyOf(b.parent, n);
        this.firstChild = Arrays.copyOf(b.firstChild, n);
        this.nextSibling = Arrays.copyOf(b.nextSibling, n);
        this.named = Arrays.copyOf(b.named, n);
        this.subtreeEnd = new int[n];
        for (int i = 0; i < n; i++) {
            // parents come before their children, so a parent's end is known when its last child asks for it
            subtreeEnd[i] = nextSibling[i] >= 0 ? nextSibling[i] : parent[i] >= 0 ? subtreeEnd[parent[i]] : n;
        }
        this.hasErrors = hasErrors;
    }

    /** The repository-relative path of the file, '/'-separated. */
    public String path() {
        return path;
    }

    public Node root() {
        return new Node(this, 0);
    }

    /** Whether tree-sitter had to recover from a syntax error somewhere (the rest of the tree is still usable). */
    public boolean hasErrors() {
        return hasErrors;
    }

    /** Number of nodes, named and anonymous. */
    public int size() {
        return type.length;
    }

    String type(int i) {
        return types[type[i]];
    }

    String field(int i) {
        return field[i] < 0 ? null : fields[field[i]];
    }

    String text(int i) {
        return new String(utf8, start[i], end[i] - start[i], StandardCharsets.UTF_8);
    }

    int startByte(int i) {
        return start[i];
    }

    int endByte(int i) {
        return end[i];
    }

    int line(int i) {
        return line[i];
    }

    boolean named(int i) {
        return named[i];
    }

    int parent(int i) {
        return parent[i];
    }

    int firstChild(int i) {
        return firstChild[i];
    }

    int nextSibling(int i) {
        return nextSibling[i];
    }

    int subtreeEnd(int i) {
        return subtreeEnd[i];
    }

    /** Collects nodes in pre-order (a parent before its children, children in source order). */
    static final class Builder {
        private final String path;
        private final byte[] utf8;
        private final Interner typeNames = new Interner();
        private final Interner fieldNames = new Interner();
        private int size;
        private int[] type = new int[256];
        private int[] field = new int[256];
        private int[] start = new int[256];
        private int[] end = new int[256];
        private int[] line = new int[256];
        private int[] parent = new int[256];
        private int[] firstChild = new int[256];
        private int[] nextSibling = new int[256];
        private boolean[] named = new boolean[256];

        Builder(String path, byte[] utf8) {
            this.path = path;
            this.utf8 = utf8;
        }

        /** Adds a node under {@code parentIndex} (-1 for the root) after its earlier siblings; returns its index. */
        int add(int parentIndex, int previousSibling, String typeName, String fieldName, int startByte, int endByte,
                int startLine, boolean isNamed) {
            if (size == type.length) {
                int capacity = size * 2;
                type = Arrays.copyOf(type, capacity);
                field = Arrays.copyOf(field, capacity);
                start = Arrays.copyOf(start, capacity);
                end = Arrays.copyOf(end, capacity);
                line = Arrays.copyOf(line, capacity);
                parent = Arrays.copyOf(parent, capacity);
                firstChild = Arrays.copyOf(firstChild, capacity);
                nextSibling = Arrays.copyOf(nextSibling, capacity);
                named = Arrays.copyOf(named, capacity);
            }
            int i = size++;
            type[i] = typeNames.id(typeName);
            field[i] = fieldName == null ? -1 : fieldNames.id(fieldName);
            start[i] = startByte;
            end[i] = endByte;
            line[i] = startLine;
            parent[i] = parentIndex;
            firstChild[i] = -1;
            nextSibling[i] = -1;
            named[i] = isNamed;
            if (previousSibling >= 0) {
                nextSibling[previousSibling] = i;
            } else if (parentIndex >= 0) {
                firstChild[parentIndex] = i;
            }
            return i;
        }

        void setEnd(int index, int endByte) {
            end[index] = endByte;
        }

        /** An inner node ends where its last child ends: filled in from the leaves, last node first. */
        void closeEnds() {
            for (int i = size - 1; i > 0; i--) {
                int p = parent[i];
                if (p >= 0 && end[i] > end[p]) {
                    end[p] = end[i];
                }
            }
        }

        SyntaxTree build(boolean hasErrors) {
            return new SyntaxTree(this, hasErrors);
        }
    }

    /** Names seen in one tree, each stored once. */
    private static final class Interner {
        private final Map<String, Integer> ids = new HashMap<>();
        private String[] names = new String[64];

        int id(String name) {
            Integer id = ids.get(name);
            if (id == null) {
                id = ids.size();
                ids.put(name, id);
                if (id == names.length) {
                    names = Arrays.copyOf(names, id * 2);
                }
                names[id] = name;
            }
            return id;
        }

        String[] toArray() {
            return Arrays.copyOf(names, ids.size());
        }
    }
}
