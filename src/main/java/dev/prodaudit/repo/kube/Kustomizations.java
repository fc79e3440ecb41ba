package dev.prodaudit.repo.kube;

import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Kustomize: each kustomization that no other one uses (an overlay, or a lone base) is built as
 * {@code kustomize build} would for what the checks judge: {@code resources} (files, and directories with their own
 * kustomization), strategic-merge patches ({@code patches} with a path or inline patch, and
 * {@code patchesStrategicMerge}; containers, env and volume mounts merge by name), {@code images} overrides and
 * {@code namePrefix}/{@code nameSuffix}. What it does not build (JSON 6902 patches, transformers, replacements,
 * components, helmCharts, remote resources) makes the workloads it may touch undecided, never guessed.
 */
final class Kustomizations {

    static final Set<String> FILE_NAMES = Set.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    /** Fields that change workloads in ways this builder does not evaluate. */
    private static final List<String> UNSUPPORTED = List.of("patchesJson6902", "transformers", "replacements", "components",
            "helmCharts", "generators", "vars");
    private static final Set<String> MERGE_BY_NAME = Set.of("containers", "initContainers", "volumes", "env",
            "imagePullSecrets", "ports");
    private static final int MAX_DEPTH = 16;

    /** An object being built, and why it is undecided (null when it is not). */
    private static final class Resource {
        Tree.Mapping object;
        String undecided;

        Resource(Tree.Mapping object) {
            this.object = object;
        }

        String kind() {
            return object.text("kind");
        }

        String name() {
            return object.mapping("metadata").map(m -> m.text("name")).orElse(null);
        }
    }

    private Kustomizations() {
    }

    /** Adds every file a kustomization reads to {@code consumed}. */
    static List<Workload> workloads(Path repository, List<String> files, Set<String> consumed) {
        Map<String, String> byDir = new LinkedHashMap<>();
        files.stream().filter(f -> (KubernetesWorkloads.isYaml(f) || f.endsWith("Kustomization")) && FILE_NAMES.contains(KubernetesWorkloads.fileName(f))
                && !consumed.contains(f)).sorted().forEach(f -> byDir.putIfAbsent(KubernetesWorkloads.parent(f), f));
        if (byDir.isEmpty()) {
            return List.of();
        }
        Set<String> all = new HashSet<>(files);
        Set<String> referenced = new TreeSet<>();
        for (String dir : byDir.keySet()) {
            build(repository, dir, byDir, all, new HashSet<>(), referenced, 0);
        }
        List<Workload> found = new ArrayList<>();
        for (String dir : byDir.keySet()) {
            if (referenced.contains(dir)) {
                continue;
            }
            Set<String> read = new HashSet<>();
            List<Resource> built = build(repository, dir, byDir, all, read, new HashSet<>(), 0);
            consumed.addAll(read);
            String label = " (" + (dir.isEmpty() ? "." : dir) + ")";
            for (Resource r : built) {
                WorkloadReader.read(r.object, new WorkloadReader.Origin(Workload.Kind.KUSTOMIZE, label, Map.of(), r.undecided))
                        .ifPresent(found::add);
            }
        }
        byDir.values().forEach(consumed::add);
        return found;
    }

    private static List<Resource> build(Path repository, String dir, Map<String, String> byDir, Set<String> files,
                                        Set<String> read, Set<String> referenced, int depth) {
        String file = byDir.get(dir);
        List<Resource> resources = new ArrayList<>();
        if (file == null || depth > MAX_DEPTH) {
            return resources;
        }
        read.add(file);
        Optional<Tree.Mapping> kustomization = mapping(repository, file);
        if (kustomization.isEmpty()) {
            return resources;
        }
        Tree.Mapping k = kustomization.get();
        List<Tree> entries = new ArrayList<>(k.sequence("resources"));
        entries.addAll(k.sequence("bases"));
        String whole = null;
        for (Tree entry : entries) {
            if (!(entry instanceof Tree.Scalar s)) {
                continue;
            }
            String path = normalize(dir, s.text());
            if (s.text().contains("://") || s.text().startsWith("github.com/")) {
                whole = whole != null ? whole : reason("the remote resource " + s.text(), s.at());
            } else if (files.contains(path)) {
                read.add(path);
                KubernetesWorkloads.objects(repository, path).forEach(o -> resources.add(new Resource(o)));
            } else if (byDir.containsKey(path)) {
                referenced.add(path);
                resources.addAll(build(repository, path, byDir, files, read, referenced, depth + 1));
            }
        }
        for (String field : UNSUPPORTED) {
            if (k.get(field) != null && whole == null) {
                whole = reason(field, k.keyAt(field));
            }
        }
        for (Tree patch : k.sequence("patchesStrategicMerge")) {
            if (patch instanceof Tree.Scalar s) {
                patch(repository, dir, s.text(), s.at(), null, resources, files, read);
            }
        }
        for (Tree patch : k.sequence("patches")) {
            if (patch instanceof Tree.Mapping p) {
                Tree.Mapping target = p.mapping("target").orElse(null);
                if (p.text("path") != null) {
                    patch(repository, dir, p.text("path"), p.keyAt("path"), target, resources, files, read);
                } else if (p.text("patch") != null) {
                    patch(repository, dir, p.text("patch"), p.keyAt("patch"), target, resources, files, read);
                }
            }
        }
        images(k, resources);
        String prefix = k.text("namePrefix") == null ? "" : k.text("namePrefix");
        String suffix = k.text("nameSuffix") == null ? "" : k.text("nameSuffix");
        for (Resource r : resources) {
            if (!prefix.isEmpty() || !suffix.isEmpty()) {
                r.object = rename(r.object, prefix + r.name() + suffix);
            }
            if (whole != null && r.undecided == null) {
                r.undecided = whole;
            }
        }
        return resources;
    }

    /** Applies one patch, a file path or inline YAML, to the resources it names (or its target's). */
    private static void patch(Path repository, String dir, String source, Location at, Tree.Mapping target,
                              List<Resource> resources, Set<String> files, Set<String> read) {
        String path = normalize(dir, source);
        List<Tree> documents;
        try {
            if (files.contains(path)) {
                read.add(path);
                documents = Tree.readAll(KubernetesWorkloads.read(repository, path).orElse(""), line -> Location.of(path, line));
            } else if (source.contains("\n") || source.contains("kind:")) {
                documents = Tree.readAll(source, line -> Location.of(at.file(), at.line() + line));
            } else {
                return;
            }
        } catch (YAMLException e) {
            undecide(resources, target, null, reason("an unreadable patch", at));
            return;
        }
        for (Tree document : documents) {
            if (document instanceof Tree.Sequence) {
                undecide(resources, target, null, reason("a JSON 6902 patch", at));
            } else if (document instanceof Tree.Mapping p) {
                String kind = target != null && target.text("kind") != null ? target.text("kind") : p.text("kind");
                String name = target != null && target.text("name") != null ? target.text("name")
                        : p.mapping("metadata").map(m -> m.text("name")).orElse(null);
                for (Resource r : resources) {
                    if ((kind == null || kind.equals(r.kind())) && (name == null || name.equals(r.name()))) {
                        r.object = merge(r.object, p);
                    }
                }
            }
        }
    }

    private static void undecide(List<Resource> resources, Tree.Mapping target, String name, String why) {
        for (Resource r : resources) {
            boolean matches = target == null || (target.text("kind") == null || target.text("kind").equals(r.kind()))
                    && (target.text("name") == null || target.text("name").equals(r.name()));
            if (matches && r.undecided == null && (name == null || name.equals(r.name()))) {
                r.undecided = why;
            }
        }
    }

    /** Strategic merge: mappings merge, lists of named things merge by name, null deletes, anything else replaces. */
    static Tree.Mapping merge(Tree.Mapping base, Tree.Mapping patch) {
        Map<String, Tree> entries = new LinkedHashMap<>(base.entries());
        Map<String, Location> keys = new LinkedHashMap<>(base.keys());
        for (Map.Entry<String, Tree> e : patch.entries().entrySet()) {
            String key = e.getKey();
            Tree value = e.getValue();
            Tree old = entries.get(key);
            if (key.startsWith("$")) {
                continue;
            }
            if (value instanceof Tree.Scalar s && s.isNull()) {
                entries.remove(key);
                keys.remove(key);
                continue;
            }
            if (old instanceof Tree.Scalar os && value instanceof Tree.Scalar ps && os.text().equals(ps.text())) {
                continue; // the patch repeats the value (its kind, its name): the base says where it is declared
            }
            if (old instanceof Tree.Mapping om && value instanceof Tree.Mapping pm) {
                entries.put(key, merge(om, pm));
            } else if (old instanceof Tree.Sequence os && value instanceof Tree.Sequence ps
                    && (MERGE_BY_NAME.contains(key) || key.equals("volumeMounts"))) {
                entries.put(key, mergeByName(os, ps, key.equals("volumeMounts") ? "mountPath" : key.equals("ports")
                        ? "containerPort" : "name"));
            } else {
                entries.put(key, value);
                keys.put(key, patch.keyAt(key));
            }
        }
        return new Tree.Mapping(entries, keys, base.at());
    }

    private static Tree.Sequence mergeByName(Tree.Sequence base, Tree.Sequence patch, String mergeKey) {
        List<Tree> items = new ArrayList<>(base.items());
        for (Tree p : patch.items()) {
            String key = p instanceof Tree.Mapping pm ? pm.text(mergeKey) : null;
            int index = -1;
            for (int i = 0; key != null && i < items.size(); i++) {
                if (items.get(i) instanceof Tree.Mapping bm && key.equals(bm.text(mergeKey))) {
                    index = i;
                }
            }
            if (index < 0) {
                items.add(p);
            } else if (p instanceof Tree.Mapping pm && "delete".equals(pm.text("$patch"))) {
                items.remove(index);
            } else {
                items.set(index, merge((Tree.Mapping) items.get(index), (Tree.Mapping) p));
            }
        }
        return new Tree.Sequence(items, base.at());
    }

    /** {@code images:} overrides: name matches the image without tag or digest; newName, newTag, digest replace. */
    private static void images(Tree.Mapping k, List<Resource> resources) {
        for (Tree image : k.sequence("images")) {
            if (!(image instanceof Tree.Mapping i) || i.text("name") == null) {
                continue;
            }
            for (Resource r : resources) {
                r.object = replaceImages(r.object, i);
            }
        }
    }

    private static Tree.Mapping replaceImages(Tree.Mapping node, Tree.Mapping override) {
        Map<String, Tree> entries = new LinkedHashMap<>(node.entries());
        for (Map.Entry<String, Tree> e : node.entries().entrySet()) {
            Tree v = e.getValue();
            if (e.getKey().equals("image") && v instanceof Tree.Scalar s && !s.isNull()) {
                String image = s.text();
                String name = image.split("@")[0];
                int colon = name.lastIndexOf(':');
                if (colon > name.lastIndexOf('/')) {
                    name = name.substring(0, colon);
                }
                if (name.equals(override.text("name"))) {
                    String tag = image.substring(name.length());
                    String newName = override.text("newName") != null ? override.text("newName") : name;
                    String newTag = override.text("digest") != null ? "@" + override.text("digest")
                            : override.text("newTag") != null ? ":" + override.text("newTag") : tag;
                    entries.put("image", new Tree.Scalar(newName + newTag, "str", override.at()));
                }
            } else if (v instanceof Tree.Mapping m) {
                entries.put(e.getKey(), replaceImages(m, override));
            } else if (v instanceof Tree.Sequence q) {
                List<Tree> items = new ArrayList<>();
                q.items().forEach(item -> items.add(item instanceof Tree.Mapping m ? replaceImages(m, override) : item));
                entries.put(e.getKey(), new Tree.Sequence(items, q.at()));
            }
        }
        return new Tree.Mapping(entries, node.keys(), node.at());
    }

    private static Tree.Mapping rename(Tree.Mapping object, String name) {
        Optional<Tree.Mapping> metadata = object.mapping("metadata");
        if (metadata.isEmpty()) {
            return object;
        }
        Map<String, Tree> meta = new LinkedHashMap<>(metadata.get().entries());
        meta.put("name", new Tree.Scalar(name, "str", metadata.get().keyAt("name")));
        Map<String, Tree> entries = new LinkedHashMap<>(object.entries());
        entries.put("metadata", new Tree.Mapping(meta, metadata.get().keys(), metadata.get().at()));
        return new Tree.Mapping(entries, object.keys(), object.at());
    }

    private static Optional<Tree.Mapping> mapping(Path repository, String file) {
        try {
            List<Tree> documents = Tree.readAll(KubernetesWorkloads.read(repository, file).orElse(""),
                    line -> Location.of(file, line));
            return documents.isEmpty() || !(documents.get(0) instanceof Tree.Mapping m) ? Optional.empty() : Optional.of(m);
        } catch (YAMLException e) {
            return Optional.empty();
        }
    }

    private static String reason(String construct, Location at) {
        return "kustomize: " + construct + " at " + at + " not evaluated";
    }

    /** {@code dir/entry} with {@code .} and {@code ..} resolved, as a repository-relative path. */
    static String normalize(String dir, String entry) {
        String joined = dir.isEmpty() ? entry : dir + "/" + entry;
        List<String> parts = new ArrayList<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }
}
