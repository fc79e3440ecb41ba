package dev.prodaudit.probe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.Targets;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.ProbeSpec;
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
 * Every HTTP probe is bounded, and a hung server costs one timeout, not one per check: 20 checks of the HTTP probe
 * types against one server that accepts connections and never answers, run by the real engine 8 at a time. The
 * first wave waits and reports "timed out after N ms"; every check after it is told at once, without connecting.
 * (The wall-clock side of this claim is measured by bench/hung-targets.sh, not asserted here.)
 */
class BoundedTimeTest {
    @TempDir
    Path dir;

    private static Check check(int n, String type, ProbeSpec spec) {
        return ProbeKit.check("hung.c" + n).title("hung " + type + " " + n).type(type, spec).source("test:" + n).build();
    }

    @Test
    void twentyHttpChecksAgainstAHungServerCostOneTimeout() throws Exception {
        try (HttpTestSupport.HungServer hung = new HttpTestSupport.HungServer(); SharedClients clients = new SharedClients()) {
            String base = "http://127.0.0.1:" + hung.port();
            Targets targets = HttpTestSupport.targets(base, base, null);
            List<ProbeSpec> specs = List.of(
                    new HttpSpec(null, null, "/health", null, null, null, null),
                    new SecurityHeadersSpec(null, null, null, null),
                    new CorsSpec(null, null, null, null, null, null),
                    new HttpsRedirectSpec(null, null, null, hung.port()),
                    new SocketIoSpec(null, "https://127.0.0.1:" + hung.port(), null, hung.port()),
                    new PrometheusSpec(null, null, null),
                    new RateLimitSpec(null, null, null, null, null));
            List<String> types = List.of("http", "http-security-headers", "cors", "https-redirect", "socketio", "prometheus", "rate-limit");
            List<Check> checks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                checks.add(check(i, types.get(i % types.size()), specs.get(i % specs.size())));
            }
            // 2 s: the probes' own budget (1.8 s) then ends the first wave well before the engine's watchdog would.
            Runner runner = new Runner(ProbeRegistry.load(), 8, Duration.ofSeconds(2), Redactor.none());
            List<Result> results = runner.run(checks, budget -> new ProbeContext(Env.empty(), dir, targets, budget, clients), r -> { });

            assertEquals(20, results.size());
            for (Result r : results) {
                assertEquals(Status.ERROR, r.status(), r.check().id() + ": " + r.evidence());
                // The probe's own budget ended it (the watchdog would say "timed out after 2000 ms").
                TimedOut.withinBudget(r.evidence(), 1800);
            }
            // The first eight ran into the hung server; the rest were told at once that it hung, and did not connect.
            long told = results.stream().filter(r -> r.evidence().contains("did not answer an earlier check")).count();
            assertTrue(told >= 12, told + " checks were short-circuited");
            assertTrue(hung.accepted() <= 8, hung.accepted() + " connections: at most one per check of the first wave");
        }
    }
}
