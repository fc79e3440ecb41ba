package dev.prodaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published JSON report schema describes what the JSON reporter writes, and nothing looser. */
class ReportSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonSchema schema() throws Exception {
        JsonNode node = JSON.readTree(Path.of("schema/report.schema.json").toFile());
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }

    @Test
    void goldenReportsConformToTheSchema() throws Exception {
        JsonSchema schema = schema();
        for (String name : new String[] {"good.json", "bad.json"}) {
            JsonNode report = JSON.readTree(Path.of("src/test/resources/golden", name).toFile());
            ((ObjectNode) report).put("startedAt", "2026-11-25T10:00:00Z");
            Set<ValidationMessage> errors = schema.validate(report);
            assertEquals(Set.of(), errors, name);
        }
    }

    @Test
    void schemaRejectsUnknownFieldsAndStatuses() throws Exception {
        JsonSchema schema = schema();
        JsonNode report = JSON.readTree(Path.of("src/test/resources/golden/bad.json").toFile());
        ((ObjectNode) report.get("checks").get(0)).put("status", "MAYBE");
        ((ObjectNode) report).put("extra", true);
        assertFalse(schema.validate(report).isEmpty());
    }
}
