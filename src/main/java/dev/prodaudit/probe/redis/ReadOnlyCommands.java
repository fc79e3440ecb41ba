package dev.prodaudit.probe.redis;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The only Redis commands the audit sends: the one place that decides what "read-only" means. Every command of
 * the redis probe passes {@link #require} before it is written to the socket, and the tests hold every command a
 * real server receives during a full audit (recorded with MONITOR) against {@link #violation}.
 *
 * <ul>
 *   <li>connection set-up, which changes only the audit's own connection: {@code AUTH}, {@code HELLO},
 *       {@code SELECT} (the database of REDIS_URL), {@code CLIENT SETNAME} (the audit names its connection
 *       {@code prodaudit}, so it is recognisable in CLIENT LIST), {@code PING};</li>
 *   <li>server state: {@code INFO}, {@code CONFIG GET}, {@code LASTSAVE}, {@code CLIENT LIST};</li>
 *   <li>BullMQ keys: {@code TYPE}, {@code EXISTS}, {@code LLEN}, {@code ZCARD}, {@code SCARD}, {@code HLEN}, and
 *       {@code HGET}/{@code HGETALL} on a queue's {@code :meta} hash only; {@code SCAN} only with a {@code COUNT} of
 *       at most {@value #MAX_SCAN_COUNT} (the probe also caps how many SCAN calls it makes);</li>
 *   <li>cache keys: {@code PTTL}, the time a key has left (its age follows from the TTL the app sets).</li>
 * </ul>
 * Never CONFIG SET/REWRITE/RESETSTAT, never KEYS (it blocks the server), never a write.
 */
public final class ReadOnlyCommands {
    /** The largest COUNT a SCAN may ask for. */
    public static final int MAX_SCAN_COUNT = 1000;

    /** Commands allowed with any arguments. */
    private static final Set<String> PLAIN = Set.of(
            "PING", "AUTH", "HELLO", "SELECT", "INFO", "LASTSAVE", "TYPE", "EXISTS", "LLEN", "ZCARD", "SCARD", "HLEN",
            "PTTL");
    /** Container commands: the subcommands allowed. */
    private static final Map<String, Set<String>> SUBCOMMANDS = Map.of(
            "CLIENT", Set.of("SETNAME", "LIST"),
            "CONFIG", Set.of("GET"));
    /** Allowed on BullMQ queue meta hashes only. */
    private static final Set<String> META_ONLY = Set.of("HGET", "HGETALL");

    private ReadOnlyCommands() {
    }

    /** Every allowed command, as "NAME" or "NAME SUBCOMMAND", for documentation and tests. */
    public static List<String> allowList() {
        List<String> all = new java.util.ArrayList<>(PLAIN);
        SUBCOMMANDS.forEach((c, subs) -> subs.forEach(s -> all.add(c + " " + s)));
        META_ONLY.forEach(c -> all.add(c + " <prefix>:<queue>:meta"));
        all.add("SCAN ... COUNT <= " + MAX_SCAN_COUNT);
        return all.stream().sorted().toList();
    }

    /**
     * Why {@code argv} (command name first) is not a read the audit may send, or empty when it is.
     */
    public static Optional<String> violation(List<String> argv) {
        if (argv.isEmpty()) {
            return Optional.of("empty command");
        }
        String name = argv.get(0).toUpperCase(Locale.ROOT);
        if (PLAIN.contains(name)) {
            return Optional.empty();
        }
        Set<String> subs = SUBCOMMANDS.get(name);
        if (subs != null) {
            String sub = argv.size() > 1 ? argv.get(1).toUpperCase(Locale.ROOT) : "";
            return subs.contains(sub) ? Optional.empty() : Optional.of(name + " " + sub + " is not a read-only command the audit sends");
        }
        if (META_ONLY.contains(name)) {
            int arity = name.equals("HGET") ? 3 : 2;
            return argv.size() == arity && argv.get(1).endsWith(":meta") ? Optional.empty()
                    : Optional.of(name + " is allowed on a BullMQ queue's :meta hash only");
        }
        if (name.equals("SCAN")) {
            for (int i = 1; i + 1 < argv.size(); i++) {
                if (argv.get(i).equalsIgnoreCase("COUNT")) {
                    try {
                        int count = Integer.parseInt(argv.get(i + 1));
                        return count > 0 && count <= MAX_SCAN_COUNT ? Optional.empty()
                                : Optional.of("SCAN COUNT must be 1.." + MAX_SCAN_COUNT);
                    } catch (NumberFormatException e) {
                        return Optional.of("SCAN COUNT must be a number");
                    }
                }
            }
            return Optional.of("SCAN must be bounded with COUNT");
        }
        return Optional.of(name + " is not on the audit's read-only allow-list");
    }

    /**
     * Whether a command, named without its arguments as INFO commandstats names it ({@code config|get},
     * {@code hget}), is on the allow-list at all (its arguments are not checked: see {@link #violation}).
     */
    public static boolean allowsName(String name) {
        String[] parts = name.toUpperCase(Locale.ROOT).split("\\|", 2);
        if (parts.length == 2) {
            Set<String> subs = SUBCOMMANDS.get(parts[0]);
            return subs != null && subs.contains(parts[1]);
        }
        return PLAIN.contains(parts[0]) || META_ONLY.contains(parts[0]) || parts[0].equals("SCAN");
    }

    /** @throws IllegalStateException when the probe is about to send a command that is not allowed (a bug) */
    static void require(List<String> argv) {
        violation(argv).ifPresent(v -> {
            throw new IllegalStateException("refusing to send a command that is not read-only: " + v);
        });
    }
}
