package dev.prodaudit.probe.dependencies;

import dev.prodaudit.probe.JsonReader;
import dev.prodaudit.probe.Evidence;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.FindingAnchor;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.http.HttpClients;
import dev.prodaudit.repo.RepoFiles;
import dev.prodaudit.repo.Workload;
import dev.prodaudit.repo.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * {@code type: dependencies}: each application package (the folder of a package.json the application's images
 * build, else every package.json outside node_modules) has a package-lock.json of lockfileVersion 2 or 3 in sync with
 * its package.json, and no high or critical advisory applies to a production dependency it locks. Advisories come
 * from the real {@code npm audit} when npm is on PATH, else from the registry's bulk advisory endpoint.
 */
public final class DependenciesProbe implements Probe<DependenciesSpec> {
    static final String DEFAULT_REGISTRY = "https://registry.npmjs.org";

    @Override
    public String type() {
        return "dependencies";
    }

    @Override
    public Class<DependenciesSpec> specType() {
        return DependenciesSpec.class;
    }

    @Override
    public Set<Evidence> evidence(DependenciesSpec spec) {
        return Set.of(Evidence.CODE, Evidence.PROVIDER_API);
    }

    @Override
    public FindingAnchor anchor(DependenciesSpec spec) {
        return new FindingAnchor.RepositoryFile("package.json");
    }

    @Override
    public List<TargetKind> targets(DependenciesSpec spec) {
        return List.of(TargetKind.NPM_REGISTRY);
    }

    @Override
    public List<String> decides(DependenciesSpec spec) {
        return List.of("package-lock.json (lockfileVersion 2 or 3) beside each application package.json, every "
                        + "declared dependency recorded in its root entry and locked at a version its range admits",
                "advisories: " + switch (spec.audit()) {
                    case DependenciesSpec.NPM -> "npm audit --json --package-lock-only --omit=dev";
                    case DependenciesSpec.REGISTRY -> "the registry's bulk advisory endpoint";
                    default -> "npm audit --json --package-lock-only --omit=dev when npm is on PATH, else the "
                            + "registry's bulk advisory endpoint";
                } + "; high or critical in a production dependency FAILs, moderate WARNs");
    }

    @Override
    public Outcome run(DependenciesSpec spec, ProbeContext ctx) {
        Deadline deadline = Deadline.of(ctx.timeout(), System.nanoTime());
        Path root = ctx.repository();
        if (!Files.isDirectory(root)) {
            return Outcome.error("repository folder " + root + " does not exist");
        }
        List<String> packages = applicationPackages(ctx);
        if (packages.isEmpty()) {
            return Outcome.error("no package.json found outside node_modules");
        }
        String configured = ctx.targets().value(TargetKind.NPM_REGISTRY);
        String registry = configured == null || configured.isBlank() ? DEFAULT_REGISTRY : configured.strip();
        Optional<Path> npm = spec.audit().equals(DependenciesSpec.REGISTRY) ? Optional.empty()
                : NpmAudit.find(System.getenv());
        if (spec.audit().equals(DependenciesSpec.NPM) && npm.isEmpty()) {
            return Outcome.error("npm is not on PATH (audit: npm); install Node.js or use audit: registry");
        }
        OkHttpClient client = null;
        if (npm.isEmpty()) {
            try {
                client = HttpClients.forUrl(ctx, registry);
            } catch (ProbeFailure e) {
                return Outcome.error(e.getMessage());
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (String pkg : packages) {
            findings.addAll(judge(root, pkg, registry, npm, client, deadline));
        }
        return Outcome.from(findings);
    }

    /**
     * Findings for one application package: its lock, then its advisories, from npm when given, else from the
     * registry through {@code client}.
     */
    static List<Finding> judge(Path root, String pkg, String registry, Optional<Path> npm, OkHttpClient client,
                               Deadline deadline) {
        String dir = RepoFiles.folderOf(pkg);
        String lockPath = (dir.isEmpty() ? "" : dir + "/") + "package-lock.json";
        List<Finding> out = new ArrayList<>();
        JsonNode manifest;
        try {
            manifest = JsonReader.readTree(root.resolve(pkg));
        } catch (IOException e) {
            return List.of(Finding.at(Status.ERROR, pkg + " is not valid JSON", pkg, 1));
        }
        if (!Files.isRegularFile(root.resolve(lockPath))) {
            return List.of(Finding.at(Status.FAIL, pkg + " has no package-lock.json beside it: installs are not "
                    + "reproducible and cannot be audited (run npm install and commit the lock)", pkg, 1));
        }
        JsonNode lockJson;
        Lockfile lock;
        try {
            lockJson = JsonReader.readTree(root.resolve(lockPath));
            lock = Lockfile.parse(lockJson);
        } catch (IOException e) {
            return List.of(Finding.at(Status.ERROR, lockPath + " is not valid JSON", lockPath, 1));
        } catch (Lockfile.Unreadable e) {
            return List.of(Finding.at(Status.ERROR, lockPath + " " + e.getMessage(), lockPath, 1));
        }
        List<String> drift = lock.outOfSync(manifest);
        if (!drift.isEmpty()) {
            out.add(Finding.at(Status.FAIL, lockPath + " is out of sync with " + pkg + ": " + String.join("; ", drift)
                    + " (run npm install and commit the lock)", lockPath, 1));
        }
        DependencyGraph graph = new DependencyGraph(lockJson, lock);
        Advisory.Report report;
        try {
            report = npm.isPresent()
                    ? NpmAudit.audit(npm.get(), root.resolve(dir.isEmpty() ? "." : dir), registry, lock, graph, deadline)
                    : BulkAdvisories.audit(client, registry, lock, graph, deadline);
        } catch (Advisory.AuditFailed e) {
            out.add(Finding.at(Status.ERROR, "advisories of " + lockPath + " undecided: " + e.getMessage(), lockPath, 1));
            return out;
        }
        List<Advisory> severe = report.advisories().stream().filter(Advisory::highOrCritical).toList();
        List<Advisory> moderate = report.advisories().stream().filter(Advisory::moderate).toList();
        for (Advisory a : severe) {
            out.add(Finding.at(Status.FAIL, lockPath + ": " + a.describe(), lockPath, 1));
        }
        for (Advisory a : moderate) {
            out.add(Finding.at(Status.WARN, lockPath + ": " + a.describe(), lockPath, 1));
        }
        if (severe.isEmpty() && moderate.isEmpty() && drift.isEmpty()) {
            int low = report.advisories().size();
            out.add(Finding.at(Status.PASS, lockPath + " (lockfileVersion " + lock.version() + ") in sync; "
                    + report.audited() + " production packages audited by " + report.how()
                    + ", no high, critical or moderate advisory" + (low == 0 ? "" : " (" + low + " low or info)"),
                    lockPath, 1));
        }
        return out;
    }

    /**
     * The package.json files of the application: those nearest to the Dockerfiles of the workloads this repository
     * builds when the workloads model names any, else every package.json outside node_modules.
     */
    static List<String> applicationPackages(ProbeContext ctx) {
        Path root = ctx.repository();
        Set<String> out = new LinkedHashSet<>();
        try {
            Workloads model = Workloads.of(ctx);
            for (Workload w : model.applications()) {
                if (w.dockerfile() != null) {
                    String pkg = RepoFiles.nearestPackageJson(root, RepoFiles.folderOf(w.dockerfile()));
                    if (pkg != null) {
                        out.add(pkg);
                    }
                }
            }
        } catch (RuntimeException e) {
            // No model (an unreadable manifest): every package.json of the repository is audited instead.
            out.clear();
        }
        if (out.isEmpty()) {
            for (String file : RepoFiles.of(ctx).all()) {
                if ((file.equals("package.json") || file.endsWith("/package.json")) && !file.contains("node_modules/")) {
                    out.add(file);
                }
            }
        }
        return List.copyOf(out);
    }
}
