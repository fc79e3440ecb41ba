package dev.prodaudit.audit;

import dev.prodaudit.input.InputException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A step of setting up an audit run on a thread of its own, so that it overlaps the steps after it on the calling
 * thread, and whose answer, or error, is taken where the step used to run: errors come in the same order as when
 * the steps ran one after another.
 *
 * <p>The thread is a daemon: an audit that fails on another step first does not wait for this one.
 */
final class Background<T> {
    /** What the step does: it may fail in words (an {@link InputException}), as the steps of a setup do. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws InputException;
    }

    private final String name;
    private final FutureTask<T> task;

    private Background(String name, FutureTask<T> task) {
        this.name = name;
        this.task = task;
    }

    /** Starts {@code step} now, on a daemon thread named {@code name}. */
    static <T> Background<T> start(String name, Step<T> step) {
        Callable<T> call = step::run;
        Background<T> background = new Background<>(name, new FutureTask<>(call));
        Thread thread = new Thread(background.task, name);
        thread.setDaemon(true);
        thread.start();
        return background;
    }

    /** The step's answer, once it has one; its error, as it threw it. */
    T result() throws InputException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InputException input) {
                throw input;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
