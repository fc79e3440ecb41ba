package dev.prodaudit.repo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A file glob compiled once and matched against the listing's '/'-separated strings, with the syntax of
 * {@link java.nio.file.FileSystem#getPathMatcher} ({@code *} within a folder, {@code **} across folders, {@code ?},
 * {@code [a-z]}, {@code [!x]}, {@code {a,b}}, {@code \} escapes) plus "{@code **}/ may match no folder", as git
 * and most tools read it.
 *
 * <p>Why not the JDK's PathMatcher: it needs a {@code Path} per file and runs its regex on every one; a run matches a
 * dozen globs against listings of tens of thousands of files. Here each glob keeps the longest piece of text every
 * match must contain, and the regex runs only on the few names that contain it.
 */
final class Glob {
    private final boolean nameOnly;
    private final String literal;
    private final Pattern regex;

    private Glob(boolean nameOnly, String literal, Pattern regex) {
        this.nameOnly = nameOnly;
        this.literal = literal;
        this.regex = regex;
    }

    /**
     * Compiles {@code glob}. "{@code **}/NAME" (NAME without '/') is "a file called NAME in any folder, the top one
     * included" and is matched against the file name alone.
     *
     * @throws IllegalArgumentException when the glob is malformed (an unclosed {@code [} or <code>{</code>, a nested
     *     group), with the reason
     */
    static Glob compile(String glob) {
        String name = glob.startsWith("**/") ? glob.substring(3) : null;
        if (name != null && !name.isEmpty() && !name.contains("/") && !name.contains("**")) {
            return new Glob(true, longestLiteral(name), Pattern.compile(toRegex(name)));
        }
        List<String> alternatives = new ArrayList<>();
        for (String variant : zeroOrMoreFolders(glob)) {
            alternatives.add(toRegex(variant));
        }
        // The literal is taken from the glob itself: every variant only drops "**/" pieces, never a literal.
        return new Glob(false, longestLiteral(glob), Pattern.compile(String.join("|", alternatives)));
    }

    /** Whether the file at {@code path} (repository-relative, '/'-separated) whose last part is {@code name} matches. */
    boolean matches(String path, String name) {
        String subject = nameOnly ? name : path;
        return subject.contains(literal) && regex.matcher(subject).matches();
    }

    /**
     * Java's {@code **}/ needs at least one folder; users mean "zero or more" (as in git and most tools),
     * so {@code docs/**}/{@code *.md} also matches {@code docs/a.md}: each {@code **}/ may also vanish.
     */
    static List<String> zeroOrMoreFolders(String glob) {
        List<String> out = new ArrayList<>();
        out.add(glob);
        int at = glob.indexOf("**/");
        while (at >= 0) {
            if (at == 0 || glob.charAt(at - 1) == '/') {
                String collapsed = glob.substring(0, at) + glob.substring(at + 3);
                for (String v : zeroOrMoreFolders(collapsed)) {
                    if (!out.contains(v)) {
                        out.add(v);
                    }
                }
            }
            at = glob.indexOf("**/", at + 3);
        }
        return out;
    }

    /** The regex of a glob, with the JDK's meaning of each glob character. */
    static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        boolean inGroup = false;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            switch (c) {
                case '\\' -> {
                    if (i == glob.length()) {
                        throw new IllegalArgumentException("'\\' at the end of glob '" + glob + "' escapes nothing");
                    }
                    literal(regex, glob.charAt(i++));
                }
                case '*' -> {
                    if (i < glob.length() && glob.charAt(i) == '*') {
                        regex.append(".*");
                        i++;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> i = bracket(glob, i, regex);
                case '{' -> {
                    if (inGroup) {
                        throw new IllegalArgumentException("glob '" + glob + "' nests '{' groups, which globs cannot");
                    }
                    regex.append("(?:(?:");
                    inGroup = true;
                }
                case '}' -> {
                    if (inGroup) {
                        regex.append("))");
                        inGroup = false;
                    } else {
                        literal(regex, c);
                    }
                }
                case ',' -> {
                    if (inGroup) {
                        regex.append(")|(?:");
                    } else {
                        literal(regex, c);
                    }
                }
                default -> literal(regex, c);
            }
        }
        if (inGroup) {
            throw new IllegalArgumentException("glob '" + glob + "' opens a '{' group it never closes");
        }
        try {
            Pattern.compile(regex.toString());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("glob '" + glob + "' is not a valid pattern", e);
        }
        return regex.toString();
    }

    /** Copies a {@code [...]} class starting after its '['; returns the index after its ']'. */
    private static int bracket(String glob, int from, StringBuilder regex) {
        regex.append("[[^/]&&[");
        int i = from;
        if (i < glob.length() && glob.charAt(i) == '^') {
            regex.append("\\^");
            i++;
        } else if (i < glob.length() && glob.charAt(i) == '!') {
            regex.append('^');
            i++;
        }
        while (i < glob.length()) {
            char c = glob.charAt(i++);
            if (c == ']') {
                regex.append("]]");
                return i;
            }
            if (c == '/') {
                throw new IllegalArgumentException("glob '" + glob + "' has '/' inside '[...]', which never matches");
            }
            if (c == '\\' || c == '[' || c == '&') {
                regex.append('\\');
            }
            regex.append(c);
        }
        throw new IllegalArgumentException("glob '" + glob + "' opens a '[' it never closes");
    }

    private static void literal(StringBuilder regex, char c) {
        if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
            regex.append('\\');
        }
        regex.append(c);
    }

    /** The longest run of plain characters outside any class or group: text every match contains. */
    static String longestLiteral(String glob) {
        String best = "";
        StringBuilder run = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            boolean plain = depth == 0 && "*?[{}\\,".indexOf(c) < 0;
            if (c == '\\' && depth == 0 && i + 1 < glob.length()) {
                run.append(glob.charAt(++i));
                continue;
            }
            if (plain) {
                run.append(c);
                continue;
            }
            if (depth == 0 && glob.startsWith("**/", i)) {
                i += 2; // "**/" may match nothing at all, its '/' included: that '/' is no part of a literal
            }
            if (run.length() > best.length()) {
                best = run.toString();
            }
            run.setLength(0);
            if (c == '[') {
                int close = glob.indexOf(']', i + 1);
                i = close < 0 ? glob.length() : close;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            }
        }
        return run.length() > best.length() ? run.toString() : best;
    }
}
