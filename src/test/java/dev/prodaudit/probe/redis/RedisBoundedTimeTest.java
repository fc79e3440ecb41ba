package dev.prodaudit.probe.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.testing.TimedOut;
import dev.prodaudit.testing.ProbeKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hung Redis costs one timeout, not one per check: 20 redis checks (every kind) against a server that accepts
 * connections and never answers, run by the real engine 8 at a time. The first wave waits out the probe's budget,
 * each ERROR "timed out after N ms"; every check after it is told at once, without connecting. Needs no redis-server.
 * (The wall-clock side of this claim is measured by bench/hung-targets.sh, not asserted here.)
 */
class RedisBoundedTimeTest {
    @TempDir
    Path dir;

    private static Check check(int n, RedisSpec spec) {
        return ProbeKit.check("hung.redis" + n).title("hung redis " + n).spec(spec).source("test:" + n).build();
    }

    @Test
    void twentyRedisChecksAgainstAHungServerCostOneTimeout() throws Exception {
        try (RedisTestSupport.HungServer hung = new RedisTestSupport.HungServer(); SharedClients clients = new SharedClients()) {
            List<Check> checks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String kind = RedisSpec.ALL_CHECKS.get(i % RedisSpec.ALL_CHECKS.size());
                checks.add(check(i, new RedisSpec(List.of(kind), null, null, null, null, null)));
            }
            // 2 s: the probe's own budget (1.8 s) then ends the first wave well before the engine's watchdog would.
            Runner runner = new Runner(ProbeRegistry.load(), 8, Duration.ofSeconds(2), Redactor.none());
            List<Result> results = runner.run(checks,
                    budget -> new ProbeContext(Env.empty(), dir, RedisTestSupport.targets(hung.url()), budget, clients), r -> { });

            assertEquals(20, results.size());
            for (Result r : results) {
                assertEquals(Status.ERROR, r.status(), r.check().id() + ": " + r.evidence());
                // The probe's own budget ended it (the watchdog would say "timed out after 2000 ms").
                TimedOut.withinBudget(r.evidence(), 1800);
                assertTrue(!r.evidence().contains("hung-secret-pw"), r.evidence());
            }
            long told = results.stream().filter(r -> r.evidence().contains("did not answer an earlier check")).count();
            assertTrue(told >= 12, told + " checks were short-circuited: " + results.stream().map(Result::evidence).toList());
            assertTrue(hung.accepted() <= 8, hung.accepted() + " connections: at most one per check of the first wave");
        }
    }
}
