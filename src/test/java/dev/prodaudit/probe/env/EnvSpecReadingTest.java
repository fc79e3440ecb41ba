package dev.prodaudit.probe.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodaudit.input.Binder;
import dev.prodaudit.input.InputException;
import dev.prodaudit.input.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An env spec read straight from the tree ({@link EnvSpec#readPlain}) equals what the binder makes of it, or is left to
 * the binder: on every env probe of the built-in catalogue, and on each with one value changed to another type, one
 * key added, or one variable's rule replaced.
 */
class EnvSpecReadingTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YamlDocument NO_POSITIONS = parse("x", "{}");

    private static YamlDocument parse(String name, String text) {
        try {
            return YamlDocument.parse(name, text);
        } catch (InputException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The binder's reading, or empty when it refuses the mapping. */
    private static Optional<EnvSpec> bound(JsonNode params) {
        try {
            return Optional.of(Binder.bind(params, EnvSpec.class, "", Binder.Locator.of(NO_POSITIONS)));
        } catch (InputException e) {
            return Optional.empty();
        }
    }

    /** Read straight from the tree only where the binder reads the same: the same rules, for the same names in order. */
    private static boolean sameAsTheBinder(JsonNode params) {
        Optional<EnvSpec> plain = EnvSpec.readPlain(params);
        plain.ifPresent(read -> {
            Optional<EnvSpec> bound = bound(params);
            assertTrue(bound.isPresent(), () -> "the binder refuses what the plain reading took: " + params);
            // A pattern holds a java.util.regex.Pattern, which equals only itself: compare what each spec says.
            assertEquals(bound.orElseThrow().toString(), read.toString(), params::toString);
            assertEquals(List.copyOf(bound.orElseThrow().vars().keySet()), List.copyOf(read.vars().keySet()));
        });
        return plain.isPresent();
    }

    /** The parameters (the mapping without its type) of every env probe in the built-in catalogue, nested ones too. */
    private static List<ObjectNode> builtInEnvProbes() throws IOException {
        List<ObjectNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("checks"))) {
            for (Path file : files.sorted().toList()) {
                collect(parse(file.toString(), Files.readString(file)).root(), found);
            }
        }
        return found;
    }

    private static void collect(JsonNode node, List<ObjectNode> found) {
        if (node.isObject() && "env".equals(node.path("type").textValue())) {
            ObjectNode params = ((ObjectNode) node).deepCopy();
            params.remove("type");
            found.add(params);
        }
        node.forEach(child -> collect(child, found));
    }

    @Test
    void everyBuiltInEnvProbeReadsAsTheBinderReadsIt() throws Exception {
        List<ObjectNode> probes = builtInEnvProbes();
        int read = 0;
        for (ObjectNode params : probes) {
            if (sameAsTheBinder(params)) {
                read++;
            }
        }
        assertTrue(probes.size() >= 33, probes.size() + " env probes");
        assertEquals(probes.size(), read, read + " of " + probes.size() + " read straight from the tree");
    }

    @Test
    void theMappingsOfALargeCatalogueOfPresenceChecksAreReadStraightFromTheTree() {
        ObjectNode params = NODES.objectNode();
        params.putObject("vars").putObject("VAR_00001").put("minLength", 4);
        assertTrue(sameAsTheBinder(params));
        ObjectNode twoVars = NODES.objectNode();
        ObjectNode vars = twoVars.putObject("vars");
        vars.putNull("NODE_ENV");
        vars.putObject("JWT_SECRET").put("required", true).put("secret", true).put("notPlaceholder", false)
                .put("hexLength", 64).put("default", "x").put("boolean", false).putArray("oneOf").add("a").add("b");
        twoVars.putArray("distinct").addArray().add("NODE_ENV").add("JWT_SECRET");
        assertTrue(sameAsTheBinder(twoVars));
    }

    /** Each value of each rule, each rule, and distinct, given other values; keys added that the plain reading lacks. */
    @Test
    void aValueOfAnotherTypeOrAnotherKeyIsLeftToTheBinderOrReadAlike() throws Exception {
        List<JsonNode> others = List.of(NODES.numberNode(5), NODES.numberNode(0), NODES.numberNode(-3),
                NODES.numberNode(5_000_000_000L), NODES.numberNode(2.5), NODES.booleanNode(true), NODES.booleanNode(false),
                NODES.nullNode(), NODES.textNode(""), NODES.textNode("production"), NODES.textNode("4"),
                NODES.arrayNode(), NODES.arrayNode().add("a").add("b"), NODES.arrayNode().add(1),
                NODES.arrayNode().add(NODES.arrayNode().add("A").add("B")), NODES.arrayNode().add(NODES.arrayNode().add("A")),
                NODES.objectNode(), NODES.objectNode().put("min", 1), NODES.objectNode().put("k", "v"));
        List<String> extraKeys = List.of("minLen", "pattern", "integer", "duration", "bytes", "minEntropy", "randomBytes",
                "url", "email", "list", "fallback", "bool");
        int variants = 0;
        int readPlainly = 0;
        for (ObjectNode params : builtInEnvProbes()) {
            List<ObjectNode> cases = new ArrayList<>();
            for (JsonNode other : others) {
                cases.add(with(params, p -> p.set("distinct", other)));
                cases.add(with(params, p -> p.set("vars", other)));
                cases.add(with(params, p -> p.set("unknown", other)));
            }
            List<String> names = new ArrayList<>();
            params.get("vars").fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode rule = params.get("vars").get(name);
                List<String> keys = new ArrayList<>(extraKeys);
                if (rule.isObject()) {
                    rule.fieldNames().forEachRemaining(keys::add);
                }
                keys.addAll(List.of("required", "default", "secret", "notPlaceholder", "minLength", "oneOf", "boolean",
                        "hexLength"));
                for (JsonNode other : others) {
                    cases.add(with(params, p -> ((ObjectNode) p.get("vars")).set(name, other)));
                    for (String key : keys) {
                        cases.add(with(params, p -> {
                            JsonNode r = p.get("vars").get(name);
                            ObjectNode changed = r.isObject() ? (ObjectNode) r : NODES.objectNode();
                            changed.set(key, other);
                            ((ObjectNode) p.get("vars")).set(name, changed);
                        }));
                    }
                }
            }
            cases.addAll(nestedVariants(params));
            for (ObjectNode variant : cases) {
                variants++;
                if (sameAsTheBinder(variant)) {
                    readPlainly++;
                }
            }
        }
        assertTrue(variants > 20_000, variants + " variants");
        assertTrue(readPlainly > 500, readPlainly + " variants read straight from the tree");
    }

    /** Values of the nested rules' keys: their own types and others. */
    private static final List<JsonNode> NESTED_VALUES = List.of(NODES.numberNode(48), NODES.numberNode(0),
            NODES.numberNode(-1), NODES.numberNode(5_000_000_000L), NODES.numberNode(1.5), NODES.booleanNode(true),
            NODES.nullNode(), NODES.textNode("hex"), NODES.textNode("base64"), NODES.textNode("Base64"),
            NODES.textNode("raw"), NODES.textNode("ms"), NODES.textNode("seconds"), NODES.textNode("15m"),
            NODES.textNode("2h"), NODES.textNode("soon"), NODES.textNode("^[a-z]+$"), NODES.textNode("[bad"),
            NODES.textNode(";"), NODES.textNode(""), NODES.arrayNode(), NODES.arrayNode().add("https"),
            NODES.arrayNode().add("https").add(1), NODES.objectNode(), NODES.objectNode().put("minLength", 2),
            NODES.objectNode().put("oneOf", "x"), NODES.objectNode().put("minEntropy", 3.0));

    /** The keys of each nested rule ({@code integer: {min, max}}, ...), and keys they lack, given other values. */
    private static List<ObjectNode> nestedVariants(ObjectNode params) {
        List<String> innerKeys = List.of("min", "max", "encoding", "unitless", "schemes", "credentials", "localhost",
                "host", "domain", "forbiddenDomains", "separator", "minItems", "item", "forbidden", "other");
        List<ObjectNode> cases = new ArrayList<>();
        List<String> names = new ArrayList<>();
        params.get("vars").fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode rule = params.get("vars").get(name);
            if (!rule.isObject()) {
                continue;
            }
            List<String> nested = new ArrayList<>();
            rule.fieldNames().forEachRemaining(key -> {
                if (rule.get(key).isObject()) {
                    nested.add(key);
                }
            });
            for (String key : nested) {
                for (String inner : innerKeys) {
                    for (JsonNode value : NESTED_VALUES) {
                        cases.add(with(params, p -> ((ObjectNode) p.get("vars").get(name).get(key)).set(inner, value)));
                    }
                    cases.add(with(params, p -> ((ObjectNode) p.get("vars").get(name).get(key)).remove(inner)));
                }
            }
        }
        return cases;
    }

    private static ObjectNode with(ObjectNode params, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode copy = params.deepCopy();
        change.accept(copy);
        return copy;
    }

    @Test
    void valuesTheRecordsRefuseAreLeftToTheBinderWhichSaysWhere() {
        ObjectNode emptyOneOf = NODES.objectNode();
        emptyOneOf.putObject("vars").putObject("NODE_ENV").set("oneOf", NODES.arrayNode());
        ObjectNode loneDistinct = NODES.objectNode();
        loneDistinct.putObject("vars").putNull("A");
        ArrayNode groups = loneDistinct.putArray("distinct");
        groups.addArray().add("A");
        ObjectNode noVars = NODES.objectNode();
        noVars.putObject("vars");
        for (ObjectNode params : List.of(emptyOneOf, loneDistinct, noVars)) {
            assertEquals(Optional.empty(), EnvSpec.readPlain(params), params::toString);
            assertEquals(Optional.empty(), bound(params), params::toString);
        }
    }
}
