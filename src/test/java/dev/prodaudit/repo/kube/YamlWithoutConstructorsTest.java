package dev.prodaudit.repo.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prodaudit.repo.Location;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Values files are read, and toYaml writes, without SnakeYAML's constructors and representers (they cost a
 * measurable share of a short run); here the results are held to what those would have given.
 */
class YamlWithoutConstructorsTest {

    private static final List<String> VALUES_FILES = List.of("""
            replicaCount: 2
            image: {repository: ghcr.io/acme/api, tag: "1.4.2", pullPolicy: IfNotPresent}
            securityContext:
              runAsNonRoot: yes
              runAsUser: 10001
              readOnlyRootFilesystem: on
              allowPrivilegeEscalation: off
            resources:
              limits: {cpu: 500m, memory: 512Mi}
              requests: {cpu: 0.25, memory: 256Mi}
            mode: 0755
            hex: 0x1F
            big: 1_000_000
            huge: 123456789012345678901234567890
            sexagesimal: 1:30
            ratio: 6.8e+5
            negative: -.inf
            empty:
            tilde: ~
            quoted: "true"
            multiline: |
              line one
              line two
            list: [a, 1, 2.5, null, true]
            """, """
            defaults: &defaults
              cpu: 100m
              memory: 128Mi
            api:
              <<: *defaults
              memory: 256Mi
            worker:
              <<: [*defaults]
            """, "--- []\n", "plain text\n", "");

    @Test
    void valuesReadWithoutConstructorsEqualSafeConstructorsValues() {
        for (String text : VALUES_FILES) {
            Object expected = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            List<Tree> documents = Tree.readAll(text, line -> Location.of("values.yaml", line));
            Object actual = documents.isEmpty() ? null : Tree.plain(documents.get(0));
            assertEquals(normalise(expected), normalise(actual), text);
        }
    }

    @Test
    void toYamlWritesWhatSnakeYamlsRepresenterWrites() {
        for (String text : VALUES_FILES) {
            List<Tree> documents = Tree.readAll(text, line -> Location.of("values.yaml", line));
            Object value = documents.isEmpty() ? null : Tree.plain(documents.get(0));
            assertEquals(representerDump(value), TemplateEvaluator.toYaml(value), text);
        }
        assertEquals("{}", TemplateEvaluator.toYaml(new java.util.LinkedHashMap<>()));
        assertEquals("'yes'", TemplateEvaluator.toYaml("yes"));
        assertEquals("'0755'", TemplateEvaluator.toYaml("0755"));
        assertEquals("\"tab\\there\"", TemplateEvaluator.toYaml("tab\there"));
    }

    /** The dump toYaml made before, with SnakeYAML's Representer. */
    private static String representerDump(Object value) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(Integer.MAX_VALUE);
        options.setSplitLines(false);
        String text = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options).dump(value);
        return text.replaceAll("\n+$", "");
    }

    /** Integers compare by value whatever their boxed width; the rest is compared as is. */
    private static Object normalise(Object v) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof java.util.Map<?, ?> m) {
            java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normalise(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(YamlWithoutConstructorsTest::normalise).toList();
        }
        return v;
    }
}
