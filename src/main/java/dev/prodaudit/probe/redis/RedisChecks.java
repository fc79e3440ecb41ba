package dev.prodaudit.probe.redis;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.Wording;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of {@code type: redis}, each decided from read-only commands on the leased connection and reported as
 * its own finding (one per queue for {@code workers} and {@code queues}).
 */
final class RedisChecks {
    /** How many SCAN calls the queue check makes at most when it looks for the queues that do exist. */
    static final int MAX_SCAN_CALLS = 10;
    static final int SCAN_COUNT = 1000;
    private static final String CONFIG_HINT = "CONFIG is unavailable";

    private RedisChecks() {
    }

    // ---- auth ----

    /**
     * A second connection without credentials must be refused (PING -> NOAUTH), and the URL must carry a password.
     * {@code conn} is the leased, authenticated connection when the URL has a password (it proves the credentials
     * work), else null.
     */
    static Finding auth(RedisTarget target, RedisSession.Lease conn, Deadline deadline, HungTargets hung) throws ProbeFailure {
        List<String> problems = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        Status status = Status.PASS;
        try {
            String reply;
            try {
                reply = RedisSession.pingWithoutCredentials(target, deadline, hung);
            } catch (ProbeFailure f) {
                if (target.hasPassword()) {
                    throw f;
                }
                return urlWithoutPassword(target, f);
            }
            status = Status.FAIL;
            problems.add("Redis accepts unauthenticated clients (PING without a password answered " + reply + ")");
        } catch (RedisError e) {
            String m = e.getMessage();
            if (m.startsWith("NOAUTH")) {
                facts.add("Redis refuses unauthenticated clients (PING without a password: NOAUTH)");
            } else if (m.startsWith("DENIED")) {
                status = Status.FAIL;
                problems.add("Redis has no password: only protected mode turned this remote client away (DENIED), and any"
                        + " client on its own host gets in");
            } else {
                status = Status.ERROR;
                problems.add("PING without a password was answered with " + m + ", neither PONG nor NOAUTH");
            }
        }
        if (!target.hasPassword()) {
            status = Status.combine(status, Status.FAIL);
            problems.add("the Redis URL carries no password (" + target + ")");
        } else if (conn != null && conn.passwordUnused()) {
            facts.add("the Redis URL carries a password, but Redis has none configured and ignores it");
        } else {
            facts.add("the Redis URL carries a password that Redis accepts");
        }
        List<String> all = new ArrayList<>(problems);
        all.addAll(facts);
        return Finding.of(status, String.join("; ", all));
    }

    /**
     * The server could not be asked, but a URL without a password is a definite FAIL on its own (the app connects
     * without authenticating); the live part is named as undecided, with the reason.
     */
    static Finding urlWithoutPassword(RedisTarget target, ProbeFailure failure) {
        return Finding.of(Status.FAIL, "the Redis URL carries no password (" + target + "); live part undecided:"
                + " whether Redis refuses unauthenticated clients is unknown (" + failure.getMessage() + ")");
    }

    // ---- persistence ----

    static Finding persistence(RedisSession.Lease c) throws ProbeFailure {
        Info info;
        try {
            info = info(c, "persistence");
        } catch (RedisError e) {
            return unavailable(e, "INFO persistence");
        }
        Config save = config(c, "save");
        Config appendonly = config(c, "appendonly");
        Boolean rdbOn = save.known() ? !save.value().isBlank() : null;
        boolean aofOn = appendonly.known() ? "yes".equalsIgnoreCase(appendonly.value())
                : info.get("aof_enabled").map("1"::equals).orElse(false);
        boolean aofKnown = appendonly.known() || info.get("aof_enabled").isPresent();

        List<String> problems = new ArrayList<>();
        String bgsave = info.get("rdb_last_bgsave_status").orElse(null);
        if (bgsave != null && !bgsave.equals("ok")) {
            problems.add("the last RDB save failed (rdb_last_bgsave_status:" + bgsave + "); with stop-writes-on-bgsave-error"
                    + " Redis refuses writes, so BullMQ cannot add or move jobs");
        }
        String aofWrite = info.get("aof_last_write_status").orElse(null);
        if (aofOn && aofWrite != null && !aofWrite.equals("ok")) {
            problems.add("the last AOF write failed (aof_last_write_status:" + aofWrite + ")");
        }
        String rdbText = rdbOn == null ? "RDB save schedule not visible" : rdbOn ? "RDB snapshots on (save " + save.value() + ")"
                : "RDB snapshots off (save \"\")";
        String aofText = !aofKnown ? "AOF not visible"
                : appendonly.known() ? (aofOn ? "AOF on (appendonly yes)" : "AOF off (appendonly no)")
                : aofOn ? "AOF on (INFO aof_enabled:1)" : "AOF off (INFO aof_enabled:0)";
        String source = appendonly.known() ? "" : "; " + appendonly.unavailable();
        String facts = rdbText + ", " + aofText + source;
        if (!problems.isEmpty()) {
            return Finding.of(Status.FAIL, String.join("; ", problems) + "; " + facts);
        }
        if (Boolean.TRUE.equals(rdbOn) || aofOn) {
            return Finding.of(Status.PASS, "persistence: " + facts);
        }
        if (Boolean.FALSE.equals(rdbOn) && aofKnown) {
            return Finding.of(Status.FAIL, "neither RDB snapshots nor AOF is enabled (save \"\", appendonly no): a restart"
                    + " loses every queued and delayed job");
        }
        return Finding.of(Status.SKIP, "cannot tell whether RDB snapshots are on: " + save.unavailable()
                + ", and INFO does not show the save schedule; " + aofText);
    }

    // ---- backup ----

    static Finding backup(RedisSession.Lease c, Duration maxAge, String maxAgeText) throws ProbeFailure {
        Info persistence;
        Info server;
        try {
            persistence = info(c, "persistence");
            server = info(c, "server");
        } catch (RedisError e) {
            return unavailable(e, "INFO");
        }
        long lastSave;
        try {
            Object reply = c.call("LASTSAVE");
            lastSave = reply instanceof Long l ? l : Long.parseLong(RedisSession.text(reply));
        } catch (RedisError | NumberFormatException e) {
            OptionalLong fromInfo = persistence.number("rdb_last_save_time");
            if (fromInfo.isEmpty()) {
                return Finding.of(Status.SKIP, "the time of the last RDB save is not visible (LASTSAVE: "
                        + e.getMessage() + ", and INFO has no rdb_last_save_time)");
            }
            lastSave = fromInfo.getAsLong();
        }
        // The server's clock, when INFO gives it, so that a skewed clock on the audit's host does not age the save.
        long now = server.number("server_time_usec").stream().map(us -> us / 1_000_000).findFirst()
                .orElse(System.currentTimeMillis() / 1000);
        long age = Math.max(0, now - lastSave);
        String status = persistence.get("rdb_last_bgsave_status").orElse("ok");
        if (!status.equals("ok")) {
            return Finding.of(Status.FAIL, "the last RDB save failed (rdb_last_bgsave_status:" + status
                    + "); the newest good snapshot is from " + Wording.age(age) + " ago");
        }
        if (age > maxAge.toSeconds()) {
            return Finding.of(Status.FAIL, "the last RDB save is " + Wording.age(age) + " old, older than " + maxAgeText);
        }
        long saves = persistence.number("rdb_saves").orElse(-1);
        if (saves == 0) {
            // At start-up Redis sets LASTSAVE to the start time, as if it had saved: no snapshot has been taken since.
            String uptime = server.number("uptime_in_seconds").stream().mapToObj(Wording::age).findFirst().orElse("?");
            Config save = config(c, "save");
            String what = "no RDB snapshot taken since Redis started " + uptime + " ago (LASTSAVE is the start time)";
            if (save.known() && save.value().isBlank()) {
                return Finding.of(Status.FAIL, what + " and the save schedule is off (save \"\"): nothing writes a backup");
            }
            if (!save.known()) {
                return Finding.of(Status.SKIP, what + ", and the save schedule is not visible: " + save.unavailable());
            }
            return Finding.of(Status.PASS, what + "; snapshots are scheduled (save " + save.value() + ")");
        }
        return Finding.of(Status.PASS, "the last RDB save succeeded " + Wording.age(age) + " ago (within " + maxAgeText + ")");
    }

    // ---- memory ----

    static Finding memory(RedisSession.Lease c, String requiredPolicy) throws ProbeFailure {
        Config maxmemory = config(c, "maxmemory");
        Config policy = config(c, "maxmemory-policy");
        String source = "";
        String maxText = maxmemory.value();
        String policyText = policy.value();
        if (!maxmemory.known() || !policy.known()) {
            Info info;
            try {
                info = info(c, "memory");
            } catch (RedisError e) {
                return Finding.of(Status.SKIP, "maxmemory is not visible: " + maxmemory.unavailable() + ", and INFO memory: " + e.getMessage());
            }
            if (!maxmemory.known()) {
                maxText = info.get("maxmemory").orElse(null);
            }
            if (!policy.known()) {
                policyText = info.get("maxmemory_policy").orElse(null);
            }
            source = " (from INFO memory: " + (maxmemory.known() ? policy : maxmemory).unavailable() + ")";
            if (maxText == null || policyText == null) {
                return Finding.of(Status.SKIP, "the memory limit is not visible: " + (maxmemory.known() ? policy : maxmemory).unavailable()
                        + ", and INFO memory has no " + (maxText == null ? "maxmemory" : "maxmemory_policy") + " field");
            }
        }
        long bytes;
        try {
            bytes = Long.parseLong(maxText.strip());
        } catch (NumberFormatException e) {
            return Finding.of(Status.ERROR, "maxmemory is not a number of bytes: " + maxText);
        }
        List<String> problems = new ArrayList<>();
        if (bytes <= 0) {
            problems.add("maxmemory is 0 (no limit): Redis grows until the host runs out of memory and kills it");
        }
        if (!policyText.equals(requiredPolicy)) {
            if (requiredPolicy.equals("noeviction")) {
                problems.add("maxmemory-policy " + policyText + ": BullMQ requires noeviction: an evicting policy can silently drop jobs");
            } else {
                problems.add("maxmemory-policy " + policyText + ", expected " + requiredPolicy);
            }
        }
        String facts = "maxmemory " + (bytes <= 0 ? "0" : bytes + " bytes (" + Wording.configSize(bytes) + ")") + ", maxmemory-policy " + policyText + source;
        if (!problems.isEmpty()) {
            return Finding.of(Status.FAIL, String.join("; ", problems) + source);
        }
        return Finding.of(Status.PASS, facts);
    }

    // ---- workers ----

    static List<Finding> workers(RedisSession.Lease c, String prefix, List<String> queues) throws ProbeFailure {
        String list;
        try {
            list = c.text("CLIENT", "LIST");
        } catch (RedisError e) {
            if (e.unavailable()) {
                return List.of(Finding.of(Status.SKIP, "worker connections are not visible: CLIENT LIST is unavailable ("
                        + e.getMessage() + ")"));
            }
            return List.of(Finding.of(Status.ERROR, "CLIENT LIST was answered with " + e.getMessage()));
        }
        List<BullMq.Client> clients = BullMq.parseClientList(list);
        List<Finding> out = new ArrayList<>();
        for (String queue : queues) {
            List<Long> ages = new ArrayList<>();
            for (BullMq.Client client : clients) {
                if (BullMq.isWorker(client.name(), prefix, queue)) {
                    ages.add(client.ageSeconds());
                }
            }
            if (ages.isEmpty()) {
                String name = BullMq.clientName(prefix, queue);
                out.add(Finding.of(Status.FAIL, queue + ": no BullMQ worker connected (no client named " + name + " or "
                        + name + ":w:<worker>)"));
            } else {
                ages.sort(null);
                List<String> shown = ages.stream().limit(5).map(a -> a < 0 ? "?" : Wording.age(a)).toList();
                out.add(Finding.of(Status.PASS, queue + ": " + ages.size() + " worker" + (ages.size() == 1 ? "" : "s")
                        + " (connected " + String.join(", ", shown) + (ages.size() > shown.size() ? ", …" : "") + " ago)"));
            }
        }
        return out;
    }

    // ---- queues ----

    static List<Finding> queues(RedisSession.Lease c, String prefix, List<String> queues, Integer maxFailed) throws ProbeFailure {
        List<Finding> out = new ArrayList<>();
        for (String queue : queues) {
            try {
                out.add(queue(c, prefix, queue, maxFailed));
            } catch (RedisError e) {
                out.add(e.unavailable() ? unavailable(e, "the queue keys of " + queue)
                        : Finding.of(Status.ERROR, queue + ": " + e.getMessage()));
            }
        }
        return out;
    }

    private static Finding queue(RedisSession.Lease c, String prefix, String queue, Integer maxFailed) throws ProbeFailure, RedisError {
        long wait = count(c, BullMq.key(prefix, queue, "wait"));
        long pausedList = count(c, BullMq.key(prefix, queue, "paused"));
        long prioritized = count(c, BullMq.key(prefix, queue, "prioritized"));
        long active = count(c, BullMq.key(prefix, queue, "active"));
        long failed = count(c, BullMq.key(prefix, queue, "failed"));
        long delayed = count(c, BullMq.key(prefix, queue, "delayed"));
        long completed = count(c, BullMq.key(prefix, queue, "completed"));
        String meta = BullMq.key(prefix, queue, "meta");
        long others = longReply(c.call("EXISTS", meta, BullMq.key(prefix, queue, "id"), BullMq.key(prefix, queue, "events")));
        if (wait < 0 && pausedList < 0 && prioritized < 0 && active < 0 && failed < 0 && delayed < 0 && completed < 0 && others == 0) {
            String known = existingQueues(c, prefix);
            return Finding.of(Status.FAIL, queue + ": queue not found (no key " + prefix + ":" + queue + ":*)"
                    + (known.isEmpty() ? "" : "; queues under " + prefix + ": " + known));
        }
        long waiting = n(wait) + n(pausedList) + n(prioritized);
        String counts = queue + ": " + waiting + " waiting, " + n(active) + " active, " + n(failed) + " failed, " + n(delayed)
                + " delayed, " + n(completed) + " completed";
        List<String> problems = new ArrayList<>();
        String paused = others > 0 ? RedisSession.text(c.call("HGET", meta, "paused")) : null;
        if (paused != null && !paused.isEmpty() && !paused.equals("0")) {
            problems.add("queue is paused (" + meta + " paused=" + paused + "): workers take no jobs from it");
        }
        if (maxFailed != null && n(failed) > maxFailed) {
            problems.add(n(failed) + " failed jobs, more than maxFailed " + maxFailed);
        }
        if (!problems.isEmpty()) {
            return Finding.of(Status.FAIL, queue + ": " + String.join("; ", problems) + " (" + counts.substring(queue.length() + 2) + ")");
        }
        return Finding.of(Status.PASS, counts);
    }

    private static long n(long count) {
        return Math.max(0, count);
    }

    /** The size of a key by its type; -1 when it does not exist. */
    private static long count(RedisSession.Lease c, String key) throws ProbeFailure, RedisError {
        String type = c.text("TYPE", key);
        return switch (type == null ? "none" : type) {
            case "list" -> longReply(c.call("LLEN", key));
            case "zset" -> longReply(c.call("ZCARD", key));
            case "set" -> longReply(c.call("SCARD", key));
            case "hash" -> longReply(c.call("HLEN", key));
            case "none" -> -1;
            default -> 0;
        };
    }

    /** Names of the queues that do exist under the prefix (their :meta keys), from a bounded SCAN. */
    private static String existingQueues(RedisSession.Lease c, String prefix) throws ProbeFailure, RedisError {
        Set<String> names = new TreeSet<>();
        String pattern = BullMq.globEscape(prefix + ":") + "*:meta";
        String cursor = "0";
        for (int i = 0; i < MAX_SCAN_CALLS; i++) {
            Object reply = c.call("SCAN", cursor, "MATCH", pattern, "COUNT", Integer.toString(SCAN_COUNT));
            if (!(reply instanceof List<?> parts) || parts.size() != 2) {
                break;
            }
            cursor = RedisSession.text(parts.get(0));
            if (parts.get(1) instanceof List<?> keys) {
                for (Object k : keys) {
                    String key = RedisSession.text(k);
                    String middle = key.substring(prefix.length() + 1, key.length() - ":meta".length());
                    if (!middle.isEmpty() && !middle.contains(":")) {
                        names.add(middle);
                    }
                }
            }
            if ("0".equals(cursor)) {
                break;
            }
        }
        List<String> shown = names.stream().limit(10).toList();
        return String.join(", ", shown) + (names.size() > shown.size() ? ", …" : "");
    }

    // ---- helpers ----

    /** CONFIG GET one parameter: its value, or why it cannot be read. */
    record Config(String value, String unavailable) {
        boolean known() {
            return unavailable == null;
        }
    }

    static Config config(RedisSession.Lease c, String parameter) throws ProbeFailure {
        try {
            Object reply = c.call("CONFIG", "GET", parameter);
            if (reply instanceof List<?> pair && pair.size() >= 2) {
                return new Config(RedisSession.text(pair.get(1)), null);
            }
            return new Config(null, "CONFIG GET " + parameter + " returned nothing");
        } catch (RedisError e) {
            // "ERR unknown command 'CONFIG', with args beginning with: 'GET' 'save'": the first part says it all.
            String m = e.getMessage();
            int args = m.indexOf(", with args");
            return new Config(null, CONFIG_HINT + " (" + (args > 0 ? m.substring(0, args) : m) + ")");
        }
    }

    static Info info(RedisSession.Lease c, String section) throws ProbeFailure, RedisError {
        return Info.parse(c.text("INFO", section));
    }

    private static Finding unavailable(RedisError e, String what) {
        return e.unavailable() ? Finding.of(Status.SKIP, what + " is not visible: " + e.getMessage())
                : Finding.of(Status.ERROR, what + " was answered with " + e.getMessage());
    }

    private static long longReply(Object reply) {
        if (reply instanceof Long l) {
            return l;
        }
        try {
            return Long.parseLong(RedisSession.text(reply));
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }
}
