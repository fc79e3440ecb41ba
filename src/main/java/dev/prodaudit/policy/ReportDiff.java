package dev.prodaudit.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.prodaudit.probe.Status;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The difference between two JSON reports ({@code audit diff old.json new.json}): new failures (FAIL or
 * ERROR now, not before, including checks that are new and failing), fixed checks (FAIL or ERROR before,
 * not now), other status changes, checks whose evidence changed with the same status, and added and
 * removed check ids. Exit 1 when there is a new failure, so CI can gate on it.
 */
public record ReportDiff(SavedReport before, SavedReport after, List<Change> newFailures, List<Change> fixed,
                         List<Change> changed, List<Change> evidenceChanged, List<SavedReport.SavedCheck> added,
                         List<SavedReport.SavedCheck> removed) {
    /** The version of the {@code --format json} output (schema/diff.schema.json). */
    public static final String SCHEMA_VERSION = "1.0";
    private static final JsonFactory JSON = new JsonFactory();

    /** One check present in the new report; {@code oldStatus} and {@code oldEvidence} are null when it is new. */
    public record Change(String id, String title, String severity, Status oldStatus, Status newStatus, String oldEvidence,
                         String newEvidence) {
    }

    public ReportDiff {
        newFailures = List.copyOf(newFailures);
        fixed = List.copyOf(fixed);
        changed = List.copyOf(changed);
        evidenceChanged = List.copyOf(evidenceChanged);
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /** FAIL or ERROR: what a diff calls failing. */
    public static boolean failing(Status s) {
        return s == Status.FAIL || s == Status.ERROR;
    }

    public static ReportDiff of(SavedReport before, SavedReport after) {
        Map<String, SavedReport.SavedCheck> old = before.byId();
        Map<String, SavedReport.SavedCheck> now = after.byId();
        List<Change> fresh = new ArrayList<>();
        List<Change> fixed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        List<Change> evidence = new ArrayList<>();
        List<SavedReport.SavedCheck> added = new ArrayList<>();
        for (SavedReport.SavedCheck n : after.checks()) {
            SavedReport.SavedCheck o = old.get(n.id());
            Change c = new Change(n.id(), n.title(), n.severity(), o == null ? null : o.status(), n.status(),
                    o == null ? null : o.evidence(), n.evidence());
            if (o == null) {
                added.add(n);
                if (failing(n.status())) {
                    fresh.add(c);
                }
            } else if (!failing(o.status()) && failing(n.status())) {
                fresh.add(c);
            } else if (failing(o.status()) && !failing(n.status())) {
                fixed.add(c);
            } else if (o.status() != n.status()) {
                changed.add(c);
            } else if (!Objects.equals(o.evidence(), n.evidence())) {
                evidence.add(c);
            }
        }
        List<SavedReport.SavedCheck> removed = before.checks().stream().filter(o -> !now.containsKey(o.id())).toList();
        return new ReportDiff(before, after, fresh, fixed, changed, evidence, added, removed);
    }

    public int exitCode() {
        return newFailures.isEmpty() ? 0 : 1;
    }

    public boolean isEmpty() {
        return newFailures.isEmpty() && fixed.isEmpty() && changed.isEmpty() && evidenceChanged.isEmpty()
                && added.isEmpty() && removed.isEmpty();
    }

    /** The text a person reads. */
    public void writeText(Writer out) throws IOException {
        out.write("audit diff: " + describe(before) + " → " + describe(after) + "\n");
        if (isEmpty()) {
            out.write("\nno changes: the same checks with the same statuses and evidence (exit 0)\n");
            return;
        }
        String pad = "            ";
        section(out, "New failures", newFailures, c -> {
            out.write(statusLine(c) + "\n");
            out.write(pad + c.newEvidence() + "\n");
        });
        section(out, "Fixed", fixed, c -> {
            out.write(statusLine(c) + "\n");
            out.write(pad + c.newEvidence() + "\n");
        });
        section(out, "Changed status", changed, c -> {
            out.write(statusLine(c) + "\n");
            out.write(pad + (Objects.equals(c.oldEvidence(), c.newEvidence()) ? c.newEvidence()
                    : c.oldEvidence() + " → " + c.newEvidence()) + "\n");
        });
        section(out, "Evidence changed", evidenceChanged, c ->
                out.write("  " + c.id() + ": " + c.oldEvidence() + " → " + c.newEvidence() + "\n"));
        section(out, "Added", added, c -> out.write("  + " + c.id() + "  " + c.status() + "  " + c.title() + "\n"));
        section(out, "Removed", removed, c -> out.write("  - " + c.id() + "  (was " + c.status() + ")  " + c.title() + "\n"));
        List<String> parts = new ArrayList<>();
        parts.add(count(newFailures.size(), "new failure", "new failures"));
        parts.add(fixed.size() + " fixed");
        parts.add(changed.size() + " changed status");
        parts.add(evidenceChanged.size() + " changed evidence");
        parts.add(added.size() + " added");
        parts.add(removed.size() + " removed");
        out.write("\n" + String.join(", ", parts) + " (exit " + exitCode() + ")\n");
    }

    /** The JSON for machines (schema/diff.schema.json). */
    public void writeJson(Writer out, String toolVersion) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schemaVersion", SCHEMA_VERSION);
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "prodaudit");
            g.writeStringField("version", toolVersion);
            g.writeEndObject();
            reportInfo(g, "old", before);
            reportInfo(g, "new", after);
            g.writeObjectFieldStart("summary");
            g.writeNumberField("newFailures", newFailures.size());
            g.writeNumberField("fixed", fixed.size());
            g.writeNumberField("changed", changed.size());
            g.writeNumberField("evidenceChanged", evidenceChanged.size());
            g.writeNumberField("added", added.size());
            g.writeNumberField("removed", removed.size());
            g.writeNumberField("exitCode", exitCode());
            g.writeEndObject();
            changes(g, "newFailures", newFailures);
            changes(g, "fixed", fixed);
            changes(g, "changed", changed);
            changes(g, "evidenceChanged", evidenceChanged);
            checks(g, "added", added);
            checks(g, "removed", removed);
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static String describe(SavedReport r) {
        return r.file() + " (" + (r.startedAt() == null ? "" : r.startedAt() + ", ") + count(r.checks().size(), "check", "checks") + ")";
    }

    private static String statusLine(Change c) {
        String from = c.oldStatus() == null ? "(new)" : c.oldStatus().name();
        return "  " + String.format("%-16s", from + " → " + c.newStatus().name()) + "  " + c.title() + "  ["
                + (c.severity().isEmpty() ? "" : c.severity() + " · ") + c.id() + "]";
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    @FunctionalInterface
    private interface Line<T> {
        void write(T item) throws IOException;
    }

    private static <T> void section(Writer out, String title, List<T> items, Line<T> line) throws IOException {
        if (items.isEmpty()) {
            return;
        }
        out.write("\n" + title + " (" + items.size() + ")\n");
        for (T item : items) {
            line.write(item);
        }
    }

    private static void reportInfo(JsonGenerator g, String name, SavedReport r) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeStringField("file", r.file());
        g.writeStringField("schemaVersion", r.schemaVersion());
        nullable(g, "startedAt", r.startedAt());
        g.writeNumberField("checks", r.checks().size());
        g.writeEndObject();
    }

    private static void changes(JsonGenerator g, String name, List<Change> list) throws IOException {
        g.writeArrayFieldStart(name);
        for (Change c : list) {
            g.writeStartObject();
            g.writeStringField("id", c.id());
            g.writeStringField("title", c.title());
            g.writeStringField("severity", c.severity());
            nullable(g, "oldStatus", c.oldStatus() == null ? null : c.oldStatus().name());
            g.writeStringField("newStatus", c.newStatus().name());
            nullable(g, "oldEvidence", c.oldEvidence());
            g.writeStringField("newEvidence", c.newEvidence());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void checks(JsonGenerator g, String name, List<SavedReport.SavedCheck> list) throws IOException {
        g.writeArrayFieldStart(name);
        for (SavedReport.SavedCheck c : list) {
            g.writeStartObject();
            g.writeStringField("id", c.id());
            g.writeStringField("title", c.title());
            g.writeStringField("severity", c.severity());
            g.writeStringField("status", c.status().name());
            g.writeStringField("evidence", c.evidence());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void nullable(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }
}
