package dev.prodaudit.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the budget a probe reports in "timed out after N ms". Tests prove a probe's time bound from this claim (it
 * is the timeout the probe gave its socket or call) instead of timing the probe with a clock.
 */
public final class TimedOut {
    private static final Pattern TIMED_OUT = Pattern.compile("timed out after (\\d+) ms");

    private TimedOut() {
    }

    /** The N of the first "timed out after N ms" in {@code evidence}; fails the test when there is none. */
    public static long millis(String evidence) {
        Matcher m = TIMED_OUT.matcher(evidence);
        assertTrue(m.find(), "no 'timed out after N ms' in: " + evidence);
        return Long.parseLong(m.group(1));
    }

    /**
     * Asserts that the probe gave up on its own budget: N is at most {@code budgetMillis}, give or take the
     * scheduling slack of a loaded machine (a tenth of the budget, at most 240 ms: a probe that reports the time it
     * actually waited wakes late when both cores are busy; 923 ms of a 900 ms budget was seen), which still stays
     * below the check's timeout where the engine's watchdog would have ended it (every budget leaves the timeout a
     * margin of at least a tenth, and at most 250 ms); and N is more than half of the budget (the probe really waited for
     * the server, rather than giving up early). Callers write the budget out (900 for a 1 s timeout) rather than
     * calling the code under test for it, so a probe that stopped leaving a margin would fail here.
     */
    public static void withinBudget(String evidence, long budgetMillis) {
        long n = millis(evidence);
        long slack = Math.min(240, Math.max(1, budgetMillis / 10));
        assertTrue(n <= budgetMillis + slack && n > budgetMillis / 2,
                "timed out after " + n + " ms, expected at most the probe's budget of " + budgetMillis + " ms (+" + slack
                        + " ms of scheduling slack) and more than half of it: " + evidence);
    }
}
