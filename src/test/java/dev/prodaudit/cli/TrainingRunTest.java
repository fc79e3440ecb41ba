package dev.prodaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodaudit.config.TargetKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run: it must exercise what a real audit loads (both example projects, every report format,
 * every probe family up to its first connection) while reaching nothing but a loopback port it holds refusing.
 */
class TrainingRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothExampleProjectsAreAuditedWithEveryReportAndEveryTargetAtOneRefusingLoopbackPort(@TempDir Path scratch)
            throws Exception {
        List<Path> trained = TrainingRun.train(scratch);

        assertEquals(List.of(scratch.resolve("bad"), scratch.resolve("good")), trained);
        for (String project : List.of("bad", "good")) {
            for (String format : List.of("json", "junit", "sarif", "markdown", "html", "prometheus")) {
                Path report = scratch.resolve(project + "-report." + format);
                assertTrue(Files.size(report) > 0, report + " written");
            }
            assertTrue(Files.isDirectory(scratch.resolve(project).resolve(".git")), "a git repository, so the git checks read a history");
            JsonNode report = JSON.readTree(scratch.resolve(project + "-report.json").toFile());
            assertEquals(95, report.path("summary").path("total").asInt(), "the whole built-in catalogue ran");

            JsonNode targets = report.path("config").path("targets");
            Set<String> endpoints = new java.util.TreeSet<>();
            for (TargetKind kind : TargetKind.values()) {
                String shown = targets.path(kind.key()).asText();
                if (kind == TargetKind.MAIL_DOMAIN) {
                    assertEquals("training.invalid", shown, "a reserved name no resolver answers");
                    continue;
                }
                endpoints.add(shown.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", ""));
            }
            assertEquals(1, endpoints.size(), "every live target is the one held port: " + endpoints);
            assertTrue(endpoints.iterator().next().startsWith("127.0.0.1:"), endpoints.toString());

            List<String> slow = new ArrayList<>();
            report.path("checks").forEach(c -> {
                if (c.path("evidence").asText().contains("timed out")) {
                    slow.add(c.path("id").asText() + ": " + c.path("evidence").asText());
                }
            });
            assertEquals(List.of(), slow, "a refused connection answers at once: nothing waits for its timeout");
        }
    }

    @Test
    void nothingIsWrittenOutsideTheScratchFolder(@TempDir Path parent) throws Exception {
        Path scratch = Files.createDirectory(parent.resolve("scratch"));
        TrainingRun.train(scratch);
        try (Stream<Path> beside = Files.list(parent)) {
            assertEquals(List.of(scratch), beside.toList());
        }
        assertFalse(Files.exists(scratch.resolve("audit.yaml")), "each project has its own configuration");
    }
}
