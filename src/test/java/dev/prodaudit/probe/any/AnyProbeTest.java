package dev.prodaudit.probe.any;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.input.InputException;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: any}: one alternative must hold; its binding errors point at file:line:col like any other. */
class AnyProbeTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());

    private static Check check(String probe) throws InputException {
        return LOADER.parseFile("t.yaml", """
                section: T
                checks:
                  - id: t.any
                    title: Any
                    severity: high
                    rationale: r
                    remediation: f
                    probe:
                """ + probe.indent(6)).get(0);
    }

    private static Outcome run(Check c, Path repo) {
        try (SharedClients clients = new SharedClients()) {
            return new AnyProbe().run((AnySpec) c.spec(),
                    new ProbeContext(Env.empty(), repo, Targets.none(), Duration.ofSeconds(5), clients));
        }
    }

    private static final String NOTES_OR_CHANGELOG = """
            type: any
            probes:
              - {type: file, paths: [NOTES.md]}
              - {type: file, paths: [CHANGELOG.md], contains: '## \\d'}
            """;

    @Test
    void theSecondAlternativeHoldingIsEnoughAndOnlyItsEvidenceIsShown(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("CHANGELOG.md"), "# Changes\n\n## 1.2.0\n");
        Outcome o = run(check(NOTES_OR_CHANGELOG), repo);
        assertEquals(Status.PASS, o.status());
        assertEquals("CHANGELOG.md:3 matches /## \\d/", o.evidence());
        assertTrue(o.findings().stream().allMatch(f -> f.status() == Status.PASS), o.findings().toString());
    }

    @Test
    void whenNoAlternativeHoldsEveryFailureIsNamedWithItsPart(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("CHANGELOG.md"), "# Changes\n");
        Outcome o = run(check(NOTES_OR_CHANGELOG), repo);
        assertEquals(Status.FAIL, o.status());
        assertEquals("file part 1: no file matches NOTES.md; file part 2: CHANGELOG.md does not contain /## \\d/", o.evidence());
    }

    @Test
    void anAlternativeThatCouldNotDecideOutranksTheFailureOfTheOther(@TempDir Path repo) throws Exception {
        Outcome o = run(check("""
                type: any
                probes:
                  - {type: file, paths: [.env.resend.production.enc]}
                  - {type: http, path: /health}
                """), repo);
        assertEquals(Status.ERROR, o.status());
        assertEquals("http part undecided: not configured: set NEXT_PUBLIC_API_URL or targets.baseUrl in audit.yaml; "
                + "file part did not hold: no file matches .env.resend.production.enc", o.evidence());
        assertEquals(List.of(Status.ERROR), o.findings().stream().map(f -> f.status()).toList());
    }

    @Test
    void bindingErrorsArePlacedAtFileLineAndColumn() {
        InputException nested = assertThrows(InputException.class, () -> check("""
                type: any
                probes:
                  - {type: file, paths: [a.enc]}
                  - {type: file, pahts: [b.enc]}
                """));
        assertEquals("t.yaml:12:24: unknown key 'pahts' (hint: did you mean 'paths'?)", nested.oneLine());
        InputException one = assertThrows(InputException.class, () -> check("""
                type: any
                probes:
                  - {type: manual}
                """));
        assertTrue(one.oneLine().startsWith("t.yaml:11:9: 'any' needs 'probes' with at least two alternatives"), one.oneLine());
        InputException nest = assertThrows(InputException.class, () -> check("""
                type: any
                probes:
                  - {type: manual}
                  - {type: any, probes: [{type: manual}, {type: manual}]}
                """));
        assertTrue(nest.oneLine().startsWith("t.yaml:12:11: 'any' probes do not nest"), nest.oneLine());
        assertTrue(nest.oneLine().contains("list every alternative in one 'any'"), nest.oneLine());
        InputException unknown = assertThrows(InputException.class, () -> check("""
                type: any
                probes: [{type: manual}, {type: manual}]
                mode: first
                """));
        assertTrue(unknown.oneLine().startsWith("t.yaml:11:7: unknown key 'mode'"), unknown.oneLine());
    }

    @Test
    void anAnyMaySitInsideAnAllAndAnAllInsideAnAny() throws Exception {
        Check c = check("""
                type: all
                probes:
                  - type: any
                    probes:
                      - {type: file, paths: [a.enc]}
                      - type: all
                        probes:
                          - {type: file, paths: [b.yaml]}
                          - {type: file, paths: [c.yaml]}
                  - {type: file, paths: [d]}
                """);
        assertEquals("all", c.probeType());
    }
}
