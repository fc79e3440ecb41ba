package dev.prodaudit.probe.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hung Redis costs one timeout, not one per check: 20 redis checks (every kind) against a server that accepts
 * connections and never answers, run by the real engine 8 at a time with a 1 s timeout, finish within one timeout
 * plus a second, each ERROR "timed out after N ms". Needs no redis-server.
 */
class RedisBoundedTimeTest {
    @TempDir
    Path dir;

    private static Check check(int n, RedisSpec spec) {
        return new Check("hung.redis" + n, "hung redis " + n, "Section", null, Severity.HIGH, "why", "fix", List.of(),
                "redis", spec, null, null, true, "test:" + n);
    }

    @Test
    void twentyRedisChecksAgainstAHungServerFinishWithinOneTimeoutPlusASecond() throws Exception {
        try (RedisTestSupport.HungServer hung = new RedisTestSupport.HungServer(); SharedClients clients = new SharedClients()) {
            List<Check> checks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String kind = RedisSpec.ALL_CHECKS.get(i % RedisSpec.ALL_CHECKS.size());
                checks.add(check(i, new RedisSpec(List.of(kind), null, null, null, null, null)));
            }
            Runner runner = new Runner(ProbeRegistry.load(), 8, Duration.ofSeconds(1), Redactor.none());
            long t0 = System.nanoTime();
            List<Result> results = runner.run(checks,
                    budget -> new ProbeContext(Env.empty(), dir, RedisTestSupport.targets(hung.url()), budget, clients), r -> { });
            long ms = (System.nanoTime() - t0) / 1_000_000;

            assertTrue(ms < 2000, "20 hung checks took " + ms + " ms; one timeout (1000 ms) plus a second is the bound");
            assertEquals(20, results.size());
            for (Result r : results) {
                assertEquals(Status.ERROR, r.status(), r.check().id() + ": " + r.evidence());
                assertTrue(r.evidence().contains("timed out after"), r.check().id() + ": " + r.evidence());
                assertTrue(!r.evidence().contains("hung-secret-pw"), r.evidence());
            }
            long told = results.stream().filter(r -> r.evidence().contains("did not answer an earlier check")).count();
            assertTrue(told >= 12, told + " checks were short-circuited: " + results.stream().map(Result::evidence).toList());
        }
    }
}
