package dev.prodaudit.repo.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Go template subset: what it renders, and what it refuses to guess. */
final class TemplateEvaluatorTest {

    private static final Map<String, Object> VALUES = Map.of(
            "env", Map.of("B", "2", "A", "1"),
            "ports", List.of(8080L, 9090L),
            "tier", "web");

    private static TemplateEvaluator evaluator(GoTemplate t) {
        return new TemplateEvaluator(t.defines, Map.of("Values", VALUES, "Release", Map.of("Name", "r")), new HashMap<>());
    }

    @Test
    void rangeOverMapsInKeyOrderElseIfCommentsAndTrimming() {
        GoTemplate t = GoTemplate.parse("""
                {{- /* a comment */ -}}
                env:
                {{- range $k, $v := .Values.env }}
                  - name: {{ $k }}
                    value: {{ $v | quote }}
                {{- end }}
                {{- if eq .Values.tier "db" }}
                tier: db
                {{- else if eq .Values.tier "web" }}
                tier: {{ .Values.tier | upper }}
                {{- else }}
                tier: other
                {{- end }}
                ports: [{{ range .Values.ports }}{{ . }},{{ end }}]
                """);
        TemplateEvaluator e = evaluator(t);
        TemplateEvaluator.Output out = e.render(t, "t.yaml");

        assertEquals("""
                env:
                  - name: A
                    value: "1"
                  - name: B
                    value: "2"
                tier: WEB
                ports: [8080,9090,]
                """, out.text.toString());
        assertEquals(List.of(), e.undecided());
        assertEquals(10, out.source(6), "tier: WEB comes from template line 10");
    }

    @Test
    void aConditionOutsideTheSubsetIsUndecidedWithItsLineNotGuessed() {
        GoTemplate t = GoTemplate.parse("""
                kind: Deployment
                {{- if semverCompare ">=1.19" .Capabilities.KubeVersion.GitVersion }}
                spec: {}
                {{- end }}
                """);
        TemplateEvaluator e = evaluator(t);
        e.render(t, "templates/d.yaml");

        assertEquals(List.of("helm template: .Capabilities.KubeVersion.GitVersion at templates/d.yaml:2 not evaluated"),
                e.undecided());
    }
}
