package dev.prodaudit.repo;

import dev.prodaudit.repo.compose.ComposeSource;
import dev.prodaudit.repo.docker.DockerfileSource;
import dev.prodaudit.repo.kube.KubernetesWorkloads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every workload the repository declares, found once per run by each {@link WorkloadSource}. */
public final class Workloads {
    private final List<Workload> all;

    private Workloads(List<Workload> all) {
        this.all = List.copyOf(all);
    }

    /** The sources every run asks, in report order; a new kind of deployment file is one more entry here. */
    public static List<WorkloadSource> sources() {
        return List.of(new DockerfileSource(), new ComposeSource(),
                (root, files) -> KubernetesWorkloads.discover(root, files.all()));
    }

    /** The run's workloads of the audited repository, discovered on first use and shared by every check. */
    public static Workloads of(dev.prodaudit.probe.ProbeContext ctx) {
        return ctx.clients().get("workloads:" + ctx.repository().toAbsolutePath(), Workloads.class,
                () -> discover(ctx.repository(), RepoFiles.of(ctx)));
    }

    public static Workloads discover(Path root, RepoFiles files) {
        return discover(root, files, sources());
    }

    public static Workloads discover(Path root, RepoFiles files, List<WorkloadSource> sources) {
        // The sources read disjoint files and share nothing, so they run side by side: most of a source's cost in
        // a short run is loading and first running its parser, which a second core halves. Report order is kept.
        List<Workload> out = new ArrayList<>();
        sources.parallelStream().map(source -> source.discover(root, files)).toList().forEach(out::addAll);
        // A Dockerfile that a Compose service builds is judged through the service: the service's user:,
        // healthcheck and the rest override the image's, and judging both would fail an image the service fixes.
        java.util.Set<String> builtByService = new java.util.HashSet<>();
        for (Workload w : out) {
            if (w.kind() != Workload.Kind.DOCKERFILE && w.dockerfile() != null) {
                builtByService.add(w.dockerfile());
            }
        }
        out.removeIf(w -> w.kind() == Workload.Kind.DOCKERFILE && builtByService.contains(w.dockerfile()));
        // Where Kubernetes runs the application, it decides what the Dockerfile would: the kubelet ignores
        // HEALTHCHECK (liveness and readiness probes replace it), securityContext overrides USER (runAsNonRoot makes
        // it refuse a root image), and limits and log rotation are the pod's. The images are judged through the
        // workloads that run them; a Kubernetes workload that states nothing fails on its own.
        boolean onKubernetes = out.stream().anyMatch(w -> !w.thirdParty() && (w.kind() == Workload.Kind.KUBERNETES
                || w.kind() == Workload.Kind.HELM || w.kind() == Workload.Kind.KUSTOMIZE));
        if (onKubernetes) {
            out.removeIf(w -> w.kind() == Workload.Kind.DOCKERFILE);
        }
        return new Workloads(out);
    }

    public List<Workload> all() {
        return all;
    }

    /** Workloads running an image this repository builds: the ones the checks judge. */
    public List<Workload> applications() {
        return all.stream().filter(w -> !w.thirdParty()).toList();
    }

    public List<Workload> thirdParty() {
        return all.stream().filter(Workload::thirdParty).toList();
    }
}
