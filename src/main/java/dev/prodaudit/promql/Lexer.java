package dev.prodaudit.promql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits PromQL text into tokens as Prometheus's lexer (promql/parser/lex.go) does: identifiers (metric names may
 * hold ':'), numbers (decimal, exponent, hex, Inf, NaN), durations ({@code 1h30m}, {@code 500ms}), the three kinds of
 * string, operators and punctuation; {@code #} starts a comment to the end of the line.
 */
final class Lexer {

    enum Kind { IDENT, NUMBER, DURATION, STRING, OP, EOF }

    /** One token; {@code text} is the source text, {@code value} the unescaped string of a STRING. */
    record Token(Kind kind, String text, String value, int pos) {
        boolean is(String t) {
            return (kind == Kind.OP || kind == Kind.IDENT) && text.equals(t);
        }

        String shown() {
            return switch (kind) {
                case EOF -> "end of input";
                case STRING -> "string " + text;
                case NUMBER -> "number \"" + text + "\"";
                case DURATION -> "duration \"" + text + "\"";
                case IDENT -> "identifier \"" + text + "\"";
                case OP -> "\"" + text + "\"";
            };
        }
    }

    private static final String[] OPERATORS = {"==", "!=", ">=", "<=", "=~", "!~", "+", "-", "*", "/", "%", "^", ">", "<",
            "=", ",", "(", ")", "{", "}", "[", "]", ":", "@"};

    private final String text;
    private int i;
    /** Inside [...], ':' separates a subquery's range and step instead of starting a metric name. */
    private int brackets;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) throws PromqlError {
        return new Lexer(text).all();
    }

    private List<Token> all() throws PromqlError {
        List<Token> out = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (i >= text.length()) {
                out.add(new Token(Kind.EOF, "", null, i));
                return out;
            }
            out.add(next());
        }
    }

    private void skipSpaceAndComments() {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else {
                return;
            }
        }
    }

    private Token next() throws PromqlError {
        int start = i;
        char c = text.charAt(i);
        if (isDigit(c) || c == '.' && i + 1 < text.length() && isDigit(text.charAt(i + 1))) {
            return numberOrDuration();
        }
        if (c == ':' && brackets > 0) {
            i++;
            return new Token(Kind.OP, ":", null, start);
        }
        if (isAlpha(c) || c == ':') {
            while (i < text.length() && (isAlpha(text.charAt(i)) || isDigit(text.charAt(i)) || text.charAt(i) == ':')) {
                i++;
            }
            String word = text.substring(start, i);
            String lower = word.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("inf") || lower.equals("nan")) {
                return new Token(Kind.NUMBER, word, null, start);
            }
            return new Token(Kind.IDENT, word, null, start);
        }
        if (c == '"' || c == '\'' || c == '`') {
            return string(c);
        }
        for (String op : OPERATORS) {
            if (text.startsWith(op, i)) {
                i += op.length();
                brackets += op.equals("[") ? 1 : op.equals("]") && brackets > 0 ? -1 : 0;
                return new Token(Kind.OP, op, null, start);
            }
        }
        if (c == '!') {
            throw new PromqlError(text, start, "unexpected character after '!': " + shown(i + 1));
        }
        throw new PromqlError(text, start, "unexpected character: " + shown(i));
    }

    private String shown(int at) {
        return at >= text.length() ? "end of input" : "'" + text.charAt(at) + "'";
    }

    private Token numberOrDuration() throws PromqlError {
        int start = i;
        if (text.startsWith("0x", i) || text.startsWith("0X", i)) {
            i += 2;
            while (i < text.length() && Character.digit(text.charAt(i), 16) >= 0) {
                i++;
            }
            return endOfNumber(start);
        }
        // A duration is digits followed by a unit, possibly repeated: 1h30m, 500ms.
        int j = i;
        while (j < text.length() && isDigit(text.charAt(j))) {
            j++;
        }
        if (j > i && j < text.length() && "smhdwy".indexOf(text.charAt(j)) >= 0) {
            while (i < text.length() && (isDigit(text.charAt(i)) || "smhdwy".indexOf(text.charAt(i)) >= 0)) {
                i++;
            }
            if (i < text.length() && (isAlpha(text.charAt(i)) || text.charAt(i) == '.')) {
                throw new PromqlError(text, start, "bad number or duration syntax: \"" + text.substring(start, i + 1) + "\"");
            }
            String d = text.substring(start, i);
            if (Durations.parse(d) == null) {
                throw new PromqlError(text, start, "bad duration syntax: \"" + d + "\"");
            }
            return new Token(Kind.DURATION, d, null, start);
        }
        while (i < text.length() && isDigit(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '.') {
            i++;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int k = i + 1;
            if (k < text.length() && (text.charAt(k) == '+' || text.charAt(k) == '-')) {
                k++;
            }
            if (k < text.length() && isDigit(text.charAt(k))) {
                i = k;
                while (i < text.length() && isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        return endOfNumber(start);
    }

    private Token endOfNumber(int start) throws PromqlError {
        if (i < text.length() && (isAlpha(text.charAt(i)) || isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
            throw new PromqlError(text, start, "bad number or duration syntax: \"" + text.substring(start, i + 1) + "\"");
        }
        return new Token(Kind.NUMBER, text.substring(start, i), null, start);
    }

    private Token string(char quote) throws PromqlError {
        int start = i;
        i++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (i >= text.length()) {
                throw new PromqlError(text, start, "unterminated " + (quote == '`' ? "raw string" : "quoted string"));
            }
            char c = text.charAt(i);
            if (c == quote) {
                i++;
                return new Token(Kind.STRING, text.substring(start, i), value.toString(), start);
            }
            if (quote != '`' && c == '\n') {
                throw new PromqlError(text, start, "unterminated quoted string");
            }
            if (quote != '`' && c == '\\') {
                escape(quote, value);
                continue;
            }
            value.append(c);
            i++;
        }
    }

    /** Go's string escapes, which PromQL strings use. */
    private void escape(char quote, StringBuilder value) throws PromqlError {
        int at = i;
        i++;
        if (i >= text.length()) {
            throw new PromqlError(text, at, "escape sequence not terminated");
        }
        char c = text.charAt(i++);
        switch (c) {
            case 'a' -> value.append('\u0007');
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'v' -> value.append('\u000b');
            case '\\' -> value.append('\\');
            case '"', '\'' -> {
                if (c != quote) {
                    throw new PromqlError(text, at, "unknown escape sequence \\" + c);
                }
                value.append(c);
            }
            case 'x' -> value.appendCodePoint(hex(at, 2));
            case 'u' -> value.appendCodePoint(hex(at, 4));
            case 'U' -> value.appendCodePoint(hex(at, 8));
            default -> {
                if (c >= '0' && c <= '7') {
                    int v = c - '0';
                    for (int k = 0; k < 2; k++) {
                        if (i >= text.length() || text.charAt(i) < '0' || text.charAt(i) > '7') {
                            throw new PromqlError(text, at, "illegal character in escape sequence");
                        }
                        v = v * 8 + (text.charAt(i++) - '0');
                    }
                    if (v > 255) {
                        throw new PromqlError(text, at, "escape sequence is an invalid Unicode code point");
                    }
                    value.append((char) v);
                } else {
                    throw new PromqlError(text, at, "unknown escape sequence \\" + c);
                }
            }
        }
    }

    private int hex(int at, int digits) throws PromqlError {
        if (i + digits > text.length()) {
            throw new PromqlError(text, at, "escape sequence not terminated");
        }
        int v = 0;
        for (int k = 0; k < digits; k++) {
            int d = Character.digit(text.charAt(i++), 16);
            if (d < 0) {
                throw new PromqlError(text, at, "illegal character in escape sequence");
            }
            v = v * 16 + d;
        }
        if (v > 0x10FFFF || v >= 0xD800 && v < 0xE000) {
            throw new PromqlError(text, at, "escape sequence is an invalid Unicode code point");
        }
        return v;
    }

    static boolean isAlpha(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
