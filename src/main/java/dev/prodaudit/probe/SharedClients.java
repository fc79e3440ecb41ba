package dev.prodaudit.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * One client per target per run: probes ask for a client by key and get the one already made, so a
 * run opens each connection once, and each shared model (the file listing, the workloads, the parsed sources) is
 * built once. Everything handed out is closed when the run ends.
 *
 * <p>The lock covers only the table: a model that takes a second to build blocks the probes that wait for it, not
 * every other probe asking for some other client meanwhile.
 */
public final class SharedClients implements AutoCloseable {
    private final Map<String, CompletableFuture<Object>> clients = new LinkedHashMap<>();
    private final List<BoundProbe> planned;

    /** A run that says nothing of its checks: {@link #planned} is empty, and every probe does its own work. */
    public SharedClients() {
        this(List.of());
    }

    /**
     * @param planned what the run's checks will run: their probes and the parts inside them ({@link BoundProbe#withParts})
     */
    public SharedClients(List<BoundProbe> planned) {
        this.planned = List.copyOf(planned);
    }

    /**
     * The specs of {@code type} among what the run's checks will run, in catalogue order: a probe that can do the work
     * of all of them at once (one walk of the git history for every check that searches it) finds them here. Empty
     * when the run did not say.
     */
    public <S extends ProbeSpec> List<S> planned(Class<S> type) {
        List<S> out = new ArrayList<>();
        for (BoundProbe p : planned) {
            if (type.isInstance(p.spec())) {
                out.add(type.cast(p.spec()));
            }
        }
        return out;
    }

    public <T> T get(String key, Class<T> type, Supplier<T> factory) {
        CompletableFuture<Object> entry;
        boolean mine = false;
        synchronized (this) {
            entry = clients.get(key);
            if (entry == null) {
                entry = new CompletableFuture<>();
                clients.put(key, entry);
                mine = true;
            }
        }
        if (mine) {
            try {
                entry.complete(factory.get());
            } catch (RuntimeException | Error e) {
                // The next caller tries again (a failure may be its own, e.g. an interrupted wait); this one sees it.
                synchronized (this) {
                    clients.remove(key, entry);
                }
                entry.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return type.cast(entry.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a shared " + key, e);
        } catch (ExecutionException e) {
            throw TaskFailures.unwrapped(e);
        }
    }

    @Override
    public void close() {
        List<CompletableFuture<Object>> all;
        synchronized (this) {
            all = new ArrayList<>(clients.values());
            clients.clear();
        }
        for (CompletableFuture<Object> entry : all) {
            Object client = entry.getNow(null);
            if (client instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // Closing is best effort: the audit's verdicts are already decided.
                }
            }
        }
    }
}
