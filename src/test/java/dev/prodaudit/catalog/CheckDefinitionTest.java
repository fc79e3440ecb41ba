package dev.prodaudit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * A check's definition read straight from the tree equals what the binder makes of it, or is left to the binder:
 * on every check of the built-in catalogue, and on each of them with one key changed to another type.
 */
class CheckDefinitionTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The binder's reading, of the check without its probe mapping (as the loader binds it), or empty when it refuses. */
    private static Optional<CheckDefinition> bound(JsonNode check, YamlDocument doc) {
        ObjectNode definition = NODES.objectNode();
        check.properties().forEach(e -> definition.set(e.getKey(),
                e.getKey().equals("probe") && !e.getValue().isNull() ? NODES.objectNode() : e.getValue()));
        try {
            return Optional.of(Binder.bind(definition, CheckDefinition.class, "", Binder.Locator.of(doc)));
        } catch (InputException e) {
            return Optional.empty();
        }
    }

    private static void sameAsTheBinder(JsonNode check, YamlDocument doc) {
        Optional<CheckDefinition> plain = CheckDefinition.readPlain(check);
        plain.ifPresent(read -> assertEquals(bound(check, doc), Optional.of(read), check::toString));
    }

    private static List<YamlDocument> builtInCatalogue() throws IOException, InputException {
        List<YamlDocument> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("checks"))) {
            for (Path file : files.sorted().toList()) {
                docs.add(YamlDocument.parse(file.toString(), Files.readString(file)));
            }
        }
        return docs;
    }

    @Test
    void everyBuiltInCheckIsReadStraightFromTheTreeAsTheBinderReadsIt() throws Exception {
        int read = 0;
        int attested = 0;
        for (YamlDocument doc : builtInCatalogue()) {
            for (JsonNode check : doc.root().get("checks")) {
                sameAsTheBinder(check, doc);
                assertTrue(CheckDefinition.readPlain(check).isPresent(), check.get("id").asText());
                read++;
                attested += check.has("attestation") ? 1 : 0;
            }
        }
        assertEquals(95, read);
        assertEquals(2, attested, "the attested ones are read plain too");
    }

    /** Timeouts and attestations as written, as mistyped, and as their parse refuses them. */
    @Test
    void timeoutsAndAttestationsAreReadAlikeOrLeftToTheBinder() throws Exception {
        YamlDocument doc = YamlDocument.parse("t.yaml", "{}");
        List<String> timeouts = List.of("15s", "2m", "0s", "-1s", "soon", "99999d", "''", "15", "[15s]", "null");
        List<String> attestations = List.of("{maxAge: 1d, perRelease: true}", "{maxAge: 92d}", "{perRelease: false}",
                "{}", "{maxAge: 12h}", "{maxAge: 0d}", "{maxAge: soon}", "{maxAge: 1}", "{perRelease: 'yes'}",
                "{maxAge: null}", "{maxage: 1d}", "[1d]", "1d", "null");
        int plain = 0;
        for (String timeout : timeouts) {
            for (String attestation : attestations) {
                JsonNode check = YamlDocument.parse("t.yaml", "id: a.b\ntitle: T\nseverity: high\nrationale: R\n"
                        + "remediation: M\ntimeout: " + timeout + "\nattestation: " + attestation + "\nprobe: {type: manual}\n").root();
                sameAsTheBinder(check, doc);
                plain += CheckDefinition.readPlain(check).isPresent() ? 1 : 0;
            }
        }
        assertEquals(10, plain, "two timeouts the parse accepts, each with the five attestations it accepts");
    }

    /** Each key of each built-in check given another value: a number, true, null, a list, a mapping, a list of numbers. */
    @Test
    void aValueOfAnotherTypeIsLeftToTheBinderOrReadAlike() throws Exception {
        List<JsonNode> others = List.of(NODES.numberNode(5), NODES.booleanNode(true), NODES.nullNode(), NODES.textNode(""),
                NODES.arrayNode().add("a").add("b"), NODES.objectNode().put("k", "v"), NODES.arrayNode().add(1),
                NODES.textNode("single-tag"));
        int variants = 0;
        for (YamlDocument doc : builtInCatalogue()) {
            for (JsonNode check : doc.root().get("checks")) {
                List<String> keys = new ArrayList<>();
                check.fieldNames().forEachRemaining(keys::add);
                keys.add("titel");
                keys.add("timeout");
                for (String key : keys) {
                    for (JsonNode other : others) {
                        ObjectNode variant = ((ObjectNode) check).deepCopy();
                        variant.set(key, other);
                        sameAsTheBinder(variant, doc);
                        variants++;
                    }
                }
                ObjectNode withoutProbe = ((ObjectNode) check).deepCopy();
                withoutProbe.remove("probe");
                assertFalse(CheckDefinition.readPlain(withoutProbe).isPresent());
            }
        }
        assertTrue(variants > 5_000, variants + " variants");
    }
}
