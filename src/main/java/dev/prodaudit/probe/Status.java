package dev.prodaudit.probe;

import java.util.Collection;
import java.util.List;

/**
 * The verdict of one check, and the status algebra: the one place that says how the statuses of a check's parts
 * combine ({@link #combine} for parts that must all hold, {@link #either} for alternatives of which one must hold) and
 * which statuses gate a run ({@link #gates}). README's "Status algebra" table
 * states the same rules; StatusAlgebraTest enumerates every combination against them.
 *
 * <p>Order of the constants matters: it is the order of the summary line.
 */
public enum Status {
    PASS, FAIL, WARN, ERROR, SKIP, MANUAL, WAIVED;

    /**
     * The status of a check made of parts (the children of {@code type: all}, the findings of one probe): the most
     * decisive part wins, in the order FAIL > ERROR > WARN > MANUAL > PASS > SKIP.
     * <ul>
     *   <li>FAIL outranks ERROR: a failure that was seen is a fact, whatever another part could not decide (the
     *       undecided part stays in the evidence, see {@link Outcome});</li>
     *   <li>ERROR outranks WARN and PASS: a part that could not be decided may hide a failure;</li>
     *   <li>MANUAL outranks PASS: when part of the item needs a person, the item is not decided automatically;</li>
     *   <li>SKIP (nothing to look at) counts only when every part skipped; WAIVED counts as PASS (an accepted part).</li>
     * </ul>
     * No parts at all is PASS: nothing was required.
     */
    public static Status combine(Collection<Status> parts) {
        Status result = null;
        for (Status s : parts) {
            result = result == null ? normal(s) : combine(result, s);
        }
        return result == null ? PASS : result;
    }

    /** {@link #combine(Collection)} of two parts; associative and commutative. */
    public static Status combine(Status a, Status b) {
        Status x = normal(a);
        Status y = normal(b);
        return rank(x) >= rank(y) ? x : y;
    }

    public static Status combine(Status... parts) {
        return combine(List.of(parts));
    }

    /**
     * The status of alternatives of which one must hold (the children of {@code type: any}): the part closest to
     * holding wins, in the order PASS > WARN > ERROR > MANUAL > FAIL > SKIP.
     * <ul>
     *   <li>one PASS is enough, whatever the others say (WAIVED counts as PASS); else a WARN (it holds, with a
     *       caveat);</li>
     *   <li>ERROR outranks FAIL here, the reverse of {@link #combine}: an alternative that could not be decided might
     *       have held, so the failure of the others decides nothing;</li>
     *   <li>ERROR outranks MANUAL, as in {@link #combine}: a probe that could not look is reported, not left to a
     *       person; MANUAL outranks FAIL, since a person may still find that alternative holds;</li>
     *   <li>FAIL only when every alternative that decided failed: a SKIP (nothing to look at) is no alternative and
     *       counts only when every part skipped.</li>
     * </ul>
     * No parts at all is FAIL: no alternative was offered, so none holds.
     */
    public static Status either(Collection<Status> parts) {
        Status result = null;
        for (Status s : parts) {
            Status n = normal(s);
            if (result == null || alternativeRank(n) > alternativeRank(result)) {
                result = n;
            }
        }
        return result == null ? FAIL : result;
    }

    public static Status either(Status... parts) {
        return either(List.of(parts));
    }

    /**
     * Whether a check with this status gates the run (exit 1), given that its severity is at or above
     * {@code --fail-on}: FAIL always; ERROR unless {@code --allow-errors}; PASS, WARN, SKIP, MANUAL and WAIVED never.
     */
    public boolean gates(boolean allowErrors) {
        return this == FAIL || (this == ERROR && !allowErrors);
    }

    /** A part that was waived was accepted: it combines as PASS. */
    private static Status normal(Status s) {
        return s == WAIVED ? PASS : s;
    }

    private static int rank(Status s) {
        return switch (s) {
            case SKIP -> 0;
            case PASS, WAIVED -> 1;
            case MANUAL -> 2;
            case WARN -> 3;
            case ERROR -> 4;
            case FAIL -> 5;
        };
    }

    /** How close an alternative came to holding, for {@link #either}. */
    private static int alternativeRank(Status s) {
        return switch (s) {
            case SKIP -> 0;
            case FAIL -> 1;
            case MANUAL -> 2;
            case ERROR -> 3;
            case WARN -> 4;
            case PASS, WAIVED -> 5;
        };
    }

    public String label() {
        return name();
    }
}
