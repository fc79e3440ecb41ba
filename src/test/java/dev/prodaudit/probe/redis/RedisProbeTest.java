package dev.prodaudit.probe.redis;

import static dev.prodaudit.probe.redis.RedisTestSupport.run;
import static dev.prodaudit.probe.redis.RedisTestSupport.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.testing.RedisServerProcess;
import dev.prodaudit.testing.RedisServerProcess.Queue;
import dev.prodaudit.testing.TimedOut;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/**
 * Each check of {@code type: redis} against real redis-server processes configured to pass or fail it. Skipped, with
 * the reason, when redis-server is not installed.
 */
class RedisProbeTest {
    private static final String PASSWORD = "Redis-test-pass-7f3a9c";

    @BeforeAll
    static void needsRedisServer() {
        RedisServerProcess.assumeAvailable();
    }

    private static void assertStatus(Status expected, Outcome o) {
        assertEquals(expected, o.status(), o.evidence() + " " + o.findings());
    }

    private static void assertEvidence(Outcome o, String... parts) {
        for (String p : parts) {
            assertTrue(o.evidence().contains(p), "evidence lacks '" + p + "': " + o.evidence());
        }
    }

    private static String evidenceOf(Outcome o) {
        return o.evidence() + " " + o.findings().stream().map(Finding::message).toList();
    }

    @Nested
    class Auth {
        @Test
        void passesWhenAnUnauthenticatedPingGetsNoauthAndTheUrlCarriesThePassword() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().password(PASSWORD).start()) {
                Outcome o = run(r.url(), spec("auth"));
                assertStatus(Status.PASS, o);
                assertEvidence(o, "Redis refuses unauthenticated clients", "NOAUTH", "carries a password that Redis accepts");
                assertFalse(evidenceOf(o).contains(PASSWORD));
            }
        }

        @Test
        void failsWhenRedisHasNoPassword() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start()) {
                Outcome o = run(r.url(), spec("auth"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "Redis accepts unauthenticated clients", "the Redis URL carries no password");
            }
        }

        @Test
        void failsWhenTheUrlCarriesNoPasswordEvenIfRedisRequiresOne() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().password(PASSWORD).start()) {
                Outcome o = run(r.urlWithoutPassword(), spec("auth"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "the Redis URL carries no password", "Redis refuses unauthenticated clients");
            }
        }

        @Test
        void aPasswordRedisDoesNotNeedIsSaidSoAndStillFails() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start()) {
                Outcome o = run(r.urlWithPassword("unused-pass-123"), spec("auth"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "Redis accepts unauthenticated clients", "Redis has none configured");
            }
        }

        @Test
        void aWrongPasswordIsAnErrorOnOneLineWithoutThePassword() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().password(PASSWORD).start()) {
                for (String check : List.of("auth", "memory")) {
                    Outcome o = run(r.urlWithPassword("Wrong-pass-4411"), spec(check));
                    assertStatus(Status.ERROR, o);
                    assertEvidence(o, "refused the credentials", "WRONGPASS");
                    assertFalse(o.evidence().contains("Wrong-pass-4411"), o.evidence());
                    assertFalse(o.evidence().contains("\n"), o.evidence());
                }
            }
        }

        @Test
        void aMissingPasswordMakesTheOtherChecksErrorWithTheReason() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().password(PASSWORD).start()) {
                Outcome o = run(r.urlWithoutPassword(), spec("memory"));
                assertStatus(Status.ERROR, o);
                assertEvidence(o, "requires a password (NOAUTH)", "carries none");
            }
        }
    }

    @Nested
    class Persistence {
        @Test
        void passesWithRdbSnapshots() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().save("3600 1 300 100").start()) {
                Outcome o = run(r.url(), spec("persistence"));
                assertStatus(Status.PASS, o);
                assertEvidence(o, "RDB snapshots on (save 3600 1 300 100)", "AOF off");
            }
        }

        @Test
        void passesWithAofOnly() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().appendonly(true).start()) {
                Outcome o = run(r.url(), spec("persistence"));
                assertStatus(Status.PASS, o);
                assertEvidence(o, "RDB snapshots off", "AOF on (appendonly yes)");
            }
        }

        @Test
        void failsWithRdbAndAofOff() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().save("").appendonly(false).start()) {
                Outcome o = run(r.url(), spec("persistence"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "neither RDB snapshots nor AOF is enabled", "a restart loses every queued");
            }
        }

        @Test
        void failsWhenTheLastSaveFailed() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().save("3600 1").start()) {
                r.failNextSave();
                Outcome o = run(r.url(), spec("persistence"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "the last RDB save failed (rdb_last_bgsave_status:err)");
            }
        }

        @Test
        void readsAofFromInfoWhenConfigIsDisabled() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().appendonly(true).configDisabled().start()) {
                Outcome o = run(r.url(), spec("persistence"));
                assertStatus(Status.PASS, o);
                assertEvidence(o, "AOF on (INFO aof_enabled:1)", "CONFIG is unavailable (ERR unknown command 'CONFIG')");
            }
        }

        @Test
        void skipsWithTheReasonWhenConfigIsDisabledAndInfoCannotShowTheSaveSchedule() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().save("3600 1").configDisabled().start()) {
                Outcome o = run(r.url(), spec("persistence"));
                assertStatus(Status.SKIP, o);
                assertEvidence(o, "cannot tell whether RDB snapshots are on", "CONFIG is unavailable", "unknown command",
                        "INFO does not show the save schedule");
            }
        }

        @Test
        void aFailedSaveStillFailsWhenConfigIsDisabled() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().save("3600 1").configDisabled().start()) {
                r.failNextSave();
                Outcome o = run(r.url(), spec("persistence"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "rdb_last_bgsave_status:err");
            }
        }
    }

    @Nested
    class Backup {
        @Test
        void passesAfterARecentSuccessfulSave() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().save("3600 1").start()) {
                assertEquals("ok", r.bgsave());
                Outcome o = run(r.url(), spec("backup"));
                assertStatus(Status.PASS, o);
                assertEvidence(o, "the last RDB save succeeded", "ago (within 1d)");
            }
        }

        @Test
        void failsWhenTheLastSaveFailed() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().save("3600 1").start()) {
                assertEquals("ok", r.bgsave());
                r.failNextSave();
                Outcome o = run(r.url(), spec("backup"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "the last RDB save failed (rdb_last_bgsave_status:err)", "the newest good snapshot is from");
            }
        }

        @Test
        void failsWithTheAgeWhenTheLastSaveIsOlderThanMaxBackupAge() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().save("3600 1").start()) {
                assertEquals("ok", r.bgsave());
                Thread.sleep(2100);
                Outcome o = run(r.url(), RedisTestSupport.spec(List.of("backup"), null, null, "1s", null));
                assertStatus(Status.FAIL, o);
                assertTrue(o.evidence().matches("the last RDB save is [23]s old, older than 1s"), o.evidence());
            }
        }

        @Test
        void failsWhenNoSnapshotWasTakenAndNoneIsScheduled() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().save("").start()) {
                Outcome o = run(r.url(), spec("backup"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "no RDB snapshot taken since Redis started", "the save schedule is off");
            }
        }

        @Test
        void readsLastsaveWhenConfigIsDisabled() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().save("3600 1").configDisabled().start()) {
                assertEquals("ok", r.bgsave());
                Outcome o = run(r.url(), spec("backup"));
                assertStatus(Status.PASS, o);
                assertEvidence(o, "the last RDB save succeeded");
            }
        }
    }

    @Nested
    class Memory {
        @Test
        void passesWithALimitAndNoeviction() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().maxmemory("64mb").maxmemoryPolicy("noeviction").start()) {
                Outcome o = run(r.url(), spec("memory"));
                assertStatus(Status.PASS, o);
                assertEquals("maxmemory 67108864 bytes (64mb), maxmemory-policy noeviction", o.evidence());
            }
        }

        @Test
        void failsWithoutALimit() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().maxmemoryPolicy("noeviction").start()) {
                Outcome o = run(r.url(), spec("memory"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "maxmemory is 0 (no limit)");
            }
        }

        @Test
        void failsAnEvictingPolicyWithTheBullMqReason() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().maxmemory("64mb").maxmemoryPolicy("allkeys-lru").start()) {
                Outcome o = run(r.url(), spec("memory"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "maxmemory-policy allkeys-lru: BullMQ requires noeviction: an evicting policy can silently drop jobs");
            }
        }

        @Test
        void aConfiguredPolicyIsWhatIsRequired() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().maxmemory("64mb").maxmemoryPolicy("volatile-lru").start()) {
                assertStatus(Status.PASS, run(r.url(), RedisTestSupport.spec(List.of("memory"), null, "volatile-lru", null, null)));
                Outcome o = run(r.url(), RedisTestSupport.spec(List.of("memory"), null, "volatile-ttl", null, null));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "maxmemory-policy volatile-lru, expected volatile-ttl");
            }
        }

        @Test
        void readsInfoMemoryWhenConfigIsDisabled() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().maxmemory("64mb").maxmemoryPolicy("allkeys-lru").configDisabled().start()) {
                Outcome o = run(r.url(), spec("memory"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "BullMQ requires noeviction", "from INFO memory", "CONFIG is unavailable");
            }
            try (RedisServerProcess r = RedisServerProcess.builder().maxmemory("2mb").configDisabled().start()) {
                Outcome o = run(r.url(), spec("memory"));
                assertStatus(Status.PASS, o);
                assertEvidence(o, "maxmemory 2097152 bytes (2mb), maxmemory-policy noeviction (from INFO memory");
            }
        }
    }

    @Nested
    class Workers {
        @Test
        void failsWhenNoWorkerIsConnected() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start()) {
                r.addQueue(Queue.named("notion-sync").waiting(2));
                Outcome o = run(r.url(), spec("workers"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "notion-sync: no BullMQ worker connected", "bull:bm90aW9uLXN5bmM=");
            }
        }

        @Test
        void countsWorkersAsBullMqGetWorkersDoes() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().password(PASSWORD).start();
                 Jedis unnamed = r.bullWorker("notion-sync");
                 Jedis named = r.bullWorker("bull", "notion-sync", "sync-worker-1");
                 // not workers of notion-sync: QueueEvents, another queue, another prefix
                 Jedis events = connectionNamed(r, RedisServerProcess.bullClientName("bull", "notion-sync") + ":qe");
                 Jedis other = r.bullWorker("emails");
                 Jedis otherPrefix = r.bullWorker("rag", "notion-sync", null)) {
                Outcome o = run(r.url(), spec("workers"));
                assertStatus(Status.PASS, o);
                assertTrue(o.evidence().startsWith("notion-sync: 2 workers (connected "), o.evidence());
            }
        }

        @Test
        void reportsEachQueue() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis w = r.bullWorker("notion-sync")) {
                Outcome o = run(r.url(), RedisTestSupport.spec(List.of("workers"), List.of("notion-sync", "emails"), null, null, null));
                assertStatus(Status.FAIL, o);
                assertEquals(2, o.findings().size(), o.findings().toString());
                assertEquals(Status.PASS, o.findings().get(0).status());
                assertTrue(o.findings().get(0).message().startsWith("notion-sync: 1 worker (connected "), o.findings().toString());
                assertEquals(Status.FAIL, o.findings().get(1).status());
                assertTrue(o.findings().get(1).message().startsWith("emails: no BullMQ worker connected"), o.findings().toString());
            }
        }

        @Test
        void aWorkerThatLeftIsNoLongerCounted() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start()) {
                Jedis w = r.bullWorker("notion-sync");
                assertStatus(Status.PASS, run(r.url(), spec("workers")));
                w.close();
                Thread.sleep(100);
                assertStatus(Status.FAIL, run(r.url(), spec("workers")));
            }
        }

        private static Jedis connectionNamed(RedisServerProcess r, String name) {
            Jedis j = r.admin();
            j.clientSetname(name);
            return j;
        }
    }

    @Nested
    class Queues {
        @Test
        void passesWithTheCountsAsEvidence() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start()) {
                r.addQueue(Queue.named("notion-sync").waiting(3).active(1).failed(2).delayed(1).completed(4));
                Outcome o = run(r.url(), spec("queues"));
                assertStatus(Status.PASS, o);
                assertEquals("notion-sync: 3 waiting, 1 active, 2 failed, 1 delayed, 4 completed", o.evidence());
            }
        }

        @Test
        void failsAPausedQueue() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start()) {
                r.addQueue(Queue.named("notion-sync").waiting(5).paused(true));
                Outcome o = run(r.url(), spec("queues"));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "notion-sync: queue is paused (bull:notion-sync:meta paused=1)", "5 waiting");
            }
        }

        @Test
        void failsMoreFailedJobsThanMaxFailed() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start()) {
                r.addQueue(Queue.named("notion-sync").failed(3));
                assertStatus(Status.PASS, run(r.url(), RedisTestSupport.spec(List.of("queues"), null, null, null, 3)));
                Outcome o = run(r.url(), RedisTestSupport.spec(List.of("queues"), null, null, null, 2));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "notion-sync: 3 failed jobs, more than maxFailed 2");
            }
        }

        @Test
        void failsAMissingQueueAndNamesTheQueuesThatExist() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start()) {
                r.addQueue(Queue.named("emails").waiting(1));
                r.addQueue(Queue.named("embeddings"));
                Outcome o = run(r.url(), spec("queues"));
                assertStatus(Status.FAIL, o);
                assertEquals("notion-sync: queue not found (no key bull:notion-sync:*); queues under bull: emails, embeddings", o.evidence());
            }
        }

        @Test
        void anEmptyQueueThatExistsPasses() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start()) {
                r.addQueue(Queue.named("notion-sync"));
                Outcome o = run(r.url(), spec("queues"));
                assertStatus(Status.PASS, o);
                assertEquals("notion-sync: 0 waiting, 0 active, 0 failed, 0 delayed, 0 completed", o.evidence());
            }
        }

        @Test
        void honoursAnotherPrefix() throws Exception {
            try (RedisServerProcess r = RedisServerProcess.builder().start(); Jedis w = r.bullWorker("rag", "notion-sync", null)) {
                r.addQueue(Queue.named("notion-sync").prefix("rag").waiting(1));
                Outcome o = run(r.url(), new RedisSpec(List.of("queues", "workers"), null, "rag", null, null, null));
                assertStatus(Status.PASS, o);
                assertEvidence(o, "notion-sync: 1 waiting", "notion-sync: 1 worker");
            }
        }
    }

    @Nested
    class Errors {
        @Test
        void notConfigured() {
            Outcome o = run(null, spec("memory"));
            assertStatus(Status.ERROR, o);
            assertEquals("not configured: set REDIS_URL or targets.redis", o.evidence());
        }

        @Test
        void notARedisUrl() {
            Outcome o = run("http://user:Http-pass-998@cache.example.com", spec("memory"));
            assertStatus(Status.ERROR, o);
            assertEvidence(o, "must be a redis:// or rediss:// URL");
            assertFalse(o.evidence().contains("Http-pass-998"), o.evidence());
        }

        @Test
        void aRefusingPortIsAnErrorAtOnce() throws Exception {
            int port = RedisTestSupport.refusedPort();
            Outcome o = run("redis://:Refused-pass-1@127.0.0.1:" + port, spec("auth", "persistence", "memory"));
            assertStatus(Status.ERROR, o);
            // "connection refused", not "timed out": the refusal was reported as it came, not after the budget.
            assertEquals("connection refused by 127.0.0.1:" + port + " (redis://:[redacted]@127.0.0.1:" + port + ")", o.evidence());
        }

        @Test
        @Timeout(60) // a hang guard: a probe without its own budget would wait on the hung socket forever
        void aHungPortTimesOutWithinTheBudget() throws Exception {
            try (RedisTestSupport.HungServer hung = new RedisTestSupport.HungServer()) {
                Outcome o = run(hung.url(), spec("memory"), Duration.ofSeconds(1));
                assertStatus(Status.ERROR, o);
                assertTrue(o.evidence().startsWith("timed out after "), o.evidence());
                assertEvidence(o, "127.0.0.1:" + hung.port() + " did not answer AUTH");
                // The probe gave up on its own budget (900 ms), under the check's 1 s timeout.
                TimedOut.withinBudget(o.evidence(), 900);
            }
        }

        /** A URL without a password is a definite FAIL: a hung server leaves only the live part undecided. */
        @Test
        void anUnauthenticatedPingToAHungPortTimesOutButTheMissingPasswordStillFails() throws Exception {
            try (RedisTestSupport.HungServer hung = new RedisTestSupport.HungServer()) {
                Outcome o = run("redis://127.0.0.1:" + hung.port(), spec("auth"), Duration.ofSeconds(1));
                assertStatus(Status.FAIL, o);
                assertEvidence(o, "the Redis URL carries no password", "live part undecided", "timed out after ", "did not answer PING");
            }
        }

        /** Issue 8: the same when the connection every other check needs is refused; those checks stay undecided. */
        @Test
        void aUrlWithoutPasswordFailsAlthoughTheServerRefusesTheConnection() throws Exception {
            int port = RedisTestSupport.refusedPort();
            Outcome o = run("redis://127.0.0.1:" + port, spec("auth", "persistence", "memory"));
            assertStatus(Status.FAIL, o);
            assertEvidence(o, "the Redis URL carries no password (redis://127.0.0.1:" + port + "); live part undecided",
                    "; undecided: connection refused by 127.0.0.1:" + port);
            assertEquals(List.of(Status.FAIL, Status.ERROR), o.findings().stream().map(Finding::status).toList());
            assertTrue(o.findings().get(1).message().startsWith("undecided: connection refused"), o.findings().toString());
        }
    }
}
