package dev.prodaudit.repo.kube;

import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Workload;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code helm template} when a helm binary is on PATH: the real renderer, so nothing is left undecided. Its output
 * names each template in a {@code # Source: chart/templates/x.yaml} comment; locations name that file (helm does not
 * say which template line produced a line). Isolated here because no helm binary exists where this was written:
 * without one, {@link #render} is empty and the chart is evaluated by {@link TemplateEvaluator}.
 */
final class HelmBinary {

    private static final long TIMEOUT_SECONDS = 60;

    private HelmBinary() {
    }

    static Optional<List<Workload>> render(Path repository, String chart, List<String> files) {
        Optional<Path> helm = onPath();
        if (helm.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path output = Files.createTempFile("prodaudit-helm", ".yaml");
            try {
                Process process = new ProcessBuilder(helm.get().toString(), "template", HelmChart.RELEASE,
                        repository.resolve(chart.isEmpty() ? "." : chart).toString())
                        .redirectErrorStream(false).redirectOutput(output.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return Optional.empty();
                }
                if (process.exitValue() != 0) {
                    return Optional.empty(); // e.g. missing dependencies: the evaluator says what it cannot do
                }
                return Optional.of(workloads(Files.readString(output, StandardCharsets.UTF_8), chart));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException | YAMLException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Reads helm's output; {@code # Source: name/templates/x.yaml} becomes {@code <chart>/templates/x.yaml}. */
    static List<Workload> workloads(String rendered, String chart) {
        String[] lines = rendered.split("\n", -1);
        String[] sources = new String[lines.length + 1];
        String current = chart.isEmpty() ? "Chart.yaml" : chart + "/Chart.yaml";
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("# Source: ")) {
                String source = lines[i].substring("# Source: ".length()).strip();
                int slash = source.indexOf('/');
                String inChart = slash < 0 ? source : source.substring(slash + 1);
                current = chart.isEmpty() ? inChart : chart + "/" + inChart;
            }
            sources[i + 1] = current;
        }
        List<Workload> found = new ArrayList<>();
        String fallback = current;
        List<Tree> documents = Tree.readAll(rendered, line -> Location.of(
                line >= 1 && line < sources.length ? sources[line] : fallback, 0));
        for (Tree.Mapping object : KubernetesWorkloads.objects(documents)) {
            WorkloadReader.read(object, new WorkloadReader.Origin(Workload.Kind.HELM, "", Map.of(), null))
                    .ifPresent(found::add);
        }
        return found;
    }

    private static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "helm");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
