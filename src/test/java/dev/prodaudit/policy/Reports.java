package dev.prodaudit.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Minimal JSON reports, as 'audit run --format json' writes them, for baseline and diff tests. */
final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Reports() {
    }

    /** {@code checks} as id, status, evidence triples; severity high. */
    static String report(String... checks) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", "1.1");
        root.putObject("tool").put("name", "prodaudit").put("version", "0.1.0");
        root.put("startedAt", "2026-11-20T09:00:00Z");
        ArrayNode list = root.putArray("checks");
        for (int i = 0; i < checks.length; i += 3) {
            list.addObject().put("id", checks[i]).put("title", "Title of " + checks[i]).put("severity", "high")
                    .put("status", checks[i + 1]).put("evidence", checks[i + 2]);
        }
        return root.toPrettyString();
    }

    static SavedReport saved(String name, String... checks) throws Exception {
        return SavedReport.parse(name, report(checks));
    }
}
