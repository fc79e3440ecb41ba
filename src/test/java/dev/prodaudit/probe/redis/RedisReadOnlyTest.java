package dev.prodaudit.probe.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Deployment;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.RedisServerProcess;
import dev.prodaudit.testing.RedisServerProcess.Queue;
import dev.prodaudit.testing.ProbeKit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The audit only reads: during a full run of every redis check (through the real engine, 8 at a time), a real
 * redis-server records every command it receives, with MONITOR and, for the admin commands MONITOR never shows
 * (CONFIG, CLIENT LIST), with INFO commandstats; every one is on the read-only allow-list, and none writes. The
 * Redis password appears in no evidence and no finding, also when the probe reports an error.
 */
class RedisReadOnlyTest {
    private static final String PASSWORD = "ReadOnly-test-pass-0e51";
    /** What a write, a blocking scan or a reconfiguration looks like; none may ever be sent. */
    private static final Set<String> NEVER = Set.of("SET", "DEL", "UNLINK", "EXPIRE", "FLUSHALL", "FLUSHDB", "KEYS", "CONFIG SET",
            "CONFIG REWRITE", "CONFIG RESETSTAT", "HSET", "HDEL", "LPUSH", "RPUSH", "ZADD", "ZREM", "SAVE", "BGSAVE",
            "BGREWRITEAOF", "SHUTDOWN", "CLIENT KILL", "CLIENT SETINFO", "DEBUG", "EVAL", "EVALSHA", "FUNCTION", "SCRIPT",
            "MULTI", "XADD", "PUBLISH", "MIGRATE", "RESTORE", "SWAPDB", "MOVE", "RENAME");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRedisServer() {
        RedisServerProcess.assumeAvailable();
    }

    private static Check check(String id, RedisSpec spec) {
        return ProbeKit.check("redis." + id).title("redis " + id).spec(spec).source("test:" + id).build();
    }

    /** The six checks one by one, then all of them in one probe, on two queues, one missing (so SCAN runs). */
    private static List<Check> allChecks() {
        List<Check> checks = new ArrayList<>();
        List<String> queues = List.of("notion-sync", "missing-queue");
        for (String kind : RedisSpec.ALL_CHECKS) {
            checks.add(check(kind, new RedisSpec(List.of(kind), queues, null, null, null, 10)));
        }
        checks.add(check("everything", new RedisSpec(RedisSpec.ALL_CHECKS, queues, null, null, null, 10)));
        return checks;
    }

    private List<Result> audit(String url) {
        try (SharedClients clients = new SharedClients()) {
            // No redactor: what is asserted is what the probe itself writes.
            Runner runner = new Runner(ProbeRegistry.load(), 8, Duration.ofSeconds(5), Redactor.none());
            return runner.run(allChecks(),
                    // Deployed an hour ago, so the deploy-state checks decide (PASS or FAIL) rather than WARN.
                    budget -> new ProbeContext(Env.of(List.of(), Map.of("RAG_CACHE_TTL", "3600"), Set.of(), List.of()), dir,
                            RedisTestSupport.targets(url), budget, clients, ProbeContext.WHOLE_HISTORY,
                            new Deployment(Instant.now().minus(Duration.ofHours(1)), null)), r -> { });
        }
    }

    private static String key(List<String> argv) {
        String name = argv.get(0).toUpperCase(Locale.ROOT);
        return (name.equals("CONFIG") || name.equals("CLIENT")) && argv.size() > 1
                ? name + " " + argv.get(1).toUpperCase(Locale.ROOT) : name;
    }

    @Test
    void aFullAuditSendsOnlyAllowListedReadsAndNeverShowsThePassword() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.builder().password(PASSWORD).productionLike().start()) {
            // Everything the audit will look at exists before it starts, made through an admin connection.
            r.addQueue(Queue.named("notion-sync").waiting(3).active(1).failed(2).delayed(1).completed(4));
            try (Jedis admin = r.admin()) {
                admin.setex("rag:answer:fresh", 3600, "cached answer");
                admin.setex("rag:answer:stale", 60, "cached answer");
            }
            assertEquals("ok", r.bgsave());
            try (Jedis worker = r.bullWorker("notion-sync")) {
                Map<String, Long> before = r.commandStats();
                List<RedisServerProcess.Command> seen;
                List<Result> results;
                try (RedisServerProcess.Monitor monitor = r.monitor()) {
                    results = audit(r.url());
                    seen = monitor.stop();
                }
                Map<String, Long> called = r.commandsCalled(before);

                // The audit decided every check (a full run, not an early error).
                for (Result res : results) {
                    assertTrue(res.status() == Status.PASS || res.status() == Status.FAIL, res.check().id() + ": " + res.evidence());
                }

                // MONITOR: every command the server executed during the audit.
                assertFalse(seen.isEmpty(), "MONITOR recorded nothing");
                Set<String> names = new TreeSet<>();
                for (RedisServerProcess.Command c : seen) {
                    names.add(key(c.argv()));
                    assertEquals(java.util.Optional.empty(), ReadOnlyCommands.violation(c.argv()), c.raw());
                    assertFalse(NEVER.contains(key(c.argv())), c.raw());
                    assertFalse(c.raw().contains(PASSWORD), "MONITOR shows the password: " + c.raw());
                }
                assertTrue(names.containsAll(List.of("AUTH", "CLIENT SETNAME", "INFO", "LASTSAVE", "TYPE", "LLEN", "ZCARD",
                        "EXISTS", "HGET", "SCAN", "PTTL")), names.toString());
                assertTrue(seen.stream().anyMatch(c -> c.argv().equals(List.of("CLIENT", "SETNAME", "prodaudit"))), names.toString());

                // INFO commandstats: also the admin commands MONITOR does not show. The test itself adds MONITOR,
                // its marker PING and AUTH, and the INFO that reads the stats.
                assertTrue(called.containsKey("config|get"), called.toString());
                assertTrue(called.containsKey("client|list"), called.toString());
                for (String command : called.keySet()) {
                    if (command.equals("monitor")) {
                        continue;
                    }
                    assertTrue(ReadOnlyCommands.allowsName(command), command + " is not on the allow-list: " + called);
                    assertFalse(NEVER.contains(command.toUpperCase(Locale.ROOT).replace('|', ' ')), command);
                }

                // No evidence and no finding carries the password.
                assertNoPassword(results);
            }
            // Nor when the probe fails: a wrong password, and the right one against a server that needs none.
            assertNoPassword(audit(r.urlWithPassword(PASSWORD + "-wrong")));
        }
        try (RedisServerProcess open = RedisServerProcess.builder().start()) {
            assertNoPassword(audit(open.urlWithPassword(PASSWORD)));
        }
        assertNoPassword(audit("redis://:" + PASSWORD + "@127.0.0.1:" + RedisTestSupport.refusedPort()));
    }

    private static void assertNoPassword(List<Result> results) {
        for (Result res : results) {
            assertFalse(res.evidence().contains(PASSWORD), res.check().id() + ": " + res.evidence());
            for (Finding f : res.findings()) {
                assertFalse(f.message().contains(PASSWORD), res.check().id() + ": " + f.message());
            }
        }
    }
}
