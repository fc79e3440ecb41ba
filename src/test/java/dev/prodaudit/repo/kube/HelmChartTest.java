package dev.prodaudit.repo.kube;

import static dev.prodaudit.repo.kube.KubernetesManifestsTest.FIXTURES;
import static dev.prodaudit.repo.kube.KubernetesManifestsTest.discover;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Setting;
import dev.prodaudit.repo.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Helm charts as {@code helm create} writes them, rendered without a helm binary: the false FAIL (a
 * distroless :nonroot API whose chart sets runAsNonRoot, limits and probes through values) becomes all good, and
 * what the evaluator cannot evaluate is undecided with its template line, never guessed.
 */
final class HelmChartTest {

    private static final String TEMPLATE = "deploy/charts/api/templates/deployment.yaml";

    private static Workload only(String fixture) {
        List<Workload> found = discover(FIXTURES.resolve("helm").resolve(fixture));
        assertEquals(1, found.size(), () -> "one workload (the Deployment; the test hook Pod is not one): " + found);
        return found.get(0);
    }

    @Test
    void aDistrolessNonrootChartThatSetsEverythingThroughValuesIsAllStatedAndGood() {
        Workload api = only("good");

        assertEquals("Deployment/release-name-api", api.name(), "include \"api.fullname\" evaluated from _helpers.tpl");
        assertEquals(Workload.Kind.HELM, api.kind());
        assertEquals(Location.of(TEMPLATE, 2), api.at());
        assertEquals("registry.example.com/app/api:1.4.2", api.image(), "tag | default .Chart.AppVersion");
        assertEquals(List.of("api"), api.containers());
        assertEquals(new Setting.Stated<>(true, Location.of(TEMPLATE, 33)), api.nonRoot(),
                "runAsNonRoot from podSecurityContext, at the toYaml line of the template");
        assertEquals(new Setting.Stated<>("65532", Location.of(TEMPLATE, 33)), api.user());
        assertEquals(new Setting.Stated<>(new Workload.Limits("500m", "512Mi"), Location.of(TEMPLATE, 59)), api.limits());
        Setting.Stated<?> health = assertInstanceOf(Setting.Stated.class, api.health());
        assertEquals(new Workload.Health(true, true, "livenessProbe httpGet /healthz, readinessProbe httpGet /readyz"),
                health.value());
        assertEquals(Location.of(TEMPLATE, 53), health.at());
        assertInstanceOf(Setting.Defaulted.class, api.logRotation(), "the kubelet rotates stdout logs");
        assertTrue(!api.thirdParty());
    }

    @Test
    void aChartWhoseValuesDisableTheProbesHasNone() {
        Workload api = only("probes-disabled");

        assertEquals(Setting.missing(Location.of(TEMPLATE, 36)), api.health(), "the container's name: line");
        assertInstanceOf(Setting.Stated.class, api.limits());
    }

    @Test
    void anUnsupportedConstructMakesWhatItTouchesUndecidedWithItsTemplateLine() {
        Workload api = only("unsupported");

        assertEquals(Setting.undecided("helm template: the function 'tpl' at " + TEMPLATE + ":59 not evaluated",
                Location.of(TEMPLATE, 58)), api.limits());
        assertEquals(new Setting.Stated<>(true, Location.of(TEMPLATE, 33)), api.nonRoot(), "the rest is still judged");
        assertInstanceOf(Setting.Stated.class, api.health());
    }
}
