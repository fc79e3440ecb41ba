package dev.prodaudit.probe;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Endpoints that timed out earlier in this run. Checks against a hung server run concurrently and time
 * out together; the checks queued behind them are told at once instead of each waiting out its own
 * timeout, so a hung server costs one timeout, not one per check. One instance per run, from
 * {@link SharedClients}.
 */
public final class HungTargets {
    private final Map<String, String> reasons = new ConcurrentHashMap<>();

    public static HungTargets of(ProbeContext ctx) {
        return ctx.clients().get("hung-targets", HungTargets.class, HungTargets::new);
    }

    /** Records that {@code endpoint} (host:port) did not answer within {@code millis}. */
    public void timedOut(String endpoint, long millis) {
        reasons.putIfAbsent(endpoint, "timed out after " + millis + " ms");
    }

    /** The ERROR reason to report without trying, when {@code endpoint} already hung in this run. */
    public Optional<String> earlierTimeout(String endpoint) {
        return Optional.ofNullable(reasons.get(endpoint))
                .map(r -> r + " (" + endpoint + " did not answer an earlier check in this run)");
    }
}
