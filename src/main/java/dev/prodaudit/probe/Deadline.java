package dev.prodaudit.probe;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The time budget of one check: a little under its timeout (a tenth, at least 50 and at most 250 ms less, never
 * more than half), so a network probe reports "timed out after N ms" with the endpoint itself before the engine's
 * watchdog would. One definition for the HTTP, MongoDB, Redis, Qdrant, TLS and DNS families.
 */
public final class Deadline {
    private final long budgetMillis;
    private final long end;

    private Deadline(long startNanos, long budgetMillis) {
        this.budgetMillis = budgetMillis;
        this.end = startNanos + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    }

    /** A budget counted from {@code startNanos} ({@link System#nanoTime()} when the probe started). */
    public static Deadline of(Duration timeout, long startNanos) {
        return new Deadline(startNanos, budget(timeout.toMillis()));
    }

    public static long budget(long timeoutMillis) {
        long margin = Math.min(250, Math.max(50, timeoutMillis / 10));
        return Math.max(1, timeoutMillis - Math.min(margin, Math.max(1, timeoutMillis / 2)));
    }

    public long budgetMillis() {
        return budgetMillis;
    }

    /** When the budget ends, on the {@link System#nanoTime()} clock: for waits that take an absolute deadline. */
    public long endNanos() {
        return end;
    }

    /** Milliseconds left, 0 when spent. */
    public long left() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
    }
}
