package dev.prodaudit.probe.redis;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Wording;
import dev.prodaudit.probe.http.ApiRelease;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The deploy-state checks of {@code type: redis}: whether the BullMQ workers were restarted by the deploy
 * ({@code restarted}) and whether the deploy cleared the answer cache ({@code cache}). Both compare what Redis holds
 * with the deploy time: {@code --deployed-at}, else the start time the API reports on {@code /version} or
 * {@code /health}. Without a deploy time neither can say more than WARN.
 */
final class DeployChecks {
    /** SCAN calls the cache check makes at most, with {@link RedisChecks#SCAN_COUNT} each. */
    static final int MAX_CACHE_SCAN_CALLS = 100;
    static final String PASS_DEPLOYED_AT = "pass --deployed-at TIME (ISO-8601, e.g. 2026-12-01T14:05:00Z) or have the"
            + " API report startedAt or uptime on /version or /health";

    private DeployChecks() {
    }

    /**
     * What this check knows of the deploy: the deploy time and where it came from, the commit the API runs and the
     * audited commit.
     *
     * @param deployedAt  null when unknown
     * @param unknownWhy  why the deploy time is unknown (null when known)
     */
    record Facts(Instant deployedAt, String deployedFrom, String unknownWhy, String apiCommit, String apiSource,
                 String auditedCommit) {

        /**
         * {@code --deployed-at} when given; the API is asked (with at most half the check's budget, so Redis keeps
         * the rest) when the deploy time is missing or, for {@code restarted}, for the commit it runs.
         */
        static Facts learn(ProbeContext ctx, long startNanos, boolean wantCommit) {
            Instant given = ctx.deployment().deployedAt();
            String audited = ctx.deployment().auditedCommit();
            boolean apiConfigured = ctx.targets().baseUrl() != null && !ctx.targets().baseUrl().isBlank();
            if (!apiConfigured || (given != null && !wantCommit)) {
                return given != null ? new Facts(given, "--deployed-at " + given.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), null, null, null, audited)
                        : new Facts(null, null, "no --deployed-at and no API URL to ask", null, null, audited);
            }
            ApiRelease.Lookup lookup = ApiRelease.lookup(ctx.withTimeout(ctx.timeout().dividedBy(2)), startNanos);
            ApiRelease api = lookup.release();
            String apiCommit = api == null ? null : api.commit();
            String apiSource = api == null ? null : api.source();
            if (given != null) {
                return new Facts(given, "--deployed-at " + given.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), null, apiCommit, apiSource, audited);
            }
            if (api != null && api.startedAt() != null) {
                return new Facts(api.startedAt(), "the API's start by its " + api.startedBy() + " on " + api.source(), null,
                        apiCommit, apiSource, audited);
            }
            String why = api != null ? api.source() + " reports no start time" : lookup.unavailable();
            return new Facts(null, null, "no --deployed-at, and " + why, apiCommit, apiSource, audited);
        }

        /** "the deploy 12m ago (--deployed-at)": relative, as every age the check compares with it. */
        String deployShown(Instant now) {
            long ago = Math.max(0, Duration.between(deployedAt, now).getSeconds());
            return "the deploy " + Wording.age(ago) + " ago (" + deployedFrom + ")";
        }
    }

    // ---- restarted ----

    static List<Finding> restarted(RedisSession.Lease c, String prefix, List<String> queues, Facts facts, Duration grace,
                                   Instant now) throws ProbeFailure {
        List<Finding> out = new ArrayList<>();
        if (facts.apiCommit() != null && facts.auditedCommit() != null) {
            String api = facts.apiCommit();
            String audited = facts.auditedCommit().toLowerCase(Locale.ROOT);
            if (audited.startsWith(api) || api.startsWith(audited)) {
                out.add(Finding.of(Status.PASS, "the API runs the audited commit " + shortId(audited) + " (" + facts.apiSource() + ")"));
            } else {
                out.add(Finding.of(Status.FAIL, "the API runs commit " + shortId(api) + " (" + facts.apiSource()
                        + "), not the audited release " + shortId(audited) + ": this release is not what is deployed"));
            }
        }
        String list;
        try {
            list = c.text("CLIENT", "LIST");
        } catch (RedisError e) {
            out.add(e.unavailable()
                    ? Finding.of(Status.SKIP, "worker connections are not visible: CLIENT LIST is unavailable (" + e.getMessage() + ")")
                    : Finding.of(Status.ERROR, "CLIENT LIST was answered with " + e.getMessage()));
            return out;
        }
        List<BullMq.Client> clients = BullMq.parseClientList(list);
        for (String queue : queues) {
            List<BullMq.Client> workers = clients.stream().filter(w -> BullMq.isWorker(w.name(), prefix, queue)).toList();
            out.add(queueRestarted(queue, prefix, workers, facts, grace, now));
        }
        return out;
    }

    private static Finding queueRestarted(String queue, String prefix, List<BullMq.Client> workers, Facts facts,
                                          Duration grace, Instant now) {
        if (workers.isEmpty()) {
            String name = BullMq.clientName(prefix, queue);
            return Finding.of(Status.FAIL, queue + ": no BullMQ worker is connected (no client named " + name + " or "
                    + name + ":w:<worker>), so none runs the released code");
        }
        List<String> ages = workers.stream().map(w -> w.ageSeconds() < 0 ? "?" : Wording.age(w.ageSeconds()))
                .limit(5).toList();
        String connected = Wording.count(workers.size(), "worker connection") + " (connected " + String.join(", ", ages)
                + (workers.size() > ages.size() ? ", …" : "") + " ago)";
        if (facts.deployedAt() == null) {
            return Finding.of(Status.WARN, queue + ": " + connected + ", but the deploy time is unknown ("
                    + facts.unknownWhy() + "): " + PASS_DEPLOYED_AT);
        }
        long sinceDeploy = Duration.between(facts.deployedAt(), now).getSeconds();
        List<String> older = new ArrayList<>();
        int unknown = 0;
        for (BullMq.Client w : workers) {
            long age = w.ageSeconds();
            if (age < 0) {
                unknown++;
            } else if (age > sinceDeploy + grace.getSeconds()) {
                // CLIENT LIST ages are whole seconds, rounded down: a connection this old surely predates the deploy.
                older.add("id " + w.fields().getOrDefault("id", "?") + " " + w.name() + " connected " + Wording.age(age)
                        + " ago, " + Wording.age(age - sinceDeploy) + " before the deploy");
            }
        }
        if (!older.isEmpty()) {
            List<String> shown = older.stream().limit(10).toList();
            return Finding.of(Status.FAIL, queue + ": " + older.size() + " of " + connected + " predate "
                    + facts.deployShown(now) + ": " + String.join("; ", shown) + (older.size() > shown.size() ? "; …" : "")
                    + " — those workers still run the old code");
        }
        if (unknown > 0) {
            return Finding.of(Status.WARN, queue + ": " + unknown + " of " + connected
                    + " report no age in CLIENT LIST, so their start cannot be compared with the deploy at " + facts.deployShown(now));
        }
        return Finding.of(Status.PASS, queue + ": " + (workers.size() == 1 ? "its " + connected + " is" : "all " + connected + " are")
                + " younger than " + facts.deployShown(now));
    }

    private static String shortId(String commit) {
        return commit.substring(0, Math.min(12, commit.length()));
    }

    // ---- cache ----

    /**
     * No key under {@code cachePrefix} older than the deploy. Redis keeps no creation time; for a key with a TTL its
     * age is the TTL the app sets ({@code ttlVariable}) less the TTL it has left (PTTL). OBJECT IDLETIME is the time
     * since the last read, not the age, and is not used. Key names and values are never shown, only counts.
     */
    static Finding cache(RedisSession.Lease c, String cachePrefix, String ttlVariable, OptionalLong ttlSeconds,
                         int sample, Facts facts, Duration grace, Instant now) throws ProbeFailure {
        String pattern = BullMq.globEscape(cachePrefix) + "*";
        String what = cachePrefix + "* keys";
        if (facts.deployedAt() == null) {
            return Finding.of(Status.WARN, "cannot tell whether the " + what + " predate the deploy: its time is unknown ("
                    + facts.unknownWhy() + "); " + PASS_DEPLOYED_AT);
        }
        Set<String> keys = new LinkedHashSet<>();
        String cursor = "0";
        int calls = 0;
        boolean dropped = false;
        try {
            while (calls < MAX_CACHE_SCAN_CALLS && keys.size() < sample) {
                Object reply = c.call("SCAN", cursor, "MATCH", pattern, "COUNT", Integer.toString(RedisChecks.SCAN_COUNT));
                calls++;
                if (!(reply instanceof List<?> parts) || parts.size() != 2) {
                    return Finding.of(Status.ERROR, "SCAN gave an unexpected reply");
                }
                cursor = RedisSession.text(parts.get(0));
                if (parts.get(1) instanceof List<?> found) {
                    for (Object k : found) {
                        String key = RedisSession.text(k);
                        if (keys.size() < sample) {
                            keys.add(key);
                        } else if (!keys.contains(key)) {
                            dropped = true;
                        }
                    }
                }
                if ("0".equals(cursor)) {
                    break;
                }
            }
        } catch (RedisError e) {
            return e.unavailable()
                    ? Finding.of(Status.SKIP, "the " + what + " are not visible: SCAN is unavailable (" + e.getMessage() + ")")
                    : Finding.of(Status.ERROR, "SCAN was answered with " + e.getMessage());
        }
        boolean complete = "0".equals(cursor) && !dropped;
        long sinceDeployMs = Duration.between(facts.deployedAt(), now).toMillis() + grace.toMillis();
        int sampled = 0;
        int older = 0;
        int noTtl = 0;
        int unknownAge = 0;
        long oldestBeforeMs = 0;
        try {
            for (String key : keys) {
                Object reply = c.call("PTTL", key);
                long left = reply instanceof Long l ? l : -3;
                if (left == -2) {
                    continue; // expired between SCAN and PTTL
                }
                sampled++;
                if (left == -1) {
                    noTtl++;
                } else if (left < 0 || ttlSeconds.isEmpty() || left > ttlSeconds.getAsLong() * 1000) {
                    unknownAge++;
                } else {
                    long ageMs = ttlSeconds.getAsLong() * 1000 - left;
                    if (ageMs > sinceDeployMs) {
                        older++;
                        oldestBeforeMs = Math.max(oldestBeforeMs, ageMs - sinceDeployMs + grace.toMillis());
                    }
                }
            }
        } catch (RedisError e) {
            return e.unavailable()
                    ? Finding.of(Status.SKIP, "the age of the " + what + " is not visible: PTTL is unavailable (" + e.getMessage() + ")")
                    : Finding.of(Status.ERROR, "PTTL was answered with " + e.getMessage());
        }
        String scope = Wording.count(sampled, "key") + " sampled"
                + (complete ? " (the whole keyspace scanned)" : " (SCAN stopped after " + Wording.count(calls, "call")
                + (keys.size() >= sample ? " at the sample limit of " + sample : "") + ", so this is a sample)");
        String deploy = facts.deployShown(now);
        if (older > 0) {
            return Finding.of(Status.FAIL, older + " of the " + what + " were cached before " + deploy + ", the oldest about "
                    + Wording.age(oldestBeforeMs / 1000) + " before it: their answers come from the previous release; "
                    + scope);
        }
        List<String> unsure = new ArrayList<>();
        if (noTtl > 0) {
            unsure.add(noTtl + " without a TTL");
        }
        if (unknownAge > 0) {
            unsure.add(unknownAge + (ttlSeconds.isEmpty() ? " whose age is unknown because " + ttlVariable + " is not a TTL in seconds"
                    : " with more TTL left than " + ttlVariable + "=" + ttlSeconds.getAsLong() + "s, so of unknown age"));
        }
        if (!unsure.isEmpty()) {
            return Finding.of(Status.WARN, "none of the " + what + " is known to predate " + deploy + ", but "
                    + String.join(" and ", unsure) + " cannot be dated; " + scope);
        }
        return Finding.of(Status.PASS, sampled == 0 ? "no " + what.substring(0, what.length() - 5) + " key: " + scope
                : "every one of the " + what + " was cached after " + deploy + "; " + scope);
    }

    /** The TTL in seconds the app sets, from {@code variable} in the audited environment. */
    static OptionalLong ttlSeconds(ProbeContext ctx, String variable, Integer appDefault) {
        java.util.Optional<String> set = ctx.env().get(variable).map(String::strip).filter(v -> !v.isEmpty());
        if (set.isEmpty()) {
            return appDefault == null ? OptionalLong.empty() : OptionalLong.of(appDefault);
        }
        return set.filter(v -> v.matches("\\d{1,9}")).map(Long::parseLong).filter(v -> v > 0)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
