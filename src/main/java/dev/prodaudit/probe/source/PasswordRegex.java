package dev.prodaudit.probe.source;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a regular expression tested against a password requires of it: the lookaheads of the usual strong-password
 * pattern ({@code ^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{8,}$}), a single class that must occur
 * ({@code /[A-Z]/}, as zod's {@code .regex()} calls are written one per class) and the length a {@code {n,}}
 * quantifier over the whole password demands. A class allowing several kinds ({@code [A-Za-z\d@$!%*?&]{8,}})
 * requires none of them, only the length.
 */
final class PasswordRegex {
    /** One requirement of the checklist's password rule. */
    enum Requirement {
        LENGTH("at least 8 characters"), LOWER("a lower-case letter"), UPPER("an upper-case letter"),
        DIGIT("a digit"), SYMBOL("a symbol");

        private final String says;

        Requirement(String says) {
            this.says = says;
        }

        String says() {
            return says;
        }
    }

    /** The kinds a password must contain, and the least length it must have (0: none demanded). */
    record Demands(Set<Requirement> kinds, int minLength) {
    }

    private static final String ATOM = "(?:\\[(?:\\\\.|[^\\]\\\\])*\\]|\\\\p\\{[^}]+\\}|\\\\.|\\.)";
    private static final Pattern LENGTH_LOOKAHEAD = Pattern.compile("^\\^?(?:\\.|\\\\S|\\[\\^[^\\]]*\\]|\\[\\\\s\\\\S\\])"
            + "\\{(\\d+),\\d*\\}\\$?$");
    private static final Pattern LEAD = Pattern.compile("^\\^?(?:\\.[*+]\\??|\\\\[A-Za-z][*+]\\??|\\[\\^(?:\\\\.|[^\\]\\\\])*\\][*+]\\??)");
    private static final Pattern SINGLE = Pattern.compile("^(" + ATOM + ")(\\{(\\d+),(\\d*)\\}|\\{(\\d+)\\}|\\+\\??|\\*\\??)?$");

    private PasswordRegex() {
    }

    static Demands analyse(String pattern, String flags) {
        boolean ignoreCase = flags != null && flags.contains("i");
        EnumSet<Requirement> kinds = EnumSet.noneOf(Requirement.class);
        int[] min = {0};
        StringBuilder rest = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (pattern.startsWith("(?=", i)) {
                int end = closing(pattern, i);
                if (end < 0) {
                    break;
                }
                lookahead(pattern.substring(i + 3, end), ignoreCase, kinds, min);
                i = end + 1;
            } else if (c == '\\' && i + 1 < pattern.length()) {
                rest.append(c).append(pattern.charAt(i + 1));
                i += 2;
            } else if (c == '[') {
                int end = classEnd(pattern, i);
                rest.append(pattern, i, end + 1);
                i = end + 1;
            } else {
                rest.append(c);
                i++;
            }
        }
        String body = rest.toString();
        body = body.replaceFirst("^\\^", "").replaceFirst("(?<!\\\\)\\$$", "");
        Matcher single = SINGLE.matcher(body);
        if (single.matches()) {
            String quantifier = single.group(2);
            int least = single.group(3) != null ? Integer.parseInt(single.group(3))
                    : single.group(5) != null ? Integer.parseInt(single.group(5)) : quantifier == null ? 1
                    : quantifier.startsWith("+") ? 1 : 0;
            if (single.group(3) != null || single.group(5) != null) {
                min[0] = Math.max(min[0], least);
            }
            Requirement kind = kind(single.group(1), ignoreCase);
            if (kind != null && least > 0) {
                kinds.add(kind);
            }
        }
        if (min[0] >= 8) {
            kinds.add(Requirement.LENGTH);
        }
        return new Demands(kinds, min[0]);
    }

    private static void lookahead(String content, boolean ignoreCase, Set<Requirement> kinds, int[] min) {
        Matcher length = LENGTH_LOOKAHEAD.matcher(content);
        if (length.matches()) {
            min[0] = Math.max(min[0], Integer.parseInt(length.group(1)));
            return;
        }
        String atom = LEAD.matcher(content).replaceFirst("").replaceFirst("(?:\\.\\*\\??|\\.\\+\\??)$", "");
        Matcher single = SINGLE.matcher(atom);
        if (single.matches()) {
            Requirement kind = kind(single.group(1), ignoreCase);
            if (kind != null) {
                kinds.add(kind);
            }
        }
    }

    /** The one kind of character an atom matches, or null when it matches several (or any). */
    static Requirement kind(String atom, boolean ignoreCase) {
        Requirement kind = switch (atom) {
            case "\\d", "\\p{N}", "\\p{Nd}" -> Requirement.DIGIT;
            case "\\W", "\\p{P}", "\\p{S}", "\\p{Punctuation}", "\\p{Symbol}" -> Requirement.SYMBOL;
            case "\\p{Lu}", "\\p{Uppercase_Letter}", "\\p{Upper}" -> Requirement.UPPER;
            case "\\p{Ll}", "\\p{Lowercase_Letter}", "\\p{Lower}" -> Requirement.LOWER;
            default -> atom.startsWith("[") ? classKind(atom) : null;
        };
        if (ignoreCase && (kind == Requirement.UPPER || kind == Requirement.LOWER)) {
            return null; // /[A-Z]/i matches any letter
        }
        return kind;
    }

    private static Requirement classKind(String atom) {
        boolean negated = atom.startsWith("[^");
        String body = atom.substring(negated ? 2 : 1, atom.length() - 1);
        EnumSet<Requirement> has = EnumSet.noneOf(Requirement.class);
        boolean other = false;
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(i + 1);
                switch (e) {
                    case 'd' -> has.add(Requirement.DIGIT);
                    case 'w' -> has.addAll(EnumSet.of(Requirement.UPPER, Requirement.LOWER, Requirement.DIGIT));
                    case 'W' -> has.add(Requirement.SYMBOL);
                    case 's', 'S', 'D', 'p', 'P' -> other = true;
                    default -> other |= !add(has, of(e));
                }
                i += 2;
            } else if (i + 2 < body.length() && body.charAt(i + 1) == '-' && body.charAt(i + 2) != ']') {
                Requirement from = of(c);
                Requirement to = of(body.charAt(i + 2));
                if (from != null && from == to) {
                    has.add(from);
                } else {
                    other = true;
                }
                i += 3;
            } else {
                other |= !add(has, of(c));
                i++;
            }
        }
        if (negated) {
            // a character that is no letter or digit is a symbol, whatever else (spaces) the class also excludes
            return has.containsAll(EnumSet.of(Requirement.UPPER, Requirement.LOWER, Requirement.DIGIT))
                    ? Requirement.SYMBOL : null;
        }
        return !other && has.size() == 1 ? has.iterator().next() : null;
    }

    private static Requirement of(char c) {
        if (c >= 'A' && c <= 'Z') {
            return Requirement.UPPER;
        }
        if (c >= 'a' && c <= 'z') {
            return Requirement.LOWER;
        }
        if (c >= '0' && c <= '9') {
            return Requirement.DIGIT;
        }
        return Character.isLetterOrDigit(c) || Character.isWhitespace(c) ? null : Requirement.SYMBOL;
    }

    /** Adds a character's kind; false when it has none of the checklist's kinds (a space, a non-ASCII letter). */
    private static boolean add(Set<Requirement> has, Requirement kind) {
        if (kind == null) {
            return false;
        }
        has.add(kind);
        return true;
    }

    /** The index of the parenthesis closing the group opened at {@code open}, or -1. */
    private static int closing(String p, int open) {
        int depth = 0;
        for (int i = open; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(p, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int classEnd(String p, int open) {
        for (int i = open + 1; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ']') {
                return i;
            }
        }
        return p.length() - 1;
    }
}
