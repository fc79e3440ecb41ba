package dev.prodaudit.probe.dependencies;

import dev.prodaudit.testing.NpmAdvisories;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dependencies probe against a local registry that replays the bulk advisory endpoint's documented answers
 * ({@code {"package": [{"id", "url", "title", "severity", "vulnerable_versions", "cwe", "cvss"}]}}).
 */
class DependenciesProbeTest {
    static final String MINIMIST_ADVISORIES = """
            {"minimist": [
              {"id": 1097678, "url": "https://github.com/advisories/GHSA-xvch-5gv4-984h",
               "title": "Prototype Pollution in minimist", "severity": "critical", "vulnerable_versions": ">=1.0.0 <1.2.6",
               "cwe": ["CWE-1321"],
               "cvss": {"score": 9.8, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}
            ]}
            """;

    @TempDir
    Path repo;
    private MockWebServer registry;

    @BeforeEach
    void start() throws IOException {
        registry = new MockWebServer();
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private Outcome run(Duration timeout) {
        Targets targets = new Targets(Map.of(TargetKind.NPM_REGISTRY, registry.url("/").toString()), List.of(), null, null);
        try (SharedClients clients = new SharedClients()) {
            return new DependenciesProbe().run(new DependenciesSpec(DependenciesSpec.REGISTRY),
                    new ProbeContext(Env.empty(), repo, targets, timeout, clients));
        }
    }

    private Outcome run() {
        return run(Duration.ofSeconds(10));
    }

    private void answer(int code, String body) {
        registry.enqueue(new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json")
                .body(body).build());
    }

    @Test
    void aHighAdvisoryInAProductionDependencyFailsWithTheAdvisoryAndWarnsOnTheModerateOne() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK);
        answer(200, NpmAdvisories.LODASH);
        Outcome outcome = run();
        assertEquals(Status.FAIL, outcome.status(), outcome.evidence());
        Finding high = outcome.findings().get(0);
        assertEquals("package-lock.json: lodash@4.17.15: high advisory 1106913 \"Prototype Pollution in lodash\" "
                + "https://github.com/advisories/GHSA-p6mc-m468-83gw", high.message());
        assertEquals("package-lock.json", high.file());
        assertTrue(outcome.findings().stream().anyMatch(f -> f.status() == Status.WARN
                && f.message().contains("1106918")), outcome.findings().toString());
        // The critical advisory for lodash < 4.17.12 does not apply to 4.17.15.
        assertFalse(outcome.findings().toString().contains("1094500"), outcome.findings().toString());

        RecordedRequest request = registry.takeRequest();
        assertEquals("POST", request.getMethod());
        assertEquals(BulkAdvisories.PATH, request.getTarget());
        String body = request.getBody().string(StandardCharsets.UTF_8);
        // Production packages only, each with its locked versions: typescript is a dev dependency.
        assertEquals("{\"express\":[\"4.21.2\"],\"qs\":[\"6.13.0\"],\"lodash\":[\"4.17.15\"]}", body);
    }

    /**
     * A plain http:// registry (a local mirror) is asked through the run's cleartext client, which never reads the trust
     * store or the CA file: a broken CA file (here, to show which client was taken) does not stop the audit.
     */
    @Test
    void aPlainHttpRegistryIsAskedWithoutTheTrustStore() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK);
        answer(200, NpmAdvisories.LODASH);
        Path notPem = Files.writeString(repo.resolve("not-a-ca.pem"), "hello\n");
        Targets targets = new Targets(Map.of(TargetKind.NPM_REGISTRY, registry.url("/").toString()), List.of(), null, notPem);
        try (SharedClients clients = new SharedClients()) {
            Outcome outcome = new DependenciesProbe().run(new DependenciesSpec(DependenciesSpec.REGISTRY),
                    new ProbeContext(Env.empty(), repo, targets, Duration.ofSeconds(10), clients));
            assertEquals(Status.FAIL, outcome.status(), outcome.evidence());
            assertTrue(outcome.evidence().contains("lodash@4.17.15: high advisory 1106913"), outcome.evidence());
        }
        assertEquals(1, registry.getRequestCount());
    }

    @Test
    void aTransitiveCriticalAdvisoryNamesTheTopLevelDependencyThatBringsItIn() throws Exception {
        Packages.write(repo.resolve("worker"), Packages.MINIMIST_MANIFEST, Packages.MINIMIST_LOCK);
        answer(200, MINIMIST_ADVISORIES);
        Outcome outcome = run();
        assertEquals(Status.FAIL, outcome.status(), outcome.evidence());
        assertEquals("worker/package-lock.json: minimist@1.2.5: critical advisory 1097678 \"Prototype Pollution in "
                + "minimist\" https://github.com/advisories/GHSA-xvch-5gv4-984h (via mkdirp)", outcome.evidence());
    }

    @Test
    void onlyModerateAdvisoriesWarn() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK.replace("4.17.15\"", "4.17.20\"")
                .replace("\"lodash\": \"4.17.15\"", "\"lodash\": \"4.17.20\""));
        Files.writeString(repo.resolve("package.json"), Packages.LODASH_MANIFEST.replace("4.17.15", "4.17.20"));
        answer(200, NpmAdvisories.LODASH);
        Outcome outcome = run();
        assertEquals(Status.WARN, outcome.status(), outcome.evidence());
        assertTrue(outcome.evidence().contains("moderate advisory 1106918"), outcome.evidence());
    }

    @Test
    void noApplicableAdvisoryPassesWithTheCountOfPackagesAudited() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK);
        answer(200, "{}");
        Outcome outcome = run();
        assertEquals(Status.PASS, outcome.status(), outcome.evidence());
        assertTrue(outcome.evidence().startsWith("package-lock.json (lockfileVersion 3) in sync; 3 production packages "
                + "audited by registry http://"), outcome.evidence());
    }

    @Test
    void aMissingLockFailsWithoutAskingTheRegistry() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, null);
        Outcome outcome = run();
        assertEquals(Status.FAIL, outcome.status());
        assertTrue(outcome.evidence().startsWith("package.json has no package-lock.json beside it"), outcome.evidence());
        assertEquals(0, registry.getRequestCount());
    }

    @Test
    void aLockOutOfSyncWithPackageJsonFailsEvenWhenTheRegistryCannotAnswer() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST.replace("\"lodash\": \"4.17.15\"", "\"lodash\": \"4.17.15\", \"helmet\": \"^8.0.0\"")
                .replace("\"^4.21.0\"", "\"^5.0.0\""), Packages.LODASH_LOCK);
        answer(503, "");
        Outcome outcome = run();
        assertEquals(Status.FAIL, outcome.status(), outcome.evidence());
        String drift = outcome.findings().get(0).message();
        assertTrue(drift.contains("express is ^5.0.0 in package.json but ^4.21.0 in the lock"), drift);
        assertTrue(drift.contains("helmet ^8.0.0 (dependencies) is not in the lock"), drift);
        assertTrue(outcome.evidence().contains("undecided"), outcome.evidence());
    }

    @Test
    void aLockedVersionOutsideItsRangeIsOutOfSync() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK.replace("\"version\": \"4.21.2\"", "\"version\": \"5.0.1\""));
        answer(200, "{}");
        Outcome outcome = run();
        assertEquals(Status.FAIL, outcome.status(), outcome.evidence());
        assertTrue(outcome.evidence().contains("express ^4.21.0 is locked at 5.0.1, outside the range"), outcome.evidence());
    }

    @Test
    void aVersion1LockIsAnErrorSayingToRegenerateIt() throws Exception {
        Packages.write(repo, Packages.MINIMIST_MANIFEST, """
                {"name": "worker", "version": "1.0.0", "lockfileVersion": 1, "requires": true,
                 "dependencies": {"mkdirp": {"version": "0.5.5"}}}
                """);
        Outcome outcome = run();
        assertEquals(Status.ERROR, outcome.status());
        assertEquals("package-lock.json is lockfileVersion 1 (npm 6); regenerate it with npm 7 or later "
                + "(npm install --package-lock-only)", outcome.evidence());
    }

    @Test
    void aRegistryThatWantsCredentialsIsAnError() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK);
        answer(401, "{\"error\":\"authentication required\"}");
        Outcome outcome = run();
        assertEquals(Status.ERROR, outcome.status());
        assertTrue(outcome.evidence().endsWith("answered 401: the registry needs credentials the audit does not send"),
                outcome.evidence());
    }

    @Test
    void aServerErrorIsAnError() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK);
        answer(502, "<html>Bad Gateway</html>");
        Outcome outcome = run();
        assertEquals(Status.ERROR, outcome.status());
        assertTrue(outcome.evidence().endsWith(BulkAdvisories.PATH + " answered 502"), outcome.evidence());
    }

    @Test
    void malformedJsonIsAnError() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK);
        answer(200, "{\"lodash\": [");
        Outcome outcome = run();
        assertEquals(Status.ERROR, outcome.status());
        assertTrue(outcome.evidence().endsWith("answered malformed JSON"), outcome.evidence());
    }

    @Test
    void anAnswerThatIsNotAdvisoriesByPackageIsAnError() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK);
        answer(200, "{\"lodash\": \"none\"}");
        Outcome outcome = run();
        assertEquals(Status.ERROR, outcome.status());
        assertTrue(outcome.evidence().endsWith("the registry's answer for lodash is not a list of advisories"), outcome.evidence());
    }

    @Test
    void aSlowRegistryTimesOutWithinTheChecksBudget() throws Exception {
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK);
        registry.enqueue(new MockResponse.Builder().code(200).body("{}").headersDelay(30, TimeUnit.SECONDS).build());
        Outcome outcome = run(Duration.ofMillis(800));
        assertEquals(Status.ERROR, outcome.status());
        assertTrue(outcome.evidence().contains("timed out after"), outcome.evidence());
    }

    @Test
    void theImagesPackagesAreAuditedNotEveryPackageJson() throws Exception {
        Packages.write(repo.resolve("api"), Packages.LODASH_MANIFEST, Packages.LODASH_LOCK);
        Files.writeString(repo.resolve("api/Dockerfile"), "FROM node:20-alpine\nUSER node\nCMD [\"node\", \"server.js\"]\n");
        // A tooling package nobody ships, without a lock: not an application package.
        Packages.write(repo.resolve("tools/codegen"), "{\"name\": \"codegen\", \"dependencies\": {\"ejs\": \"^3.1.0\"}}", null);
        answer(200, "{}");
        Outcome outcome = run();
        assertEquals(Status.PASS, outcome.status(), outcome.evidence());
        assertTrue(outcome.evidence().startsWith("api/package-lock.json"), outcome.evidence());
    }

    @Test
    void anUnreachableRegistryIsAnErrorAndLeavesNoThreadWaitingInNativeCode() throws Exception {
        // HotSpot waits up to 300 ms at exit for threads still in native code: the JDK's HttpClient, used here
        // before, left its selector thread in epoll_wait, which cost every audit with this check a third of a second.
        Packages.write(repo, Packages.LODASH_MANIFEST, Packages.LODASH_LOCK);
        registry.close();
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Outcome outcome = run();
        assertEquals(Status.ERROR, outcome.status());
        assertTrue(outcome.evidence().contains("unreachable"), outcome.evidence());
        // Parked, waiting and sleeping threads are native methods too, but blocked in the VM: the exit does not wait.
        Set<String> blockedInTheVm = Set.of("park", "wait", "wait0", "sleep", "sleep0");
        List<String> inNative = Thread.getAllStackTraces().entrySet().stream()
                .filter(t -> !before.contains(t.getKey()) && t.getValue().length > 0 && t.getValue()[0].isNativeMethod()
                        && !blockedInTheVm.contains(t.getValue()[0].getMethodName()))
                .map(t -> t.getKey().getName() + " in " + t.getValue()[0]).toList();
        assertEquals(List.of(), inNative);
    }
}
