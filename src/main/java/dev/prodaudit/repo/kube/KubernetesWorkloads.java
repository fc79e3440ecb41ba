package dev.prodaudit.repo.kube;

import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Workload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The Kubernetes workloads of a repository, recognised by content wherever they live: plain manifests (any YAML
 * document with {@code apiVersion} and {@code kind}), Helm charts (a {@code Chart.yaml}: rendered with
 * {@code helm template} when a helm binary is on PATH, else with this package's evaluator of the common template
 * subset) and Kustomize overlays (a {@code kustomization.yaml}: each overlay no other kustomization uses is built
 * and judged). Files a chart or a kustomization consumes are judged through it, not again on their own.
 */
public final class KubernetesWorkloads {

    /** Larger YAML is generated (CRD bundles, lock files), not a workload someone wrote. */
    static final long MAX_FILE_BYTES = 2L * 1024 * 1024;

    private KubernetesWorkloads() {
    }

    /**
     * Every workload declared under {@code repository}; {@code files} are repository-relative paths with '/'
     * separators, as the file listing gives them.
     */
    public static List<Workload> discover(Path repository, List<String> files) {
        List<Workload> found = new ArrayList<>();
        Set<String> consumed = new HashSet<>();
        List<String> chartDirs = files.stream().filter(f -> f.endsWith("Chart.yaml") && fileName(f).equals("Chart.yaml"))
                .map(KubernetesWorkloads::parent).sorted().toList();
        for (String chart : chartDirs) {
            String prefix = chart.isEmpty() ? "" : chart + "/";
            files.stream().filter(f -> f.startsWith(prefix)).forEach(consumed::add);
            found.addAll(HelmChart.workloads(repository, chart, files));
        }
        found.addAll(Kustomizations.workloads(repository, files, consumed));
        for (String file : files) {
            if (isYaml(file) && !consumed.contains(file)) {
                found.addAll(manifest(repository, file));
            }
        }
        return List.copyOf(found);
    }

    /** The workloads of one plain manifest file; nothing when it is not YAML or declares none. */
    static List<Workload> manifest(Path repository, String file) {
        List<Workload> found = new ArrayList<>();
        for (Tree.Mapping object : objects(repository, file)) {
            WorkloadReader.read(object, WorkloadReader.Origin.plain()).ifPresent(found::add);
        }
        return found;
    }

    /** The Kubernetes objects (mappings with apiVersion and kind, List items unpacked) of a file. */
    static List<Tree.Mapping> objects(Path repository, String file) {
        Optional<String> text = read(repository, file);
        if (text.isEmpty() || !text.get().contains("kind")) {
            return List.of();
        }
        try {
            return objects(Tree.readAll(text.get(), line -> Location.of(file, line)));
        } catch (YAMLException e) {
            return List.of(); // not YAML: not a manifest (content decides, not the name)
        }
    }

    static List<Tree.Mapping> objects(List<Tree> documents) {
        List<Tree.Mapping> objects = new ArrayList<>();
        for (Tree document : documents) {
            if (document instanceof Tree.Mapping m && m.text("apiVersion") != null && m.text("kind") != null) {
                if (m.text("kind").equals("List")) {
                    objects.addAll(objects(m.sequence("items")));
                } else {
                    objects.add(m);
                }
            }
        }
        return objects;
    }

    static Optional<String> read(Path repository, String file) {
        Path path = repository.resolve(file);
        try {
            if (!Files.isRegularFile(path) || Files.size(path) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or not UTF-8: not a manifest this audit can judge
        }
    }

    static boolean isYaml(String file) {
        return file.endsWith(".yaml") || file.endsWith(".yml");
    }

    static String fileName(String file) {
        return file.substring(file.lastIndexOf('/') + 1);
    }

    static String parent(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash);
    }
}
