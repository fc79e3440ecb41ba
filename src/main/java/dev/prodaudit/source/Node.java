package dev.prodaudit.source;

import dev.prodaudit.repo.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A node of a {@link SyntaxTree}: its grammar type ({@code call_expression}, {@code identifier}, {@code "("} for
 * anonymous tokens), the field its parent holds it in ({@code function}, {@code arguments}...), its text and line.
 * A value: two nodes are equal when they are the same node of the same tree.
 */
public record Node(SyntaxTree tree, int index) {

    // equals and hashCode written out: the record's own are linked through method handles on their first call, which
    // spins some 20 classes at run time in every audit that reads sources (nodes are map keys there).
    @Override
    public boolean equals(Object o) {
        return o instanceof Node other && tree.equals(other.tree) && index == other.index;
    }

    @Override
    public int hashCode() {
        return 31 * tree.hashCode() + index;
    }

    public String type() {
        return tree.type(index);
    }

    /** The field name under which the parent holds this node, or null. */
    public String field() {
        return tree.field(index);
    }

    public boolean isNamed() {
        return tree.named(index);
    }

    public boolean is(String type) {
        return type().equals(type);
    }

    /** The source text the node spans. */
    public String text() {
        return tree.text(index);
    }

    /** 1-based line where the node starts. */
    public int line() {
        return tree.line(index);
    }

    public int startByte() {
        return tree.startByte(index);
    }

    public int endByte() {
        return tree.endByte(index);
    }

    public Location at() {
        return Location.of(tree.path(), line());
    }

    /** "path:line", as findings name code. */
    public String where() {
        return tree.path() + ":" + line();
    }

    public Node parent() {
        int p = tree.parent(index);
        return p < 0 ? null : new Node(tree, p);
    }

    /** Every child, anonymous tokens included, in source order. */
    public List<Node> children() {
        List<Node> out = new ArrayList<>();
        for (int c = tree.firstChild(index); c >= 0; c = tree.nextSibling(c)) {
            out.add(new Node(tree, c));
        }
        return out;
    }

    /** The named children (no punctuation or keywords), comments excepted. */
    public List<Node> namedChildren() {
        List<Node> out = new ArrayList<>();
        for (int c = tree.firstChild(index); c >= 0; c = tree.nextSibling(c)) {
            if (tree.named(c) && !tree.type(c).equals("comment")) {
                out.add(new Node(tree, c));
            }
        }
        return out;
    }

    /** The first child held in {@code field}, or null. */
    public Node child(String field) {
        for (int c = tree.firstChild(index); c >= 0; c = tree.nextSibling(c)) {
            if (field.equals(tree.field(c))) {
                return new Node(tree, c);
            }
        }
        return null;
    }

    /** Every child held in {@code field}. */
    public List<Node> children(String field) {
        List<Node> out = new ArrayList<>();
        for (int c = tree.firstChild(index); c >= 0; c = tree.nextSibling(c)) {
            if (field.equals(tree.field(c))) {
                out.add(new Node(tree, c));
            }
        }
        return out;
    }

    /** Every descendant (this node included) in pre-order. */
    public void walk(Consumer<Node> visit) {
        for (int i = index, end = tree.subtreeEnd(index); i < end; i++) {
            visit.accept(new Node(tree, i));
        }
    }

    /** Descendants (this node included) matching {@code test}, in source order. */
    public List<Node> find(Predicate<Node> test) {
        List<Node> out = new ArrayList<>();
        walk(n -> {
            if (test.test(n)) {
                out.add(n);
            }
        });
        return out;
    }

    /** Descendants (this node included) of the given type, in source order. */
    public List<Node> find(String type) {
        return find(n -> n.is(type));
    }

    /** The nearest ancestor (not this node) of the given type, or null. */
    public Node ancestor(String type) {
        for (Node p = parent(); p != null; p = p.parent()) {
            if (p.is(type)) {
                return p;
            }
        }
        return null;
    }

    /** Whether {@code other} is this node or lies inside it. */
    public boolean contains(Node other) {
        return other.tree == tree && other.index >= index && other.index < tree.subtreeEnd(index);
    }

    @Override
    public String toString() {
        return type() + "@" + where();
    }
}
