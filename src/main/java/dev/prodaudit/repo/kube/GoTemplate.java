package dev.prodaudit.repo.kube;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed Go template, as Helm writes them: text and actions ({@code {{ ... }}}) with whitespace trimming
 * ({@code {{-}}, {@code -}}}), comments, {@code if}/{@code else if}/{@code else}, {@code with}, {@code range},
 * {@code define}, {@code template}, variables and pipelines. Parsing never fails: an action it cannot read
 * becomes an {@link Unsupported} node that the evaluator reports with its line.
 */
final class GoTemplate {

    sealed interface Part {
        int line();
    }

    record Text(String text, int line) implements Part {
    }

    /** {@code {{ pipeline }}}: prints the pipeline's value; {@code assign} names a variable it sets instead. */
    record Action(Expr pipeline, String assign, String source, int line) implements Part {
    }

    record If(List<Expr> conditions, List<List<Part>> bodies, List<Part> otherwise, String source, int line)
            implements Part {
    }

    record With(Expr value, List<Part> body, List<Part> otherwise, String source, int line) implements Part {
    }

    record Range(String keyVar, String valueVar, Expr over, List<Part> body, List<Part> otherwise, String source,
                 int line) implements Part {
    }

    record Call(String name, Expr argument, int line) implements Part {
    }

    record Unsupported(String construct, int line) implements Part {
    }

    /** Expressions: a pipeline of commands, each a function call or one operand. */
    sealed interface Expr {
    }

    record Pipeline(List<Expr> commands) implements Expr {
    }

    record Command(String function, List<Expr> arguments) implements Expr {
    }

    /** {@code .a.b} from the dot; {@code $x.a.b} from a variable ({@code $} alone is the root). */
    record Field(String variable, List<String> path) implements Expr {
    }

    record Literal(Object value) implements Expr {
    }

    /** Something the parser does not know; evaluating it reports {@code construct}. */
    record Unknown(String construct) implements Expr {
    }

    final List<Part> parts;
    final Map<String, List<Part>> defines;

    private GoTemplate(List<Part> parts, Map<String, List<Part>> defines) {
        this.parts = parts;
        this.defines = defines;
    }

    // ---- lexing -------------------------------------------------------------------------------------------

    private record Token(boolean action, String text, int line) {
    }

    private static List<Token> lex(String source) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int line = 1;
        boolean trimNext = false;
        while (i < source.length()) {
            int open = source.indexOf("{{", i);
            String text = open < 0 ? source.substring(i) : source.substring(i, open);
            int textLine = line;
            line += count(text);
            if (trimNext) {
                String trimmed = text.stripLeading();
                textLine += count(text.substring(0, text.length() - trimmed.length()));
                text = trimmed;
            }
            if (open < 0) {
                tokens.add(new Token(false, text, textLine));
                break;
            }
            boolean trimLeft = source.startsWith("{{- ", open) || source.startsWith("{{-\n", open)
                    || source.startsWith("{{-\t", open);
            if (trimLeft) {
                text = text.stripTrailing();
            }
            tokens.add(new Token(false, text, textLine));
            int bodyStart = open + (trimLeft ? 3 : 2);
            int close = closing(source, bodyStart);
            if (close < 0) {
                tokens.add(new Token(true, "\u0000unclosed action", line));
                break;
            }
            String body = source.substring(bodyStart, close);
            trimNext = body.endsWith(" -") || body.endsWith("\n-") || body.endsWith("\t-");
            if (trimNext) {
                body = body.substring(0, body.length() - 1);
            }
            tokens.add(new Token(true, body.strip(), line));
            line += count(source.substring(open, close + 2));
            i = close + 2;
        }
        return tokens;
    }

    /** The index of the {@code }}} closing the action starting at {@code from}, skipping quoted strings and comments. */
    private static int closing(String s, int from) {
        int i = from;
        while (i < s.length() - 1) {
            char c = s.charAt(i);
            if (c == '"' || c == '`') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += c == '"' && s.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    return -1;
                }
                i = end + 2;
            } else if (s.startsWith("}}", i)) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    private static int count(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    // ---- parsing ------------------------------------------------------------------------------------------

    static GoTemplate parse(String source) {
        List<Token> tokens = lex(source);
        Map<String, List<Part>> defines = new HashMap<>();
        Parser parser = new Parser(tokens, defines);
        List<Part> parts = parser.block(Parser.TOP);
        return new GoTemplate(parts, defines);
    }

    private static final class Parser {
        static final int TOP = 0;
        final List<Token> tokens;
        final Map<String, List<Part>> defines;
        int next;
        /** The action that ended the last block: "end", "else", "else if ...". */
        Token stop;

        Parser(List<Token> tokens, Map<String, List<Part>> defines) {
            this.tokens = tokens;
            this.defines = defines;
        }

        List<Part> block(int depth) {
            List<Part> parts = new ArrayList<>();
            while (next < tokens.size()) {
                Token t = tokens.get(next++);
                if (!t.action()) {
                    if (!t.text().isEmpty()) {
                        parts.add(new Text(t.text(), t.line()));
                    }
                    continue;
                }
                String body = t.text();
                if (body.startsWith("/*") || body.isEmpty()) {
                    continue;
                }
                String word = body.split("[\\s(]", 2)[0];
                String rest = body.substring(word.length()).strip();
                switch (word) {
                    case "end", "else" -> {
                        if (depth == TOP) {
                            parts.add(new Unsupported("'" + word + "' without a block", t.line()));
                            continue;
                        }
                        stop = t;
                        return parts;
                    }
                    case "if" -> parts.add(ifBlock(rest, body, t.line(), depth));
                    case "with" -> {
                        List<Part> then = block(depth + 1);
                        Token end = stop;
                        List<Part> otherwise = List.of();
                        if (end != null && end.text().equals("else")) {
                            otherwise = block(depth + 1);
                        } else if (end != null && !end.text().equals("end")) {
                            parts.add(new Unsupported("'" + end.text() + "'", end.line()));
                            skipTo(depth);
                        }
                        parts.add(new With(expression(rest), then, otherwise, body, t.line()));
                    }
                    case "range" -> parts.add(range(rest, body, t.line(), depth));
                    case "define" -> {
                        Expr name = expression(rest);
                        List<Part> inner = block(depth + 1);
                        if (name instanceof Pipeline p && p.commands().size() == 1 && p.commands().get(0) instanceof Command c
                                && c.function() == null && c.arguments().size() == 1
                                && c.arguments().get(0) instanceof Literal l && l.value() instanceof String s) {
                            defines.put(s, inner);
                        }
                    }
                    case "template" -> {
                        Expr e = expression(rest);
                        if (e instanceof Pipeline p && p.commands().size() == 1 && p.commands().get(0) instanceof Command c
                                && c.function() == null && !c.arguments().isEmpty()
                                && c.arguments().get(0) instanceof Literal l && l.value() instanceof String s) {
                            Expr argument = c.arguments().size() > 1 ? c.arguments().get(1) : new Literal(null);
                            parts.add(new Call(s, argument, t.line()));
                        } else {
                            parts.add(new Unsupported("{{ " + body + " }}", t.line()));
                        }
                    }
                    case "block", "break", "continue" -> parts.add(new Unsupported("'" + word + "'", t.line()));
                    default -> {
                        if (body.startsWith("\u0000")) {
                            parts.add(new Unsupported("an unclosed '{{'", t.line()));
                        } else if (body.matches("\\$\\w*\\s*:?=.*")) {
                            int eq = body.indexOf('=');
                            String var = body.substring(0, eq).replace(":", "").strip();
                            parts.add(new Action(expression(body.substring(eq + 1)), var, body, t.line()));
                        } else {
                            parts.add(new Action(expression(body), null, body, t.line()));
                        }
                    }
                }
            }
            if (depth != TOP) {
                stop = null;
            }
            return parts;
        }

        private Part ifBlock(String condition, String source, int line, int depth) {
            List<Expr> conditions = new ArrayList<>();
            List<List<Part>> bodies = new ArrayList<>();
            conditions.add(expression(condition));
            while (true) {
                bodies.add(block(depth + 1));
                Token end = stop;
                if (end == null || end.text().equals("end")) {
                    return new If(conditions, bodies, List.of(), source, line);
                }
                if (end.text().equals("else")) {
                    List<Part> otherwise = block(depth + 1);
                    return new If(conditions, bodies, otherwise, source, line);
                }
                if (end.text().startsWith("else if ")) {
                    conditions.add(expression(end.text().substring("else if ".length())));
                    continue;
                }
                // "else with" and the like: not in the subset; the whole if is unsupported
                skipTo(depth);
                return new Unsupported("'" + end.text() + "'", end.line());
            }
        }

        private Part range(String rest, String source, int line, int depth) {
            String keyVar = null;
            String valueVar = null;
            String over = rest;
            int assign = rest.indexOf(":=");
            if (assign > 0) {
                String[] vars = rest.substring(0, assign).split(",");
                over = rest.substring(assign + 2);
                if (vars.length == 2) {
                    keyVar = vars[0].strip();
                    valueVar = vars[1].strip();
                } else {
                    valueVar = vars[0].strip();
                }
            }
            List<Part> body = block(depth + 1);
            List<Part> otherwise = List.of();
            if (stop != null && stop.text().equals("else")) {
                otherwise = block(depth + 1);
            }
            return new Range(keyVar, valueVar, expression(over), body, otherwise, source, line);
        }

        /** Skips to the {@code end} of the current block (after an unsupported {@code else} form). */
        private void skipTo(int depth) {
            while (stop != null && !stop.text().equals("end")) {
                block(depth + 1);
            }
        }
    }

    // ---- expressions --------------------------------------------------------------------------------------

    static Expr expression(String source) {
        try {
            ExprParser p = new ExprParser(source);
            Expr e = p.pipeline();
            p.skipSpace();
            if (p.i < source.length()) {
                return new Unknown("'" + source.strip() + "'");
            }
            return e;
        } catch (IllegalArgumentException e) {
            return new Unknown("'" + source.strip() + "'");
        }
    }

    private static final class ExprParser {
        final String s;
        int i;

        ExprParser(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        Pipeline pipeline() {
            List<Expr> commands = new ArrayList<>();
            commands.add(command());
            skipSpace();
            while (i < s.length() && s.charAt(i) == '|') {
                i++;
                commands.add(command());
                skipSpace();
            }
            return new Pipeline(commands);
        }

        Command command() {
            List<Expr> operands = new ArrayList<>();
            String function = null;
            while (true) {
                skipSpace();
                if (i >= s.length() || s.charAt(i) == '|' || s.charAt(i) == ')') {
                    break;
                }
                char c = s.charAt(i);
                if (operands.isEmpty() && function == null && Character.isLetter(c)) {
                    String word = word();
                    switch (word) {
                        case "true" -> operands.add(new Literal(Boolean.TRUE));
                        case "false" -> operands.add(new Literal(Boolean.FALSE));
                        case "nil" -> operands.add(new Literal(null));
                        default -> function = word;
                    }
                    continue;
                }
                operands.add(operand());
            }
            if (function == null && operands.isEmpty()) {
                throw new IllegalArgumentException("empty command");
            }
            return new Command(function, operands);
        }

        Expr operand() {
            char c = s.charAt(i);
            if (c == '(') {
                i++;
                Pipeline inner = pipeline();
                skipSpace();
                if (i >= s.length() || s.charAt(i) != ')') {
                    throw new IllegalArgumentException("unclosed (");
                }
                i++;
                if (i < s.length() && s.charAt(i) == '.') {
                    return new Unknown("a field of a parenthesised value");
                }
                return inner;
            }
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < s.length() && s.charAt(i) != '"') {
                    char ch = s.charAt(i++);
                    if (ch == '\\' && i < s.length()) {
                        char e = s.charAt(i++);
                        b.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                    } else {
                        b.append(ch);
                    }
                }
                i++;
                return new Literal(b.toString());
            }
            if (c == '`') {
                int end = s.indexOf('`', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed raw string");
                }
                String v = s.substring(i + 1, end);
                i = end + 1;
                return new Literal(v);
            }
            if (c == '.' || c == '$') {
                String variable = null;
                if (c == '$') {
                    int start = i++;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                        i++;
                    }
                    variable = s.substring(start, i);
                }
                List<String> path = new ArrayList<>();
                while (i < s.length() && s.charAt(i) == '.') {
                    i++;
                    String name = word();
                    if (!name.isEmpty()) {
                        path.add(name);
                    }
                }
                return new Field(variable, path);
            }
            if (Character.isDigit(c) || c == '-') {
                int start = i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                String n = s.substring(start, i);
                return new Literal(n.contains(".") ? (Object) Double.valueOf(n) : (Object) Long.valueOf(n));
            }
            if (Character.isLetter(c)) {
                // a function used as an argument without parentheses: Go calls it with no arguments
                return new Unknown("'" + word() + "' as an argument");
            }
            throw new IllegalArgumentException("unexpected " + c);
        }

        String word() {
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            return s.substring(start, i);
        }
    }
}
