package dev.prodaudit.probe.http;

import dev.prodaudit.probe.http.PrometheusText.Exposition;
import dev.prodaudit.probe.http.PrometheusText.ParseError;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the OpenMetrics 1.0 text format ({@code application/openmetrics-text; version=1.0.0}), what
 * prom-client serves from a registry whose content type is OpenMetrics. Beyond the Prometheus 0.0.4 syntax it
 * checks what OpenMetrics makes mandatory: the exposition ends with {@code # EOF} (and nothing after it), lines end
 * with LF alone, no empty lines and no {@code #} lines but TYPE, HELP, UNIT and EOF, single spaces between tokens,
 * the eight types (counter, gauge, histogram, gaugehistogram, stateset, info, summary, unknown) with the sample
 * suffixes each allows ({@code _total}/{@code _created} for counters, {@code _bucket}/{@code _sum}/{@code _count}
 * for histograms, {@code _info} for info, ...), metadata before samples, families not interleaved, a UNIT that is
 * the suffix of the name, float timestamps in seconds, exemplars ({@code # {trace_id="..."} 0.67 1520879607.789})
 * only on counter totals and histogram buckets and at most 128 characters of labels, and the values each type
 * requires: histogram buckets with {@code le} in increasing order, non-decreasing counts and a {@code +Inf}
 * bucket, counters neither negative nor NaN, stateset values 0 or 1, info values 1, summary quantiles in [0, 1].
 * Partial expositions are invalid in their entirety, as the specification says.
 */
final class OpenMetricsText {
    /** The media type that selects this parser; its parameters (version, charset) do not change the syntax. */
    static final String MEDIA_TYPE = "application/openmetrics-text";
    private static final int EXEMPLAR_LABELS_MAX = 128;
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern UNIT = Pattern.compile("[a-zA-Z0-9_:]*");
    private static final Pattern REAL = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(?:inf|infinity)|nan");
    /** Every sample-name suffix of any type, longest first so that "_gcount" is tried before "_count". */
    private static final List<String> SUFFIXES = List.of("_created", "_bucket", "_gcount", "_count", "_total", "_gsum",
            "_info", "_sum", "");
    private static final Map<String, Set<String>> SUFFIXES_BY_TYPE = Map.of(
            "counter", Set.of("_total", "_created"),
            "gauge", Set.of(""),
            "histogram", Set.of("_bucket", "_sum", "_count", "_created"),
            "gaugehistogram", Set.of("_bucket", "_gsum", "_gcount"),
            "stateset", Set.of(""),
            "info", Set.of("_info"),
            "summary", Set.of("", "_sum", "_count", "_created"),
            "unknown", Set.of(""));

    /** One metric family as the parser builds it. */
    private static final class Family {
        final String name;
        String type = "unknown";
        final Set<String> metadata = new HashSet<>();
        int samples;

        Family(String name) {
            this.name = name;
        }

        boolean allows(String suffix) {
            return SUFFIXES_BY_TYPE.get(type).contains(suffix);
        }

        String sampleNames() {
            return SUFFIXES_BY_TYPE.get(type).stream().sorted().map(s -> name + s).reduce((a, b) -> a + ", " + b).orElse(name);
        }
    }

    /** The buckets seen so far of one histogram metric (one label set without le). */
    private static final class Buckets {
        final int firstLine;
        double lastLe = Double.NEGATIVE_INFINITY;
        double lastCount = 0;
        boolean sawInf;

        Buckets(int firstLine) {
            this.firstLine = firstLine;
        }
    }

    /** A label set as written: names in order, values unescaped, and its length as OpenMetrics counts it. */
    private record Labels(Map<String, String> values, int codePoints) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Map<String, Buckets> buckets = new HashMap<>();
    private Family current;
    private int samples;
    private int exemplars;

    private OpenMetricsText() {
    }

    static Exposition parse(String text) throws ParseError {
        return new OpenMetricsText().exposition(text);
    }

    private Exposition exposition(String text) throws ParseError {
        if (text.startsWith("\uFEFF")) {
            throw new ParseError(1, "the body starts with a byte order mark, which OpenMetrics forbids");
        }
        String[] lines = text.split("\n", -1);
        int eof = eofIndex(lines);
        for (int i = 0; i < eof; i++) {
            line(lines[i], i + 1);
        }
        for (Map.Entry<String, Buckets> e : buckets.entrySet()) {
            if (!e.getValue().sawInf) {
                throw new ParseError(e.getValue().firstLine, "histogram " + e.getKey().substring(0, e.getKey().indexOf('\u0000'))
                        + " has no le=\"+Inf\" bucket");
            }
        }
        Map<String, String> types = new LinkedHashMap<>();
        families.values().forEach(f -> types.put(f.name, f.type));
        return new Exposition(types, samples, exemplars);
    }

    /** The index of the "# EOF" line, which must be the last line (an LF after it is allowed). */
    private static int eofIndex(String[] lines) throws ParseError {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("# EOF")) {
                boolean last = i == lines.length - 1 || (i == lines.length - 2 && lines[i + 1].isEmpty());
                if (!last) {
                    throw new ParseError(i + 2, "text after # EOF (the exposition ends there)");
                }
                return i;
            }
        }
        int lastLine = lines.length > 1 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        throw new ParseError(lastLine, "no '# EOF' line at the end: an OpenMetrics exposition must end with # EOF"
                + " (a truncated body, or Prometheus 0.0.4 text sent as OpenMetrics)");
    }

    private void line(String line, int n) throws ParseError {
        if (line.endsWith("\r")) {
            throw new ParseError(n, "the line ends with CR LF; OpenMetrics lines end with LF alone");
        }
        if (line.isEmpty()) {
            throw new ParseError(n, "empty line (not allowed in OpenMetrics)");
        }
        if (line.startsWith("#")) {
            metadata(line, n);
        } else {
            sample(line, n);
        }
    }

    // ---- metadata: # TYPE name type, # HELP name text, # UNIT name unit ----

    private void metadata(String line, int n) throws ParseError {
        String[] parts = line.split(" ", 4);
        String keyword = parts.length > 1 ? parts[1] : "";
        if (!parts[0].equals("#") || !(keyword.equals("TYPE") || keyword.equals("HELP") || keyword.equals("UNIT"))) {
            throw new ParseError(n, "a '#' line other than # TYPE, # HELP, # UNIT or # EOF (comments are not allowed in OpenMetrics)");
        }
        if (parts.length < 3 || !METRIC_NAME.matcher(parts[2]).matches()) {
            throw new ParseError(n, keyword + " needs a metric name after a single space");
        }
        String name = parts[2];
        String value = parts.length == 4 ? parts[3] : null;
        Family f = metadataFamily(name, keyword, n);
        switch (keyword) {
            case "TYPE" -> {
                if (value == null || !SUFFIXES_BY_TYPE.containsKey(value)) {
                    throw new ParseError(n, value == null ? "TYPE needs a metric type after the name"
                            : "unknown metric type '" + Show.clip(value) + "' (counter, gauge, histogram, gaugehistogram,"
                                    + " stateset, info, summary or unknown)");
                }
                f.type = value;
            }
            case "HELP" -> {
                if (value != null) {
                    escapedString(value, n, "HELP text");
                }
            }
            default -> {
                if (value != null && !value.isEmpty()) {
                    if (!UNIT.matcher(value).matches()) {
                        throw new ParseError(n, "invalid unit '" + Show.clip(value) + "'");
                    }
                    if (!name.endsWith("_" + value)) {
                        throw new ParseError(n, "the name " + name + " does not end with its unit _" + value);
                    }
                }
            }
        }
    }

    private Family metadataFamily(String name, String keyword, int n) throws ParseError {
        Family f = families.get(name);
        if (f == null) {
            Family owner = owner(name);
            if (owner != null) {
                throw new ParseError(n, "the family " + name + " clashes with a sample name of " + owner.type + " " + owner.name);
            }
            f = new Family(name);
            families.put(name, f);
            current = f;
            return addMetadata(f, keyword, n);
        }
        if (f != current) {
            throw new ParseError(n, "the family " + name + " appears again after other families (families must not be interleaved)");
        }
        if (f.samples > 0) {
            throw new ParseError(n, keyword + " for " + name + " comes after its samples");
        }
        return addMetadata(f, keyword, n);
    }

    private static Family addMetadata(Family f, String keyword, int n) throws ParseError {
        if (!f.metadata.add(keyword)) {
            throw new ParseError(n, "second " + keyword + " line for " + f.name);
        }
        return f;
    }

    /** The family whose samples include {@code sampleName}, or null. */
    private Family owner(String sampleName) {
        for (String suffix : SUFFIXES) {
            if (sampleName.endsWith(suffix) && sampleName.length() > suffix.length()) {
                Family f = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (f != null && f.allows(suffix)) {
                    return f;
                }
            }
        }
        return null;
    }

    // ---- samples: name{labels} value [timestamp] [# {labels} value [timestamp]] ----

    private void sample(String line, int n) throws ParseError {
        int i = 0;
        while (i < line.length() && isNameChar(line.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new ParseError(n, "expected a metric name, found '" + Show.clip(line.substring(0, Math.min(20, line.length()))) + "'");
        }
        String name = line.substring(0, i);
        Family f = sampleFamily(name, n);
        String suffix = name.substring(f.name.length());
        Labels labels = new Labels(Map.of(), 0);
        if (i < line.length() && line.charAt(i) == '{') {
            int[] end = new int[1];
            labels = labels(line, i, n, name, end);
            i = end[0];
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new ParseError(n, i >= line.length() ? name + " has no value"
                    : "expected a single space between " + name + (labels.values().isEmpty() ? "" : "{...}") + " and its value");
        }
        String[] rest = splitExemplar(line.substring(i + 1), n);
        String[] tokens = rest[0].split(" ", -1);
        if (tokens.length > 2) {
            throw new ParseError(n, "unexpected text after the timestamp (tokens are separated by a single space)");
        }
        double value = number(tokens[0], n, "sample value");
        if (tokens.length == 2) {
            timestamp(tokens[1], n);
        }
        if (rest[1] != null) {
            exemplar(rest[1], n, f, suffix);
        }
        checkValue(f, suffix, name, labels.values(), value, n);
        f.samples++;
        samples++;
    }

    private Family sampleFamily(String name, int n) throws ParseError {
        if (current != null && name.startsWith(current.name) && current.allows(name.substring(current.name.length()))) {
            return current;
        }
        Family owner = owner(name);
        if (owner != null) {
            throw new ParseError(n, "samples of " + owner.name + " appear again after other families (families must not be interleaved)");
        }
        Family same = families.get(name);
        if (same != null) {
            throw new ParseError(n, "sample " + name + " does not fit the " + same.type + " " + same.name + " (its samples are "
                    + same.sampleNames() + ")");
        }
        // A sample without metadata starts a family of type unknown, named as the sample.
        Family f = new Family(name);
        families.put(name, f);
        current = f;
        return f;
    }

    /** [the sample's value and timestamp, the exemplar after " # " or null]. */
    private static String[] splitExemplar(String rest, int n) throws ParseError {
        int hash = rest.indexOf(" # ");
        if (hash < 0) {
            if (rest.contains("#")) {
                throw new ParseError(n, "an exemplar is written ' # {labels} value [timestamp]'");
            }
            return new String[] {rest, null};
        }
        return new String[] {rest.substring(0, hash), rest.substring(hash + 3)};
    }

    private void exemplar(String text, int n, Family f, String suffix) throws ParseError {
        boolean allowed = ("counter".equals(f.type) && suffix.equals("_total"))
                || (("histogram".equals(f.type) || "gaugehistogram".equals(f.type)) && suffix.equals("_bucket"));
        if (!allowed) {
            throw new ParseError(n, "an exemplar on " + f.name + suffix + " (only counter totals and histogram buckets carry exemplars)");
        }
        if (!text.startsWith("{")) {
            throw new ParseError(n, "an exemplar starts with its label set, e.g. # {trace_id=\"...\"} 0.67");
        }
        int[] end = new int[1];
        Labels labels = labels(text, 0, n, "the exemplar", end);
        if (labels.codePoints() > EXEMPLAR_LABELS_MAX) {
            throw new ParseError(n, "the exemplar's labels are " + labels.codePoints() + " characters long (at most "
                    + EXEMPLAR_LABELS_MAX + ")");
        }
        String after = text.substring(end[0]);
        if (!after.startsWith(" ")) {
            throw new ParseError(n, "the exemplar needs a value after its labels");
        }
        String[] tokens = after.substring(1).split(" ", -1);
        if (tokens.length > 2) {
            throw new ParseError(n, "unexpected text after the exemplar's timestamp");
        }
        number(tokens[0], n, "exemplar value");
        if (tokens.length == 2) {
            timestamp(tokens[1], n);
        }
        exemplars++;
    }

    /** What each type requires of a sample's value and labels. */
    private void checkValue(Family f, String suffix, String name, Map<String, String> labels, double value, int n)
            throws ParseError {
        switch (f.type) {
            case "counter" -> {
                if (suffix.equals("_total")) {
                    nonNegative(value, name, n);
                }
            }
            case "histogram", "gaugehistogram" -> {
                if (suffix.equals("_bucket")) {
                    bucket(f, name, labels, value, n);
                } else if (suffix.equals("_count") || suffix.equals("_gcount")) {
                    nonNegative(value, name, n);
                }
            }
            case "summary" -> {
                if (suffix.isEmpty()) {
                    String q = labels.get("quantile");
                    if (q == null) {
                        throw new ParseError(n, "summary sample " + name + " has no quantile label");
                    }
                    double quantile = labelNumber(q, "quantile", n);
                    if (!(quantile >= 0 && quantile <= 1)) {
                        throw new ParseError(n, "quantile " + Show.clip(q) + " of " + name + " is not between 0 and 1");
                    }
                } else if (suffix.equals("_count")) {
                    nonNegative(value, name, n);
                }
            }
            case "stateset" -> {
                if (!labels.containsKey(f.name)) {
                    throw new ParseError(n, "stateset sample " + name + " has no label named " + f.name + " (the state)");
                }
                if (value != 0 && value != 1) {
                    throw new ParseError(n, "stateset sample " + name + " is neither 0 nor 1");
                }
            }
            case "info" -> {
                if (value != 1) {
                    throw new ParseError(n, "info sample " + name + " is not 1");
                }
            }
            default -> {
                // gauge and unknown: any value.
            }
        }
    }

    private void bucket(Family f, String name, Map<String, String> labels, double value, int n) throws ParseError {
        String le = labels.get("le");
        if (le == null) {
            throw new ParseError(n, "histogram bucket " + name + " has no le label");
        }
        double bound = labelNumber(le, "le", n);
        Map<String, String> metric = new TreeMap<>(labels);
        metric.remove("le");
        Buckets b = buckets.computeIfAbsent(f.name + '\u0000' + metric, k -> new Buckets(n));
        if (b.sawInf) {
            // A second MetricPoint of the same metric (with timestamps) starts its buckets again.
            b.sawInf = false;
            b.lastLe = Double.NEGATIVE_INFINITY;
            b.lastCount = 0;
        }
        if (!(bound > b.lastLe)) {
            throw new ParseError(n, "buckets of " + name + " are not in increasing order of le (" + Show.clip(le) + ")");
        }
        nonNegative(value, name, n);
        if (value < b.lastCount) {
            throw new ParseError(n, "bucket counts of " + name + " decrease (le=\"" + Show.clip(le) + "\"); buckets are cumulative");
        }
        b.lastLe = bound;
        b.lastCount = value;
        b.sawInf = bound == Double.POSITIVE_INFINITY;
    }

    private static void nonNegative(double value, String name, int n) throws ParseError {
        if (Double.isNaN(value) || value < 0) {
            throw new ParseError(n, name + " is " + (Double.isNaN(value) ? "NaN" : "negative") + "; it counts, so it must be 0 or more");
        }
    }

    // ---- tokens ----

    /**
     * A label set starting at the '{' at {@code start}, without blanks, no trailing comma; {@code end[0]} is set to
     * the index after its '}'.
     */
    private static Labels labels(String t, int start, int n, String owner, int[] end) throws ParseError {
        Map<String, String> values = new LinkedHashMap<>();
        int codePoints = 0;
        int i = start + 1;
        if (i < t.length() && t.charAt(i) == '}') {
            end[0] = i + 1;
            return new Labels(values, 0);
        }
        while (true) {
            int nameStart = i;
            while (i < t.length() && isLabelChar(t.charAt(i), i == nameStart)) {
                i++;
            }
            if (i == nameStart) {
                throw new ParseError(n, "expected a label name at column " + (i + 1) + " of " + owner);
            }
            String label = t.substring(nameStart, i);
            if (values.containsKey(label)) {
                throw new ParseError(n, "label " + label + " appears twice");
            }
            if (i + 1 >= t.length() || t.charAt(i) != '=' || t.charAt(i + 1) != '"') {
                throw new ParseError(n, "label " + label + " needs =\"value\" (no blanks)");
            }
            i += 2;
            StringBuilder value = new StringBuilder();
            boolean closed = false;
            while (i < t.length()) {
                char c = t.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= t.length()) {
                        break;
                    }
                    char next = t.charAt(i + 1);
                    value.append(next == 'n' ? '\n' : next);
                    i += 2;
                } else if (c == '"') {
                    closed = true;
                    i++;
                    break;
                } else {
                    value.append(c);
                    i++;
                }
            }
            if (!closed) {
                throw new ParseError(n, "unterminated value of label " + label);
            }
            values.put(label, value.toString());
            codePoints += label.codePointCount(0, label.length()) + value.codePointCount(0, value.length());
            if (i < t.length() && t.charAt(i) == ',') {
                i++;
            } else if (i < t.length() && t.charAt(i) == '}') {
                end[0] = i + 1;
                return new Labels(values, codePoints);
            } else {
                throw new ParseError(n, "expected ',' or '}' after label " + label);
            }
        }
    }

    /** HELP text: any characters, a backslash escapes the next one (\n, \", \\ are the defined escapes). */
    private static void escapedString(String text, int n, String what) throws ParseError {
        int trailing = 0;
        while (trailing < text.length() && text.charAt(text.length() - 1 - trailing) == '\\') {
            trailing++;
        }
        if (trailing % 2 == 1) {
            throw new ParseError(n, what + " ends with a lone backslash");
        }
    }

    private static double number(String token, int n, String what) throws ParseError {
        if (NON_FINITE.matcher(token).matches()) {
            String t = token.toLowerCase(java.util.Locale.ROOT);
            return t.equals("nan") ? Double.NaN : t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return real(token, n, what);
    }

    private static double real(String token, int n, String what) throws ParseError {
        if (!REAL.matcher(token).matches()) {
            throw new ParseError(n, "'" + Show.clip(token) + "' is not a " + what);
        }
        double d = Double.parseDouble(token);
        if (Double.isInfinite(d)) {
            throw new ParseError(n, "'" + Show.clip(token) + "' is out of the range of a 64-bit float");
        }
        return d;
    }

    /** Timestamps are seconds since the epoch, integer or float ({@code 1520879607.789}). */
    private static void timestamp(String token, int n) throws ParseError {
        real(token, n, "timestamp (seconds since the epoch)");
    }

    private static double labelNumber(String text, String label, int n) throws ParseError {
        try {
            return number(text, n, label + " value");
        } catch (ParseError e) {
            throw new ParseError(n, label + "=\"" + Show.clip(text) + "\" is not a number");
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private static boolean isLabelChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }
}
