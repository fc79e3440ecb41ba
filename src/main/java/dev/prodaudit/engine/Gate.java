package dev.prodaudit.engine;

import dev.prodaudit.catalog.Severity;
import java.util.List;

/**
 * The exit-code policy: a FAIL at or above {@code failOn} gates, and so does an ERROR unless errors are
 * allowed (a probe that could not decide is not a pass). {@code failOn} null means nothing gates.
 */
public record Gate(Severity failOn, boolean allowErrors) {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;

    public boolean gates(Result r) {
        if (failOn == null || !r.check().severity().atLeast(failOn)) {
            return false;
        }
        return r.status() == Status.FAIL || (r.status() == Status.ERROR && !allowErrors);
    }

    public int exitCode(List<Result> results) {
        return results.stream().anyMatch(this::gates) ? FAILED : OK;
    }

    /** "high" or "none", as written on the command line. */
    public String failOnText() {
        return failOn == null ? "none" : failOn.id();
    }

    public static Severity parseFailOn(String text) {
        return text.equalsIgnoreCase("none") ? null : Severity.parse(text);
    }
}
