package dev.prodaudit.probe.all;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.Targets;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.input.InputException;
import dev.prodaudit.probe.Deployment;
import dev.prodaudit.probe.Fact;
import dev.prodaudit.probe.Offline;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --offline}: checks and composite parts that need a live service are SKIP "live part not run (--offline)";
 * the static parts decide what they can, and a check decided by its static parts alone says which parts were left out.
 * The live targets point at a closed port: run online, those parts would be ERROR.
 */
class OfflineCompositeTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());

    private static Check check(String id, String probe) throws InputException {
        return LOADER.parseFile("t.yaml", """
                section: T
                checks:
                  - id: %s
                    title: T
                    severity: high
                    rationale: r
                    remediation: f
                    probe:
                """.formatted(id) + probe.indent(6)).get(0);
    }

    private static List<Result> run(List<Check> checks, Path repo, boolean offline) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String envText = "NODE_ENV=production\nREDIS_URL=redis://default:Vq7rN2xLp9sK4mWz@127.0.0.1:" + closed + "\n";
        Env env = Env.of(List.of(EnvFile.parse(Path.of(".env.production"), envText)), Map.of(), Set.of(), List.of());
        Targets targets = dev.prodaudit.config.TargetResolver.resolve(dev.prodaudit.config.AuditConfig.defaults().targets(), env, Map.of(), repo, null);
        try (SharedClients clients = new SharedClients()) {
            return new Runner(ProbeRegistry.load(), 2, Duration.ofSeconds(5), Redactor.none()).run(checks,
                    budget -> new ProbeContext(env, repo, targets, budget, clients, 0, Deployment.UNKNOWN, offline),
                    r -> { });
        }
    }

    private static final String ALL = """
            type: all
            probes:
              - {type: file, paths: [Dockerfile], contains: 'USER node'}
              - {type: redis, checks: [auth]}
            """;

    @Test
    void anAllWhoseStaticPartFailsStillFailsOfflineAndSaysTheLivePartWasNotRun(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("Dockerfile"), "FROM node\n");
        Result r = run(List.of(check("t.all", ALL)), repo, true).get(0);
        assertEquals(Status.FAIL, r.status());
        assertEquals("Dockerfile does not contain /USER node/; " + Offline.NOT_RUN + ": redis", r.evidence());
        assertEquals(List.of(new Fact.NotRunOffline(List.of("redis"))), r.facts(Fact.NotRunOffline.class));
    }

    @Test
    void anAllWhoseStaticPartPassesIsNoBarePassOffline(@TempDir Path repo) throws Exception {
        Files.writeString(repo.resolve("Dockerfile"), "FROM node\nUSER node\n");
        Result offline = run(List.of(check("t.all", ALL)), repo, true).get(0);
        assertEquals(Status.PASS, offline.status());
        assertTrue(offline.evidence().endsWith("; " + Offline.NOT_RUN + ": redis"), offline.evidence());
        assertTrue(offline.findings().stream().anyMatch(f -> f.status() == Status.SKIP
                && f.message().equals("redis part: " + Offline.NOT_RUN)), offline.findings().toString());
        // Online the same check reaches the closed port: the live part is ERROR, as offline it must never be.
        assertEquals(Status.ERROR, run(List.of(check("t.all", ALL)), repo, false).get(0).status());
    }

    @Test
    void aLiveOnlyCheckIsSkippedOfflineNotErrored(@TempDir Path repo) throws Exception {
        Result r = run(List.of(check("t.redis", "{type: redis, checks: [auth]}")), repo, true).get(0);
        assertEquals(Status.SKIP, r.status());
        assertEquals(Offline.NOT_RUN, r.evidence());
        assertTrue(!r.status().gates(false));
    }

    @Test
    void anAnyWhoseStaticAlternativeFailsIsUndecidedOfflineSinceTheLiveOneMightHold(@TempDir Path repo) throws Exception {
        Check any = check("t.any", """
                type: any
                probes:
                  - {type: file, paths: [Dockerfile], contains: 'USER node'}
                  - {type: redis, checks: [auth]}
                """);
        Files.writeString(repo.resolve("Dockerfile"), "FROM node\n");
        Result undecided = run(List.of(any), repo, true).get(0);
        assertEquals(Status.SKIP, undecided.status());
        assertEquals(Offline.NOT_RUN + ": redis; file part did not hold: Dockerfile does not contain /USER node/",
                undecided.evidence());
        assertTrue(undecided.findings().stream().noneMatch(f -> f.status() == Status.FAIL), undecided.findings().toString());

        Files.writeString(repo.resolve("Dockerfile"), "FROM node\nUSER node\n");
        Result held = run(List.of(any), repo, true).get(0);
        assertEquals(Status.PASS, held.status());
        assertTrue(held.facts().isEmpty(), "one alternative that holds decides the item whole: " + held.facts());
    }
}
