package dev.prodaudit.cli;

import dev.prodaudit.engine.Result;
import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * "audit: 37/95 checks done" on stderr, rewritten in place, for runs at a terminal that take longer than
 * a second; erased before the report is printed. Quick runs and piped output never see it.
 */
final class Progress implements Consumer<Result>, AutoCloseable {
    private static final long DELAY_MS = 1000;
    private static final long REFRESH_MS = 200;

    private final PrintWriter err;
    private final int total;
    private final AtomicInteger done = new AtomicInteger();
    private final ScheduledExecutorService ticker;
    private int lastLength;

    private Progress(PrintWriter err, int total) {
        this.err = err;
        this.total = total;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::draw, DELAY_MS, REFRESH_MS, TimeUnit.MILLISECONDS);
    }

    /** A progress line on {@code err} when it is a terminal; otherwise a no-op. */
    static Progress startIf(boolean interactive, PrintWriter err, int total) {
        return interactive ? new Progress(err, total) : null;
    }

    @Override
    public void accept(Result result) {
        done.incrementAndGet();
    }

    private synchronized void draw() {
        String line = "audit: " + done.get() + "/" + total + " checks done";
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }
}
