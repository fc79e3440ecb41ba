package dev.prodaudit.probe.dependencies;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.probe.JsonReader;
import dev.prodaudit.probe.Deadline;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code npm audit --json --package-lock-only --omit=dev}, run in the application package's folder: with
 * {@code --package-lock-only} npm reads the lock instead of node_modules and writes nothing to the project. Bounded:
 * killed (with its children) when the check's deadline passes, and its output read up to
 * {@value #MAX_OUTPUT_BYTES} bytes.
 */
final class NpmAudit {
    static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

    private NpmAudit() {
    }

    /** npm on PATH, if any. */
    static Optional<Path> find(Map<String, String> environment) {
        String path = environment.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path npm = Path.of(dir, "npm");
            if (Files.isExecutable(npm)) {
                return Optional.of(npm);
            }
        }
        return Optional.empty();
    }

    static Advisory.Report audit(Path npm, Path folder, String registry, Lockfile lock, DependencyGraph graph,
                                 Deadline deadline) throws Advisory.AuditFailed {
        List<String> command = List.of(npm.toString(), "audit", "--json", "--package-lock-only", "--omit=dev",
                "--registry", registry, "--no-update-notifier", "--no-fund");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new Advisory.AuditFailed("cannot run npm: " + e.getMessage());
        }
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] bytes = in.readNBytes(MAX_OUTPUT_BYTES + 1);
                in.transferTo(java.io.OutputStream.nullOutputStream());
                return bytes;
            } catch (IOException e) {
                return new byte[0];
            }
        });
        byte[] bytes;
        try {
            if (!process.waitFor(deadline.left(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new Advisory.AuditFailed("npm audit timed out after " + deadline.budgetMillis() + " ms");
            }
            bytes = output.get(Math.max(1, deadline.left()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new Advisory.AuditFailed("npm audit interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            kill(process);
            throw new Advisory.AuditFailed("npm audit output not read within the check's time budget");
        }
        if (bytes.length > MAX_OUTPUT_BYTES) {
            throw new Advisory.AuditFailed("npm audit wrote more than " + MAX_OUTPUT_BYTES / (1024 * 1024) + " MiB; refused");
        }
        JsonNode report;
        try {
            report = JsonReader.readTree(bytes);
        } catch (IOException e) {
            report = null;
        }
        if (report == null || !report.isObject()) {
            throw new Advisory.AuditFailed("npm audit (exit " + process.exitValue() + ") wrote no JSON report");
        }
        return read(report, lock, graph);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * npm 7+'s report ({@code auditReportVersion: 2}): {@code vulnerabilities} by package, each with {@code via}
     * entries that are advisories (objects) or the names of other vulnerable packages (strings), and {@code nodes}
     * (install paths); an error is {@code {"message", "statusCode", ...}} or {@code {"error": {"summary"}}}.
     */
    static Advisory.Report read(JsonNode report, Lockfile lock, DependencyGraph graph) throws Advisory.AuditFailed {
        if (!report.has("vulnerabilities")) {
            String message = report.path("error").path("summary").asText("");
            if (message.isBlank()) {
                message = report.path("message").asText("");
            }
            throw new Advisory.AuditFailed("npm audit failed: " + (message.isBlank() ? "no vulnerabilities in its report"
                    : message.lines().findFirst().orElse("")));
        }
        List<Advisory> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : report.path("vulnerabilities").properties()) {
            JsonNode vuln = e.getValue();
            String node = vuln.path("nodes").path(0).asText("");
            Lockfile.Locked locked = lock.packages().get(node);
            String version = locked == null ? vuln.path("range").asText("?") : locked.version();
            for (JsonNode via : vuln.path("via")) {
                if (!via.isObject()) {
                    continue;
                }
                out.add(new Advisory(via.path("name").asText(vuln.path("name").asText()), version,
                        via.path("severity").asText("unknown"), via.path("source").asText("?"), via.path("title").asText(""),
                        via.path("url").asText(null), graph.topLevel(node)));
            }
        }
        int audited = report.path("metadata").path("dependencies").path("prod").asInt(lock.production().size());
        return new Advisory.Report(audited, out, "npm audit");
    }
}
