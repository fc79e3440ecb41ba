package dev.prodaudit.policy;

import static dev.prodaudit.policy.PolicyTesting.TODAY;
import static dev.prodaudit.policy.PolicyTesting.attestation;
import static dev.prodaudit.policy.PolicyTesting.automatic;
import static dev.prodaudit.policy.PolicyTesting.manual;
import static dev.prodaudit.policy.PolicyTesting.result;
import static dev.prodaudit.policy.PolicyTesting.waiver;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.AttestationRule;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.testing.ProbeKit;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attestations turn MANUAL into PASS, WARN or FAIL by date; waivers turn FAIL/WARN into WAIVED, never an ERROR. */
class PolicyTest {
    private static final Check DRILL = manual("backup.restore-tested");
    private static final Check SECRETS = automatic("security.jwt-secrets");

    private static Policy.Applied apply(Result r, List<Attestation> attestations, List<Waiver> waivers) {
        return Policy.apply(List.of(r), new Attestations("a.yaml", attestations, waivers), TODAY);
    }

    private static Result manualResult() {
        return result(DRILL, Status.MANUAL, "verify by hand: restore a backup");
    }

    @Test
    void attestedManualCheckPassesWithTheEvidence() {
        LocalDate made = TODAY.minusDays(20);
        LocalDate expires = TODAY.plusDays(70);
        Policy.Applied a = apply(manualResult(), List.of(attestation(DRILL.id(), made, expires)), List.of());
        Result r = a.results().get(0);
        assertEquals(Status.PASS, r.status());
        assertEquals("attested by alice@example.com on " + made + ": https://wiki.example.com/drill (expires " + expires + ")", r.evidence());
        assertEquals(Policy.AttestationState.VALID, a.notes().get(DRILL.id()).attestation().state());
        assertNull(a.notes().get(DRILL.id()).waiver());
        assertEquals(List.of(), a.warnings());
    }

    @Test
    void expiredAttestationFails() {
        LocalDate expires = TODAY.minusDays(1);
        Result r = apply(manualResult(), List.of(attestation(DRILL.id(), TODAY.minusDays(200), expires)), List.of()).results().get(0);
        assertEquals(Status.FAIL, r.status());
        assertTrue(r.evidence().startsWith("attestation expired on " + expires + " (attested by alice@example.com on "), r.evidence());
        assertTrue(new Gate(Severity.HIGH, false).gates(r));
    }

    @Test
    void attestationExpiringWithinFourteenDaysWarns() {
        for (int days : new int[] {0, 1, 14}) {
            Policy.Applied a = apply(manualResult(), List.of(attestation(DRILL.id(), TODAY.minusDays(80), TODAY.plusDays(days))), List.of());
            Result r = a.results().get(0);
            assertEquals(Status.WARN, r.status(), "expires in " + days + " days");
            assertEquals(Policy.AttestationState.EXPIRING, a.notes().get(DRILL.id()).attestation().state());
            assertTrue(r.evidence().contains("(expires " + TODAY.plusDays(days) + ", "
                    + (days == 0 ? "today" : days == 1 ? "tomorrow" : "in 14 days")
                    + ": verify it again and renew the attestation)"), r.evidence());
        }
        Result fifteen = apply(manualResult(), List.of(attestation(DRILL.id(), TODAY, TODAY.plusDays(15))), List.of()).results().get(0);
        assertEquals(Status.PASS, fifteen.status());
    }

    @Test
    void attestationsOnlyTouchManualResults() {
        // A disabled manual check is SKIP: the attestation is not used, and nothing is said about it.
        Result skipped = result(DRILL, Status.SKIP, "disabled in the audit configuration");
        Policy.Applied a = apply(skipped, List.of(attestation(DRILL.id(), TODAY, TODAY.plusDays(30))), List.of());
        assertEquals(skipped, a.results().get(0));
        assertTrue(a.notes().isEmpty());
        assertEquals(List.of(), a.warnings());
    }

    @Test
    void waiverTurnsAFailIntoWaivedThatKeepsItsFindingsAndDoesNotGate() {
        Finding finding = Finding.at(Status.FAIL, "JWT_ACCESS_SECRET: 16 chars", ".env.production", 4);
        Result fail = result(SECRETS, Status.FAIL, "JWT_ACCESS_SECRET: 16 chars", finding);
        LocalDate expires = TODAY.plusDays(40);
        Policy.Applied a = apply(fail, List.of(), List.of(waiver(SECRETS.id(), expires)));
        Result r = a.results().get(0);
        assertEquals(Status.WAIVED, r.status());
        assertEquals("waived until " + expires + " by bob@example.com: accepted until the gateway migration (OPS-231)"
                + " (was FAIL: JWT_ACCESS_SECRET: 16 chars)", r.evidence());
        assertEquals(List.of(finding), r.findings());
        assertEquals(3, r.durationMs());
        assertFalse(new Gate(Severity.INFO, false).gates(r));
        Policy.AppliedWaiver w = a.notes().get(SECRETS.id()).waiver();
        assertTrue(w.applied());
        assertEquals(Status.FAIL, w.originalStatus());
        assertEquals("JWT_ACCESS_SECRET: 16 chars", w.originalEvidence());
        assertEquals(List.of(), a.warnings());
    }

    @Test
    void waiverCoversAWarnToo() {
        Result warn = result(SECRETS, Status.WARN, "unit missing");
        Result r = apply(warn, List.of(), List.of(waiver(SECRETS.id(), TODAY.plusDays(40)))).results().get(0);
        assertEquals(Status.WAIVED, r.status());
        assertTrue(r.evidence().endsWith("(was WARN: unit missing)"), r.evidence());
    }

    @Test
    void waiverIsValidThroughItsExpiryDayAndWarnsWhenItIsClose() {
        Result fail = result(SECRETS, Status.FAIL, "weak");
        Policy.Applied a = apply(fail, List.of(), List.of(waiver(SECRETS.id(), TODAY)));
        assertEquals(Status.WAIVED, a.results().get(0).status());
        assertEquals(List.of("a.yaml:9:5: the waiver for security.jwt-secrets expires on " + TODAY + " (today)"), a.warnings());
    }

    @Test
    void expiredWaiverIsIgnoredWithAWarning() {
        Result fail = result(SECRETS, Status.FAIL, "weak");
        LocalDate expired = TODAY.minusDays(1);
        Policy.Applied a = apply(fail, List.of(), List.of(waiver(SECRETS.id(), expired)));
        assertEquals(fail, a.results().get(0));
        assertTrue(a.notes().isEmpty());
        assertEquals(List.of("a.yaml:9:5: the waiver for security.jwt-secrets expired on " + expired
                + " and no longer applies; renew it or fix the check"), a.warnings());
        assertTrue(new Gate(Severity.HIGH, false).gates(a.results().get(0)));
    }

    @Test
    void waiverNeverHidesAnError() {
        Result error = result(SECRETS, Status.ERROR, "no env file");
        LocalDate expires = TODAY.plusDays(40);
        Policy.Applied a = apply(error, List.of(), List.of(waiver(SECRETS.id(), expires)));
        Result r = a.results().get(0);
        assertEquals(Status.ERROR, r.status());
        assertEquals("no env file (waived until " + expires + ", but a waiver does not cover ERROR: the check could not decide)", r.evidence());
        assertTrue(new Gate(Severity.HIGH, false).gates(r), "an ERROR still gates");
        Policy.AppliedWaiver w = a.notes().get(SECRETS.id()).waiver();
        assertFalse(w.applied());
        assertEquals(Status.ERROR, w.originalStatus());
    }

    @Test
    void waiverForAPassingCheckIsNoLongerNeeded() {
        Result pass = result(SECRETS, Status.PASS, "64 bytes");
        Policy.Applied a = apply(pass, List.of(), List.of(waiver(SECRETS.id(), TODAY.plusDays(40))));
        assertEquals(pass, a.results().get(0));
        assertEquals(List.of("a.yaml:9:5: the waiver for security.jwt-secrets is no longer needed: the check passes; remove it"),
                a.warnings());
    }

    @Test
    void waiverForAManualCheckPointsToAttestations() {
        Policy.Applied a = apply(manualResult(), List.of(), List.of(waiver(DRILL.id(), TODAY.plusDays(40))));
        assertEquals(Status.MANUAL, a.results().get(0).status());
        assertEquals(List.of("a.yaml:9:5: the waiver for backup.restore-tested does not apply: the check is MANUAL;"
                + " attest it under 'attestations:' instead"), a.warnings());
    }

    @Test
    void waiverMayCoverAnExpiredAttestation() {
        Policy.Applied a = apply(manualResult(), List.of(attestation(DRILL.id(), TODAY.minusDays(100), TODAY.minusDays(3))),
                List.of(waiver(DRILL.id(), TODAY.plusDays(20))));
        Result r = a.results().get(0);
        assertEquals(Status.WAIVED, r.status());
        Policy.Note note = a.notes().get(DRILL.id());
        assertEquals(Policy.AttestationState.EXPIRED, note.attestation().state());
        assertEquals(Status.FAIL, note.waiver().originalStatus());
    }

    @Test
    void resultsWithoutEntriesAreUntouchedAndOrderIsKept() {
        Result one = result(SECRETS, Status.FAIL, "weak");
        Result two = manualResult();
        Result three = result(automatic("app.node-env"), Status.PASS, "production");
        Policy.Applied a = Policy.apply(List.of(one, two, three), Attestations.none(), TODAY);
        assertEquals(List.of(one, two, three), a.results());
        assertTrue(a.notes().isEmpty());
    }

    // ---- attestation.maxAge, --require-attested ----

    private static Check drillWith(AttestationRule rule) {
        return ProbeKit.check(DRILL.id()).like(DRILL).attestation(rule).build();
    }

    @Test
    void aOneDayAttestationIsValidUntilItExpiresWithoutWarning() {
        Check smoke = drillWith(new AttestationRule(1, true));
        Result r = Policy.apply(List.of(result(smoke, Status.MANUAL, "verify by hand")), new Attestations("a.yaml",
                List.of(attestation(smoke.id(), TODAY, TODAY.plusDays(1))), List.of()), TODAY).results().get(0);
        assertEquals(Status.PASS, r.status(), r.evidence());
    }

    @Test
    void aQuarterlyAttestationWarnsInItsLastThirteenDays() {
        Check drill = drillWith(new AttestationRule(92, false));
        for (int left : new int[] {13, 14}) {
            Result r = Policy.apply(List.of(result(drill, Status.MANUAL, "verify by hand")), new Attestations("a.yaml",
                    List.of(attestation(drill.id(), TODAY.plusDays(left - 92), TODAY.plusDays(left))), List.of()), TODAY).results().get(0);
            assertEquals(left == 13 ? Status.WARN : Status.PASS, r.status(), left + " days left: " + r.evidence());
        }
    }

    @Test
    void requireAttestedGatesOnManualChecksAtOrAboveItsSeverityOnly() {
        Gate gate = new Gate(Severity.HIGH, false).requiringAttestation(Severity.HIGH);
        Result highManual = manualResult();
        Result lowManual = result(PolicyTesting.check("ops.status-page", "manual", Severity.LOW), Status.MANUAL, "verify by hand");
        assertTrue(gate.gates(highManual));
        assertTrue(gate.unattested(highManual));
        assertFalse(gate.failureGates(highManual));
        assertFalse(gate.gates(lowManual));
        assertFalse(new Gate(Severity.HIGH, false).gates(highManual), "off by default");
        assertEquals(1, gate.exitCode(List.of(highManual, lowManual)));
        // Without a failure threshold it still gates; a baseline does not excuse a missing attestation.
        assertTrue(new Gate(null, false).requiringAttestation(Severity.HIGH).gates(highManual));
        assertTrue(gate.withKnownFailures(java.util.Set.of(DRILL.id())).gates(highManual));
        // An attestation that decides the check takes it out of the gate.
        Result attested = apply(highManual, List.of(attestation(DRILL.id(), TODAY, TODAY.plusDays(60))), List.of()).results().get(0);
        assertFalse(gate.gates(attested));
    }
}
