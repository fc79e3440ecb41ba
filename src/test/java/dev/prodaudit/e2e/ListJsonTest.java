package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit list --format json}: the catalogue as ops tooling reads it. */
class ListJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oneCheckCarriesItsIdTitleSectionSeverityProbeTypeAndTags(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        CliRun run = f.audit("list", "--format", "json", "--only", "security.https-tls");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode root = JSON.readTree(run.out());
        assertEquals("builtin:checks/01-security.yaml", root.get("catalogues").get(0).asText());
        assertEquals(1, root.get("checks").size());
        assertEquals(JSON.readTree("""
                {"id": "security.https-tls", "title": "HTTPS enabled", "section": "Security Checklist",
                 "subsection": "Network Security", "severity": "critical", "probeType": "all",
                 "evidence": ["config", "live"], "tags": ["tls", "https", "http"], "enabled": true}
                """), root.get("checks").get(0));
    }

    @Test
    void theJsonListsTheSameChecksAsTheTextInTheSameOrder(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        CliRun text = f.audit("list");
        List<String> textIds = new ArrayList<>();
        text.out().lines().filter(l -> l.startsWith("  ")).forEach(l -> textIds.add(l.strip().split("\\s+")[0]));
        CliRun json = f.audit("list", "--format", "json");
        List<String> jsonIds = new ArrayList<>();
        JSON.readTree(json.out()).get("checks").forEach(c -> {
            jsonIds.add(c.get("id").asText());
            for (String field : new String[] {"title", "section", "severity", "probeType"}) {
                assertFalse(c.get(field).asText().isBlank(), field + " of " + c);
            }
            assertTrue(c.get("tags").isArray(), c.toString());
        });
        assertFalse(jsonIds.isEmpty());
        assertEquals(textIds, jsonIds);
    }

    @Test
    void anUnknownFormatIsAnInvocationError(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        CliRun run = f.audit("list", "--format", "yaml");
        assertEquals(2, run.exitCode());
        assertEquals("error: --format yaml: unknown list format 'yaml' (hint: text, json or markdown)", run.err().strip());
        assertEquals("", run.out());
    }
}
