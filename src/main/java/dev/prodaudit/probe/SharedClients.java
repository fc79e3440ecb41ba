package dev.prodaudit.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One client per target per run: probes ask for a client by key and get the one already made, so a
 * run opens each connection once. Everything handed out is closed when the run ends.
 */
public final class SharedClients implements AutoCloseable {
    private final Map<String, Object> clients = new LinkedHashMap<>();

    public synchronized <T> T get(String key, Class<T> type, Supplier<T> factory) {
        Object existing = clients.get(key);
        if (existing == null) {
            existing = factory.get();
            clients.put(key, existing);
        }
        return type.cast(existing);
    }

    @Override
    public synchronized void close() {
        List<Object> all = new ArrayList<>(clients.values());
        clients.clear();
        for (Object client : all) {
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
