package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.testing.BuiltinCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear line on stderr and exit 2; a stack trace only with --debug. */
class BadInputTest {

    private static void assertOneLineError(CliRun run, String expected) {
        assertEquals(2, run.exitCode(), run.err());
        String err = run.err().strip();
        assertEquals(1, err.lines().count(), "one line, got:\n" + err);
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
        assertFalse(err.contains("\tat "), err);
    }

    @Test
    void unknownOption(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        assertOneLineError(f.audit("run", "--fial-on", "high"), "Unknown options: '--fial-on', 'high' (hint: did you mean '--fail-on'? audit run --help)");
        assertOneLineError(f.audit("frobnicate"), "Unmatched argument");
    }

    @Test
    void badOptionValues(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        assertOneLineError(f.audit("run", "--fail-on", "severe"), "--fail-on severe: unknown severity 'severe'");
        assertOneLineError(f.audit("run", "--format", "yaml"), "unknown report format 'yaml' (hint: one of text, json, junit, sarif, markdown, html, prometheus)");
        assertOneLineError(f.audit("run", "--report", "json"), "--report json: expected FORMAT=FILE");
        assertOneLineError(f.audit("run", "--only", "nosuch.check"), "--only nosuch.check: matches no check id, tag or section");
        assertOneLineError(f.audit("run", "--timeout", "soon"), "--timeout soon");
        assertOneLineError(f.audit("run", "--deployed-at", "yesterday"), "--deployed-at yesterday: not an ISO-8601 time");
        assertOneLineError(f.audit("run", "--deployed-at", "2026-12-01T14:05:00"),
                "--deployed-at 2026-12-01T14:05:00: the time has no offset, so its zone is unknown");
        assertOneLineError(f.audit("run", "--deployed-at", "2999-01-01T00:00:00Z"), "--deployed-at 2999-01-01T00:00:00Z: is in the future");
    }

    @Test
    void missingFiles(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        assertOneLineError(f.audit("run", "--config", "nope.yaml"), "nope.yaml: config file not found");
        assertOneLineError(f.audit("run", "--env-file", ".env.staging"), ".env.staging: env file not found");
        assertOneLineError(f.audit("run", "--catalogue", "missing-checks"), "missing-checks: catalogue not found");
        assertOneLineError(f.audit("validate", "--repo", "no/such/dir"), "does not exist");
    }

    @Test
    void malformedCatalogueNamesFileLineAndColumn(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.writeString(tmp.resolve("bad.yaml"), """
                section: Custom
                checks:
                  - id: custom.one
                    title: One
                    severity: high
                    rationale: r
                    remediation: f
                    probe: {type: evn}
                """);
        assertOneLineError(f.audit("validate", "--catalogue", "bad.yaml"),
                "bad.yaml:8:19: unknown probe type 'evn' (hint: did you mean 'env'?");
        Files.writeString(tmp.resolve("broken.yaml"), "section: Custom\nchecks:\n  - id: [unclosed\n");
        CliRun broken = f.audit("run", "--catalogue", "broken.yaml");
        assertOneLineError(broken, "broken.yaml:4:1: malformed YAML");
    }

    /**
     * A run reads the probe parameters of the checks it runs: {@code --only} and {@code --skip} leave the others'
     * unread (a one-check run spent most of its time before the check binding all of them). Everything else about
     * every check is still checked, and a run that selects the broken check, a run without a selection, and
     * {@code audit validate} each report its parameters at file:line:column.
     */
    @Test
    void aBrokenParameterOfACheckTheRunLeavesOutStopsOnlyTheRunsThatReadIt(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.writeString(tmp.resolve("custom.yaml"), """
                section: Custom
                checks:
                  - id: custom.port
                    title: Port set
                    severity: high
                    rationale: r
                    remediation: f
                    probe: {type: env, vars: {PORT: {required: true}}}
                  - id: custom.broken
                    title: Broken
                    severity: high
                    rationale: r
                    remediation: f
                    probe: {type: env, vars: {PORT: {requird: true}}}
                """);
        String where = "custom.yaml:14:38: unknown key 'requird'";
        CliRun one = f.audit("run", "--catalogue", "custom.yaml", "--only", "custom.port", "--format", "json");
        assertEquals(0, one.exitCode(), one.err());
        assertTrue(one.out().contains("\"id\" : \"custom.port\"") && one.out().contains("\"status\" : \"PASS\""), one.out());
        assertFalse(one.out().contains("custom.broken"), one.out());
        CliRun skipping = f.audit("run", "--catalogue", "custom.yaml", "--skip", "custom.broken", "--format", "json");
        assertEquals(0, skipping.exitCode(), skipping.err());

        assertOneLineError(f.audit("run", "--catalogue", "custom.yaml", "--only", "custom.broken"), where);
        assertOneLineError(f.audit("run", "--catalogue", "custom.yaml"), where);
        assertOneLineError(f.audit("validate", "--catalogue", "custom.yaml"), where);
        assertOneLineError(f.audit("list", "--catalogue", "custom.yaml", "--only", "custom.port"), where);

        // What every check's definition must be is still checked in every run: here an unknown probe type.
        Files.writeString(tmp.resolve("custom.yaml"), Files.readString(tmp.resolve("custom.yaml"))
                .replace("probe: {type: env, vars: {PORT: {requird: true}}}", "probe: {type: evn}"));
        assertOneLineError(f.audit("run", "--catalogue", "custom.yaml", "--only", "custom.port"),
                "custom.yaml:14:19: unknown probe type 'evn'");
    }

    @Test
    void malformedConfigNamesFileLineAndColumn(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.writeString(tmp.resolve("audit.yaml"), """
                envFiles: [.env.production]
                chekcs:
                  app.node-env: {enabled: false}
                """);
        assertOneLineError(f.audit("run"), "audit.yaml:2:1: unknown key 'chekcs' (hint: did you mean 'checks'?)");
        Files.writeString(tmp.resolve("audit.yaml"), """
                checks:
                  app.node-env: {enabled: false}
                  app.no-such-check: {enabled: false}
                """);
        assertOneLineError(f.audit("validate"), "audit.yaml:3:3: no check with id 'app.no-such-check'");
        Files.writeString(tmp.resolve("audit.yaml"), """
                checks:
                  app.node-env:
                    probe:
                      vars:
                        NODE_ENV: {oneOf: [production], minLength: lots}
                """);
        assertOneLineError(f.audit("validate"), "audit.yaml:5:52: 'minLength' must be a whole number");
    }

    @Test
    void debugAddsTheStackTrace(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        CliRun run = f.audit("run", "--config", "nope.yaml", "--debug");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void validateAcceptsTheBuiltInCatalogue(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        CliRun run = f.audit("validate");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("ok: " + BuiltinCatalogue.load().size() + " checks in 9 catalogue file(s)", run.out().strip());
    }

    @Test
    void helpAndVersion(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        CliRun help = f.audit("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("run") && help.out().contains("explain") && help.out().contains("validate"));
        CliRun version = f.audit("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("prodaudit "), version.out());
    }

    // ---- bounded reads: every input file, whatever it is ----

    @Test
    void endlessDevicesAsAnyInputFileEndInOneLineAndExit2(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        String tooLarge = "file is larger than 16 MiB (hint: inputs are text files of at most 16 MiB; check the path)";
        assertOneLineError(f.audit("run", "--config", "/dev/zero"), "error: /dev/zero: " + tooLarge);
        assertOneLineError(f.audit("run", "--env-file", "/dev/zero"), "error: /dev/zero: " + tooLarge);
        assertOneLineError(f.audit("run", "--catalogue", "/dev/urandom"), "error: /dev/urandom: " + tooLarge);
        assertOneLineError(f.audit("run", "--attestations", "/dev/zero"), "error: /dev/zero: " + tooLarge);
        assertOneLineError(f.audit("run", "--baseline", "/dev/zero"), "error: /dev/zero: " + tooLarge);
        assertOneLineError(f.audit("diff", "/dev/zero", "/dev/urandom"), "error: /dev/zero: " + tooLarge);
    }

    @Test
    void aLatin1ConfigNamesTheLineInsteadOfInputLength(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        byte[] head = "version: 1\ntimeout: 5s\n# Caf".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] latin1 = java.util.Arrays.copyOf(head, head.length + 2);
        latin1[head.length] = (byte) 0xE9;
        latin1[head.length + 1] = '\n';
        Files.write(tmp.resolve("latin1.yaml"), latin1);
        CliRun run = f.audit("run", "--config", "latin1.yaml");
        assertOneLineError(run, "error: latin1.yaml:3:6: file is not valid UTF-8 at line 3 (hint: save the file as UTF-8)");
        assertFalse(run.err().contains("Input length"), run.err());
    }
}
