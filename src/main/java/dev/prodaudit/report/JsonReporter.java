package dev.prodaudit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.policy.Attestation;
import dev.prodaudit.policy.Baseline;
import dev.prodaudit.policy.Policy;
import dev.prodaudit.policy.Waiver;
import dev.prodaudit.probe.Finding;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON report, schema version 1.2 (schema/report.schema.json; 1.2 added the top-level {@code release}; 1.1 the optional per-check
 * {@code attestation} and {@code waiver} and the top-level {@code baseline}). Field order is fixed so reports diff
 * cleanly; additions bump the minor part of {@code schemaVersion}, removals or renames the major part.
 */
public final class JsonReporter implements Reporter {
    public static final String SCHEMA_VERSION = "1.3";
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format() {
        return "json";
    }

    @Override
    public void write(AuditReport report, Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(new NonClosing(out))) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schemaVersion", SCHEMA_VERSION);
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "prodaudit");
            g.writeStringField("version", report.version());
            g.writeEndObject();
            g.writeStringField("startedAt", report.startedAt().toString());
            g.writeNumberField("durationMs", report.durationMs());

            AuditReport.RunInfo run = report.run();
            if (run.release() != null) {
                g.writeObjectFieldStart("release");
                g.writeStringField("ref", run.release().ref());
                nullableString(g, "sha", run.release().commit());
                if (run.release().branch() != null) {
                    g.writeStringField("branch", run.release().branch());
                }
                if (run.release().repositoryUri() != null) {
                    g.writeStringField("repositoryUri", run.release().repositoryUri());
                }
                nullableString(g, "unavailable", run.release().gitRepository() ? run.release().unavailable() : "not a git repository");
                g.writeEndObject();
            }
            g.writeObjectFieldStart("config");
            nullableString(g, "configFile", run.configFile());
            stringArray(g, "catalogues", run.catalogues());
            stringArray(g, "envFiles", run.envFiles());
            g.writeStringField("repository", run.repository());
            g.writeObjectFieldStart("targets");
            for (Map.Entry<String, String> t : run.targets().entrySet()) {
                g.writeStringField(t.getKey(), t.getValue());
            }
            g.writeEndObject();
            g.writeStringField("failOn", report.gate().failOnText());
            g.writeBooleanField("allowErrors", report.gate().allowErrors());
            g.writeStringField("requireAttested", report.gate().requireAttestedText());
            if (run.release() != null) {
                g.writeObjectFieldStart("release");
                g.writeStringField("ref", run.release().ref());
                nullableString(g, "commit", run.release().commit());
                nullableString(g, "unavailable", run.release().unavailable());
                g.writeEndObject();
            }
            g.writeEndObject();

            g.writeObjectFieldStart("summary");
            g.writeNumberField("total", report.results().size());
            for (Map.Entry<Status, Integer> c : report.counts().entrySet()) {
                g.writeNumberField(c.getKey().name().toLowerCase(Locale.ROOT), c.getValue());
            }
            g.writeNumberField("gating", report.gating().size());
            g.writeNumberField("unattested", report.unattested().size());
            g.writeNumberField("exitCode", report.exitCode());
            AuditReport.OfflineCounts offline = report.offlineCounts();
            if (offline != null) {
                g.writeObjectFieldStart("offline");
                g.writeNumberField("decided", offline.decided());
                g.writeNumberField("partly", offline.partly());
                g.writeNumberField("notRun", offline.notRun());
                g.writeEndObject();
            }
            g.writeEndObject();

            stringArray(g, "warnings", report.warnings());

            if (report.baseline() != null) {
                Baseline b = report.baseline();
                g.writeObjectFieldStart("baseline");
                g.writeStringField("file", b.file());
                stringArray(g, "newFailures", b.newFailures());
                stringArray(g, "knownFailures", b.knownFailures());
                stringArray(g, "fixed", b.fixed());
                g.writeEndObject();
            }

            g.writeArrayFieldStart("checks");
            for (Result r : report.results()) {
                writeResult(g, r, report.gate().gates(r), report.note(r).orElse(null));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void writeResult(JsonGenerator g, Result r, boolean gating, Policy.Note note) throws IOException {
        Check c = r.check();
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("title", c.title());
        g.writeStringField("section", c.section());
        nullableString(g, "subsection", c.subsection());
        g.writeStringField("severity", c.severity().id());
        g.writeStringField("status", r.status().name());
        g.writeBooleanField("gating", gating);
        g.writeStringField("evidence", r.evidence());
        g.writeArrayFieldStart("findings");
        for (Finding f : r.findings()) {
            g.writeStartObject();
            g.writeStringField("status", f.status().name());
            g.writeStringField("message", f.message());
            nullableString(g, "file", f.file());
            if (f.line() == null) {
                g.writeNullField("line");
            } else {
                g.writeNumberField("line", f.line());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("remediation", c.remediation());
        stringArray(g, "tags", c.tags());
        g.writeStringField("probe", c.probeType());
        g.writeNumberField("durationMs", r.durationMs());
        // 1.1: present only when an attestation or a waiver applied to the check.
        if (note != null && note.attestation() != null) {
            Attestation a = note.attestation().attestation();
            g.writeObjectFieldStart("attestation");
            g.writeStringField("by", a.by());
            g.writeStringField("date", a.date().toString());
            g.writeStringField("evidence", a.evidence());
            g.writeStringField("expires", a.expires().toString());
            nullableString(g, "release", a.release());
            g.writeStringField("state", note.attestation().state().id());
            g.writeEndObject();
        }
        if (note != null && note.waiver() != null) {
            Waiver w = note.waiver().waiver();
            g.writeObjectFieldStart("waiver");
            g.writeStringField("justification", w.justification());
            nullableString(g, "by", w.by());
            g.writeStringField("expires", w.expires().toString());
            g.writeStringField("originalStatus", note.waiver().originalStatus().name());
            g.writeBooleanField("applied", note.waiver().applied());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void nullableString(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    private static void stringArray(JsonGenerator g, String name, Iterable<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** Lets the generator flush without closing the caller's writer (stdout). */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
