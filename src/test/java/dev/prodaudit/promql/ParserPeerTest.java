package dev.prodaudit.promql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parser against its reference: every expression of {@link PromqlExamples} is written into a rule file and
 * checked with Debian's {@code promtool check rules} (Prometheus 2.42, installed by .ci/run). What promtool rejects,
 * the parser rejects, and what it accepts, the parser accepts.
 */
class ParserPeerTest {

    static boolean promtool() {
        return Files.isExecutable(Path.of("/usr/bin/promtool"));
    }

    @Test
    void acceptsExactlyWhatPromtoolAccepts(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(promtool() || System.getenv("CI") != null, "promtool is not installed");
        List<String> all = new ArrayList<>(PromqlExamples.VALID);
        all.addAll(PromqlExamples.INVALID.stream().filter(e -> !e.isEmpty()).toList());
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Path file = dir.resolve("rule" + i + ".yml");
            String expr = all.get(i);
            Files.writeString(file, "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: |\n"
                    + expr.lines().map(l -> "      " + l + "\n").reduce("", String::concat), StandardCharsets.UTF_8);
            files.put(file.toString(), expr);
        }
        List<String> command = new ArrayList<>(List.of("promtool", "check", "rules"));
        command.addAll(files.keySet());
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        Map<String, Boolean> promtoolAccepts = new LinkedHashMap<>();
        String current = null;
        for (String line : out.lines().toList()) {
            if (line.startsWith("Checking ")) {
                current = line.substring("Checking ".length()).strip();
                promtoolAccepts.put(current, false);
            } else if (current != null && line.strip().startsWith("SUCCESS")) {
                promtoolAccepts.put(current, true);
            }
        }
        List<String> disagreements = new ArrayList<>();
        files.forEach((file, expr) -> {
            boolean ours;
            try {
                Parser.parse(expr);
                ours = true;
            } catch (PromqlError e) {
                ours = false;
            }
            if (!promtoolAccepts.containsKey(file)) {
                disagreements.add("promtool did not check " + expr);
            } else if (promtoolAccepts.get(file) != ours) {
                disagreements.add((ours ? "we accept, promtool rejects: " : "we reject, promtool accepts: ") + expr);
            }
        });
        assertEquals(List.of(), disagreements);
    }
}
