package dev.prodaudit.repo.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Setting;
import dev.prodaudit.repo.Workload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Plain Kubernetes manifests, Checkov style: for each rule a folder of passing and a folder of failing workloads,
 * and the exact set of workloads on each side.
 */
final class KubernetesManifestsTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/kube");

    static List<Workload> discover(Path repository) {
        try (Stream<Path> walk = Files.walk(repository)) {
            List<String> files = walk.filter(Files::isRegularFile)
                    .map(p -> repository.relativize(p).toString().replace('\\', '/')).sorted().toList();
            return KubernetesWorkloads.discover(repository, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Workload> byName(List<Workload> workloads) {
        return workloads.stream().collect(Collectors.toMap(Workload::name, w -> w));
    }

    static boolean runsAsNonRoot(Workload w) {
        return w.nonRoot().known().orElse(false);
    }

    static boolean hasLimits(Workload w) {
        return w.limits() instanceof Setting.Stated<Workload.Limits> s && s.value().complete();
    }

    static boolean hasProbes(Workload w) {
        return w.health() instanceof Setting.Stated<Workload.Health> s && s.value().liveness() && s.value().readiness();
    }

    static boolean rotatesLogs(Workload w) {
        return w.logRotation() instanceof Setting.Stated<?> || w.logRotation() instanceof Setting.Defaulted<?>;
    }

    private static void rule(String rule, Predicate<Workload> holds, Set<String> passing, Set<String> failing) {
        List<Workload> pass = discover(FIXTURES.resolve("rules").resolve(rule).resolve("pass"));
        List<Workload> fail = discover(FIXTURES.resolve("rules").resolve(rule).resolve("fail"));
        assertEquals(passing, names(pass.stream().filter(holds).toList()), rule + ": passing fixtures");
        assertEquals(passing, names(pass), rule + ": every workload of the passing folder passes");
        assertEquals(failing, names(fail.stream().filter(holds.negate()).toList()), rule + ": failing fixtures");
        assertEquals(failing, names(fail), rule + ": every workload of the failing folder fails");
    }

    private static Set<String> names(List<Workload> workloads) {
        return workloads.stream().map(Workload::name).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void nonRootIsRunAsNonRootOrAPositiveUidWithTheContainerOverridingThePod() {
        rule("non-root", KubernetesManifestsTest::runsAsNonRoot,
                Set.of("Deployment/pod-level", "StatefulSet/uid-1000", "Pod/container-overrides-pod"),
                Set.of("Deployment/no-security-context", "DaemonSet/uid-0", "Deployment/root-init-container"));
    }

    @Test
    void limitsNeedCpuAndMemoryOnEveryContainer() {
        rule("limits", KubernetesManifestsTest::hasLimits, Set.of("Deployment/api"),
                Set.of("Deployment/no-resources", "Deployment/memory-only", "Deployment/sidecar-without-limits"));
    }

    @Test
    void probesNeedLivenessAndReadiness() {
        rule("probes", KubernetesManifestsTest::hasProbes, Set.of("Deployment/api"),
                Set.of("Deployment/no-probes", "Deployment/liveness-only"));
    }

    @Test
    void logRotationIsTheKubeletsUnlessTheWorkloadWritesLogFilesToAVolume() {
        rule("log-rotation", KubernetesManifestsTest::rotatesLogs,
                Set.of("Deployment/stdout-logs", "Deployment/file-logs-with-rotator"),
                Set.of("Deployment/var-log-volume", "Deployment/log-file-env"));
    }

    @Test
    void findingsNameTheFileAndLineOfTheSettingAndTheContainer() {
        Map<String, Workload> fail = byName(discover(FIXTURES.resolve("rules/non-root/fail")));
        Workload uid0 = fail.get("DaemonSet/uid-0");
        assertEquals(Location.of("workloads.yaml", 13), uid0.at(), "the object's kind: line");
        assertEquals(new Setting.Stated<>(false, Location.of("workloads.yaml", 25)), uid0.nonRoot(), "runAsUser: 0 wins");
        assertEquals(new Setting.Stated<>("0", Location.of("workloads.yaml", 25)), uid0.user());
        Workload noContext = fail.get("Deployment/no-security-context");
        assertEquals(new Setting.Missing<Boolean>(Location.of("workloads.yaml", 9)), noContext.nonRoot(),
                "the container that sets nothing");
        Workload init = fail.get("Deployment/root-init-container");
        assertEquals(List.of("api", "migrate"), init.containers(), "init containers are judged for non-root");

        Map<String, Workload> limits = byName(discover(FIXTURES.resolve("rules/limits/fail")));
        assertEquals(Setting.missing(Location.of("deployments.yaml", 40)), limits.get("Deployment/sidecar-without-limits")
                .limits(), "the proxy's resources: line, not the api's");
        Map<String, Workload> logs = byName(discover(FIXTURES.resolve("rules/log-rotation/fail")));
        assertEquals(Setting.missing(Location.of("workloads.yaml", 13)), logs.get("Deployment/var-log-volume").logRotation());
        Setting<Workload.LogRotation> kubelet = byName(discover(FIXTURES.resolve("rules/log-rotation/pass")))
                .get("Deployment/stdout-logs").logRotation();
        Setting.Defaulted<Workload.LogRotation> defaulted = assertInstanceOf(Setting.Defaulted.class, kubelet);
        assertTrue(defaulted.reason().contains("kubelet rotates container logs"), defaulted.reason());
    }

    @Test
    void aCronJobAnywhereIsFoundByContentAndThirdPartyImagesAreMarked() {
        Map<String, Workload> found = byName(discover(FIXTURES.resolve("plain")));
        assertEquals(Set.of("CronJob/nightly-report", "StatefulSet/redis"), found.keySet(),
                "a ConfigMap, a YAML file without apiVersion and a broken file declare no workload");
        Workload cron = found.get("CronJob/nightly-report");
        assertEquals(Workload.Kind.KUBERNETES, cron.kind());
        assertEquals(new Setting.Stated<>(true, Location.of("app.yaml", 14)), cron.nonRoot());
        assertEquals(new Setting.Stated<>(new Workload.Limits("250m", "256Mi"), Location.of("app.yaml", 20)), cron.limits());
        assertInstanceOf(Setting.Missing.class, cron.health());
        assertTrue(!cron.thirdParty() && found.get("StatefulSet/redis").thirdParty());
    }
}
