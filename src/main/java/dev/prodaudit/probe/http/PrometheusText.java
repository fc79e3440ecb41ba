package dev.prodaudit.probe.http;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4): {@code # HELP name docstring},
 * {@code # TYPE name counter|gauge|histogram|summary|untyped}, other {@code #} lines are comments, and samples
 * {@code name{label="value",...} value [timestamp]}. It checks names, label syntax and escapes, values
 * (floats, NaN, +Inf, -Inf), integer timestamps, one HELP and one TYPE per metric, TYPE before the samples of
 * its metric, and the {@code le} label on histogram buckets. CR before LF is tolerated.
 */
final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern VALUE = Pattern.compile(
            "[+-]?(?:(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[Ii]nf|INF|[Ii]nfinity)|NaN|nan|NAN");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d{1,19}");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** A line that is not valid exposition text. */
    static final class ParseError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;

        ParseError(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }
    }

    /**
     * The metric families seen: name -> type ("untyped" when no TYPE line names it; "unknown" in OpenMetrics), the
     * samples, and the exemplars attached to them (OpenMetrics only).
     */
    record Exposition(Map<String, String> families, int samples, int exemplars) {
        long count(String type) {
            return families.values().stream().filter(type::equals).count();
        }
    }

    private PrometheusText() {
    }

    static Exposition parse(String text) throws ParseError {
        Map<String, String> types = new HashMap<>();
        Set<String> helps = new HashSet<>();
        Map<String, String> families = new LinkedHashMap<>();
        Set<String> sampleNames = new HashSet<>();
        int samples = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("#")) {
                String[] tok = t.substring(1).strip().split("[ \\t]+", 3);
                if (tok[0].equals("HELP")) {
                    if (tok.length < 2 || !METRIC_NAME.matcher(tok[1]).matches()) {
                        throw new ParseError(n, "HELP needs a metric name");
                    }
                    if (!helps.add(tok[1])) {
                        throw new ParseError(n, "second HELP line for " + tok[1]);
                    }
                    if (tok.length == 3) {
                        checkEscapes(tok[2], n, false);
                    }
                    families.putIfAbsent(tok[1], types.getOrDefault(tok[1], "untyped"));
                } else if (tok[0].equals("TYPE")) {
                    String[] all = t.substring(1).strip().split("[ \\t]+");
                    if (all.length != 3) {
                        throw new ParseError(n, "TYPE needs exactly a metric name and a type");
                    }
                    String name = all[1];
                    if (!METRIC_NAME.matcher(name).matches()) {
                        throw new ParseError(n, "invalid metric name '" + Show.clip(name) + "'");
                    }
                    if (!TYPES.contains(all[2])) {
                        throw new ParseError(n, "unknown metric type '" + Show.clip(all[2]) + "'");
                    }
                    if (types.containsKey(name)) {
                        throw new ParseError(n, "second TYPE line for " + name);
                    }
                    for (String s : memberNames(name, all[2])) {
                        if (sampleNames.contains(s)) {
                            throw new ParseError(n, "TYPE for " + name + " comes after its samples");
                        }
                    }
                    types.put(name, all[2]);
                    families.put(name, all[2]);
                }
                continue;
            }
            parseSample(t, n, types, families, sampleNames);
            samples++;
        }
        return new Exposition(families, samples, 0);
    }

    private static List<String> memberNames(String name, String type) {
        return switch (type) {
            case "histogram" -> List.of(name, name + "_bucket", name + "_sum", name + "_count");
            case "summary" -> List.of(name, name + "_sum", name + "_count");
            default -> List.of(name);
        };
    }

    private static void parseSample(String t, int n, Map<String, String> types, Map<String, String> families,
                                    Set<String> sampleNames) throws ParseError {
        int i = 0;
        while (i < t.length() && isNameChar(t.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new ParseError(n, "expected a metric name, found '" + Show.clip(t.substring(0, Math.min(20, t.length()))) + "'");
        }
        String name = t.substring(0, i);
        Set<String> labels = new HashSet<>();
        int afterName = i;
        i = skipBlanks(t, i);
        if (i < t.length() && t.charAt(i) == '{') {
            i++;
            while (true) {
                i = skipBlanks(t, i);
                if (i >= t.length()) {
                    throw new ParseError(n, "unterminated label set");
                }
                if (t.charAt(i) == '}') {
                    i++;
                    break;
                }
                int start = i;
                while (i < t.length() && isLabelChar(t.charAt(i), i == start)) {
                    i++;
                }
                if (i == start) {
                    throw new ParseError(n, "expected a label name at column " + (i + 1));
                }
                String label = t.substring(start, i);
                if (!labels.add(label)) {
                    throw new ParseError(n, "label " + label + " appears twice");
                }
                i = skipBlanks(t, i);
                if (i >= t.length() || t.charAt(i) != '=') {
                    throw new ParseError(n, "expected '=' after label " + label);
                }
                i = skipBlanks(t, i + 1);
                if (i >= t.length() || t.charAt(i) != '"') {
                    throw new ParseError(n, "label " + label + " needs a quoted value");
                }
                i++;
                boolean closed = false;
                while (i < t.length()) {
                    char c = t.charAt(i);
                    if (c == '\\') {
                        if (i + 1 >= t.length() || "\\\"n".indexOf(t.charAt(i + 1)) < 0) {
                            throw new ParseError(n, "invalid escape in the value of label " + label);
                        }
                        i += 2;
                    } else if (c == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        i++;
                    }
                }
                if (!closed) {
                    throw new ParseError(n, "unterminated value of label " + label);
                }
                i = skipBlanks(t, i);
                if (i < t.length() && t.charAt(i) == ',') {
                    i++;
                } else if (i >= t.length() || t.charAt(i) != '}') {
                    throw new ParseError(n, "expected ',' or '}' after label " + label);
                }
            }
        } else {
            i = afterName;
        }
        if (i < t.length() && t.charAt(i) != ' ' && t.charAt(i) != '\t') {
            throw new ParseError(n, "expected a blank between " + name + (labels.isEmpty() ? "" : "{...}") + " and its value");
        }
        String[] rest = t.substring(i).strip().split("[ \\t]+");
        if (rest.length == 0 || rest[0].isEmpty()) {
            throw new ParseError(n, name + " has no value");
        }
        if (!VALUE.matcher(rest[0]).matches()) {
            throw new ParseError(n, "'" + Show.clip(rest[0]) + "' is not a sample value");
        }
        if (rest.length > 1 && !TIMESTAMP.matcher(rest[1]).matches()) {
            throw new ParseError(n, "'" + Show.clip(rest[1]) + "' is not a timestamp (milliseconds since the epoch)");
        }
        if (rest.length > 2) {
            throw new ParseError(n, "unexpected text after the timestamp");
        }
        String family = familyOf(name, types);
        if ("histogram".equals(types.get(family)) && name.equals(family + "_bucket") && !labels.contains("le")) {
            throw new ParseError(n, "histogram bucket " + name + " has no le label");
        }
        sampleNames.add(name);
        families.putIfAbsent(family, types.getOrDefault(family, "untyped"));
    }

    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return name;
    }

    private static void checkEscapes(String doc, int n, boolean quotes) throws ParseError {
        for (int i = 0; i < doc.length(); i++) {
            if (doc.charAt(i) == '\\') {
                if (i + 1 >= doc.length() || (doc.charAt(i + 1) != '\\' && doc.charAt(i + 1) != 'n'
                        && !(quotes && doc.charAt(i + 1) == '"'))) {
                    throw new ParseError(n, "invalid escape in HELP text (only \\\\ and \\n)");
                }
                i++;
            }
        }
    }

    private static int skipBlanks(String t, int i) {
        while (i < t.length() && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private static boolean isLabelChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }
}
