package dev.prodaudit.repo;

import dev.prodaudit.probe.file.RepoFiles;
import dev.prodaudit.repo.compose.ComposeSource;
import dev.prodaudit.repo.docker.DockerfileSource;
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
        return List.of(new DockerfileSource(), new ComposeSource());
    }

    public static Workloads discover(Path root, RepoFiles files) {
        return discover(root, files, sources());
    }

    public static Workloads discover(Path root, RepoFiles files, List<WorkloadSource> sources) {
        List<Workload> out = new ArrayList<>();
        for (WorkloadSource source : sources) {
            out.addAll(source.discover(root, files));
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
