package dev.prodaudit.repo.kube;

import dev.prodaudit.repo.kube.GoTemplate.Command;
import dev.prodaudit.repo.kube.GoTemplate.Expr;
import dev.prodaudit.repo.kube.GoTemplate.Field;
import dev.prodaudit.repo.kube.GoTemplate.Literal;
import dev.prodaudit.repo.kube.GoTemplate.Part;
import dev.prodaudit.repo.kube.GoTemplate.Pipeline;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.emitter.Emitter;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.serializer.Serializer;

/**
 * Renders Helm templates with the common subset of Go templates and Sprig: value lookups, {@code .Release} and
 * {@code .Chart}, {@code default}, {@code quote}, {@code toYaml}, {@code nindent}/{@code indent}, {@code include}
 * of defined helpers, {@code if}/{@code with}/{@code range}, variables, comparisons and string helpers. What is
 * outside the subset is never guessed: a value that cannot be evaluated prints a placeholder whose reason names
 * the construct and its template line, and a condition that cannot be evaluated marks the whole template
 * undecided. Each output line remembers the template line that produced it.
 */
final class TemplateEvaluator {

    /** Too deep an include chain is a recursive helper: stop rather than overflow. */
    private static final int MAX_DEPTH = 32;
    /** Bounds output so a range over a huge value cannot exhaust memory. */
    private static final int MAX_OUTPUT = 4 * 1024 * 1024;

    /** A part outside the subset; {@code construct} says which. */
    static final class Unevaluable extends RuntimeException {
        Unevaluable(String construct) {
            super(construct, null, false, false);
        }
    }

    /** Rendered text, and for each of its lines the template line it came from. */
    static final class Output {
        final StringBuilder text = new StringBuilder();
        final List<Integer> sources = new ArrayList<>();
        private boolean lineStart = true;

        void append(String s, int line, boolean advance) {
            int current = line;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (lineStart) {
                    sources.add(current);
                    lineStart = false;
                }
                text.append(c);
                if (c == '\n') {
                    lineStart = true;
                    if (advance) {
                        current++;
                    }
                }
            }
            if (text.length() > MAX_OUTPUT) {
                throw new Unevaluable("output longer than " + MAX_OUTPUT + " characters");
            }
        }

        /** The template line behind a 1-based output line (0 when unknown). */
        int source(int outputLine) {
            return outputLine >= 1 && outputLine <= sources.size() ? sources.get(outputLine - 1) : 0;
        }
    }

    private final Map<String, List<Part>> defines;
    private final Map<String, Object> root;
    private final Map<String, String> placeholders;
    private final List<String> undecided = new ArrayList<>();
    private String file;

    /** {@code placeholders} is shared by the templates of one chart: placeholder text to its reason. */
    TemplateEvaluator(Map<String, List<Part>> defines, Map<String, Object> root, Map<String, String> placeholders) {
        this.defines = defines;
        this.root = root;
        this.placeholders = placeholders;
    }

    /** Renders one template; {@code file} is how reasons name it. Returns the output; see {@link #undecided()}. */
    Output render(GoTemplate template, String file) {
        this.file = file;
        undecided.clear();
        Output out = new Output();
        try {
            parts(template.parts, root, new HashMap<>(Map.of("$", root)), out, 0);
        } catch (Unevaluable e) {
            undecided.add(reason(e.getMessage(), 0));
        }
        return out;
    }

    /** Reasons that make every workload of the last rendered template undecided (an undecidable branch). */
    List<String> undecided() {
        return List.copyOf(undecided);
    }

    private String reason(String construct, int line) {
        return "helm template: " + construct + " at " + file + (line > 0 ? ":" + line : "") + " not evaluated";
    }

    private void parts(List<Part> parts, Object dot, Map<String, Object> vars, Output out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Unevaluable("templates nested more than " + MAX_DEPTH + " deep");
        }
        for (Part part : parts) {
            part(part, dot, vars, out, depth);
        }
    }

    private void part(Part part, Object dot, Map<String, Object> vars, Output out, int depth) {
        if (part instanceof GoTemplate.Text t) {
            out.append(t.text(), t.line(), true);
        } else if (part instanceof GoTemplate.Action a) {
            action(a, dot, vars, out, depth);
        } else if (part instanceof GoTemplate.If i) {
            List<Part> chosen = i.otherwise();
            for (int k = 0; k < i.conditions().size(); k++) {
                Boolean truth = condition(i.conditions().get(k), dot, vars, i.line(), depth);
                if (truth == null) {
                    return;
                }
                if (truth) {
                    chosen = i.bodies().get(k);
                    break;
                }
            }
            parts(chosen, dot, new HashMap<>(vars), out, depth);
        } else if (part instanceof GoTemplate.With w) {
            Object value;
            try {
                value = eval(w.value(), dot, vars, depth);
            } catch (Unevaluable e) {
                undecided.add(reason(e.getMessage(), w.line()));
                return;
            }
            if (truthy(value)) {
                parts(w.body(), value, new HashMap<>(vars), out, depth);
            } else {
                parts(w.otherwise(), dot, new HashMap<>(vars), out, depth);
            }
        } else if (part instanceof GoTemplate.Range r) {
            range(r, dot, vars, out, depth);
        } else if (part instanceof GoTemplate.Call c) {
            List<Part> body = defines.get(c.name());
            if (body == null) {
                undecided.add(reason("template \"" + c.name() + "\" (not defined)", c.line()));
                return;
            }
            Object argument = eval(c.argument(), dot, vars, depth);
            Output inner = new Output();
            parts(body, argument, new HashMap<>(Map.of("$", argument == null ? root : argument)), inner, depth + 1);
            out.append(inner.text.toString(), c.line(), false);
        } else if (part instanceof GoTemplate.Unsupported u) {
            undecided.add(reason(u.construct(), u.line()));
        }
    }

    private Boolean condition(Expr e, Object dot, Map<String, Object> vars, int line, int depth) {
        try {
            return truthy(eval(e, dot, vars, depth));
        } catch (Unevaluable x) {
            undecided.add(reason(x.getMessage(), line));
            return null;
        }
    }

    private void action(GoTemplate.Action a, Object dot, Map<String, Object> vars, Output out, int depth) {
        try {
            Object value = eval(a.pipeline(), dot, vars, depth);
            if (a.assign() != null) {
                vars.put(a.assign(), value);
                return;
            }
            out.append(print(value), a.line(), false);
        } catch (Unevaluable e) {
            if (a.assign() != null) {
                vars.put(a.assign(), placeholder(reason(e.getMessage(), a.line())));
                return;
            }
            out.append(indented(a.pipeline(), placeholder(reason(e.getMessage(), a.line()))), a.line(), false);
        }
    }

    /** A placeholder where a value could not be evaluated, indented as its nindent/indent would have been. */
    private static String indented(Expr pipeline, String placeholder) {
        if (pipeline instanceof Pipeline p && p.commands().get(p.commands().size() - 1) instanceof Command c
                && c.function() != null && c.arguments().size() == 1 && c.arguments().get(0) instanceof Literal l
                && l.value() instanceof Long n && n >= 0 && n < 200) {
            String pad = " ".repeat(n.intValue());
            if (c.function().equals("nindent")) {
                return "\n" + pad + placeholder;
            }
            if (c.function().equals("indent")) {
                return pad + placeholder;
            }
        }
        return placeholder;
    }

    private String placeholder(String reason) {
        String key = "__prodaudit_unevaluated_" + placeholders.size() + "__";
        placeholders.put(key, reason);
        return key;
    }

    private void range(GoTemplate.Range r, Object dot, Map<String, Object> vars, Output out, int depth) {
        Object over;
        try {
            over = eval(r.over(), dot, vars, depth);
        } catch (Unevaluable e) {
            undecided.add(reason(e.getMessage(), r.line()));
            return;
        }
        List<Object[]> items = new ArrayList<>();
        if (over instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                items.add(new Object[] {(long) i, list.get(i)});
            }
        } else if (over instanceof Map<?, ?> map) {
            new TreeMap<>(stringKeys(map)).forEach((k, v) -> items.add(new Object[] {k, v}));
        } else if (over != null) {
            undecided.add(reason("range over " + kind(over), r.line()));
            return;
        }
        if (items.isEmpty()) {
            parts(r.otherwise(), dot, new HashMap<>(vars), out, depth);
            return;
        }
        for (Object[] item : items) {
            Map<String, Object> scope = new HashMap<>(vars);
            if (r.keyVar() != null) {
                scope.put(r.keyVar(), item[0]);
            }
            if (r.valueVar() != null) {
                scope.put(r.valueVar(), item[1]);
            }
            parts(r.body(), item[1], scope, out, depth);
        }
    }

    // ---- expressions --------------------------------------------------------------------------------------

    private Object eval(Expr e, Object dot, Map<String, Object> vars, int depth) {
        if (e instanceof Pipeline p) {
            Object value = null;
            boolean piped = false;
            for (Expr command : p.commands()) {
                value = command((Command) command, dot, vars, depth, piped, value);
                piped = true;
            }
            return value;
        }
        if (e instanceof Command c) {
            return command(c, dot, vars, depth, false, null);
        }
        if (e instanceof Field f) {
            return field(f, dot, vars);
        }
        if (e instanceof Literal l) {
            return l.value();
        }
        throw new Unevaluable(((GoTemplate.Unknown) e).construct());
    }

    private Object command(Command c, Object dot, Map<String, Object> vars, int depth, boolean piped, Object input) {
        List<Object> args = new ArrayList<>();
        if (c.function() == null) {
            if (c.arguments().size() != 1 || piped) {
                throw new Unevaluable("a method call");
            }
            return eval(c.arguments().get(0), dot, vars, depth);
        }
        for (Expr a : c.arguments()) {
            args.add(eval(a, dot, vars, depth));
        }
        if (piped) {
            args.add(input);
        }
        return function(c.function(), args, depth);
    }

    private Object field(Field f, Object dot, Map<String, Object> vars) {
        Object base;
        if (f.variable() == null) {
            base = dot;
        } else if (vars.containsKey(f.variable())) {
            base = vars.get(f.variable());
        } else {
            throw new Unevaluable("the undefined variable " + f.variable());
        }
        for (String key : f.path()) {
            if (base == root && !root.containsKey(key)) {
                throw new Unevaluable("." + String.join(".", f.path()));
            }
            if (base == null) {
                return null;
            }
            if (!(base instanceof Map<?, ?> map)) {
                throw new Unevaluable("the field ." + key + " of " + kind(base));
            }
            base = map.get(key);
        }
        return base;
    }

    private Object function(String name, List<Object> a, int depth) {
        switch (name) {
            case "default" -> {
                need(name, a, 1);
                Object value = a.size() > 1 ? a.get(a.size() - 1) : null;
                return truthy(value) ? value : a.get(0);
            }
            case "quote", "squote" -> {
                String q = name.equals("quote") ? "\"" : "'";
                List<String> quoted = new ArrayList<>();
                for (Object v : a) {
                    if (v != null) {
                        String s = print(v);
                        quoted.add(q + (name.equals("quote") ? s.replace("\\", "\\\\").replace("\"", "\\\"") : s) + q);
                    }
                }
                return String.join(" ", quoted);
            }
            case "toYaml" -> {
                need(name, a, 1);
                return toYaml(a.get(0));
            }
            case "nindent", "indent" -> {
                need(name, a, 2);
                String pad = " ".repeat((int) Math.max(0, Math.min(200, number(a.get(0)))));
                String s = pad + print(a.get(1)).replace("\n", "\n" + pad);
                return name.equals("nindent") ? "\n" + s : s;
            }
            case "include" -> {
                need(name, a, 2);
                String template = print(a.get(0));
                List<Part> body = defines.get(template);
                if (body == null) {
                    throw new Unevaluable("include \"" + template + "\" (not defined)");
                }
                Output inner = new Output();
                Object context = a.get(1);
                parts(body, context, new HashMap<>(Map.of("$", context == null ? root : context)), inner, depth + 1);
                return inner.text.toString();
            }
            case "trunc" -> {
                need(name, a, 2);
                String s = print(a.get(1));
                int n = (int) number(a.get(0));
                return n >= 0 ? s.substring(0, Math.min(n, s.length())) : s.substring(Math.max(0, s.length() + n));
            }
            case "trimSuffix" -> {
                need(name, a, 2);
                String s = print(a.get(1));
                String suffix = print(a.get(0));
                return !suffix.isEmpty() && s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
            }
            case "trimPrefix" -> {
                need(name, a, 2);
                String s = print(a.get(1));
                String prefix = print(a.get(0));
                return !prefix.isEmpty() && s.startsWith(prefix) ? s.substring(prefix.length()) : s;
            }
            case "trim" -> {
                need(name, a, 1);
                return print(a.get(0)).strip();
            }
            case "replace" -> {
                need(name, a, 3);
                return print(a.get(2)).replace(print(a.get(0)), print(a.get(1)));
            }
            case "upper" -> {
                need(name, a, 1);
                return print(a.get(0)).toUpperCase(Locale.ROOT);
            }
            case "lower" -> {
                need(name, a, 1);
                return print(a.get(0)).toLowerCase(Locale.ROOT);
            }
            case "toString" -> {
                need(name, a, 1);
                return print(a.get(0));
            }
            case "printf" -> {
                need(name, a, 1);
                return printf(print(a.get(0)), a.subList(1, a.size()));
            }
            case "print" -> {
                StringBuilder b = new StringBuilder();
                a.forEach(v -> b.append(print(v)));
                return b.toString();
            }
            case "not" -> {
                need(name, a, 1);
                return !truthy(a.get(0));
            }
            case "and" -> {
                need(name, a, 1);
                for (Object v : a) {
                    if (!truthy(v)) {
                        return v;
                    }
                }
                return a.get(a.size() - 1);
            }
            case "or" -> {
                need(name, a, 1);
                for (Object v : a) {
                    if (truthy(v)) {
                        return v;
                    }
                }
                return a.get(a.size() - 1);
            }
            case "eq" -> {
                need(name, a, 2);
                for (Object v : a.subList(1, a.size())) {
                    if (same(a.get(0), v)) {
                        return true;
                    }
                }
                return false;
            }
            case "ne" -> {
                need(name, a, 2);
                return !same(a.get(0), a.get(1));
            }
            case "lt", "le", "gt", "ge" -> {
                need(name, a, 2);
                double x = number(a.get(0));
                double y = number(a.get(1));
                return switch (name) {
                    case "lt" -> x < y;
                    case "le" -> x <= y;
                    case "gt" -> x > y;
                    default -> x >= y;
                };
            }
            case "empty" -> {
                need(name, a, 1);
                return !truthy(a.get(0));
            }
            case "required" -> {
                need(name, a, 2);
                if (a.get(1) == null) {
                    throw new Unevaluable("required value missing (" + print(a.get(0)) + ")");
                }
                return a.get(1);
            }
            case "contains" -> {
                need(name, a, 2);
                return print(a.get(1)).contains(print(a.get(0)));
            }
            case "hasPrefix" -> {
                need(name, a, 2);
                return print(a.get(1)).startsWith(print(a.get(0)));
            }
            case "hasSuffix" -> {
                need(name, a, 2);
                return print(a.get(1)).endsWith(print(a.get(0)));
            }
            case "int", "int64" -> {
                need(name, a, 1);
                return (long) number(a.get(0));
            }
            case "list" -> {
                return new ArrayList<>(a);
            }
            case "ternary" -> {
                need(name, a, 3);
                return truthy(a.get(2)) ? a.get(0) : a.get(1);
            }
            case "coalesce" -> {
                for (Object v : a) {
                    if (truthy(v)) {
                        return v;
                    }
                }
                return null;
            }
            default -> throw new Unevaluable("the function '" + name + "'");
        }
    }

    private static void need(String name, List<Object> args, int count) {
        if (args.size() < count) {
            throw new Unevaluable("'" + name + "' with " + args.size() + " argument(s)");
        }
    }

    private static String printf(String format, List<Object> args) {
        StringBuilder b = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                b.append(c);
                continue;
            }
            char verb = format.charAt(++i);
            if (verb == '%') {
                b.append('%');
            } else if ((verb == 's' || verb == 'd' || verb == 'v') && next < args.size()) {
                b.append(print(args.get(next++)));
            } else {
                throw new Unevaluable("printf verb %" + verb);
            }
        }
        return b.toString();
    }

    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        return true;
    }

    private static boolean same(Object x, Object y) {
        if (x instanceof Number a && y instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return x == null ? y == null : x.equals(y);
    }

    private static double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                throw new Unevaluable("the number '" + s + "'");
            }
        }
        if (v == null) {
            return 0;
        }
        throw new Unevaluable("a number from " + kind(v));
    }

    static String print(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        if (v instanceof Map<?, ?> || v instanceof Collection<?>) {
            throw new Unevaluable("printing " + kind(v) + " without toYaml");
        }
        return v.toString();
    }

    private static String kind(Object v) {
        return v instanceof Map<?, ?> ? "a map" : v instanceof Collection<?> ? "a list" : v instanceof String ? "a string"
                : v instanceof Number ? "a number" : v instanceof Boolean ? "a boolean" : "a value";
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    /** YAML block style, as Helm's toYaml writes it (no trailing newline; an empty map is {}). */
    static String toYaml(Object value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        // Nodes go straight to SnakeYAML's serializer and emitter, which quote what needs quoting; its Representer
        // would only build the same nodes, at the price of loading its constructors and java.util.logging.
        java.io.StringWriter text = new java.io.StringWriter();
        Serializer serializer = new Serializer(new Emitter(text, options), new Resolver(), options, null);
        try {
            serializer.open();
            serializer.serialize(node(value));
            serializer.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
        }
        String out = text.toString();
        while (out.endsWith("\n")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /** The node SnakeYAML's Representer would make of a plain value, in block style. */
    private static Node node(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<NodeTuple> tuples = new ArrayList<>(map.size());
            map.forEach((k, v) -> tuples.add(new NodeTuple(node(k), node(v))));
            return new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.BLOCK);
        }
        if (value instanceof Collection<?> list) {
            List<Node> items = new ArrayList<>(list.size());
            list.forEach(i -> items.add(node(i)));
            return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
        }
        if (value == null) {
            return scalar(Tag.NULL, "null", DumperOptions.ScalarStyle.PLAIN);
        }
        if (value instanceof Boolean b) {
            return scalar(Tag.BOOL, b.toString(), DumperOptions.ScalarStyle.PLAIN);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            String written = Double.isNaN(d) ? ".NaN" : d == Double.POSITIVE_INFINITY ? ".inf"
                    : d == Double.NEGATIVE_INFINITY ? "-.inf" : value.toString();
            return scalar(Tag.FLOAT, written, DumperOptions.ScalarStyle.PLAIN);
        }
        if (value instanceof Number n) {
            return scalar(Tag.INT, n.toString(), DumperOptions.ScalarStyle.PLAIN);
        }
        String s = value.toString();
        boolean multiline = s.indexOf('\n') >= 0 || s.indexOf('\u0085') >= 0 || s.indexOf('\u2028') >= 0
                || s.indexOf('\u2029') >= 0;
        return scalar(Tag.STR, s, multiline ? DumperOptions.ScalarStyle.LITERAL : DumperOptions.ScalarStyle.PLAIN);
    }

    private static ScalarNode scalar(Tag tag, String value, DumperOptions.ScalarStyle style) {
        return new ScalarNode(tag, value, null, null, style);
    }
}
