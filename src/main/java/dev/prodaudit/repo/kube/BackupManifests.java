package dev.prodaudit.repo.kube;

import dev.prodaudit.repo.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The backup facts of a repository's plain Kubernetes manifests that are not workloads: Velero {@code Schedule}
 * objects ({@code velero.io/v1}), and the namespaces where MongoDB runs (a workload whose container runs a mongo
 * image), so a schedule can be judged on whether it covers them. Helm charts and Kustomize overlays are not rendered
 * here: a Schedule is plain YAML in practice.
 *
 * @param schedules        every Velero Schedule, in file order
 * @param mongoNamespaces  the namespaces of MongoDB workloads ({@code default} when a manifest names none)
 */
public record BackupManifests(List<VeleroSchedule> schedules, Set<String> mongoNamespaces) {

    public BackupManifests {
        schedules = List.copyOf(schedules);
        mongoNamespaces = Set.copyOf(mongoNamespaces);
    }

    /**
     * One Velero Schedule as written.
     *
     * @param name               {@code Schedule/<name>}
     * @param at                 the manifest's {@code kind:}
     * @param schedule           {@code spec.schedule} (cron, or {@code @every 24h}); null when absent
     * @param scheduleAt         where it is written (else {@code at})
     * @param ttl                {@code spec.template.ttl} as written ({@code 720h0m0s}); null when absent (Velero's
     *                           default, 720h, applies)
     * @param ttlAt              where it is written (else {@code at})
     * @param includedNamespaces {@code spec.template.includedNamespaces}; empty means all
     * @param excludedNamespaces {@code spec.template.excludedNamespaces}
     */
    public record VeleroSchedule(String name, Location at, String schedule, Location scheduleAt, String ttl,
                                 Location ttlAt, List<String> includedNamespaces, List<String> excludedNamespaces) {
        public VeleroSchedule {
            includedNamespaces = List.copyOf(includedNamespaces);
            excludedNamespaces = List.copyOf(excludedNamespaces);
        }
    }

    private static final Set<String> MONGO_IMAGES = Set.of("mongo", "mongodb", "mongodb-community-server",
            "mongodb-enterprise-server", "percona-server-mongodb");

    /** Reads every plain YAML manifest among {@code files} (repository-relative, '/' separators). */
    public static BackupManifests discover(Path repository, List<String> files) {
        List<VeleroSchedule> schedules = new ArrayList<>();
        Set<String> namespaces = new LinkedHashSet<>();
        for (String file : files) {
            if (!KubernetesWorkloads.isYaml(file)) {
                continue;
            }
            for (Tree.Mapping object : KubernetesWorkloads.objects(repository, file)) {
                String apiVersion = object.text("apiVersion");
                String kind = object.text("kind");
                Optional<Tree.Mapping> metadata = object.mapping("metadata");
                if ("Schedule".equals(kind) && apiVersion.startsWith("velero.io/")) {
                    schedules.add(schedule(object));
                } else if (WorkloadReader.WORKLOAD_KINDS.contains(kind) && runsMongo(object)) {
                    namespaces.add(metadata.map(m -> m.text("namespace")).orElse("default"));
                }
            }
        }
        return new BackupManifests(schedules, namespaces);
    }

    private static VeleroSchedule schedule(Tree.Mapping object) {
        Location at = object.keyAt("kind");
        String name = "Schedule/" + object.mapping("metadata").map(m -> m.text("name")).orElse("(unnamed)");
        Optional<Tree.Mapping> spec = object.mapping("spec");
        Optional<Tree.Mapping> template = spec.flatMap(s -> s.mapping("template"));
        return new VeleroSchedule(name, at,
                spec.map(s -> s.text("schedule")).orElse(null), spec.map(s -> s.keyAt("schedule")).orElse(at),
                template.map(t -> t.text("ttl")).orElse(null), template.map(t -> t.keyAt("ttl")).orElse(at),
                template.map(t -> texts(t.sequence("includedNamespaces"))).orElse(List.of()),
                template.map(t -> texts(t.sequence("excludedNamespaces"))).orElse(List.of()));
    }

    private static List<String> texts(List<Tree> items) {
        return items.stream().filter(Tree.Scalar.class::isInstance).map(t -> ((Tree.Scalar) t).text()).toList();
    }

    /** Whether a container of the workload runs a MongoDB server image ({@code mongo:7}, {@code bitnami/mongodb}). */
    private static boolean runsMongo(Tree.Mapping object) {
        return WorkloadReader.podSpec(object, object.text("kind"))
                .map(p -> WorkloadReader.mappings(p.sequence("containers"))).orElse(List.of()).stream()
                .anyMatch(c -> isMongoImage(c.text("image")));
    }

    static boolean isMongoImage(String text) {
        if (text == null || text.contains(" ")) {
            return false;
        }
        String name = text.replaceFirst("@.*$", "");
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        return MONGO_IMAGES.contains(name.substring(name.lastIndexOf('/') + 1));
    }
}
