package dev.prodaudit.repo.kube;

import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Setting;
import dev.prodaudit.repo.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.file.Path;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The workloads of one Helm chart, rendered as {@code helm template release-name <chart>} would with the chart's
 * {@code values.yaml}: by the helm binary when one is on PATH ({@link HelmBinary}), else by
 * {@link TemplateEvaluator}. Locations point at the template line that produced each setting.
 */
final class HelmChart {

    static final String RELEASE = "release-name";
    private static final Pattern WORKLOAD_KIND = Pattern.compile("(?m)^\\s*kind:\\s*[\"']?(" + String.join("|",
            WorkloadReader.WORKLOAD_KINDS) + ")[\"']?\\s*$");

    private HelmChart() {
    }

    /** {@code chart} is the chart's directory relative to the repository ("" for the root). */
    static List<Workload> workloads(Path repository, String chart, List<String> files) {
        String prefix = chart.isEmpty() ? "" : chart + "/";
        Optional<List<Workload>> rendered = HelmBinary.render(repository, chart, files);
        if (rendered.isPresent()) {
            return rendered.get();
        }
        Map<String, Object> chartYaml = load(repository, prefix + "Chart.yaml");
        Map<String, Object> values = load(repository, prefix + "values.yaml");
        Map<String, Object> chartInfo = new LinkedHashMap<>();
        chartYaml.forEach((k, v) -> chartInfo.put(k.isEmpty() ? k : k.substring(0, 1).toUpperCase(Locale.ROOT)
                + k.substring(1), v));
        Map<String, Object> release = new LinkedHashMap<>();
        release.put("Name", RELEASE);
        release.put("Namespace", "default");
        release.put("Service", "Helm");
        release.put("IsInstall", true);
        release.put("IsUpgrade", false);
        release.put("Revision", 1L);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("Values", values);
        root.put("Release", release);
        root.put("Chart", chartInfo);

        String templates = prefix + "templates/";
        List<String> own = files.stream().filter(f -> f.startsWith(templates) && !f.substring(templates.length())
                .contains("/charts/")).sorted().toList();
        Map<String, GoTemplate> parsed = new LinkedHashMap<>();
        Map<String, List<GoTemplate.Part>> defines = new HashMap<>();
        for (String file : own) {
            if (file.endsWith(".yaml") || file.endsWith(".yml") || file.endsWith(".tpl")) {
                KubernetesWorkloads.read(repository, file).ifPresent(text -> {
                    GoTemplate t = GoTemplate.parse(text);
                    defines.putAll(t.defines);
                    parsed.put(file, t);
                });
            }
        }
        Map<String, String> placeholders = new HashMap<>();
        TemplateEvaluator evaluator = new TemplateEvaluator(defines, root, placeholders);
        List<Workload> found = new ArrayList<>();
        for (Map.Entry<String, GoTemplate> entry : parsed.entrySet()) {
            String file = entry.getKey();
            if (KubernetesWorkloads.fileName(file).startsWith("_") || file.endsWith(".tpl")) {
                continue;
            }
            TemplateEvaluator.Output out = evaluator.render(entry.getValue(), file);
            List<String> undecided = evaluator.undecided();
            String whole = undecided.isEmpty() ? null : undecided.get(0);
            List<Workload> fromFile = new ArrayList<>();
            try {
                List<Tree> documents = Tree.readAll(out.text.toString(), line -> Location.of(file, out.source(line)));
                for (Tree.Mapping object : KubernetesWorkloads.objects(documents)) {
                    if (!isTestHook(object)) {
                        WorkloadReader.read(object, new WorkloadReader.Origin(Workload.Kind.HELM, "", placeholders, whole))
                                .ifPresent(fromFile::add);
                    }
                }
            } catch (YAMLException e) {
                whole = whole != null ? whole : "helm template: the rendering of " + file + " is not YAML ("
                        + firstLine(e.getMessage()) + ")";
            }
            if (fromFile.isEmpty() && whole != null) {
                // a workload hidden behind what could not be evaluated is reported, undecided, not dropped
                KubernetesWorkloads.read(repository, file).ifPresent(text -> {
                    Matcher m = WORKLOAD_KIND.matcher(text);
                    if (m.find()) {
                        fromFile.add(undecidedWorkload(m.group(1) + "/" + file, Location.of(file, lineOf(text, m.start(1)))));
                    }
                });
                if (!fromFile.isEmpty()) {
                    String reason = whole;
                    fromFile.replaceAll(w -> withReason(w, reason));
                }
            }
            found.addAll(fromFile);
        }
        return found;
    }

    private static boolean isTestHook(Tree.Mapping object) {
        return object.mapping("metadata").flatMap(m -> m.mapping("annotations"))
                .map(a -> String.valueOf(a.text("helm.sh/hook")).contains("test")).orElse(false);
    }

    private static Workload undecidedWorkload(String name, Location at) {
        return Workload.undecided(name, Workload.Kind.HELM, at, "");
    }

    private static Workload withReason(Workload w, String why) {
        Location at = w.at();
        return new Workload(w.name(), w.kind(), at, w.image(), w.thirdParty(), w.containers(), Setting.undecided(why, at),
                Setting.undecided(why, at), Setting.undecided(why, at), Setting.undecided(why, at),
                Setting.undecided(why, at));
    }

    private static int lineOf(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }

    /** A YAML mapping file (Chart.yaml, values.yaml), or an empty map when absent or unreadable. */
    static Map<String, Object> load(Path repository, String file) {
        Optional<String> text = KubernetesWorkloads.read(repository, file);
        if (text.isEmpty()) {
            return new LinkedHashMap<>();
        }
        try {
            List<Tree> documents = Tree.readAll(text.get(), line -> Location.of(file, line));
            Map<String, Object> result = new LinkedHashMap<>();
            if (!documents.isEmpty() && Tree.plain(documents.get(0)) instanceof Map<?, ?> map) {
                map.forEach((k, v) -> result.put(String.valueOf(k), v));
            }
            return result;
        } catch (YAMLException e) {
            return new LinkedHashMap<>();
        }
    }
}
