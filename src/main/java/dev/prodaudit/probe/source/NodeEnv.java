package dev.prodaudit.probe.source;

import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import java.util.List;
import java.util.Optional;

/**
 * Which code runs when {@code NODE_ENV} is {@code production}: conditions that test NODE_ENV (directly, through a
 * constant such as {@code const isProd = process.env.NODE_ENV === 'production'}, or a config property) decided for
 * production, and the branches they skip there. The deployment's NODE_ENV itself is the app.node-env check's
 * concern; here "in production" means the code path the app takes once it is set.
 */
final class NodeEnv {
    private static final int MAX_DEPTH = 8;
    private static final String PRODUCTION = "production";

    private final Resolver resolver;

    NodeEnv(Resolver resolver) {
        this.resolver = resolver;
    }

    /** The condition's truth when NODE_ENV is production; empty when NODE_ENV alone does not decide it. */
    Optional<Boolean> inProduction(Module module, Node condition) {
        return truth(module, condition, 0);
    }

    /**
     * Whether production skips {@code node}: it lies in a branch of a ternary, {@code if}, {@code &&} or {@code ||}
     * that a NODE_ENV test rules out, or after an {@code if (production) return ...} in its block. Only the
     * ancestors below {@code top} are looked at (null: up to the module's root).
     */
    boolean skippedInProduction(Module module, Node node, Node top) {
        Node child = node;
        for (Node p = node.parent(); p != null && !p.equals(top); child = p, p = p.parent()) {
            switch (p.type()) {
                case "ternary_expression" -> {
                    if (branchSkipped(module, p.child("condition"), p, child)) {
                        return true;
                    }
                }
                case "if_statement" -> {
                    if (branchSkipped(module, p.child("condition"), p, child)) {
                        return true;
                    }
                }
                case "binary_expression" -> {
                    String op = operator(p);
                    Node left = p.child("left");
                    if (child.equals(p.child("right")) && left != null) {
                        Optional<Boolean> l = truth(module, left, 0);
                        if (op.equals("&&") && l.equals(Optional.of(false))
                                || op.equals("||") && l.equals(Optional.of(true))) {
                            return true;
                        }
                    }
                }
                case "statement_block", "program", "switch_case" -> {
                    if (returnedBefore(module, p, child)) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }

    /** Whether a branch of a conditional ({@code child} on the path to it) is the one production does not take. */
    private boolean branchSkipped(Module module, Node condition, Node conditional, Node child) {
        if (condition == null || child.equals(condition)) {
            return false;
        }
        Optional<Boolean> truth = truth(module, condition, 0);
        if (truth.isEmpty()) {
            return false;
        }
        boolean inConsequence = child.equals(conditional.child("consequence"));
        boolean inAlternative = child.equals(conditional.child("alternative"));
        return inConsequence && !truth.get() || inAlternative && truth.get();
    }

    /** A node and the module it is written in. */
    record Located(Module module, Node node) {
    }

    /**
     * The nodes an expression is made of in production: its own nodes outside branches production skips, and, for
     * each name in them bound to a value in the application's code ({@code format: logFormat},
     * {@code { transport }}), the nodes of that value, the same way (a few names deep).
     */
    List<Located> productionNodes(Module module, Node expression) {
        List<Located> out = new java.util.ArrayList<>();
        spread(module, expression, out, new java.util.HashSet<>(), 0, true);
        return out;
    }

    /** As {@link #productionNodes}, every branch included: what the code holds for any NODE_ENV. */
    List<Located> allNodes(Module module, Node expression) {
        List<Located> out = new java.util.ArrayList<>();
        spread(module, expression, out, new java.util.HashSet<>(), 0, false);
        return out;
    }

    private void spread(Module module, Node expression, List<Located> out, java.util.Set<Node> seen, int depth,
                        boolean production) {
        if (expression == null || depth > 4 || !seen.add(expression)) {
            return;
        }
        expression.walk(n -> {
            if (production && skippedInProduction(module, n, null)) {
                return;
            }
            out.add(new Located(module, n));
            boolean name = n.is("identifier") && !"property".equals(n.field()) && !"key".equals(n.field())
                    || n.is("shorthand_property_identifier");
            if (name) {
                Resolver.Origin origin = resolver.resolve(module, n);
                if (origin instanceof Resolver.Origin.Defined d && !d.node().equals(n) && !d.node().contains(n)
                        && !n.contains(d.node()) && !d.node().is("function_declaration")
                        && !d.node().is("class_declaration")
                        && !(production && skippedInProduction(d.module(), d.node(), null))) {
                    spread(d.module(), d.node(), out, seen, depth + 1, production);
                }
            }
        });
    }

    /** Whether an earlier statement of {@code block} ends the path in production: {@code if (prod) return ...;}. */
    private boolean returnedBefore(Module module, Node block, Node child) {
        for (Node statement : block.namedChildren()) {
            if (statement.equals(child)) {
                return false;
            }
            if (statement.is("if_statement") && statement.child("alternative") == null
                    && exits(statement.child("consequence"))
                    && truth(module, statement.child("condition"), 0).equals(Optional.of(true))) {
                return true;
            }
        }
        return false;
    }

    private static boolean exits(Node statement) {
        if (statement == null) {
            return false;
        }
        if (statement.is("return_statement") || statement.is("throw_statement")) {
            return true;
        }
        if (statement.is("statement_block")) {
            List<Node> inner = statement.namedChildren();
            return !inner.isEmpty() && exits(inner.get(inner.size() - 1));
        }
        return false;
    }

    private Optional<Boolean> truth(Module module, Node e, int depth) {
        if (e == null || depth > MAX_DEPTH) {
            return Optional.empty();
        }
        switch (e.type()) {
            case "parenthesized_expression" -> {
                List<Node> inner = e.namedChildren();
                return inner.isEmpty() ? Optional.empty() : truth(module, inner.get(inner.size() - 1), depth + 1);
            }
            case "unary_expression" -> {
                if (operator(e).equals("!")) {
                    return truth(module, e.child("argument"), depth + 1).map(b -> !b);
                }
                return Optional.empty();
            }
            case "binary_expression" -> {
                return binary(module, e, depth);
            }
            case "call_expression" -> {
                return includes(module, e, depth);
            }
            case "identifier", "member_expression" -> {
                if (nodeEnv(module, e, depth)) {
                    return Optional.of(true); // 'production' is a non-empty string
                }
                Resolver.Origin origin = resolver.resolve(module, e);
                if (origin instanceof Resolver.Origin.Defined d && !d.node().equals(e)
                        && !d.node().is("function_declaration") && !d.node().is("class_declaration")) {
                    return truth(d.module(), d.node(), depth + 1);
                }
                return Optional.empty();
            }
            case "true" -> {
                return Optional.of(true);
            }
            case "false" -> {
                return Optional.of(false);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private Optional<Boolean> binary(Module module, Node e, int depth) {
        String op = operator(e);
        Node left = e.child("left");
        Node right = e.child("right");
        switch (op) {
            case "===", "==", "!==", "!=" -> {
                String literal = null;
                if (nodeEnv(module, left, depth) && isString(right)) {
                    literal = string(right);
                } else if (nodeEnv(module, right, depth) && isString(left)) {
                    literal = string(left);
                }
                if (literal == null) {
                    return Optional.empty();
                }
                boolean equal = literal.equals(PRODUCTION);
                return Optional.of(op.startsWith("!") != equal);
            }
            case "&&" -> {
                Optional<Boolean> l = truth(module, left, depth + 1);
                Optional<Boolean> r = truth(module, right, depth + 1);
                if (l.equals(Optional.of(false)) || r.equals(Optional.of(false))) {
                    return Optional.of(false);
                }
                return l.isPresent() && r.isPresent() ? Optional.of(true) : Optional.empty();
            }
            case "||" -> {
                Optional<Boolean> l = truth(module, left, depth + 1);
                Optional<Boolean> r = truth(module, right, depth + 1);
                if (l.equals(Optional.of(true)) || r.equals(Optional.of(true))) {
                    return Optional.of(true);
                }
                return l.isPresent() && r.isPresent() ? Optional.of(false) : Optional.empty();
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** {@code ['production', 'staging'].includes(process.env.NODE_ENV)}. */
    private Optional<Boolean> includes(Module module, Node call, int depth) {
        Node function = call.child("function");
        Node args = call.child("arguments");
        if (function == null || !function.is("member_expression") || args == null
                || args.namedChildren().size() != 1 || !"includes".equals(text(function.child("property")))
                || !nodeEnv(module, args.namedChildren().get(0), depth)) {
            return Optional.empty();
        }
        Node list = function.child("object");
        if (list == null || !list.is("array") || !list.namedChildren().stream().allMatch(NodeEnv::isString)) {
            return Optional.empty();
        }
        return Optional.of(list.namedChildren().stream().anyMatch(s -> PRODUCTION.equals(string(s))));
    }

    /** Whether the expression is NODE_ENV's value: {@code process.env.NODE_ENV}, with a default, or a name for it. */
    private boolean nodeEnv(Module module, Node e, int depth) {
        if (e == null || depth > MAX_DEPTH) {
            return false;
        }
        String compact = e.text().replaceAll("\\s+", "");
        if (compact.equals("process.env.NODE_ENV") || compact.equals("process.env['NODE_ENV']")
                || compact.equals("process.env[\"NODE_ENV\"]")) {
            return true;
        }
        if (e.is("parenthesized_expression") && !e.namedChildren().isEmpty()) {
            return nodeEnv(module, e.namedChildren().get(0), depth + 1);
        }
        if (e.is("binary_expression") && (operator(e).equals("||") || operator(e).equals("??"))) {
            return nodeEnv(module, e.child("left"), depth + 1); // set in production, so the default does not apply
        }
        if (e.is("identifier") || e.is("member_expression")) {
            Resolver.Origin origin = resolver.resolve(module, e);
            return origin instanceof Resolver.Origin.Defined d && !d.node().equals(e)
                    && nodeEnv(d.module(), d.node(), depth + 1);
        }
        return false;
    }

    private static boolean isString(Node n) {
        return string(n) != null;
    }

    private static String string(Node n) {
        if (n == null || !(n.is("string") || n.is("template_string"))) {
            return null;
        }
        String t = n.text();
        return t.length() >= 2 ? t.substring(1, t.length() - 1) : null;
    }

    static String operator(Node e) {
        Node op = e.child("operator");
        return op == null ? "" : op.text();
    }

    private static String text(Node n) {
        return n == null ? null : n.text();
    }
}
