package dev.prodaudit.repo.kube;

import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Setting;
import dev.prodaudit.repo.Workload;
import dev.prodaudit.repo.Workload.Health;
import dev.prodaudit.repo.Workload.Limits;
import dev.prodaudit.repo.Workload.LogRotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one Kubernetes workload object (already parsed, from a plain manifest, a rendered chart or a built
 * Kustomize overlay) into a {@link Workload}, judging every container.
 *
 * <p>Which containers count: init containers are judged for non-root and limits (they run in the same pod with
 * the same privileges and take resources from the node, as Trivy KSV-0012/0011 and Checkov CKV_K8S_23 count them),
 * not for probes, which Kubernetes does not allow on init containers. Each setting of the workload is the weakest
 * of its containers: a definite failure (a root container, a container without limits) wins over a part that
 * could not be evaluated, which wins over a default, which wins over a stated good value.
 */
final class WorkloadReader {

    static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job",
            "CronJob", "Pod");

    /** Images this repository does not build: reported apart, as info. */
    private static final Set<String> THIRD_PARTY = Set.of("redis", "valkey", "mongo", "mongodb", "qdrant", "postgres",
            "postgresql", "mysql", "mariadb", "rabbitmq", "memcached", "elasticsearch", "opensearch", "minio", "nats",
            "kafka", "zookeeper", "etcd", "clickhouse", "busybox", "mongo-express", "redis-stack");

    /** A mount where the application writes log files: /var/log, or a logs directory (/app/logs). */
    private static final Pattern LOG_MOUNT = Pattern.compile("(^|.*/)(var/log|logs?)(/.*)?$");
    private static final Pattern LOG_ENV = Pattern.compile("(?i).*LOG_?(FILE|PATH|DIR)\\w*");
    private static final Pattern ROTATOR = Pattern.compile("(?i).*(logrotate|fluent-?bit|fluentd|promtail|filebeat|vector).*");
    private static final Pattern PLACEHOLDER = Pattern.compile("__prodaudit_unevaluated_\\d+__");

    /**
     * How the object came to be: the workload kind reported, a suffix for its name (the overlay that built it), the
     * reasons behind placeholders of unevaluated template parts, and a reason that makes every setting undecided
     * (a template branch that could not be decided), or null.
     */
    record Origin(Workload.Kind kind, String nameSuffix, Map<String, String> placeholders, String wholeUndecided) {
        static Origin plain() {
            return new Origin(Workload.Kind.KUBERNETES, "", Map.of(), null);
        }

        /** Why {@code values} could not be evaluated, if any of them holds a placeholder. */
        Optional<String> unevaluated(Tree... values) {
            List<String> texts = new ArrayList<>();
            for (Tree v : values) {
                Tree.texts(v, texts);
            }
            for (String text : texts) {
                Matcher m = PLACEHOLDER.matcher(text);
                if (m.find()) {
                    return Optional.of(placeholders.getOrDefault(m.group(), "a template part was not evaluated"));
                }
            }
            return Optional.empty();
        }
    }

    private WorkloadReader() {
    }

    /** The workload the object declares, or empty when it is not a workload kind. */
    static Optional<Workload> read(Tree.Mapping object, Origin origin) {
        return settings(object, origin).map(w -> w.withReplicas(replicas(object)).withScheduled(scheduled(object, w.name())));
    }

    /**
     * A CronJob's containers, each with the command it runs and the CronJob's {@code spec.schedule}; empty for other
     * kinds. Init containers are left out: they prepare the run, the containers are what it is for.
     */
    private static List<Workload.Scheduled> scheduled(Tree.Mapping object, String label) {
        if (!"CronJob".equals(object.text("kind"))) {
            return List.of();
        }
        Tree.Mapping spec = object.mapping("spec").orElse(null);
        if (spec == null) {
            return List.of();
        }
        String schedule = spec.text("schedule");
        Location scheduleAt = spec.keyAt("schedule");
        List<Workload.Scheduled> out = new ArrayList<>();
        for (Tree.Mapping c : podSpec(object, "CronJob").map(p -> mappings(p.sequence("containers"))).orElse(List.of())) {
            List<String> argv = new ArrayList<>(scalars(c.sequence("command")));
            argv.addAll(scalars(c.sequence("args")));
            java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
            for (Tree.Mapping e : mappings(c.sequence("env"))) {
                if (e.text("name") != null && e.text("value") != null) {
                    env.put(e.text("name"), e.text("value"));
                }
            }
            Location at = c.get("command") != null ? c.keyAt("command") : c.get("args") != null ? c.keyAt("args") : containerAt(c);
            out.add(new Workload.Scheduled(label + " container " + c.text("name"), argv, env, schedule, scheduleAt, at));
        }
        return out;
    }

    private static List<String> scalars(List<Tree> items) {
        return items.stream().filter(Tree.Scalar.class::isInstance).map(t -> ((Tree.Scalar) t).text()).toList();
    }

    /** {@code spec.replicas} when it is a plain number (a Deployment without it runs one pod; a template stays null). */
    private static Integer replicas(Tree.Mapping object) {
        String count = object.mapping("spec").map(s -> s.text("replicas")).orElse(null);
        if (count == null || !count.strip().matches("\\d{1,6}")) {
            return null;
        }
        return Integer.valueOf(count.strip());
    }

    private static Optional<Workload> settings(Tree.Mapping object, Origin origin) {
        String kind = object.text("kind");
        if (kind == null || !WORKLOAD_KINDS.contains(kind) || object.text("apiVersion") == null) {
            return Optional.empty();
        }
        String name = object.mapping("metadata").map(m -> m.text("name")).orElse("(unnamed)");
        Location at = object.keyAt("kind");
        String label = kind + "/" + name + origin.nameSuffix();
        Optional<Tree.Mapping> podSpec = podSpec(object, kind);
        List<Tree.Mapping> apps = podSpec.map(p -> mappings(p.sequence("containers"))).orElse(List.of());
        List<Tree.Mapping> inits = podSpec.map(p -> mappings(p.sequence("initContainers"))).orElse(List.of());
        List<String> names = new ArrayList<>();
        apps.forEach(c -> names.add(String.valueOf(c.text("name"))));
        inits.forEach(c -> names.add(String.valueOf(c.text("name"))));
        String image = apps.isEmpty() ? null : apps.get(0).text("image");
        boolean thirdParty = !apps.isEmpty() && apps.stream().allMatch(c -> isThirdParty(c.text("image")));

        String whole = origin.wholeUndecided() != null ? origin.wholeUndecided()
                : podSpec.isEmpty() || apps.isEmpty() ? origin.unevaluated(object).orElse(null) : null;
        if (whole != null) {
            return Optional.of(new Workload(label, origin.kind(), at, image, thirdParty, names,
                    Setting.undecided(whole, at), Setting.undecided(whole, at), Setting.undecided(whole, at),
                    Setting.undecided(whole, at), Setting.undecided(whole, at)));
        }
        if (apps.isEmpty()) {
            return Optional.of(new Workload(label, origin.kind(), at, image, thirdParty, names, Setting.missing(at),
                    Setting.missing(at), Setting.missing(at), Setting.missing(at), Setting.missing(at)));
        }
        Tree.Mapping pod = podSpec.get();
        List<Tree.Mapping> all = new ArrayList<>(apps);
        all.addAll(inits);

        Setting<Boolean> nonRoot = null;
        Setting<String> user = null;
        int worst = Integer.MAX_VALUE;
        for (Tree.Mapping c : all) {
            Setting<Boolean> s = nonRoot(pod, c, origin);
            int rank = rankNonRoot(s);
            if (rank < worst) {
                worst = rank;
                nonRoot = s;
                user = user(pod, c, origin);
            }
        }
        Setting<Limits> limits = weakest(all.stream().map(c -> limits(c, origin)).toList(), WorkloadReader::rankLimits);
        Setting<Health> health = weakest(apps.stream().map(c -> health(c, origin)).toList(), WorkloadReader::rankHealth);
        if (health instanceof Setting.Missing<Health>) {
            health = runToCompletion(object, kind).orElse(health);
        }
        Setting<LogRotation> logRotation = logRotation(at, apps, all, origin);
        return Optional.of(new Workload(label, origin.kind(), at, image, thirdParty, names, user, nonRoot, limits,
                health, logRotation));
    }

    static Optional<Tree.Mapping> podSpec(Tree.Mapping object, String kind) {
        Optional<Tree.Mapping> spec = object.mapping("spec");
        return switch (kind) {
            case "Pod" -> spec;
            case "CronJob" -> spec.flatMap(s -> s.mapping("jobTemplate")).flatMap(j -> j.mapping("spec"))
                    .flatMap(s -> s.mapping("template")).flatMap(t -> t.mapping("spec"));
            default -> spec.flatMap(s -> s.mapping("template")).flatMap(t -> t.mapping("spec"));
        };
    }

    static List<Tree.Mapping> mappings(List<Tree> items) {
        return items.stream().filter(Tree.Mapping.class::isInstance).map(Tree.Mapping.class::cast).toList();
    }

    private static Location containerAt(Tree.Mapping c) {
        return c.keyAt("name");
    }

    /** runAsNonRoot or runAsUser, the container's over the pod's (Kubernetes' own precedence). */
    private static Setting<Boolean> nonRoot(Tree.Mapping pod, Tree.Mapping c, Origin origin) {
        Tree podContext = pod.get("securityContext");
        Tree context = c.get("securityContext");
        Optional<String> why = origin.unevaluated(podContext, context);
        if (why.isPresent()) {
            return Setting.undecided(why.get(), context != null ? c.keyAt("securityContext") : pod.keyAt("securityContext"));
        }
        Tree.Scalar uid = effective(pod, c, "runAsUser");
        Tree.Scalar flag = effective(pod, c, "runAsNonRoot");
        Long id = uid == null ? null : uid.integer();
        if (id != null && id == 0) {
            return Setting.stated(false, uid.at());
        }
        if (flag != null && flag.isFalse() && (id == null || id <= 0)) {
            return Setting.stated(false, flag.at());
        }
        if (flag != null && flag.isTrue()) {
            return Setting.stated(true, flag.at());
        }
        if (id != null && id > 0) {
            return Setting.stated(true, uid.at());
        }
        String image = c.text("image");
        if (image != null && nonRootImage(image)) {
            return new Setting.Defaulted<>(true, "the image " + image + " runs as a non-root user by default",
                    containerAt(c));
        }
        return Setting.missing(containerAt(c));
    }

    private static Setting<String> user(Tree.Mapping pod, Tree.Mapping c, Origin origin) {
        if (origin.unevaluated(pod.get("securityContext"), c.get("securityContext")).isPresent()) {
            return Setting.undecided(origin.unevaluated(pod.get("securityContext"), c.get("securityContext")).get(),
                    containerAt(c));
        }
        Tree.Scalar uid = effective(pod, c, "runAsUser");
        return uid == null ? Setting.missing(containerAt(c)) : Setting.stated(uid.text(), uid.at());
    }

    private static Tree.Scalar effective(Tree.Mapping pod, Tree.Mapping c, String key) {
        for (Tree.Mapping owner : List.of(c, pod)) {
            Optional<Tree.Mapping> context = owner.mapping("securityContext");
            if (context.isPresent() && context.get().get(key) instanceof Tree.Scalar s && !s.isNull()) {
                return s;
            }
        }
        return null;
    }

    /** Distroless {@code :nonroot} tags and Chainguard images run as a non-root user unless told otherwise. */
    static boolean nonRootImage(String image) {
        String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
        return image.startsWith("gcr.io/distroless/") && tag.contains("nonroot") || image.startsWith("cgr.dev/chainguard/");
    }

    static boolean isThirdParty(String image) {
        if (image == null) {
            return false;
        }
        String repository = image.split("@")[0];
        int slash = repository.lastIndexOf('/');
        int colon = repository.lastIndexOf(':');
        if (colon > slash) {
            repository = repository.substring(0, colon);
        }
        String last = repository.substring(slash + 1);
        return THIRD_PARTY.contains(last) || repository.startsWith("bitnami/") || repository.contains("/bitnami/");
    }

    private static Setting<Limits> limits(Tree.Mapping c, Origin origin) {
        Tree resources = c.get("resources");
        Optional<String> why = origin.unevaluated(resources);
        if (why.isPresent()) {
            return Setting.undecided(why.get(), c.keyAt("resources"));
        }
        if (!(resources instanceof Tree.Mapping r) || !(r.get("limits") instanceof Tree.Mapping l) || l.entries().isEmpty()) {
            return Setting.missing(resources == null ? containerAt(c) : c.keyAt("resources"));
        }
        return Setting.stated(new Limits(l.text("cpu"), l.text("memory")), r.keyAt("limits"));
    }

    /**
     * A Job or CronJob runs to completion: no Service routes to it, so a readiness probe means nothing, and what a
     * liveness probe guards against (a process that hangs) is what {@code activeDeadlineSeconds} ends. A job with a
     * deadline is health-checked in the way that fits it; one without has no health check, as any workload.
     */
    private static Optional<Setting<Health>> runToCompletion(Tree.Mapping object, String kind) {
        Optional<Tree.Mapping> jobSpec = switch (kind) {
            case "Job" -> object.mapping("spec");
            case "CronJob" -> object.mapping("spec").flatMap(s -> s.mapping("jobTemplate")).flatMap(j -> j.mapping("spec"));
            default -> Optional.empty();
        };
        return jobSpec.flatMap(spec -> {
            String deadline = spec.text("activeDeadlineSeconds");
            if (deadline == null || !deadline.strip().matches("[1-9]\\d{0,8}")) {
                return Optional.empty();
            }
            return Optional.of(Setting.stated(new Health(true, true, "runs to completion, ended after activeDeadlineSeconds "
                    + deadline.strip()), spec.keyAt("activeDeadlineSeconds")));
        });
    }

    private static Setting<Health> health(Tree.Mapping c, Origin origin) {
        Tree liveness = c.get("livenessProbe");
        Tree readiness = c.get("readinessProbe");
        Optional<String> why = origin.unevaluated(liveness, readiness);
        if (why.isPresent()) {
            return Setting.undecided(why.get(), liveness != null ? c.keyAt("livenessProbe") : c.keyAt("readinessProbe"));
        }
        boolean live = !Tree.isEmpty(liveness);
        boolean ready = !Tree.isEmpty(readiness);
        if (!live && !ready) {
            return Setting.missing(containerAt(c));
        }
        String how = (live ? "livenessProbe " + handler(liveness) : "")
                + (live && ready ? ", " : "") + (ready ? "readinessProbe " + handler(readiness) : "");
        return Setting.stated(new Health(live, ready, how), live ? c.keyAt("livenessProbe") : c.keyAt("readinessProbe"));
    }

    private static String handler(Tree probe) {
        if (probe instanceof Tree.Mapping p) {
            if (p.get("httpGet") instanceof Tree.Mapping h) {
                return "httpGet " + (h.text("path") == null ? "/" : h.text("path"));
            }
            for (String kind : List.of("tcpSocket", "exec", "grpc")) {
                if (p.get(kind) != null) {
                    return kind;
                }
            }
        }
        return "(no handler)";
    }

    /** The kubelet rotates container logs; files the application writes to a volume are nobody's unless a rotator runs. */
    private static Setting<LogRotation> logRotation(Location at, List<Tree.Mapping> apps, List<Tree.Mapping> all,
                                                    Origin origin) {
        for (Tree.Mapping c : apps) {
            Optional<String> why = origin.unevaluated(c.get("volumeMounts"), c.get("env"));
            if (why.isPresent()) {
                return Setting.undecided(why.get(), containerAt(c));
            }
        }
        Location writes = null;
        for (Tree.Mapping c : apps) {
            if (ROTATOR.matcher(String.valueOf(c.text("image"))).matches()) {
                continue;
            }
            for (Tree.Mapping mount : mappings(c.sequence("volumeMounts"))) {
                String path = mount.text("mountPath");
                if (writes == null && path != null && LOG_MOUNT.matcher(path).matches()) {
                    writes = mount.keyAt("mountPath");
                }
            }
            for (Tree.Mapping env : mappings(c.sequence("env"))) {
                String name = env.text("name");
                if (writes == null && name != null && LOG_ENV.matcher(name).matches()) {
                    writes = env.keyAt("name");
                }
            }
        }
        if (writes == null) {
            return new Setting.Defaulted<>(new LogRotation("10Mi", "5", "kubelet"),
                    "on Kubernetes the kubelet rotates container logs (containerLogMaxSize 10Mi, containerLogMaxFiles 5"
                            + " unless the node sets otherwise)", at);
        }
        for (Tree.Mapping c : all) {
            if (ROTATOR.matcher(String.valueOf(c.text("name"))).matches()
                    || ROTATOR.matcher(String.valueOf(c.text("image"))).matches()) {
                return Setting.stated(new LogRotation(null, null, "sidecar " + c.text("name")), containerAt(c));
            }
        }
        return Setting.missing(writes);
    }

    private static <T> Setting<T> weakest(List<Setting<T>> settings, ToIntFunction<Setting<T>> rank) {
        Setting<T> result = null;
        for (Setting<T> s : settings) {
            if (result == null || rank.applyAsInt(s) < rank.applyAsInt(result)) {
                result = s;
            }
        }
        return result;
    }

    private static int rankNonRoot(Setting<Boolean> s) {
        if (s instanceof Setting.Stated<Boolean> st) {
            return Boolean.TRUE.equals(st.value()) ? 4 : 0;
        }
        return s instanceof Setting.Missing<Boolean> ? 1 : s instanceof Setting.Undecided<Boolean> ? 2 : 3;
    }

    private static int rankLimits(Setting<Limits> s) {
        if (s instanceof Setting.Stated<Limits> st) {
            return st.value().complete() ? 3 : 1;
        }
        return s instanceof Setting.Missing<Limits> ? 0 : 2;
    }

    private static int rankHealth(Setting<Health> s) {
        if (s instanceof Setting.Stated<Health> st) {
            return st.value().liveness() && st.value().readiness() ? 3 : 1;
        }
        return s instanceof Setting.Missing<Health> ? 0 : 2;
    }
}
