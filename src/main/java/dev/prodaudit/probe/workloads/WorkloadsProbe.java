package dev.prodaudit.probe.workloads;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.Status;
import dev.prodaudit.repo.RepoFiles;
import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Setting;
import dev.prodaudit.repo.Workload;
import dev.prodaudit.repo.Workloads;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code type: workloads}: every application workload of the repository model must meet one requirement. Each
 * workload is its own finding at the file:line where the setting is (or should be) written; a setting the audit
 * could not evaluate is an ERROR part ("part undecided"), never a PASS; third-party images are SKIP findings
 * (listed, not judged). The model is built once per run and repository, and shared by every workloads check.
 */
public final class WorkloadsProbe implements Probe<WorkloadsSpec> {
    static final String NOTHING = "no Dockerfile, Compose file or Kubernetes manifest found";

    @Override
    public String type() {
        return "workloads";
    }

    @Override
    public Class<WorkloadsSpec> specType() {
        return WorkloadsSpec.class;
    }

    @Override
    public Set<Evidence> evidence(WorkloadsSpec spec) {
        return Set.of(Evidence.CODE);
    }

    @Override
    public Outcome run(WorkloadsSpec spec, ProbeContext ctx) {
        if (!Files.isDirectory(ctx.repository())) {
            return Outcome.error("repository folder " + ctx.repository() + " does not exist");
        }
        Workloads model;
        try {
            model = Workloads.of(ctx);
        } catch (java.io.UncheckedIOException e) {
            return Outcome.error("cannot list " + ctx.repository() + ": " + e.getCause().getMessage());
        }
        if (model.all().isEmpty()) {
            return Outcome.error(NOTHING);
        }
        List<Finding> findings = new ArrayList<>();
        if (spec.require().equals(WorkloadsSpec.STRUCTURED_LOGGING)) {
            findings.addAll(StructuredLogging.judge(ctx.repository(), RepoFiles.of(ctx), model));
        } else {
            List<Workload> apps = model.applications();
            int judged = 0;
            for (Workload w : apps) {
                Finding f = judge(spec.require(), w);
                if (f != null) {
                    findings.add(f);
                    judged++;
                }
            }
            if (apps.isEmpty()) {
                findings.add(Finding.of(Status.ERROR, "no application workload found: only third-party images"));
            } else if (judged == 0) {
                Workload first = apps.get(0);
                findings.add(finding(Status.FAIL, "no Compose service or Kubernetes workload declares "
                        + noun(spec.require()) + "; only Dockerfiles were found (" + first.at()
                        + (apps.size() > 1 ? ", ..." : "") + "), and a Dockerfile cannot set them", first.at()));
            }
        }
        for (Workload w : model.thirdParty()) {
            findings.add(finding(Status.SKIP, "third-party image " + w.image() + " (" + w.name() + ") not judged", w.at()));
        }
        return Outcome.from(findings);
    }

    private static String noun(String require) {
        return switch (require) {
            case WorkloadsSpec.LIMITS -> "CPU and memory limits";
            case WorkloadsSpec.LOG_ROTATION -> "log rotation";
            case WorkloadsSpec.HEALTH -> "a health check";
            default -> "a non-root user";
        };
    }

    /** The finding for one workload, or null when its kind of declaration cannot state the setting. */
    static Finding judge(String require, Workload w) {
        return switch (require) {
            case WorkloadsSpec.NON_ROOT -> nonRoot(w);
            case WorkloadsSpec.LIMITS -> limits(w);
            case WorkloadsSpec.HEALTH -> health(w);
            case WorkloadsSpec.LOG_ROTATION -> logRotation(w);
            default -> throw new IllegalArgumentException(require);
        };
    }

    private static Finding nonRoot(Workload w) {
        Setting<Boolean> s = w.nonRoot();
        String user = w.user() == null ? "?" : w.user().known().orElse("?");
        return decide(s, w, "runs as " + user, v -> v, v -> "runs as root" + (user.equals("root") ? "" : " (user " + user + ")"), "sets no user");
    }

    private static Finding limits(Workload w) {
        if (w.limits() == null) {
            return null;
        }
        return decide(w.limits(), w, "limits", Workload.Limits::complete, l -> l.memory() == null
                ? "has a CPU limit (" + l.cpu() + ") but no memory limit" : "has a memory limit (" + l.memory()
                + ") but no CPU limit", "sets no CPU or memory limit", l -> "limits cpu " + l.cpu() + ", memory " + l.memory());
    }

    private static Finding health(Workload w) {
        if (w.health() == null) {
            return null;
        }
        boolean kube = w.kind() != Workload.Kind.DOCKERFILE && w.kind() != Workload.Kind.COMPOSE;
        return decide(w.health(), w, "health", h -> !kube || h.liveness() && h.readiness(),
                h -> "has " + (h.liveness() ? "a liveness probe but no readiness probe" : "a readiness probe but no liveness probe"),
                "has no health check", h -> "has a health check: " + h.how());
    }

    private static Finding logRotation(Workload w) {
        if (w.logRotation() == null) {
            return null;
        }
        return decide(w.logRotation(), w, "logs", r -> true, r -> "", "keeps logs without rotation"
                        + (w.kind() == Workload.Kind.COMPOSE ? " (json-file without logging.options.max-size)" : ""),
                r -> "logs rotate by " + r.by() + (r.maxSize() == null ? "" : ", max-size " + r.maxSize())
                        + (r.maxFile() == null ? "" : ", max-file " + r.maxFile()));
    }

    private static Finding decide(Setting<Boolean> s, Workload w, String passText, Function<Boolean, Boolean> ok,
                                  Function<Boolean, String> failText, String missingText) {
        return decide(s, w, passText, ok, failText, missingText, v -> passText);
    }

    private static <T> Finding decide(Setting<T> s, Workload w, String what, Function<T, Boolean> ok,
                                      Function<T, String> failText, String missingText, Function<T, String> passText) {
        if (s instanceof Setting.Undecided<T> u) {
            return finding(Status.ERROR, "part undecided: " + w.name() + ": " + u.why() + " (" + u.at() + ")", u.at());
        }
        if (s instanceof Setting.Missing<T> m) {
            return finding(Status.FAIL, w.name() + " " + missingText + " (" + m.at() + ")", m.at());
        }
        T value = s.known().orElse(null);
        String reason = s instanceof Setting.Defaulted<T> d ? "; " + d.reason() : "";
        if (value != null && ok.apply(value)) {
            return finding(Status.PASS, w.name() + " " + passText.apply(value) + " (" + s.at() + reason + ")", s.at());
        }
        String text = value == null ? missingText : failText.apply(value);
        return finding(Status.FAIL, w.name() + " " + text + " (" + s.at() + reason + ")", s.at());
    }

    static Finding finding(Status status, String message, Location at) {
        return new Finding(status, message, at.file(), at.line() == 0 ? null : at.line());
    }
}
