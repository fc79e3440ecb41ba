package dev.prodaudit.repo.kube;

import dev.prodaudit.repo.Location;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A YAML value with the location of every key and value, read from SnakeYAML's node marks. Locations come from a
 * function of the 1-based line in the text read, so that a rendered Helm template can point back at the template
 * line that produced each line of output. Values are immutable once read; a merged value is a new tree.
 */
sealed interface Tree {

    /** Where the value starts. */
    Location at();

    /** A mapping; {@code keys} holds where each key is written (the line a finding names). */
    record Mapping(Map<String, Tree> entries, Map<String, Location> keys, Location at) implements Tree {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        }

        Tree get(String key) {
            return entries.get(key);
        }

        Optional<Mapping> mapping(String key) {
            return entries.get(key) instanceof Mapping m ? Optional.of(m) : Optional.empty();
        }

        List<Tree> sequence(String key) {
            return entries.get(key) instanceof Sequence s ? s.items() : List.of();
        }

        /** The text of a scalar value, or null when absent, null or not a scalar. */
        String text(String key) {
            return entries.get(key) instanceof Scalar s && !s.isNull() ? s.text() : null;
        }

        /** Where {@code key} is written, else where the mapping starts. */
        Location keyAt(String key) {
            return keys.getOrDefault(key, at);
        }
    }

    record Sequence(List<Tree> items, Location at) implements Tree {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** A scalar as written, with the type YAML resolves it to ({@code bool}, {@code int}, {@code null}, {@code str}...). */
    record Scalar(String text, String type, Location at) implements Tree {
        boolean isNull() {
            return type.equals("null");
        }

        boolean isTrue() {
            return type.equals("bool") && text.equalsIgnoreCase("true");
        }

        boolean isFalse() {
            return type.equals("bool") && text.equalsIgnoreCase("false");
        }

        /** The integer value, or null when the scalar is not an integer. */
        Long integer() {
            if (!type.equals("int")) {
                return null;
            }
            try {
                return Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** Whether the value is absent, YAML null, or an empty mapping or sequence. */
    static boolean isEmpty(Tree t) {
        return t == null || t instanceof Scalar s && s.isNull() || t instanceof Mapping m && m.entries().isEmpty()
                || t instanceof Sequence q && q.items().isEmpty();
    }

    /** Every scalar and key text in the value, for finding placeholders of unevaluated template parts. */
    static void texts(Tree t, List<String> out) {
        if (t instanceof Scalar s) {
            out.add(s.text());
        } else if (t instanceof Sequence q) {
            q.items().forEach(i -> texts(i, out));
        } else if (t instanceof Mapping m) {
            out.addAll(m.entries().keySet());
            m.entries().values().forEach(v -> texts(v, out));
        }
    }

    /** Limits for text that is not ours: aliases cannot multiply, nesting cannot overflow the stack. */
    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(64);
        options.setCodePointLimit(4 * 1024 * 1024);
        options.setAllowDuplicateKeys(true);
        return options;
    }

    /**
     * Every document of a multi-document text. {@code locate} turns a 1-based line of {@code text} into a location.
     * Throws {@link org.yaml.snakeyaml.error.YAMLException} when the text is not YAML.
     */
    static List<Tree> readAll(String text, IntFunction<Location> locate) {
        // The composer alone: node trees with their marks are all this needs. Yaml's constructors and representers
        // would load a hundred classes and java.util.logging for nothing.
        LoaderOptions options = options();
        Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                new Resolver(), options);
        List<Tree> documents = new ArrayList<>();
        while (composer.checkNode()) {
            Node node = composer.getNode();
            if (node != null) {
                documents.add(convert(node, locate, 0));
            }
        }
        return documents;
    }

    /**
     * The value as plain Java, the way a YAML loader hands it to a template: maps, lists, String, Boolean, Long (or
     * BigInteger), Double and null, with merge keys ({@code <<: *defaults}) applied, as Helm's YAML reader does.
     */
    static Object plain(Tree t) {
        if (t instanceof Mapping m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.entries().forEach((k, v) -> {
                if (!k.equals("<<")) {
                    out.put(k, plain(v));
                }
            });
            Tree merged = m.get("<<");
            List<Tree> sources = merged instanceof Sequence q ? q.items() : merged == null ? List.of() : List.of(merged);
            for (Tree source : sources) {
                if (source instanceof Mapping from) {
                    ((Map<?, ?>) plain(from)).forEach((k, v) -> out.putIfAbsent((String) k, v));
                }
            }
            return out;
        }
        if (t instanceof Sequence q) {
            List<Object> out = new ArrayList<>(q.items().size());
            q.items().forEach(i -> out.add(plain(i)));
            return out;
        }
        Scalar s = (Scalar) t;
        return switch (s.type()) {
            case "null" -> null;
            case "bool" -> YamlScalars.bool(s.text());
            case "int" -> YamlScalars.integer(s.text());
            case "float" -> YamlScalars.floating(s.text());
            default -> s.text();
        };
    }

    private static Tree convert(Node node, IntFunction<Location> locate, int depth) {
        Location at = locate.apply(node.getStartMark().getLine() + 1);
        if (depth > 64) {
            return new Scalar("", "null", at);
        }
        if (node instanceof MappingNode m) {
            Map<String, Tree> entries = new LinkedHashMap<>();
            Map<String, Location> keys = new LinkedHashMap<>();
            for (NodeTuple tuple : m.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode k) {
                    entries.put(k.getValue(), convert(tuple.getValueNode(), locate, depth + 1));
                    keys.put(k.getValue(), locate.apply(k.getStartMark().getLine() + 1));
                }
            }
            return new Mapping(entries, keys, at);
        }
        if (node instanceof SequenceNode s) {
            List<Tree> items = new ArrayList<>();
            for (Node item : s.getValue()) {
                items.add(convert(item, locate, depth + 1));
            }
            return new Sequence(items, at);
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        String type = tag.equals(Tag.BOOL) ? "bool" : tag.equals(Tag.INT) ? "int" : tag.equals(Tag.NULL) ? "null"
                : tag.equals(Tag.FLOAT) ? "float" : "str";
        return new Scalar(scalar.getValue(), type, at);
    }
}
