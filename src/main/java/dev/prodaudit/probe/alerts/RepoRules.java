package dev.prodaudit.probe.alerts;

import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.promql.Expr;
import dev.prodaudit.promql.Parser;
import dev.prodaudit.promql.PromqlError;
import dev.prodaudit.repo.RepoFiles;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The alerting rules written in the repository, recognised by content wherever they are: Prometheus rule files (a
 * top-level {@code groups:} whose rules have {@code alert:} and {@code expr:}) and PrometheusRule objects
 * ({@code apiVersion: monitoring.coreos.com/v1}, {@code spec.groups}). Each expression is parsed; a parse error is
 * placed at the file line and column of the problem, as {@code promtool check rules} names it.
 */
final class RepoRules {
    /** Larger YAML is generated (CRD bundles), not a rule file someone wrote. */
    private static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

    /** One alerting rule of a file; {@code parsed} is null when {@code error} says why. */
    record Rule(String file, int line, String group, String name, String expr, Expr parsed, String error) {
        String where() {
            return file + ":" + line;
        }
    }

    /** A rule file that could not be judged (a Helm template this audit does not render). */
    record Undecided(String file, int line, String reason) {
    }

    record Scan(List<Rule> rules, List<Undecided> undecided) {
    }

    private RepoRules() {
    }

    static Scan of(ProbeContext ctx) {
        return ctx.clients().get("alert-rules:" + ctx.repository().toAbsolutePath(), Scan.class,
                () -> scan(ctx.repository(), RepoFiles.of(ctx).all()));
    }

    static Scan scan(Path root, List<String> files) {
        List<Rule> rules = new ArrayList<>();
        List<Undecided> undecided = new ArrayList<>();
        Set<String> chartTemplates = chartTemplateFolders(files);
        for (String file : files) {
            if (!(file.endsWith(".yaml") || file.endsWith(".yml"))) {
                continue;
            }
            Optional<String> text = read(root.resolve(file));
            if (text.isEmpty() || !text.get().contains("alert") || !text.get().contains("groups")) {
                continue;
            }
            boolean template = chartTemplates.stream().anyMatch(file::startsWith) && text.get().contains("{{");
            if (template) {
                int line = lineOf(text.get(), text.get().indexOf("groups"));
                undecided.add(new Undecided(file, line, "a Helm template: its alerting rules are not judged without "
                        + "rendering the chart (helm template), which this audit does not do for rule files"));
                continue;
            }
            try {
                read(file, text.get(), rules);
            } catch (YAMLException e) {
                // not YAML, or YAML this reader cannot take: not a rule file (content decides, not the name)
            }
        }
        return new Scan(List.copyOf(rules), List.copyOf(undecided));
    }

    private static Set<String> chartTemplateFolders(List<String> files) {
        Set<String> out = new HashSet<>();
        for (String f : files) {
            if (f.equals("Chart.yaml") || f.endsWith("/Chart.yaml")) {
                out.add(f.substring(0, f.length() - "Chart.yaml".length()) + "templates/");
            }
        }
        return out;
    }

    private static void read(String file, String text, List<Rule> out) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(64);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                new Resolver(), options);
        while (composer.checkNode()) {
            Node document = composer.getNode();
            if (!(document instanceof MappingNode m)) {
                continue;
            }
            String apiVersion = scalar(m, "apiVersion");
            Node groups;
            if (apiVersion != null) {
                if (!apiVersion.startsWith("monitoring.coreos.com/") || !"PrometheusRule".equals(scalar(m, "kind"))) {
                    continue;
                }
                groups = get(get(m, "spec"), "groups");
            } else {
                groups = get(m, "groups");
            }
            if (groups instanceof SequenceNode seq) {
                for (Node group : seq.getValue()) {
                    readGroup(file, text, group, out);
                }
            }
        }
    }

    private static void readGroup(String file, String text, Node group, List<Rule> out) {
        if (!(group instanceof MappingNode g) || !(get(g, "rules") instanceof SequenceNode rules)) {
            return;
        }
        String groupName = scalar(g, "name");
        for (Node r : rules.getValue()) {
            if (!(r instanceof MappingNode rule) || scalar(rule, "alert") == null) {
                continue;
            }
            int line = keyLine(rule, "alert");
            String name = scalar(rule, "alert");
            Node exprNode = get(rule, "expr");
            if (!(exprNode instanceof ScalarNode expr)) {
                out.add(new Rule(file, line, groupName, name, "", null, file + ":" + line + ": alert " + name
                        + " has no expr"));
                continue;
            }
            String value = expr.getValue();
            try {
                out.add(new Rule(file, line, groupName, name, value, Parser.parse(value), null));
            } catch (PromqlError e) {
                int[] at = position(expr, text, e);
                out.add(new Rule(file, line, groupName, name, value, null, file + ":" + at[0] + ":" + at[1]
                        + ": alert " + name + ": invalid PromQL: " + e.reason()));
            }
        }
    }

    /**
     * The file line and column of a parse error: exact for a literal block ({@code expr: |}) and for a plain or quoted
     * one-line value, the start of the value otherwise (a folded scalar's lines are joined).
     */
    private static int[] position(ScalarNode expr, String text, PromqlError e) {
        int line = expr.getStartMark().getLine() + 1;
        int column = expr.getStartMark().getColumn() + 1;
        DumperOptions.ScalarStyle style = expr.getScalarStyle();
        if (style == DumperOptions.ScalarStyle.LITERAL) {
            String[] lines = text.split("\n", -1);
            // the indicator's line; content starts on the next, indented as its first line is
            int contentLine = line + e.line();
            if (line < lines.length && contentLine - 1 < lines.length) {
                String first = lines[line];
                int indent = 0;
                while (indent < first.length() && first.charAt(indent) == ' ') {
                    indent++;
                }
                return new int[] {contentLine, indent + e.column()};
            }
            return new int[] {line, column};
        }
        if (e.line() == 1 && expr.getStartMark().getLine() == expr.getEndMark().getLine()) {
            boolean quoted = style == DumperOptions.ScalarStyle.DOUBLE_QUOTED || style == DumperOptions.ScalarStyle.SINGLE_QUOTED;
            return new int[] {line, column + (quoted ? 1 : 0) + e.column() - 1};
        }
        return new int[] {line, column};
    }

    private static Node get(Node node, String key) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    private static int keyLine(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return k.getStartMark().getLine() + 1;
            }
        }
        return m.getStartMark().getLine() + 1;
    }

    private static String scalar(Node node, String key) {
        return get(node, key) instanceof ScalarNode s ? s.getValue() : null;
    }

    private static Optional<String> read(Path path) {
        try {
            if (!Files.isRegularFile(path) || Files.size(path) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or not UTF-8: no rule file this audit can judge
        }
    }

    private static int lineOf(String text, int offset) {
        return offset < 0 ? 1 : RepoFiles.lineOf(text, offset);
    }
}
