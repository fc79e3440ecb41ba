package dev.prodaudit.config;

import dev.prodaudit.input.BoundedReader;
import dev.prodaudit.input.InputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dotenv file, parsed the way the Node.js {@code dotenv} package reads it, with the escapes users
 * expect from double quotes:
 * <ul>
 *   <li>{@code KEY=value}, optional {@code export } prefix, blank lines and {@code #} comments;</li>
 *   <li>unquoted values are trimmed and end at {@code #} (as in dotenv 16);</li>
 *   <li>single quotes and backticks are literal; double quotes expand {@code \n \r \t \\ \"} and may
 *       span several lines;</li>
 *   <li>CRLF line ends and a UTF-8 byte-order mark are accepted;</li>
 *   <li>a key given twice keeps its last value and is reported as a warning.</li>
 * </ul>
 * Values are never part of a warning or an exception message.
 */
public final class EnvFile {

    /** One assignment: its value and the 1-based line where it starts. */
    public record Entry(String value, int line) {
        @Override
        public String toString() {
            return "Entry[line=" + line + "]";
        }
    }

    private final Path path;
    private final Map<String, Entry> entries;
    private final Map<String, List<Entry>> overridden;
    private final List<String> warnings;

    private EnvFile(Path path, Map<String, Entry> entries, Map<String, List<Entry>> overridden, List<String> warnings) {
        this.path = path;
        this.entries = Collections.unmodifiableMap(entries);
        Map<String, List<Entry>> copy = new LinkedHashMap<>();
        overridden.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.overridden = Collections.unmodifiableMap(copy);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Reads {@code path} through the {@link BoundedReader}; {@code shown} is what messages call it.
     *
     * @throws InputException too large, not UTF-8, or a pipe that delivered nothing in time
     * @throws IOException    cannot be opened ({@link java.nio.file.NoSuchFileException} when missing)
     */
    public static EnvFile read(Path path, String shown) throws IOException, InputException {
        return parse(path, BoundedReader.standard().read(path, shown));
    }

    /** {@link #read(Path, String)} with messages naming the file by its path. */
    public static EnvFile read(Path path) throws IOException, InputException {
        return read(path, path.toString());
    }

    public static EnvFile parse(Path path, String text) {
        return new Parser(path, text).parse();
    }

    public Path path() {
        return path;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public List<String> warnings() {
        return warnings;
    }

    /**
     * By key, the assignments of a duplicated key that a later line overrode, in file order. No check reads
     * them, but they are real values someone wrote (often an older secret), so the redactor must know them too.
     */
    public Map<String, List<Entry>> overridden() {
        return overridden;
    }

    private static final class Parser {
        private final Path path;
        private final String s;
        private int pos;
        private int line = 1;
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final Map<String, List<Entry>> overridden = new LinkedHashMap<>();
        private final List<String> warnings = new ArrayList<>();

        Parser(Path path, String text) {
            this.path = path;
            String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
            this.s = t.replace("\r\n", "\n").replace('\r', '\n');
        }

        EnvFile parse() {
            while (pos < s.length()) {
                parseLine();
            }
            return new EnvFile(path, entries, overridden, warnings);
        }

        private void parseLine() {
            int startLine = line;
            skipBlanks();
            if (atLineEnd()) {
                consumeLineEnd();
                return;
            }
            if (peek() == '#') {
                skipToLineEnd();
                consumeLineEnd();
                return;
            }
            if (s.startsWith("export", pos) && pos + 6 < s.length() && isBlank(s.charAt(pos + 6))) {
                pos += 6;
                skipBlanks();
            }
            int keyStart = pos;
            while (pos < s.length() && isKeyChar(s.charAt(pos))) {
                pos++;
            }
            String key = s.substring(keyStart, pos);
            skipBlanks();
            if (key.isEmpty() || pos >= s.length() || (peek() != '=' && peek() != ':')) {
                warnings.add(where(startLine) + ": not a KEY=value line, ignored");
                skipToLineEnd();
                consumeLineEnd();
                return;
            }
            pos++; // '=' or ':'
            skipBlanks();
            String value = readValue(startLine);
            Entry previous = entries.remove(key);
            if (previous != null) {
                overridden.computeIfAbsent(key, k -> new ArrayList<>()).add(previous);
                warnings.add(where(startLine) + ": duplicate key " + key + " (line " + previous.line()
                        + " is overridden; the last value wins)");
            }
            entries.put(key, new Entry(value, startLine));
        }

        private String readValue(int startLine) {
            if (atLineEnd()) {
                consumeLineEnd();
                return "";
            }
            char q = peek();
            if (q == '"' || q == '\'' || q == '`') {
                int close = findClosingQuote(q);
                if (close >= 0) {
                    String raw = s.substring(pos + 1, close);
                    line += count(raw, '\n');
                    pos = close + 1;
                    // After the closing quote only blanks and a comment may follow.
                    skipBlanks();
                    if (!atLineEnd() && peek() != '#') {
                        warnings.add(where(line) + ": text after the closing quote is ignored");
                    }
                    skipToLineEnd();
                    consumeLineEnd();
                    return q == '"' ? unescape(raw) : raw;
                }
                warnings.add(where(startLine) + ": unterminated " + q + " quote; value read as unquoted");
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) != '\n' && s.charAt(pos) != '#') {
                pos++;
            }
            String value = s.substring(start, pos).strip();
            skipToLineEnd();
            consumeLineEnd();
            return value;
        }

        private int findClosingQuote(char q) {
            for (int i = pos + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\' && q == '"' && i + 1 < s.length()) {
                    i++;
                } else if (c == q) {
                    return i;
                }
            }
            return -1;
        }

        private static String unescape(String raw) {
            StringBuilder out = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c != '\\' || i + 1 >= raw.length()) {
                    out.append(c);
                    continue;
                }
                char n = raw.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case '\\' -> out.append('\\');
                    case '"' -> out.append('"');
                    default -> out.append('\\').append(n);
                }
            }
            return out.toString();
        }

        private String where(int l) {
            return path.getFileName() + ":" + l;
        }

        private static int count(String text, char c) {
            int n = 0;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == c) {
                    n++;
                }
            }
            return n;
        }

        private static boolean isKeyChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }

        private char peek() {
            return s.charAt(pos);
        }

        private boolean atLineEnd() {
            return pos >= s.length() || s.charAt(pos) == '\n';
        }

        private void skipBlanks() {
            while (pos < s.length() && isBlank(s.charAt(pos))) {
                pos++;
            }
        }

        private void skipToLineEnd() {
            while (pos < s.length() && s.charAt(pos) != '\n') {
                pos++;
            }
        }

        private void consumeLineEnd() {
            if (pos < s.length() && s.charAt(pos) == '\n') {
                pos++;
                line++;
            }
        }
    }
}
