package dev.prodaudit.promql;

import dev.prodaudit.promql.Expr.ValueType;
import dev.prodaudit.promql.Lexer.Kind;
import dev.prodaudit.promql.Lexer.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A hand-written parser for PromQL with the grammar, precedence and type rules of Prometheus 2.x
 * (promql/parser/generated_parser.y and parse.go's checkAST): precedence climbing for the binary operators
 * ({@code or} < {@code and unless} < comparisons < {@code + -} < {@code * / % atan2} < {@code ^}, right-associative,
 * with unary minus between {@code *} and {@code ^}), recursive descent for everything else. Errors name the column.
 */
public final class Parser {
    private static final Set<String> AGGREGATORS = Set.of("sum", "avg", "count", "min", "max", "group", "stddev",
            "stdvar", "topk", "bottomk", "count_values", "quantile");
    private static final Set<String> PARAMETRIC = Set.of("topk", "bottomk", "count_values", "quantile");

    private final String text;
    private final List<Token> tokens;
    private int k;

    private Parser(String text, List<Token> tokens) {
        this.text = text;
        this.tokens = tokens;
    }

    /** Parses one expression, as {@code promtool} and the rule loader do. */
    public static Expr parse(String text) throws PromqlError {
        Parser p = new Parser(text, Lexer.tokens(text));
        if (p.peek().kind() == Kind.EOF) {
            throw new PromqlError(text, 0, "no expression found in input");
        }
        Expr e = p.expr(1);
        if (p.peek().kind() != Kind.EOF) {
            throw p.unexpected("");
        }
        return e;
    }

    private Token peek() {
        return tokens.get(k);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(k + ahead, tokens.size() - 1));
    }

    private Token take() {
        Token t = tokens.get(k);
        if (t.kind() != Kind.EOF) {
            k++;
        }
        return t;
    }

    private Token expect(String op, String where) throws PromqlError {
        if (op.equals(")") && peek().kind() == Kind.EOF) {
            throw unexpected(": unclosed left parenthesis");
        }
        if (!peek().is(op)) {
            throw unexpected(where + ", expected \"" + op + "\"");
        }
        return take();
    }

    private PromqlError unexpected(String where) {
        Token t = peek();
        // The end of input is placed after the last character written, not on a trailing newline.
        int pos = t.kind() == Kind.EOF ? text.stripTrailing().length() : t.pos();
        return error(pos, "unexpected " + t.shown() + where);
    }

    private PromqlError error(int pos, String reason) {
        return new PromqlError(text, pos, reason);
    }

    /** The binary operator at the cursor, or null. */
    private String binaryOperator() {
        Token t = peek();
        if (t.kind() == Kind.OP || t.kind() == Kind.IDENT) {
            String op = t.kind() == Kind.IDENT ? t.text().toLowerCase(java.util.Locale.ROOT) : t.text();
            if (Operators.precedence(op) > 0 && (t.kind() == Kind.OP) == !Set.of("and", "or", "unless", "atan2").contains(op)) {
                return op;
            }
        }
        return null;
    }

    private Expr expr(int minPrec) throws PromqlError {
        Expr lhs = unary();
        while (true) {
            String op = binaryOperator();
            int prec = op == null ? 0 : Operators.precedence(op);
            if (prec == 0 || prec < minPrec) {
                return lhs;
            }
            Token opToken = take();
            boolean returnBool = false;
            if (peek().kind() == Kind.IDENT && peek().text().equalsIgnoreCase("bool")) {
                if (!Operators.COMPARISONS.contains(op)) {
                    throw error(peek().pos(), "bool modifier can only be used on comparison operators");
                }
                take();
                returnBool = true;
            }
            Expr.VectorMatching matching = matching(op, opToken.pos());
            Expr rhs = expr(Operators.rightAssociative(op) ? prec : prec + 1);
            lhs = binary(op, opToken.pos(), lhs, rhs, returnBool, matching);
        }
    }

    private Expr.VectorMatching matching(String op, int opPos) throws PromqlError {
        Token t = peek();
        if (t.kind() != Kind.IDENT || !(t.text().equalsIgnoreCase("on") || t.text().equalsIgnoreCase("ignoring"))) {
            return null;
        }
        take();
        boolean on = t.text().equalsIgnoreCase("on");
        List<String> labels = labelList();
        String group = null;
        List<String> include = List.of();
        Token g = peek();
        if (g.kind() == Kind.IDENT && (g.text().equalsIgnoreCase("group_left") || g.text().equalsIgnoreCase("group_right"))) {
            take();
            if (Operators.SET.contains(op)) {
                throw error(g.pos(), "no grouping allowed for \"" + op + "\" operation");
            }
            group = g.text().toLowerCase(java.util.Locale.ROOT);
            if (peek().is("(")) {
                include = labelList();
            }
            if (on) {
                for (String l : include) {
                    if (labels.contains(l)) {
                        throw error(opPos, "label \"" + l + "\" must not occur in ON and GROUP clause at once");
                    }
                }
            }
        }
        return new Expr.VectorMatching(on, labels, group, include);
    }

    private Expr binary(String op, int pos, Expr lhs, Expr rhs, boolean returnBool, Expr.VectorMatching matching)
            throws PromqlError {
        ValueType l = lhs.type();
        ValueType r = rhs.type();
        boolean operandsOk = (l == ValueType.SCALAR || l == ValueType.VECTOR) && (r == ValueType.SCALAR || r == ValueType.VECTOR);
        if (!operandsOk) {
            throw error(pos, "binary expression must contain only scalar and instant vector types");
        }
        if (Operators.COMPARISONS.contains(op) && !returnBool && l == ValueType.SCALAR && r == ValueType.SCALAR) {
            throw error(pos, "comparisons between scalars must use BOOL modifier");
        }
        if (Operators.SET.contains(op) && (l == ValueType.SCALAR || r == ValueType.SCALAR)) {
            throw error(pos, "set operator \"" + op + "\" not allowed in binary scalar expression");
        }
        if (matching != null && (l == ValueType.SCALAR || r == ValueType.SCALAR)) {
            throw error(pos, "vector matching only allowed between instant vectors");
        }
        return new Expr.Binary(op, lhs, rhs, returnBool, matching, lhs.pos());
    }

    private Expr unary() throws PromqlError {
        Token t = peek();
        if (t.is("-") || t.is("+")) {
            take();
            Expr operand = expr(Operators.UNARY);
            if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.VECTOR) {
                throw error(t.pos(), "unary expression only allowed on expressions of type scalar or instant vector, got \""
                        + operand.type().label() + "\"");
            }
            if (operand instanceof Expr.NumberLiteral n) {
                return new Expr.NumberLiteral(t.is("-") ? -n.value() : n.value(), t.pos());
            }
            return new Expr.Unary(t.text(), operand, t.pos());
        }
        return postfix(primary());
    }

    private Expr postfix(Expr e) throws PromqlError {
        while (true) {
            Token t = peek();
            if (t.is("[")) {
                e = range(e);
            } else if (t.kind() == Kind.IDENT && t.text().equalsIgnoreCase("offset")) {
                take();
                boolean negative = false;
                if (peek().is("-")) {
                    // Prometheus 2.x accepts a negative offset only behind a feature flag; rule files cannot rely on it.
                    throw error(peek().pos(), "negative offsets are not enabled in Prometheus 2.x by default");
                }
                Token d = take();
                if (d.kind() != Kind.DURATION) {
                    k--;
                    throw unexpected(" in offset, expected duration");
                }
                Duration offset = Durations.parse(d.text());
                e = withOffset(e, negative ? offset.negated() : offset, t.pos());
            } else if (t.is("@")) {
                take();
                String at = atValue();
                e = withAt(e, at, t.pos());
            } else {
                return e;
            }
        }
    }

    private String atValue() throws PromqlError {
        Token v = peek();
        if (v.kind() == Kind.IDENT && (v.text().equals("start") || v.text().equals("end")) && peek(1).is("(")
                && peek(2).is(")")) {
            take();
            take();
            take();
            return v.text() + "()";
        }
        String sign = "";
        if (v.is("-") || v.is("+")) {
            sign = take().text();
            v = peek();
        }
        if (v.kind() != Kind.NUMBER) {
            throw unexpected(" in @, expected timestamp");
        }
        take();
        double value = number(v);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw error(v.pos(), "timestamp out of bounds for @ modifier: " + v.text());
        }
        return sign + v.text();
    }

    private Expr withOffset(Expr e, Duration offset, int pos) throws PromqlError {
        if (e instanceof Expr.VectorSelector s) {
            if (s.offset() != null) {
                throw error(pos, "offset may not be set multiple times");
            }
            return new Expr.VectorSelector(s.name(), s.matchers(), offset, s.at(), s.pos());
        }
        if (e instanceof Expr.MatrixSelector m) {
            if (m.selector().offset() != null) {
                throw error(pos, "offset may not be set multiple times");
            }
            Expr.VectorSelector s = m.selector();
            return new Expr.MatrixSelector(new Expr.VectorSelector(s.name(), s.matchers(), offset, s.at(), s.pos()),
                    m.range(), m.pos());
        }
        if (e instanceof Expr.Subquery q) {
            if (q.offset() != null) {
                throw error(pos, "offset may not be set multiple times");
            }
            return new Expr.Subquery(q.expr(), q.range(), q.step(), offset, q.at(), q.pos());
        }
        throw error(pos, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }

    private Expr withAt(Expr e, String at, int pos) throws PromqlError {
        if (e instanceof Expr.VectorSelector s) {
            if (s.at() != null) {
                throw error(pos, "@ <timestamp> may not be set multiple times");
            }
            return new Expr.VectorSelector(s.name(), s.matchers(), s.offset(), at, s.pos());
        }
        if (e instanceof Expr.MatrixSelector m) {
            Expr.VectorSelector s = m.selector();
            if (s.at() != null) {
                throw error(pos, "@ <timestamp> may not be set multiple times");
            }
            return new Expr.MatrixSelector(new Expr.VectorSelector(s.name(), s.matchers(), s.offset(), at, s.pos()),
                    m.range(), m.pos());
        }
        if (e instanceof Expr.Subquery q) {
            if (q.at() != null) {
                throw error(pos, "@ <timestamp> may not be set multiple times");
            }
            return new Expr.Subquery(q.expr(), q.range(), q.step(), q.offset(), at, q.pos());
        }
        throw error(pos, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }

    /** {@code [5m]} after a selector, {@code [30m:1m]} after any instant vector. */
    private Expr range(Expr e) throws PromqlError {
        Token open = take();
        Token d = take();
        if (d.kind() != Kind.DURATION) {
            k--;
            throw unexpected(" in subquery or range selector, expected duration");
        }
        Duration range = Durations.parse(d.text());
        if (peek().is("]")) {
            take();
            if (!(e instanceof Expr.VectorSelector s)) {
                throw error(open.pos(), "ranges only allowed for vector selectors");
            }
            if (s.offset() != null || s.at() != null) {
                throw error(open.pos(), "no offset or @ modifiers allowed before range");
            }
            if (range.isZero()) {
                throw error(d.pos(), "duration must be greater than 0");
            }
            return new Expr.MatrixSelector(s, range, e.pos());
        }
        if (!peek().is(":")) {
            throw unexpected(" in subquery or range selector, expected \"]\" or \":\"");
        }
        take();
        Duration step = null;
        if (peek().kind() == Kind.DURATION) {
            step = Durations.parse(take().text());
        }
        expect("]", " in subquery");
        if (e.type() != ValueType.VECTOR) {
            throw error(open.pos(), "subquery is only allowed on instant vector, got " + e.type().label());
        }
        return new Expr.Subquery(e, range, step, null, null, e.pos());
    }

    private Expr primary() throws PromqlError {
        Token t = peek();
        switch (t.kind()) {
            case NUMBER -> {
                take();
                return new Expr.NumberLiteral(number(t), t.pos());
            }
            case STRING -> {
                take();
                return new Expr.StringLiteral(t.value(), t.pos());
            }
            case IDENT -> {
                String lower = t.text().toLowerCase(java.util.Locale.ROOT);
                if (AGGREGATORS.contains(lower) && (peek(1).is("(") || isGroupingKeyword(peek(1)))) {
                    return aggregate();
                }
                if (peek(1).is("(")) {
                    return call();
                }
                if (isKeyword(lower)) {
                    throw unexpected("");
                }
                take();
                return selector(t.text(), t.pos());
            }
            case OP -> {
                if (t.is("(")) {
                    take();
                    Expr inner = expr(1);
                    expect(")", " in parenthesized expression");
                    return new Expr.Paren(inner, t.pos());
                }
                if (t.is("{")) {
                    return selector(null, t.pos());
                }
                throw unexpected("");
            }
            default -> throw unexpected("");
        }
    }

    private static boolean isKeyword(String word) {
        return Set.of("and", "or", "unless", "atan2", "by", "without", "on", "ignoring", "group_left", "group_right",
                "bool", "offset").contains(word);
    }

    private static boolean isGroupingKeyword(Token t) {
        return t.kind() == Kind.IDENT && (t.text().equalsIgnoreCase("by") || t.text().equalsIgnoreCase("without"));
    }

    private double number(Token t) throws PromqlError {
        String s = t.text();
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        try {
            if (lower.startsWith("0x")) {
                return Long.parseLong(s.substring(2), 16);
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error(t.pos(), "bad number syntax: \"" + s + "\"");
        }
    }

    /** The comma-separated arguments up to (not including) the closing parenthesis; a trailing comma is allowed. */
    private List<Expr> arguments() throws PromqlError {
        List<Expr> args = new ArrayList<>();
        if (!peek().is(")")) {
            args.add(expr(1));
            while (peek().is(",")) {
                take();
                if (peek().is(")")) {
                    break;
                }
                args.add(expr(1));
            }
        }
        return args;
    }

    private Expr call() throws PromqlError {
        Token name = take();
        Functions.Function f = Functions.named(name.text())
                .orElseThrow(() -> error(name.pos(), "unknown function with name \"" + name.text() + "\""));
        take(); // (
        List<Expr> args = arguments();
        expect(")", " in call to function \"" + f.name() + "\"");
        int n = args.size();
        int declared = f.args().size();
        if (f.variadic() == 0 && n != declared) {
            throw error(name.pos(), "expected " + declared + " argument(s) in call to \"" + f.name() + "\", got " + n);
        }
        if (f.variadic() > 0 && (n < f.minArgs() || n > declared)) {
            throw error(name.pos(), "expected at least " + f.minArgs() + " argument(s) in call to \"" + f.name()
                    + "\", got " + n);
        }
        if (f.variadic() < 0 && n < f.minArgs()) {
            throw error(name.pos(), "expected at least " + f.minArgs() + " argument(s) in call to \"" + f.name()
                    + "\", got " + n);
        }
        for (int a = 0; a < n; a++) {
            ValueType want = f.args().get(Math.min(a, declared - 1));
            if (args.get(a).type() != want) {
                throw error(args.get(a).pos(), "expected type " + want.label() + " in call to function \"" + f.name()
                        + "\", got " + args.get(a).type().label());
            }
        }
        return new Expr.Call(f, args, name.pos());
    }

    private Expr aggregate() throws PromqlError {
        Token op = take();
        String name = op.text().toLowerCase(java.util.Locale.ROOT);
        List<String> grouping = List.of();
        boolean without = false;
        boolean grouped = false;
        if (isGroupingKeyword(peek())) {
            without = take().text().equalsIgnoreCase("without");
            grouping = labelList();
            grouped = true;
        }
        expect("(", " in aggregation");
        List<Expr> args = arguments();
        expect(")", " in aggregation");
        if (isGroupingKeyword(peek())) {
            if (grouped) {
                throw unexpected(" in aggregation: grouping given twice");
            }
            without = take().text().equalsIgnoreCase("without");
            grouping = labelList();
        }
        int want = PARAMETRIC.contains(name) ? 2 : 1;
        if (args.size() != want) {
            throw error(op.pos(), want == 2 ? "wrong number of arguments for aggregate expression provided, expected 2, got "
                    + args.size() : "wrong number of arguments for aggregate expression provided, expected 1, got " + args.size());
        }
        Expr param = want == 2 ? args.get(0) : null;
        Expr body = args.get(want - 1);
        if (param != null) {
            ValueType p = name.equals("count_values") ? ValueType.STRING : ValueType.SCALAR;
            if (param.type() != p) {
                throw error(param.pos(), "expected type " + p.label() + " in aggregation parameter, got " + param.type().label());
            }
        }
        if (body.type() != ValueType.VECTOR) {
            throw error(body.pos(), "expected type instant vector in aggregation expression, got " + body.type().label());
        }
        return new Expr.Aggregate(name, param, body, grouping, without, op.pos());
    }

    /** {@code (a, b)}: label names (keywords allowed, no ':'), a trailing comma allowed. */
    private List<String> labelList() throws PromqlError {
        expect("(", " in grouping opts");
        List<String> labels = new ArrayList<>();
        while (!peek().is(")")) {
            Token l = peek();
            if (l.kind() != Kind.IDENT || l.text().contains(":")) {
                throw unexpected(" in grouping opts, expected label");
            }
            take();
            labels.add(l.text());
            if (peek().is(",")) {
                take();
            } else if (!peek().is(")")) {
                throw unexpected(" in grouping opts, expected \",\" or \")\"");
            }
        }
        take();
        return labels;
    }

    private Expr selector(String name, int pos) throws PromqlError {
        List<Expr.Matcher> matchers = new ArrayList<>();
        if (name != null) {
            matchers.add(new Expr.Matcher("__name__", Expr.MatchOp.EQ, name));
        }
        String metric = name;
        if (peek().is("{")) {
            take();
            while (!peek().is("}")) {
                Token label = peek();
                if (label.kind() != Kind.IDENT || label.text().contains(":")) {
                    throw unexpected(" in label matching, expected label");
                }
                take();
                Token op = peek();
                Expr.MatchOp matchOp = switch (op.kind() == Kind.OP ? op.text() : "") {
                    case "=" -> Expr.MatchOp.EQ;
                    case "!=" -> Expr.MatchOp.NEQ;
                    case "=~" -> Expr.MatchOp.RE;
                    case "!~" -> Expr.MatchOp.NRE;
                    default -> throw unexpected(" in label matching, expected label matching operator");
                };
                take();
                Token value = peek();
                if (value.kind() != Kind.STRING) {
                    throw unexpected(" in label matching, expected string");
                }
                take();
                if (matchOp == Expr.MatchOp.RE || matchOp == Expr.MatchOp.NRE) {
                    try {
                        Pattern.compile(value.value());
                    } catch (PatternSyntaxException e) {
                        throw error(value.pos(), "invalid regular expression in label matcher: " + value.text());
                    }
                }
                if (label.text().equals("__name__") && matchOp == Expr.MatchOp.EQ) {
                    if (name != null) {
                        throw error(label.pos(), "metric name must not be set twice: \"" + name + "\" or \""
                                + value.value() + "\"");
                    }
                    metric = value.value();
                }
                matchers.add(new Expr.Matcher(label.text(), matchOp, value.value()));
                if (peek().is(",")) {
                    take();
                } else if (!peek().is("}")) {
                    throw unexpected(" in label matching, expected \",\" or \"}\"");
                }
            }
            take();
        }
        if (matchers.stream().allMatch(Expr.Matcher::matchesEmpty)) {
            throw error(pos, "vector selector must contain at least one non-empty matcher");
        }
        return new Expr.VectorSelector(metric, matchers, null, null, pos);
    }
}
