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
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run: it must exercise what a real audit loads (both example projects, every report format,
 * every probe family up to its first connection, and the TLS check's handshakes) while reaching nothing but two loopback
 * ports it holds: one refusing, one its own TLS server.
 */
class TrainingRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bothExampleProjectsAreAuditedWithEveryReportEveryTargetAtAHeldLoopbackPort(@TempDir Path scratch)
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
            Set<String> endpoints = new TreeSet<>();
            for (TargetKind kind : TargetKind.values()) {
                String shown = targets.path(kind.key()).asText();
                if (kind == TargetKind.MAIL_DOMAIN) {
                    assertEquals("training.invalid", shown, "a reserved name no resolver answers");
                    continue;
                }
                endpoints.add(shown.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", ""));
            }
            String tls = targets.path(TargetKind.TLS.key()).asText();
            assertTrue(endpoints.remove(tls), "the TLS endpoint is the training run's TLS server: " + tls);
            assertEquals(1, endpoints.size(), "every other live target is the one held port: " + endpoints);
            String refusing = endpoints.iterator().next();
            assertTrue(refusing.startsWith("127.0.0.1:"), refusing);
            assertTrue((tls.startsWith("127.0.0.1:") || tls.startsWith("localhost:")) && !tls.endsWith(
                    refusing.substring(refusing.indexOf(':'))), tls);

            // Every loopback endpoint any check names is one of the two this process holds: none asked another
            // process's port (the HTTPS check's redirect part would ask port 80 if the training did not point it).
            Set<String> named = new TreeSet<>();
            Matcher m = Pattern.compile("127\\.0\\.0\\.1:\\d+").matcher(report.path("checks").toString());
            while (m.find()) {
                named.add(m.group());
            }
            named.remove("127.0.0.1" + tls.substring(tls.indexOf(':')));
            assertEquals(new TreeSet<>(List.of(refusing)), named);

            JsonNode https = check(report, "security.https-tls");
            assertTrue(https.toString().contains(tls + ": TLSv1.3 (") && https.toString().contains("trusted, hostname ok"),
                    "the TLS check completed its handshakes with the training server, trusting the CA file: " + https);

            List<String> slow = new ArrayList<>();
            report.path("checks").forEach(c -> {
                if (c.path("evidence").asText().contains("timed out")) {
                    slow.add(c.path("id").asText() + ": " + c.path("evidence").asText());
                }
            });
            assertEquals(List.of(), slow, "a refused connection answers at once: nothing waits for its timeout");
        }
    }

    private static JsonNode check(JsonNode report, String id) {
        for (JsonNode c : report.path("checks")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no check " + id);
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
