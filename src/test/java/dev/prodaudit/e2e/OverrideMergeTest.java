package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code checks.<id>.probe} override in audit.yaml changes one element of a probe list without restating
 * the list: by type, or by position. Before, the override's list replaced the catalogue's, so changing the
 * plain-http port of security.https-tls silently dropped its TLS part.
 */
class OverrideMergeTest {

    /** The probe of security.https-tls as {@code audit explain} shows it: the catalogue's TLS part, port 8080. */
    private static final String MERGED = """
            Probe
              type: all
              probes:
              - type: tls
                require:
                - TLSv1.3
                forbid:
                - TLSv1
                - TLSv1.1
              - type: https-redirect
                port: 8080""";

    private static String probeSection(CliRun explain) {
        assertEquals(0, explain.exitCode(), explain.err());
        return explain.out().substring(explain.out().indexOf("Probe")).strip();
    }

    @Test
    void anElementThatNamesItsTypeMergesIntoThatPart(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.writeString(f.dir.resolve("audit.yaml"), """
                checks:
                  security.https-tls:
                    probe:
                      probes: [{type: https-redirect, port: 8080}]
                """);
        assertEquals(MERGED, probeSection(f.audit("explain", "security.https-tls")));
    }

    @Test
    void anElementWithoutTypeMergesByPosition(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.writeString(f.dir.resolve("audit.yaml"), """
                checks:
                  security.https-tls:
                    probe:
                      probes: [{}, {port: 8080}]
                """);
        assertEquals(MERGED, probeSection(f.audit("explain", "security.https-tls")));
    }

    @Test
    void anElementThatMatchesNoPartIsAnErrorAtItsType(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.writeString(f.dir.resolve("audit.yaml"), """
                checks:
                  security.https-tls:
                    probe:
                      probes: [{type: http, path: /health}]
                """);
        CliRun run = f.audit("run");
        assertEquals(2, run.exitCode());
        assertEquals("error: audit.yaml:4:23: the catalogue's list has no 'http' element"
                + " (hint: its elements are of type tls, https-redirect)", run.err().strip());
        Files.writeString(f.dir.resolve("audit.yaml"), """
                checks:
                  security.https-tls:
                    probe:
                      probes: [{}, {}, {port: 8080}]
                """);
        run = f.audit("run");
        assertEquals(2, run.exitCode());
        assertEquals("error: audit.yaml:4:24: the catalogue's list has 2 element(s); an override merges into them and"
                + " cannot add one (hint: name the element's type, or disable the check and add your own to a catalogue)",
                run.err().strip());
        assertEquals("", run.out());
        // The merge is checked even when the run leaves the check out; only its parameters go unread.
        CliRun other = f.audit("run", "--only", "app.node-env");
        assertEquals(2, other.exitCode());
        assertTrue(other.err().startsWith("error: audit.yaml:4:24: the catalogue's list has 2 element(s)"), other.err());
    }

    @Test
    void aBadParameterInTheOverrideOfACheckTheRunLeavesOutIsReadOnlyByRunsThatRunIt(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.writeString(f.dir.resolve("audit.yaml"), """
                checks:
                  security.https-tls:
                    probe:
                      probes: [{type: https-redirect, prot: 8080}]
                """);
        String error = "error: audit.yaml:4:7: unknown key 'prot' (hint: did you mean 'port'?)";
        CliRun whole = f.audit("run");
        assertEquals(2, whole.exitCode());
        assertTrue(whole.err().startsWith(error), whole.err());
        CliRun selected = f.audit("run", "--only", "security.https-tls");
        assertEquals(2, selected.exitCode());
        assertTrue(selected.err().startsWith(error), selected.err());

        CliRun other = f.audit("run", "--only", "app.node-env", "--format", "json");
        assertEquals(0, other.exitCode(), other.err());
        assertTrue(other.out().contains("\"id\" : \"app.node-env\""), other.out());
    }

    @Test
    void overridingABuiltInCheckWithACustomCatalogueSaysWhy(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.writeString(f.dir.resolve("ours.yaml"), """
                section: Ours
                checks:
                  - id: ours.node-env
                    title: NODE_ENV is production
                    severity: high
                    rationale: r
                    remediation: f
                    probe: {type: env, vars: {NODE_ENV: {oneOf: [production]}}}
                """);
        Files.writeString(f.dir.resolve("audit.yaml"), """
                catalogue: [ours.yaml]
                checks:
                  security.https-tls: {severity: medium}
                """);
        CliRun run = f.audit("run");
        assertEquals(2, run.exitCode());
        assertEquals("error: audit.yaml:3:3: 'security.https-tls' is a built-in check, and the catalogue in use (ours.yaml)"
                + " does not include the built-in one (hint: add 'builtin' to --catalogue or to catalogue: in audit.yaml"
                + " to extend the built-in catalogue, or remove this override)", run.err().strip());
        Files.writeString(f.dir.resolve("audit.yaml"), """
                catalogue: [builtin, ours.yaml]
                checks:
                  security.https-tls: {severity: medium}
                """);
        CliRun extended = f.audit("explain", "security.https-tls");
        assertEquals(0, extended.exitCode(), extended.err());
        assertTrue(extended.out().contains("severity:  medium"), extended.out());
    }
}
