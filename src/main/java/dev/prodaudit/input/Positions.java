package dev.prodaudit.input;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each value of a YAML document stands, and where the key that names it stands (a mapping's entries): one row
 * of ints per value, in document order, so that a value's descendants follow it and its subtree is a run of rows.
 * A reader adds a row for each value as it meets it ({@link #field}, {@link #item}) and fills in the value's place
 * ({@link #value}), each new row counting itself into its ancestors' subtrees; {@link #finish} indexes the wide
 * mappings and sequences, and lookups walk from a row to its children.
 *
 * <p>A table rather than a tree of objects: a 10,000-check catalogue has 120,000 values, and an object with a map of
 * its children for each of them kept about 13 MB live while the catalogue was read (against 3 MB here), which every
 * young collection of that read copied.
 */
final class Positions {
    /** No row: the document has no value there. */
    static final int NONE = -1;
    /** The root value's row. */
    static final int ROOT = 0;

    private static final int PARENT = 0;
    private static final int LINE = 1;
    private static final int COLUMN = 2;
    private static final int KEY_LINE = 3;
    private static final int KEY_COLUMN = 4;
    /** Rows in the subtree (the value itself included): its descendants are the rows that follow it, up to this many. */
    private static final int SIZE = 5;
    private static final int STRIDE = 6;
    /**
     * A mapping or sequence with more children than this gets an index of them, so that finding one costs a lookup
     * rather than a walk past its elder siblings (the catalogue's list of checks is looked up once per check).
     */
    private static final int INDEXED_FROM = 16;

    private int[] rows = new int[STRIDE * 64];
    /** The key of each row that is a mapping's entry; null for a sequence's items and the root. */
    private String[] keys = new String[64];
    private int count;
    private Map<Integer, Map<String, Integer>> wideMappings = Map.of();
    private Map<Integer, int[]> wideSequences = Map.of();

    Positions() {
        add(NONE, null);
    }

    /** A row for the value of the entry {@code name} of the mapping at {@code parent}; its key stands at {@code keyLine:keyColumn}. */
    int field(int parent, String name, int keyLine, int keyColumn) {
        int row = add(parent, name);
        rows[row * STRIDE + KEY_LINE] = keyLine;
        rows[row * STRIDE + KEY_COLUMN] = keyColumn;
        return row;
    }

    /** A row for the next item of the sequence at {@code parent}. */
    int item(int parent) {
        return add(parent, null);
    }

    /** Where the value of {@code row} starts (1-based, as Jackson reports it). */
    void value(int row, int line, int column) {
        rows[row * STRIDE + LINE] = line;
        rows[row * STRIDE + COLUMN] = column;
    }

    private int add(int parent, String key) {
        if (count == keys.length) {
            keys = Arrays.copyOf(keys, count * 2);
            rows = Arrays.copyOf(rows, count * 2 * STRIDE);
        }
        int row = count++;
        rows[row * STRIDE + PARENT] = parent;
        rows[row * STRIDE + SIZE] = 1;
        keys[row] = key;
        // A reader adds a value's children before its next sibling, so the subtrees stay runs; no deeper than
        // YamlDocument.MAX_NESTING.
        for (int ancestor = parent; ancestor != NONE; ancestor = rows[ancestor * STRIDE + PARENT]) {
            rows[ancestor * STRIDE + SIZE]++;
        }
        return row;
    }

    /** Ends the reading: indexes the wide mappings and sequences, and gives back the spare room. */
    void finish() {
        int[] children = new int[count];
        for (int row = ROOT + 1; row < count; row++) {
            children[rows[row * STRIDE + PARENT]]++;
        }
        rows = Arrays.copyOf(rows, count * STRIDE);
        keys = Arrays.copyOf(keys, count);
        for (int row = 0; row < count; row++) {
            if (children[row] > INDEXED_FROM) {
                index(row, children[row]);
            }
        }
    }

    private void index(int row, int children) {
        int first = row + 1;
        if (keys[first] != null) {
            Map<String, Integer> byName = new HashMap<>(children * 2);
            for (int child = first; child < end(row); child += size(child)) {
                byName.put(keys[child], child);
            }
            if (wideMappings.isEmpty()) {
                wideMappings = new HashMap<>();
            }
            wideMappings.put(row, byName);
        } else {
            int[] items = new int[children];
            int i = 0;
            for (int child = first; child < end(row); child += size(child)) {
                items[i++] = child;
            }
            if (wideSequences.isEmpty()) {
                wideSequences = new HashMap<>();
            }
            wideSequences.put(row, items);
        }
    }

    private int size(int row) {
        return rows[row * STRIDE + SIZE];
    }

    private int end(int row) {
        return row + size(row);
    }

    int line(int row) {
        return rows[row * STRIDE + LINE];
    }

    int column(int row) {
        return rows[row * STRIDE + COLUMN];
    }

    int keyLine(int row) {
        return rows[row * STRIDE + KEY_LINE];
    }

    int keyColumn(int row) {
        return rows[row * STRIDE + KEY_COLUMN];
    }

    /** The row of the child named by one segment of a JSON pointer (a mapping's key, or a sequence's index), or {@link #NONE}. */
    int child(int row, String segment) {
        int first = row + 1;
        if (first >= end(row)) {
            return NONE;
        }
        if (keys[first] != null) {
            String name = YamlDocument.unescape(segment);
            Map<String, Integer> byName = wideMappings.get(row);
            if (byName != null) {
                return byName.getOrDefault(name, NONE);
            }
            for (int child = first; child < end(row); child += size(child)) {
                if (keys[child].equals(name)) {
                    return child;
                }
            }
            return NONE;
        }
        int index = index(segment);
        if (index < 0) {
            return NONE;
        }
        int[] items = wideSequences.get(row);
        if (items != null) {
            return index < items.length ? items[index] : NONE;
        }
        for (int child = first, i = 0; child < end(row); child += size(child), i++) {
            if (i == index) {
                return child;
            }
        }
        return NONE;
    }

    /** A sequence index written as digits, or -1. By hand: a stream over the characters cost more than the rest of a lookup. */
    private static int index(String segment) {
        if (segment.isEmpty() || segment.length() >= 10) {
            return -1;
        }
        int i = 0;
        for (int k = 0; k < segment.length(); k++) {
            char c = segment.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            i = i * 10 + (c - '0');
        }
        return i;
    }

    /** Every position under {@code row}, one line each ({@code path key line:column value line:column}). */
    void describe(int row, String path, List<String> out) {
        out.add(path + " key " + keyLine(row) + ":" + keyColumn(row) + " value " + line(row) + ":" + column(row));
        for (int child = row + 1, i = 0; child < end(row); child += size(child), i++) {
            describe(child, keys[child] != null ? YamlDocument.child(path, keys[child]) : path + "/" + i, out);
        }
    }
}
