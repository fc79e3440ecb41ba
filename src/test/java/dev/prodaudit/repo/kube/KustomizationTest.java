package dev.prodaudit.repo.kube;

import static dev.prodaudit.repo.kube.KubernetesManifestsTest.FIXTURES;
import static dev.prodaudit.repo.kube.KubernetesManifestsTest.byName;
import static dev.prodaudit.repo.kube.KubernetesManifestsTest.discover;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Setting;
import dev.prodaudit.repo.Workload;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A base without limits and three overlays: each overlay's build is judged, the base alone is not. */
final class KustomizationTest {

    private final Map<String, Workload> found = byName(discover(FIXTURES.resolve("kustomize")));

    @Test
    void eachOverlayIsJudgedAndTheBaseOnlyThroughThem() {
        assertEquals(Set.of("Deployment/prod-api (deploy/overlays/production)", "Deployment/api (deploy/overlays/staging)",
                "Deployment/api (deploy/overlays/canary)"), found.keySet());
    }

    @Test
    void anOverlayThatPatchesLimitsInHasThemAtThePatchLine() {
        Workload prod = found.get("Deployment/prod-api (deploy/overlays/production)");

        assertEquals(Workload.Kind.KUSTOMIZE, prod.kind());
        assertEquals(Location.of("deploy/base/deployment.yaml", 2), prod.at());
        assertEquals(Setting.stated(new Workload.Limits("1", "1Gi"), Location.of("deploy/overlays/production/limits.yaml", 11)),
                prod.limits());
        assertEquals(Setting.stated(true, Location.of("deploy/base/deployment.yaml", 10)), prod.nonRoot(),
                "the base's securityContext survives the merge");
        assertEquals("registry.example.com/app/api:1.4.2", prod.image(), "images: newTag");
        assertEquals(true, ((Setting.Stated<Workload.Health>) prod.health()).value().readiness());
    }

    @Test
    void anOverlayWhosePatchLeavesLimitsOutFails() {
        assertEquals(Setting.missing(Location.of("deploy/base/deployment.yaml", 12)),
                found.get("Deployment/api (deploy/overlays/staging)").limits());
    }

    @Test
    void aJson6902PatchIsNotEvaluatedSoWhatItTargetsIsUndecided() {
        Workload canary = found.get("Deployment/api (deploy/overlays/canary)");

        assertEquals(Setting.undecided("kustomize: a JSON 6902 patch at deploy/overlays/canary/kustomization.yaml:9 not"
                + " evaluated", Location.of("deploy/base/deployment.yaml", 2)), canary.limits());
    }
}
