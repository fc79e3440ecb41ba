package dev.prodaudit.policy;

import static dev.prodaudit.policy.PolicyTesting.TODAY;
import static dev.prodaudit.policy.PolicyTesting.automatic;
import static dev.prodaudit.policy.PolicyTesting.date;
import static dev.prodaudit.policy.PolicyTesting.manual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.input.InputException;
import dev.prodaudit.input.YamlDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** audit.attestations.yaml is read as strictly as the catalogue, with file:line:col in every error. */
class AttestationsLoaderTest {
    private final AttestationsLoader loader = new AttestationsLoader(List.of(
            manual("backup.restore-tested"), manual("ops.on-call"), automatic("security.jwt-secrets"),
            automatic("security.rate-limiting")));

    private String error(String yaml) {
        InputException e = assertThrows(InputException.class, () -> loader.parse("a.yaml", yaml));
        return e.oneLine();
    }

    @Test
    void readsAttestationsAndWaivers() throws Exception {
        Attestations a = loader.parse("a.yaml", """
                version: 1
                attestations:
                  - check: backup.restore-tested
                    by: alice@example.com
                    date: %s
                    evidence: https://wiki.example.com/ops/restore-drill
                    expires: %s
                waivers:
                  - check: security.rate-limiting
                    justification: "lands with the API gateway migration (OPS-231)"
                    by: bob@example.com
                    expires: %s
                  - check: security.jwt-secrets
                    justification: rotating with the vault migration
                    expires: '%s'
                """.formatted(date(-10), date(80), date(20), date(5)));
        assertEquals("a.yaml", a.source());
        Attestation att = a.attestationFor("backup.restore-tested").orElseThrow();
        assertEquals("alice@example.com", att.by());
        assertEquals(TODAY.minusDays(10), att.date());
        assertEquals(TODAY.plusDays(80), att.expires());
        assertEquals("https://wiki.example.com/ops/restore-drill", att.evidence());
        assertEquals("a.yaml:3:5", att.location());
        assertEquals(2, a.waivers().size());
        Waiver w = a.waiverFor("security.jwt-secrets").orElseThrow();
        assertNull(w.by());
        assertEquals(TODAY.plusDays(5), w.expires());
        assertEquals("a.yaml:13:5", w.location());
    }

    @Test
    void anEmptyFileHasNothing() throws Exception {
        assertTrue(loader.parse("a.yaml", "").isEmpty());
        assertTrue(loader.parse("a.yaml", "# nothing yet\n").isEmpty());
        assertTrue(loader.parse("a.yaml", "attestations: []\nwaivers:\n").isEmpty());
    }

    @Test
    void anAutomaticCheckCannotBeAttested() {
        String e = error("""
                attestations:
                  - check: security.jwt-secrets
                    by: alice
                    date: %s
                    evidence: looked at it
                    expires: %s
                """.formatted(date(-1), date(30)));
        assertEquals("a.yaml:2:12: 'security.jwt-secrets' is checked automatically (probe env); only manual checks can be attested"
                + " (hint: to accept a failing automatic check for a while, add a waiver under 'waivers:' instead)", e);
    }

    @Test
    void unknownIdsGetADidYouMean() {
        String e = error("""
                attestations:
                  - check: backup.restore-tsted
                    by: alice
                    date: %s
                    evidence: x
                    expires: %s
                """.formatted(date(-1), date(30)));
        assertEquals("a.yaml:2:12: no check with id 'backup.restore-tsted' in the catalogue (hint: did you mean 'backup.restore-tested'?)", e);
        String w = error("""
                waivers:
                  - check: nothing.like-it
                    justification: x
                    expires: %s
                """.formatted(date(3)));
        assertEquals("a.yaml:2:12: no check with id 'nothing.like-it' in the catalogue (hint: run 'audit list' to see the ids)", w);
    }

    @Test
    void unknownKeysAreErrorsWithAHint() {
        assertEquals("a.yaml:1:1: unknown key 'attestation' (hint: did you mean 'attestations'?)", error("attestation: []\n"));
        String e = error("""
                attestations:
                  - check: ops.on-call
                    by: alice
                    date: %s
                    evidnce: x
                    expires: %s
                """.formatted(date(-1), date(30)));
        assertEquals("a.yaml:5:5: unknown key 'evidnce' (hint: did you mean 'evidence'?)", e);
    }

    @Test
    void datesMustBeIsoDates() {
        assertTrue(error("""
                attestations:
                  - check: ops.on-call
                    by: alice
                    date: 12/01/2026
                    evidence: x
                    expires: 2099-01-01
                """).startsWith("a.yaml:4:11: 'date' is not a date: '12/01/2026' (hint: write dates as yyyy-mm-dd"));
        assertTrue(error("""
                waivers:
                  - check: ops.on-call
                    justification: x
                    expires: 2026-02-30
                """).startsWith("a.yaml:4:14: 'expires' is not a date: '2026-02-30'"));
        assertTrue(error("""
                waivers:
                  - check: ops.on-call
                    justification: x
                    expires: 20991231
                """).startsWith("a.yaml:4:14: 'expires' must be a date written yyyy-mm-dd"));
        assertTrue(error("""
                attestations:
                  - check: ops.on-call
                    by: alice
                    date: %s
                    evidence: x
                    expires: %s
                """.formatted(date(0), date(-1))).startsWith("a.yaml:6:14: 'expires' (" + date(-1) + ") is before 'date' (" + date(0) + ")"));
    }

    @Test
    void requiredFields() {
        assertEquals("a.yaml:2:5: waiver without 'justification' (hint: say why the risk is accepted and what will fix it, e.g. a ticket)",
                error("""
                        waivers:
                          - check: security.jwt-secrets
                            expires: %s
                        """.formatted(date(3))));
        assertTrue(error("""
                waivers:
                  - check: security.jwt-secrets
                    justification: "  "
                    expires: %s
                """.formatted(date(3))).startsWith("a.yaml:3:20: 'justification' is empty"));
        assertTrue(error("""
                waivers:
                  - check: security.jwt-secrets
                    justification:
                    expires: %s
                """.formatted(date(3))).startsWith("a.yaml:3:5: 'justification' is empty"));
        assertTrue(error("""
                waivers:
                  - check: security.jwt-secrets
                    justification: because
                """).startsWith("a.yaml:2:5: waiver without 'expires' (hint: a waiver must expire"));
        assertTrue(error("""
                attestations:
                  - check: ops.on-call
                    date: %s
                    evidence: x
                    expires: %s
                """.formatted(date(-1), date(30))).startsWith("a.yaml:2:5: attestation without 'by' (hint: an attestation needs check, by, date, evidence and expires)"));
        assertTrue(error("""
                attestations:
                  - check: ops.on-call
                    by: alice
                    date: %s
                    evidence: x
                """.formatted(date(-1))).startsWith("a.yaml:2:5: attestation without 'expires'"));
    }

    @Test
    void shapeErrors() {
        assertTrue(error("- check: ops.on-call\n").startsWith("a.yaml:1:1: an attestations file must be a mapping"));
        assertTrue(error("attestations:\n  check: ops.on-call\n").startsWith("a.yaml:2:3: 'attestations' must be a list"));
        assertTrue(error("waivers:\n  - security.jwt-secrets\n").startsWith("a.yaml:2:5: each entry of 'waivers' must be a mapping"));
        assertTrue(error("version: 2\n").startsWith("a.yaml:1:10: unsupported attestations file version 2"));
        assertTrue(error("attestations: [\n").startsWith("a.yaml:"), "malformed YAML has a location");
    }

    @Test
    void oneAttestationAndOneWaiverPerCheck() {
        String e = error("""
                waivers:
                  - {check: security.jwt-secrets, justification: a, expires: %s}
                  - {check: security.jwt-secrets, justification: b, expires: %s}
                """.formatted(date(3), date(4)));
        assertTrue(e.startsWith("a.yaml:3:13: a second waiver for 'security.jwt-secrets' (the first is at a.yaml:2:6)"), e);
    }

    @Test
    void waiversFromAuditYamlMergeWithTheFile() throws Exception {
        YamlDocument config = YamlDocument.parse("audit.yaml", """
                failOn: high
                waivers:
                  - check: security.jwt-secrets
                    justification: rotating with the vault migration
                    expires: %s
                """.formatted(date(9)));
        List<Waiver> fromConfig = loader.readWaivers(config, "/waivers");
        assertEquals("audit.yaml:3:5", fromConfig.get(0).location());
        Attestations file = loader.parse("a.yaml", """
                waivers:
                  - {check: security.rate-limiting, justification: later, expires: %s}
                """.formatted(date(9)));
        assertEquals(2, AttestationsLoader.merge(file, fromConfig).waivers().size());

        Attestations clash = loader.parse("a.yaml", """
                waivers:
                  - {check: security.jwt-secrets, justification: later, expires: %s}
                """.formatted(date(9)));
        InputException e = assertThrows(InputException.class, () -> AttestationsLoader.merge(clash, fromConfig));
        assertEquals("audit.yaml:3:5: a second waiver for 'security.jwt-secrets' (the other is at a.yaml:2:6)"
                + " (hint: keep one waiver per check)", e.oneLine());
    }

    @Test
    void readsAFileAndSaysWhenItIsMissing(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("audit.attestations.yaml"), "waivers: []\n");
        assertTrue(loader.readFile(tmp.resolve("audit.attestations.yaml"), "audit.attestations.yaml").isEmpty());
        InputException e = assertThrows(InputException.class, () -> loader.readFile(tmp.resolve("nope.yaml"), "nope.yaml"));
        assertTrue(e.oneLine().startsWith("nope.yaml: attestations file not found"), e.oneLine());
    }

    @Test
    void redactionReachesEveryFreeText() throws Exception {
        Attestations a = loader.parse("a.yaml", """
                attestations:
                  - {check: ops.on-call, by: alice, date: %s, evidence: "pin s3cr3t works", expires: %s}
                waivers:
                  - {check: security.jwt-secrets, justification: "old s3cr3t", by: bob, expires: %s}
                """.formatted(date(-1), date(30), date(3))).redacted(s -> s.replace("s3cr3t", "[redacted]"));
        assertEquals("pin [redacted] works", a.attestations().get(0).evidence());
        assertEquals("old [redacted]", a.waivers().get(0).justification());
    }
}
