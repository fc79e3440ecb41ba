package dev.prodaudit.repo;

import java.nio.file.Path;
import java.util.List;

/**
 * One way a repository declares workloads (Dockerfiles, Compose files, Kubernetes manifests, Helm charts): given the
 * run's file listing, the workloads it finds. Sources recognise their files by name and content, anywhere in the
 * tree, and never throw for a file they cannot read: they return a workload whose settings are
 * {@link Setting.Undecided} instead, so the checks say what could not be read.
 */
public interface WorkloadSource {

    /**
     * @param root  the repository folder, for reading the listed files
     * @param files the run's one listing of it
     */
    List<Workload> discover(Path root, RepoFiles files);
}
