package dev.prodaudit.probe;

import java.util.Collection;
import java.util.List;

/**
 * The verdict of one check, and the status algebra: the one place that says how the statuses of a check's parts
 * combine ({@link #combine}) and which statuses gate a run ({@link #gates}). README's "Status algebra" table
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

    public String label() {
        return name();
    }
}
