package dev.prodaudit.probe;

import java.util.concurrent.ExecutionException;

/** What a task run on another thread threw, thrown again on the thread that waited for it. */
public final class TaskFailures {

    private TaskFailures() {
    }

    /**
     * The exception to throw for {@code e}: its cause as the task threw it when unchecked (an {@link Error} is thrown
     * from here), a checked cause wrapped, so the waiting thread fails as if it had run the task itself.
     */
    public static RuntimeException unwrapped(ExecutionException e) {
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
}
