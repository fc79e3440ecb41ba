package dev.prodaudit.policy;

import static dev.prodaudit.policy.PolicyTesting.TODAY;
import static dev.prodaudit.policy.PolicyTesting.attestation;
import static dev.prodaudit.policy.PolicyTesting.date;
import static dev.prodaudit.policy.PolicyTesting.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.testing.BuiltinCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * backup.mongodb-backups is decided automatically when Atlas or the repository shows a backup, and falls back to a
 * person (MANUAL) when nothing does: an attestation may be written for it and settles only that MANUAL result.
 */
class AttestableAutomaticCheckTest {
    private final List<Check> catalogue = BuiltinCatalogue.load().checks();
    private final Check backups = catalogue.stream().filter(c -> c.id().equals("backup.mongodb-backups")).findFirst().orElseThrow();

    @Test
    void theBackupCheckIsAutomaticYetAttestable() throws Exception {
        assertFalse(backups.manual(), "listed as automatic");
        assertTrue(backups.attestable());
        Attestations loaded = new AttestationsLoader(catalogue).parse("a.yaml", """
                version: 1
                attestations:
                  - check: backup.mongodb-backups
                    by: dba@example.com
                    date: %s
                    evidence: Atlas backup page, 30 daily snapshots
                    expires: %s
                """.formatted(date(-1), date(30)));
        assertTrue(loaded.attestationFor("backup.mongodb-backups").isPresent());
    }

    @Test
    void anAttestationSettlesTheManualFallback() {
        Result manual = result(backups, Status.MANUAL, "no backup found to judge; verify by hand: ...");
        Policy.Applied a = Policy.apply(List.of(manual), new Attestations("a.yaml",
                List.of(attestation(backups.id(), TODAY.minusDays(1), TODAY.plusDays(30))), List.of()), TODAY);
        assertEquals(Status.PASS, a.results().get(0).status());
        assertEquals(List.of(), a.warnings());
    }

    @Test
    void anAutomaticVerdictStandsAndTheAttestationIsSaidNotToApply() {
        Result fail = result(backups, Status.FAIL, "Atlas cluster Cluster0 keeps daily snapshots 7 days, fewer than 30");
        Policy.Applied a = Policy.apply(List.of(fail), new Attestations("a.yaml",
                List.of(attestation(backups.id(), TODAY.minusDays(1), TODAY.plusDays(30))), List.of()), TODAY);
        assertEquals(fail, a.results().get(0));
        assertEquals(List.of("a.yaml:2:5: the attestation of backup.mongodb-backups does not apply: the check was decided"
                + " automatically this run (FAIL)"), a.warnings());
    }
}
