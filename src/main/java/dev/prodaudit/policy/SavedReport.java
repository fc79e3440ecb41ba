package dev.prodaudit.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prodaudit.input.BoundedReader;
import dev.prodaudit.input.InputException;
import dev.prodaudit.probe.Status;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON report written by an earlier {@code audit run} (schema/report.schema.json, major version 1),
 * read back for {@code --baseline} and {@code audit diff}: per check its id, title, severity, status and
 * evidence. Anything that is not such a report is an {@link InputException} with one clear line.
 *
 * @param file how messages name the file
 */
public record SavedReport(String file, String schemaVersion, String startedAt, List<SavedCheck> checks) {
    /** The major version of the JSON report this prodaudit reads. */
    public static final int MAJOR = 1;
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final String HINT = "pass a JSON report written by 'audit run --format json' or '--report json=FILE'";

    /** One check of the saved report. */
    public record SavedCheck(String id, String title, String severity, Status status, String evidence) {
    }

    public SavedReport {
        checks = List.copyOf(checks);
    }

    /** Checks by id, in report order. */
    public Map<String, SavedCheck> byId() {
        Map<String, SavedCheck> byId = new LinkedHashMap<>();
        checks.forEach(c -> byId.put(c.id(), c));
        return Collections.unmodifiableMap(byId);
    }

    /** Reads {@code path}; {@code shown} is what messages call it, {@code role} what the file is for ("baseline"). */
    public static SavedReport read(Path path, String shown, String role) throws InputException {
        String text;
        try {
            text = BoundedReader.standard().read(path, shown);
        } catch (NoSuchFileException e) {
            throw new InputException(shown, role + " file not found", HINT);
        } catch (IOException e) {
            throw new InputException(shown, "cannot read " + role + " file: " + e.getMessage(), null);
        }
        return parse(shown, text);
    }

    public static SavedReport parse(String shown, String text) throws InputException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null || loc.getLineNr() < 1 ? shown : shown + ":" + loc.getLineNr() + ":" + loc.getColumnNr();
            throw new InputException(where, "not a prodaudit JSON report: malformed JSON ("
                    + e.getOriginalMessage().lines().findFirst().orElse("parse error") + ")", HINT);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw notReport(shown, "the file is not a JSON object");
        }
        if (root.has("newFailures") && root.has("fixed") && !root.has("checks")) {
            throw new InputException(shown, "not a prodaudit JSON report: this is the output of 'audit diff'", HINT);
        }
        if (!root.path("tool").path("name").asText("").equals("prodaudit") || !root.has("schemaVersion")) {
            throw notReport(shown, "no 'schemaVersion' and 'tool.name' prodaudit");
        }
        String version = root.get("schemaVersion").asText("");
        Matcher m = VERSION.matcher(version);
        if (!root.get("schemaVersion").isTextual() || !m.matches()) {
            throw notReport(shown, "schemaVersion '" + version + "' is not MAJOR.MINOR");
        }
        if (Integer.parseInt(m.group(1)) != MAJOR) {
            throw new InputException(shown, "JSON report schemaVersion " + version + " is not supported (this prodaudit reads "
                    + MAJOR + ".x)", "write the report again with this version of prodaudit");
        }
        JsonNode checks = root.get("checks");
        if (checks == null || !checks.isArray()) {
            throw notReport(shown, "no 'checks' list");
        }
        List<SavedCheck> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            JsonNode c = checks.get(i);
            String at = "checks[" + i + "]";
            if (!c.isObject() || !c.path("id").isTextual() || c.get("id").asText().isBlank()) {
                throw notReport(shown, at + " has no 'id'");
            }
            String id = c.get("id").asText();
            if (seen.putIfAbsent(id, i) != null) {
                throw notReport(shown, "check '" + id + "' appears twice (" + "checks[" + seen.get(id) + "] and " + at + ")");
            }
            String statusText = c.path("status").asText("");
            Status status;
            try {
                status = Status.valueOf(statusText);
            } catch (IllegalArgumentException e) {
                throw notReport(shown, at + " (" + id + ") has status '" + statusText + "'");
            }
            out.add(new SavedCheck(id, c.path("title").asText(id), c.path("severity").asText(""), status,
                    c.path("evidence").asText("")));
        }
        return new SavedReport(shown, version, root.path("startedAt").asText(null), out);
    }

    private static InputException notReport(String shown, String why) {
        return new InputException(shown, "not a prodaudit JSON report: " + why, HINT);
    }
}
