package dev.prodaudit.source;

import java.util.List;

/**
 * Evaluates the constant part of expressions: literals, arithmetic ({@code 15 * 60 * 1000}), names bound to
 * constants (followed across imports), {@code process.env.X} with its {@code ??}/{@code ||} default, and the
 * numeric conversions code wraps them in ({@code Number()}, {@code parseInt()}, {@code parseFloat()}, unary
 * {@code +}). Anything else is {@link Value.Unknown}, with the reason.
 */
public final class Values {
    private static final int MAX_DEPTH = 24;
    private final Resolver resolver;

    public Values(Resolver resolver) {
        this.resolver = resolver;
    }

    public Value eval(Module module, Node e) {
        return eval(module, e, 0);
    }

    private Value eval(Module module, Node e, int depth) {
        if (e == null) {
            return new Value.Unknown("nothing");
        }
        if (depth > MAX_DEPTH) {
            return new Value.Unknown("too deep");
        }
        switch (e.type()) {
            case "number" -> {
                return number(e.text());
            }
            case "string", "template_string" -> {
                String s = Bindings.stringValue(e);
                return s == null ? new Value.Unknown("a string built at run time: " + e.text()) : new Value.Text(s);
            }
            case "true" -> {
                return new Value.Bool(true);
            }
            case "false" -> {
                return new Value.Bool(false);
            }
            case "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression" -> {
                List<Node> inner = e.namedChildren();
                return inner.isEmpty() ? new Value.Unknown("empty") : eval(module, inner.get(0), depth + 1);
            }
            case "unary_expression" -> {
                return unary(module, e, depth);
            }
            case "binary_expression" -> {
                return binary(module, e, depth);
            }
            case "call_expression" -> {
                return call(module, e, depth);
            }
            case "member_expression", "subscript_expression" -> {
                String env = envVariable(e);
                if (env != null) {
                    return new Value.FromEnv(env, null, false);
                }
                return follow(module, e, depth);
            }
            case "identifier" -> {
                return follow(module, e, depth);
            }
            default -> {
                return new Value.Unknown(e.text().length() > 60 ? e.type() : e.text());
            }
        }
    }

    /** A name or property: the value of what it is bound to. */
    private Value follow(Module module, Node e, int depth) {
        Resolver.Origin origin = resolver.resolve(module, e);
        if (origin instanceof Resolver.Origin.Defined d && !d.node().equals(e)
                && !d.node().is("function_declaration") && !d.node().is("class_declaration")) {
            return eval(d.module(), d.node(), depth + 1);
        }
        if (origin instanceof Resolver.Origin.Unknown u) {
            return new Value.Unknown(e.text() + ": " + u.why());
        }
        return new Value.Unknown(e.text() + " is not a constant");
    }

    /** {@code process.env.NAME} or {@code process.env['NAME']}: the variable's name, else null. */
    static String envVariable(Node e) {
        Node object = e.child("object");
        if (object == null || !object.text().replaceAll("\\s+", "").equals("process.env")) {
            return null;
        }
        if (e.is("member_expression")) {
            Node property = e.child("property");
            return property == null ? null : property.text();
        }
        return Bindings.stringValue(e.child("index"));
    }

    private Value unary(Module module, Node e, int depth) {
        Node operator = e.child("operator");
        Value operand = eval(module, e.child("argument"), depth + 1);
        String op = operator == null ? "" : operator.text();
        return switch (op) {
            case "+" -> numeric(operand);
            case "-" -> operand.number().<Value>map(n -> new Value.Number(-n)).orElse(new Value.Unknown(e.text()));
            case "!" -> operand.truthy().<Value>map(b -> new Value.Bool(!b)).orElse(new Value.Unknown(e.text()));
            default -> new Value.Unknown(e.text());
        };
    }

    private Value binary(Module module, Node e, int depth) {
        Node operator = e.child("operator");
        String op = operator == null ? "" : operator.text();
        Value left = eval(module, e.child("left"), depth + 1);
        Value right = eval(module, e.child("right"), depth + 1);
        if ((op.equals("??") || op.equals("||")) && left instanceof Value.FromEnv env && env.fallback() == null) {
            return new Value.FromEnv(env.variable(), right, env.numeric(), env.scale());
        }
        if (op.equals("??")) {
            return left; // a constant on the left is never null: it is the value; an unknown one stays unknown
        }
        if (op.equals("||")) {
            return left.truthy().map(t -> t ? left : right).orElse(new Value.Unknown(e.text()));
        }
        if (op.equals("+") && (left instanceof Value.Text || right instanceof Value.Text)) {
            if (left instanceof Value.Unknown || right instanceof Value.Unknown
                    || left instanceof Value.FromEnv || right instanceof Value.FromEnv) {
                return new Value.Unknown("a string built at run time: " + e.text());
            }
            return new Value.Text(plain(left) + plain(right));
        }
        if (left.number().isPresent() && right.number().isPresent()) {
            double a = left.number().get();
            double b = right.number().get();
            return switch (op) {
                case "+" -> new Value.Number(a + b);
                case "-" -> new Value.Number(a - b);
                case "*" -> new Value.Number(a * b);
                case "/" -> new Value.Number(a / b);
                case "%" -> new Value.Number(a % b);
                case "**" -> new Value.Number(Math.pow(a, b));
                default -> new Value.Unknown(e.text());
            };
        }
        // An env value with arithmetic around it (Number(process.env.X) * 60 * 1000): keep the variable and
        // apply the arithmetic to its default, so "from env X, default 900000" stays judgeable.
        if (left instanceof Value.FromEnv env && right.number().isPresent()) {
            return scaled(env, op, right.number().get(), e);
        }
        return new Value.Unknown(e.text());
    }

    private static Value scaled(Value.FromEnv env, String op, double by, Node e) {
        if (!(op.equals("*") || op.equals("/")) || by == 0) {
            return new Value.Unknown(e.text());
        }
        double factor = op.equals("*") ? by : 1 / by;
        Value fallback = env.fallback() == null ? null : env.fallback().number()
                .<Value>map(n -> new Value.Number(n * factor)).orElse(env.fallback());
        return new Value.FromEnv(env.variable(), fallback, true, env.scale() * factor);
    }

    private static String plain(Value v) {
        return v instanceof Value.Text t ? t.value() : v.toString();
    }

    private Value call(Module module, Node e, int depth) {
        Node function = e.child("function");
        Node args = e.child("arguments");
        List<Node> arguments = args == null ? List.of() : args.namedChildren();
        String name = function == null ? "" : function.text().replaceAll("\\s+", "");
        if ((name.equals("Number") || name.equals("parseInt") || name.equals("parseFloat")
                || name.equals("Number.parseInt") || name.equals("Number.parseFloat")) && !arguments.isEmpty()) {
            return numeric(eval(module, arguments.get(0), depth + 1));
        }
        if (name.equals("String") && !arguments.isEmpty()) {
            return eval(module, arguments.get(0), depth + 1);
        }
        return new Value.Unknown("the result of " + (name.isEmpty() ? "a call" : name + "()"));
    }

    private static Value numeric(Value v) {
        if (v instanceof Value.FromEnv env) {
            Value fallback = env.fallback() == null ? null : numeric(env.fallback());
            return new Value.FromEnv(env.variable(), fallback, true, env.scale());
        }
        if (v instanceof Value.Text t) {
            return number(t.value().strip());
        }
        if (v instanceof Value.Bool b) {
            return new Value.Number(b.value() ? 1 : 0);
        }
        return v;
    }

    private static Value number(String text) {
        String t = text.replace("_", "").strip();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return new Value.Number(Long.parseLong(t.substring(2), 16));
            }
            if (t.startsWith("0b") || t.startsWith("0B")) {
                return new Value.Number(Long.parseLong(t.substring(2), 2));
            }
            if (t.startsWith("0o") || t.startsWith("0O")) {
                return new Value.Number(Long.parseLong(t.substring(2), 8));
            }
            if (t.endsWith("n")) {
                t = t.substring(0, t.length() - 1);
            }
            return new Value.Number(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            return new Value.Unknown("not a number: " + text);
        }
    }
}
