package dev.prodaudit.repo.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dockerfile syntax as BuildKit reads it: parser directives at the top ({@code # escape=`}), comment lines (also
 * inside a continued instruction), blank lines, line continuations with the escape character, and heredocs
 * ({@code RUN <<EOF ... EOF}, {@code <<-EOF} with leading tabs stripped, quoted delimiters). The parser does not judge:
 * it only yields instructions with the line they start on.
 */
public final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9_-]*)\\s*=\\s*(\\S.*?)\\s*$");
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*([A-Za-z]+)(?:\\s+(.*))?$", Pattern.DOTALL);
    /** {@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}, {@code <<'EOF'}; a file redirect such as {@code <<<} is not one. */
    private static final Pattern HEREDOC = Pattern.compile("(?<![<\\w])<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\\2");
    /** Instructions BuildKit accepts heredocs for. */
    private static final List<String> HEREDOC_INSTRUCTIONS = List.of("RUN", "COPY", "ADD");

    private DockerfileParser() {
    }

    /** The instructions of {@code text}, in order. */
    public static List<Instruction> parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        char escape = '\\';
        int i = 0;
        // Parser directives: only before the first comment that is not one, blank line or instruction.
        while (i < lines.length) {
            Matcher d = DIRECTIVE.matcher(lines[i].strip());
            if (!d.matches()) {
                break;
            }
            if (d.group(1).equalsIgnoreCase("escape") && (d.group(2).equals("`") || d.group(2).equals("\\"))) {
                escape = d.group(2).charAt(0);
            }
            i++;
        }
        List<Instruction> out = new ArrayList<>();
        while (i < lines.length) {
            String first = lines[i];
            String stripped = first.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                i++;
                continue;
            }
            int start = i + 1;
            StringBuilder joined = new StringBuilder();
            String current = first;
            i++;
            while (true) {
                String trimmed = stripTrailing(current);
                if (!trimmed.isEmpty() && trimmed.charAt(trimmed.length() - 1) == escape) {
                    joined.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    // Comment and blank lines inside a continued instruction are dropped, as BuildKit does.
                    while (i < lines.length && (lines[i].isBlank() || lines[i].strip().startsWith("#"))) {
                        i++;
                    }
                    if (i >= lines.length) {
                        break;
                    }
                    current = lines[i++];
                } else {
                    joined.append(trimmed);
                    break;
                }
            }
            Matcher m = INSTRUCTION.matcher(joined.toString());
            if (!m.matches()) {
                continue;
            }
            String keyword = m.group(1).toUpperCase(Locale.ROOT);
            String args = m.group(2) == null ? "" : m.group(2).strip();
            List<String> bodies = new ArrayList<>();
            if (HEREDOC_INSTRUCTIONS.contains(keyword)) {
                Matcher h = HEREDOC.matcher(args);
                while (h.find()) {
                    boolean stripTabs = !h.group(1).isEmpty();
                    String delimiter = h.group(3);
                    StringBuilder body = new StringBuilder();
                    while (i < lines.length) {
                        String line = stripTabs ? lines[i].replaceFirst("^\t+", "") : lines[i];
                        i++;
                        if (line.equals(delimiter)) {
                            break;
                        }
                        body.append(line).append('\n');
                    }
                    bodies.add(body.toString());
                }
            }
            out.add(new Instruction(keyword, args, start, bodies));
        }
        return out;
    }

    private static String stripTrailing(String s) {
        return s.stripTrailing();
    }
}
