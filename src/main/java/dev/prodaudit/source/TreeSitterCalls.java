package dev.prodaudit.source;

import org.treesitter.TSNode;
import org.treesitter.TSParser;

/**
 * The binding's native functions for walking a tree, called directly. Its public wrappers check every node
 * with a second native call ({@code ts_node_is_null}) and every cursor for being open; over a copy of thousands of
 * nodes per file that doubles the cost of the walk, and the copy never holds a null node or a closed cursor. The
 * functions are protected statics of {@link TSParser}, reachable from a subclass; this one is never instantiated.
 */
final class TreeSitterCalls extends TSParser {
    private TreeSitterCalls() {
        throw new AssertionError("never instantiated");
    }

    static long cursorNew(TSNode node) {
        return ts_tree_cursor_new(node);
    }

    static void cursorDelete(long cursor) {
        ts_tree_cursor_delete(cursor);
    }

    static TSNode currentNode(long cursor) {
        return ts_tree_cursor_current_node(cursor);
    }

    static int currentFieldId(long cursor) {
        return ts_tree_cursor_current_field_id(cursor);
    }

    static boolean gotoFirstChild(long cursor) {
        return ts_tree_cursor_goto_first_child(cursor);
    }

    static boolean gotoNextSibling(long cursor) {
        return ts_tree_cursor_goto_next_sibling(cursor);
    }

    static boolean gotoParent(long cursor) {
        return ts_tree_cursor_goto_parent(cursor);
    }

    static int symbol(TSNode node) {
        return ts_node_symbol(node);
    }

    static int startByte(TSNode node) {
        return ts_node_start_byte(node);
    }

    static int endByte(TSNode node) {
        return ts_node_end_byte(node);
    }
}
