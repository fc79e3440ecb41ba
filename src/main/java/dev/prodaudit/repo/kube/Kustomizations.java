package dev.prodaudit.repo.kube;

import dev.prodaudit.repo.Workload;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Kustomize overlays: see {@link KubernetesWorkloads}. */
final class Kustomizations {

    private Kustomizations() {
    }

    static List<Workload> workloads(Path repository, List<String> files, Set<String> consumed) {
        return List.of();
    }
}
