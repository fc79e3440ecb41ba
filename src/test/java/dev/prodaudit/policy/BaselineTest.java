package dev.prodaudit.policy;

import static dev.prodaudit.policy.PolicyTesting.automatic;
import static dev.prodaudit.policy.PolicyTesting.result;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Severity;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With a baseline only new failures gate; known ones are reported but do not. */
class BaselineTest {

    private static Result now(String id, Status status) {
        return result(automatic(id), status, "now");
    }

    @Test
    void splitsFailuresIntoNewAndKnownAndFindsFixed() throws Exception {
        SavedReport before = Reports.saved("prev.json",
                "c.known", "FAIL", "x",
                "c.was-pass", "PASS", "x",
                "c.was-warn", "WARN", "x",
                "c.was-manual", "MANUAL", "x",
                "c.was-skip", "SKIP", "x",
                "c.was-waived", "WAIVED", "x",
                "c.fixed", "FAIL", "x",
                "c.fixed-error", "ERROR", "x",
                "c.error-known", "ERROR", "x",
                "c.removed", "FAIL", "x");
        List<Result> results = List.of(
                now("c.known", Status.FAIL),
                now("c.was-pass", Status.FAIL),
                now("c.was-warn", Status.FAIL),
                now("c.was-manual", Status.FAIL),
                now("c.was-skip", Status.ERROR),
                now("c.was-waived", Status.FAIL),
                now("c.absent", Status.FAIL),
                now("c.fixed", Status.PASS),
                now("c.fixed-error", Status.WAIVED),
                now("c.error-known", Status.FAIL),
                now("c.still-pass", Status.PASS));
        Baseline b = Baseline.compare(before, results, false);
        assertEquals("prev.json", b.file());
        assertEquals(List.of("c.was-pass", "c.was-warn", "c.was-manual", "c.was-skip", "c.was-waived", "c.absent"), b.newFailures());
        assertEquals(List.of("c.known", "c.error-known"), b.knownFailures());
        assertEquals(List.of("c.fixed", "c.fixed-error"), b.fixed());

        Gate gate = new Gate(Severity.HIGH, false).withKnownFailures(b.knownSet());
        assertFalse(gate.gates(results.get(0)), "failing in both: does not gate");
        assertTrue(gate.known(results.get(0)));
        assertTrue(gate.gates(results.get(1)), "newly failing: gates");
        assertFalse(gate.known(results.get(1)));
        assertTrue(gate.gates(results.get(6)), "absent before: gates");
        assertEquals(1, gate.exitCode(results));
        assertEquals(0, gate.exitCode(List.of(results.get(0), results.get(7), results.get(9))));
    }

    @Test
    void errorsAreNotFailuresWhenAllowed() throws Exception {
        SavedReport before = Reports.saved("prev.json", "c.a", "ERROR", "x", "c.b", "PASS", "x", "c.c", "FAIL", "x");
        List<Result> results = List.of(now("c.a", Status.FAIL), now("c.b", Status.ERROR), now("c.c", Status.ERROR));
        Baseline strict = Baseline.compare(before, results, false);
        assertEquals(List.of("c.b"), strict.newFailures());
        assertEquals(List.of("c.a", "c.c"), strict.knownFailures());
        Baseline lenient = Baseline.compare(before, results, true);
        assertEquals(List.of("c.a"), lenient.newFailures(), "ERROR before is not failing, FAIL now is new");
        assertEquals(List.of(), lenient.knownFailures());
        assertEquals(List.of("c.c"), lenient.fixed());
    }

    @Test
    void knownFailuresBelowFailOnNeverGatedAnyway() throws Exception {
        Result low = result(PolicyTesting.check("c.low", "env", Severity.LOW), Status.FAIL, "x");
        Baseline b = Baseline.compare(Reports.saved("p", "c.x", "PASS", "x"), List.of(low), false);
        assertEquals(List.of("c.low"), b.newFailures(), "listed as new whatever its severity");
        assertFalse(new Gate(Severity.HIGH, false, Set.of()).gates(low));
    }
}
