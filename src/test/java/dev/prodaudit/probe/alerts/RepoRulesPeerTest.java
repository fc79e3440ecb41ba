package dev.prodaudit.probe.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's rule files as the audit reads them against {@code promtool check rules} (Prometheus 2.42) on the
 * same files: the end-to-end fixtures' rule files and broken ones. A file promtool rejects for its PromQL is one the
 * audit reports an invalid rule in, and a file it accepts has none.
 */
class RepoRulesPeerTest {

    @Test
    void rejectsTheRuleFilesPromtoolRejects(@TempDir Path repo) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")) || System.getenv("CI") != null,
                "promtool is not installed");
        Map<String, String> files = new TreeMap<>();
        for (String fixture : List.of("good", "bad")) {
            files.put(fixture + ".yml", Files.readString(Path.of("src/test/resources/fixtures", fixture,
                    "monitoring/alerts.yml")));
        }
        files.put("range.yml", "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: rate(http_requests_total) > 1\n");
        files.put("unclosed.yml", "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n      sum(rate(x[5m])\n");
        files.put("matching.yml", "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: x and on(a) group_left y\n");
        files.put("scalars.yml", "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: '1 > 2'\n");
        files.put("subquery.yml", "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: max_over_time(rate(x[5m])[1h:5m]) > 1\n");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(repo.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        List<String> command = new ArrayList<>(List.of("promtool", "check", "rules"));
        command.addAll(files.keySet());
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        TreeSet<String> promtoolRejects = new TreeSet<>(files.keySet());
        String current = null;
        for (String line : out.lines().toList()) {
            if (line.startsWith("Checking ")) {
                current = line.substring("Checking ".length()).strip();
            } else if (current != null && line.strip().startsWith("SUCCESS")) {
                promtoolRejects.remove(current);
            }
        }
        TreeSet<String> weReject = new TreeSet<>();
        for (RepoRules.Rule r : RepoRules.scan(repo, List.copyOf(files.keySet())).rules()) {
            if (r.parsed() == null) {
                weReject.add(r.file());
            }
        }
        assertEquals(new TreeSet<>(List.of("matching.yml", "range.yml", "scalars.yml", "unclosed.yml")), promtoolRejects);
        assertEquals(promtoolRejects, weReject);
    }
}
