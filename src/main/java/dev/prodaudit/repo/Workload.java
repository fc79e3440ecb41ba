package dev.prodaudit.repo;

import java.util.List;
import java.util.Map;

/**
 * One thing the repository deploys: a Dockerfile's final stage, a Compose service, or a Kubernetes workload
 * (Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod; from plain manifests, a rendered Helm chart or a
 * Kustomize overlay), with the settings the infrastructure checks judge. One application container may appear as
 * several workloads (its Dockerfile and the Deployment that runs it); each is judged where it is declared.
 *
 * @param name        what a reader calls it: the Compose service, {@code Deployment/api}, or the Dockerfile's path
 * @param kind        where it was declared
 * @param at          the declaration (the FROM of the final stage, the service key, the manifest's {@code kind:})
 * @param image       the image it runs, as written (null for a Compose service built from a Dockerfile)
 * @param thirdParty  an image this repository does not build (redis, mongo, qdrant...): reported apart, as info
 * @param containers  for Kubernetes, the container names judged (each setting below holds for all of them, and a
 *                    finding names the container); empty otherwise
 * @param user        the effective user: the last USER of the final stage, {@code user:}, or runAsUser
 * @param nonRoot     whether it runs as non-root, from the user, the base image's default, or runAsNonRoot
 * @param limits      CPU and memory limits
 * @param health      a health check or liveness/readiness probes
 * @param logRotation log rotation (Compose logging options; on Kubernetes, the kubelet's unless logs go to a volume)
 * @param dockerfile  the repository's Dockerfile that builds the image (a Dockerfile's own path, a Compose service's
 *                    {@code build:}), null when unknown; a Dockerfile built by a Compose service is judged through
 *                    that service, whose settings override it
 * @param replicas    how many copies run, as the declaration states it (Kubernetes {@code spec.replicas}, Compose
 *                    {@code deploy.replicas}); null when it states none (one copy by default) or not as a number
 * @param scheduled   the commands it runs on a schedule: a CronJob's containers at {@code spec.schedule}, a Compose
 *                    service's ofelia {@code job-exec}/{@code job-run} labels; empty for anything else
 *
 * <p>{@code limits} and {@code logRotation} are null for a declaration that cannot state them (a Dockerfile: the
 * runtime sets them), so such a workload is not judged for them.
 */
public record Workload(String name, Kind kind, Location at, String image, boolean thirdParty, List<String> containers,
                       Setting<String> user, Setting<Boolean> nonRoot, Setting<Limits> limits, Setting<Health> health,
                       Setting<LogRotation> logRotation, String dockerfile, Integer replicas, List<Scheduled> scheduled) {

    public enum Kind { DOCKERFILE, COMPOSE, KUBERNETES, HELM, KUSTOMIZE }

    /** CPU and memory limits as written ({@code "500m"}, {@code "512Mi"}, {@code "0.5"}); null when not set. */
    public record Limits(String cpu, String memory) {
        public boolean complete() {
            return cpu != null && memory != null;
        }
    }

    /**
     * A health check: the Dockerfile HEALTHCHECK or Compose healthcheck command, or the Kubernetes probes
     * present (liveness and readiness are judged separately by the checks).
     */
    public record Health(boolean liveness, boolean readiness, String how) {
    }

    /** Log rotation: a maximum size per file and how many files, as written; {@code by} names who rotates. */
    public record LogRotation(String maxSize, String maxFile, String by) {
    }

    /**
     * A command run on a schedule, as written: {@code argv} is the container's {@code command} followed by its
     * {@code args} (Kubernetes: args alone when the image's entrypoint runs them), or an ofelia label's command as one
     * shell string; {@code env} holds the container's variables that have literal values (for retention settings).
     *
     * @param job        what a reader calls it: {@code CronJob/mongo-backup container dump}, {@code ofelia job backup}
     * @param schedule   the cron expression as written ({@code 0 3 * * *}, {@code @daily}); null when not written
     * @param scheduleAt where the schedule is written (the workload's declaration when it is not)
     * @param at         where the command is written
     */
    public record Scheduled(String job, List<String> argv, Map<String, String> env, String schedule, Location scheduleAt,
                            Location at) {
        public Scheduled {
            argv = List.copyOf(argv);
            env = Map.copyOf(env);
        }
    }

    public Workload {
        containers = containers == null ? List.of() : List.copyOf(containers);
        scheduled = scheduled == null ? List.of() : List.copyOf(scheduled);
    }

    /** A workload that runs nothing on a schedule. */
    public Workload(String name, Kind kind, Location at, String image, boolean thirdParty, List<String> containers,
                    Setting<String> user, Setting<Boolean> nonRoot, Setting<Limits> limits, Setting<Health> health,
                    Setting<LogRotation> logRotation, String dockerfile, Integer replicas) {
        this(name, kind, at, image, thirdParty, containers, user, nonRoot, limits, health, logRotation, dockerfile,
                replicas, List.of());
    }

    /** This workload, running {@code jobs} on a schedule. */
    public Workload withScheduled(List<Scheduled> jobs) {
        return new Workload(name, kind, at, image, thirdParty, containers, user, nonRoot, limits, health, logRotation,
                dockerfile, replicas, jobs);
    }

    /** A workload that states no replica count. */
    public Workload(String name, Kind kind, Location at, String image, boolean thirdParty, List<String> containers,
                    Setting<String> user, Setting<Boolean> nonRoot, Setting<Limits> limits, Setting<Health> health,
                    Setting<LogRotation> logRotation, String dockerfile) {
        this(name, kind, at, image, thirdParty, containers, user, nonRoot, limits, health, logRotation, dockerfile, null);
    }

    /** This workload, running {@code count} copies as its declaration states (null: none stated). */
    public Workload withReplicas(Integer count) {
        return new Workload(name, kind, at, image, thirdParty, containers, user, nonRoot, limits, health, logRotation,
                dockerfile, count, scheduled);
    }

    /** A workload whose Dockerfile is not known (Kubernetes and Helm workloads name an image, not a build). */
    public Workload(String name, Kind kind, Location at, String image, boolean thirdParty, List<String> containers,
                    Setting<String> user, Setting<Boolean> nonRoot, Setting<Limits> limits, Setting<Health> health,
                    Setting<LogRotation> logRotation) {
        this(name, kind, at, image, thirdParty, containers, user, nonRoot, limits, health, logRotation, null);
    }

    /**
     * A workload the repository declares in a form the audit could not read or evaluate: every setting is undecided
     * for {@code why}, so each check says so (a named undecided part) instead of passing or missing it.
     */
    public static Workload undecided(String name, Kind kind, Location at, String why) {
        return new Workload(name, kind, at, null, false, List.of(), Setting.undecided(why, at),
                Setting.undecided(why, at), Setting.undecided(why, at), Setting.undecided(why, at),
                Setting.undecided(why, at));
    }
}
