package dev.prodaudit.probe.redis;

import dev.prodaudit.input.Durations;
import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.input.TimeSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: redis}: live, read-only checks of the Redis behind REDIS_URL ({@code targets.redis}) and of the
 * BullMQ queues in it. Each name in {@code checks} is decided on its own and reported as its own finding.
 *
 * <pre>
 * probe:
 *   type: redis
 *   checks: [memory]                 # auth, persistence, backup, memory, workers, queues, restarted, cache
 *   queues: [notion-sync]            # BullMQ queue names (workers, queues)
 *   prefix: bull                     # BullMQ's key prefix
 *   policy: noeviction               # the required maxmemory-policy (memory)
 *   maxBackupAge: 24h                # the newest RDB snapshot must be younger (backup)
 *   maxFailed: 100                   # more failed jobs than this in a queue FAIL (queues; default: no limit)
 *   cachePrefix: "rag:"              # the cache keys that must postdate the deploy (cache)
 *   cacheTtlVariable: RAG_CACHE_TTL  # the env variable with the TTL, in seconds, the app gives those keys (cache)
 *   cacheTtlDefault: 3600            # the app's TTL when that variable is unset (cache; default: unknown)
 *   sample: 500                      # how many cache keys are looked at, at most (cache)
 *   grace: 5m                        # a worker or key this much older than the deploy time still counts (restarted, cache)
 * </pre>
 *
 * @param checks       which checks to run, at least one of {@link #ALL_CHECKS}
 * @param queues       BullMQ queue names (default {@code [notion-sync]})
 * @param prefix       BullMQ's key prefix (default {@code bull})
 * @param policy       the maxmemory-policy the memory check requires (default {@code noeviction})
 * @param maxBackupAge the oldest acceptable last RDB save (default 24h)
 * @param maxFailed    the most failed jobs a queue may hold (default: no limit)
 * @param cachePrefix  the key prefix of the cache the deploy must have cleared (default {@code rag:})
 * @param cacheTtlVariable the env variable holding the TTL in seconds the app sets on those keys (default
 *                     {@code RAG_CACHE_TTL}): a key's age is that TTL less the TTL it has left
 * @param cacheTtlDefault the TTL in seconds the app uses when {@code cacheTtlVariable} is unset (default: none, so
 *                     the keys' ages are unknown)
 * @param sample       the most cache keys SCAN collects and PTTL reads (default {@value #DEFAULT_SAMPLE})
 * @param grace        how much before the deploy time a worker connection or cache key may date and still count as
 *                     part of the deploy: an API that reports its own start time started after the workers that
 *                     rolled out beside it (default 5m)
 */
public record RedisSpec(List<String> checks, List<String> queues, String prefix, String policy, TimeSpan maxBackupAge,
                        Integer maxFailed, String cachePrefix, String cacheTtlVariable, Integer cacheTtlDefault,
                        Integer sample, String grace)
        implements ProbeSpec {

    public static final String AUTH = "auth";
    public static final String PERSISTENCE = "persistence";
    public static final String BACKUP = "backup";
    public static final String MEMORY = "memory";
    public static final String WORKERS = "workers";
    public static final String QUEUES = "queues";
    public static final String RESTARTED = "restarted";
    public static final String CACHE = "cache";
    public static final List<String> ALL_CHECKS = List.of(AUTH, PERSISTENCE, BACKUP, MEMORY, WORKERS, QUEUES, RESTARTED, CACHE);
    public static final int DEFAULT_SAMPLE = 500;
    static final String DEFAULT_CACHE_PREFIX = "rag:";
    static final String DEFAULT_CACHE_TTL_VARIABLE = "RAG_CACHE_TTL";
    static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
    static final List<String> DEFAULT_QUEUES = List.of("notion-sync");
    static final String DEFAULT_PREFIX = "bull";
    static final String DEFAULT_POLICY = "noeviction";
    static final Duration DEFAULT_MAX_BACKUP_AGE = Duration.ofHours(24);

    public RedisSpec {
        if (checks == null || checks.isEmpty()) {
            throw new IllegalArgumentException("'checks' must list at least one of " + String.join(", ", ALL_CHECKS));
        }
        List<String> seen = new ArrayList<>();
        for (String c : checks) {
            if (!ALL_CHECKS.contains(c)) {
                throw new IllegalArgumentException("'checks' may list " + String.join(", ", ALL_CHECKS) + "; found '" + c + "'");
            }
            if (!seen.contains(c)) {
                seen.add(c);
            }
        }
        checks = List.copyOf(seen);
        if (queues == null) {
            queues = DEFAULT_QUEUES;
        } else {
            if (queues.isEmpty()) {
                throw new IllegalArgumentException("'queues' must name at least one BullMQ queue, e.g. [notion-sync]");
            }
            List<String> names = new ArrayList<>();
            for (String q : queues) {
                // BullMQ itself rejects a queue name with ':' (it separates the parts of its keys).
                if (q == null || q.isBlank() || q.contains(":") || q.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("'queues' holds an invalid BullMQ queue name (empty, with ':' or spaces): '" + q + "'");
                }
                if (!names.contains(q)) {
                    names.add(q);
                }
            }
            queues = List.copyOf(names);
        }
        if (prefix == null) {
            prefix = DEFAULT_PREFIX;
        } else if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'prefix' is BullMQ's key prefix without spaces, e.g. bull; found '" + prefix + "'");
        }
        if (policy == null) {
            policy = DEFAULT_POLICY;
        } else {
            policy = policy.strip();
            if (!policy.matches("[a-z][a-z-]*")) {
                throw new IllegalArgumentException("'policy' is a Redis maxmemory-policy such as noeviction; found '" + policy + "'");
            }
        }
        if (maxBackupAge != null && (maxBackupAge.duration().isNegative() || maxBackupAge.duration().isZero())) {
            throw new IllegalArgumentException("'maxBackupAge' must be a positive time span such as 24h");
        }
        if (maxFailed != null && maxFailed < 0) {
            throw new IllegalArgumentException("'maxFailed' must be 0 or more");
        }
        if (cachePrefix == null) {
            cachePrefix = DEFAULT_CACHE_PREFIX;
        } else if (cachePrefix.isEmpty() || cachePrefix.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'cachePrefix' is a key prefix without spaces, e.g. \"rag:\"; found '" + cachePrefix + "'");
        }
        if (cacheTtlVariable == null) {
            cacheTtlVariable = DEFAULT_CACHE_TTL_VARIABLE;
        } else if (!cacheTtlVariable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'cacheTtlVariable' is an env variable name such as RAG_CACHE_TTL; found '" + cacheTtlVariable + "'");
        }
        if (cacheTtlDefault != null && cacheTtlDefault < 1) {
            throw new IllegalArgumentException("'cacheTtlDefault' is a TTL in seconds, 1 or more");
        }
        if (sample == null) {
            sample = DEFAULT_SAMPLE;
        } else if (sample < 1 || sample > 10_000) {
            throw new IllegalArgumentException("'sample' must be between 1 and 10000 keys");
        }
        if (grace != null) {
            java.util.Optional<Durations.Span> span = Durations.parse(grace, false);
            if (span.isEmpty() || span.get().unitless() || span.get().duration().isNegative()
                    || span.get().duration().compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("'grace' is a time span from 0s to 1d, such as 5m; found '" + grace + "'");
            }
        }
    }

    /** The checks that predate the deploy checks, with their defaults. */
    public RedisSpec(List<String> checks, List<String> queues, String prefix, String policy, TimeSpan maxBackupAge,
                     Integer maxFailed) {
        this(checks, queues, prefix, policy, maxBackupAge, maxFailed, null, null, null, null, null);
    }

    Duration graceSpan() {
        return grace == null ? DEFAULT_GRACE : Durations.parse(grace, false).orElseThrow().duration();
    }

    boolean checks(String check) {
        return checks.contains(check);
    }

    Duration backupAge() {
        return maxBackupAge == null ? DEFAULT_MAX_BACKUP_AGE : maxBackupAge.duration();
    }

    String backupAgeText() {
        return Durations.format(backupAge());
    }
}
