package dev.prodaudit.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.policy.AuditedRelease;
import dev.prodaudit.policy.Policy;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.FindingAnchor;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * SARIF 2.1.0, for GitHub code scanning ({@code github/codeql-action/upload-sarif}) and other SARIF viewers.
 * One run; {@code tool.driver.rules} has one rule per check (shortDescription = title, fullDescription =
 * rationale, help = remediation, defaultConfiguration.level from the severity: critical and high are
 * {@code error}, medium {@code warning}, low and info {@code note}).
 *
 * <p>Results: one per FAIL, WARN, ERROR or WAIVED finding (a check with no such finding gives one result
 * carrying its evidence). PASS, SKIP and MANUAL checks give no result: SARIF has kinds for them ({@code pass},
 * {@code notApplicable}, {@code review}), but GitHub code scanning ignores {@code kind} and would raise each as
 * an alert; the run's {@code properties.summary} carries the counts of every status instead. Every result has
 * {@code kind: "fail"} (SARIF's {@code open} would fit an ERROR, but requires {@code level: none}, and an ERROR
 * gates like a FAIL). Levels: FAIL and ERROR take the rule's level; WARN is {@code warning}, or {@code note} for
 * low and info checks. An ERROR's message starts "could not check:", and each ERROR check is also a
 * {@code toolExecutionNotification} of the invocation. A WAIVED result keeps the level of what was waived and
 * carries {@code suppressions: [{kind: external, status: accepted, justification}]}, the justification being the
 * waiver's "waived until D by X: why" (the evidence when the report has no waiver note).
 *
 * <p>Locations: code scanning shows a result on a file of the analysed commit, so a result has one wherever it can. A
 * finding with a file points at it (repository-relative, {@code uriBaseId: %SRCROOT%}) with {@code region.startLine}
 * (1 when the finding names a file but no line). A finding without a file (a live service, a variable that is not
 * set) is placed, with a {@code location.message} saying so, at line 1 of the file it is about or was read from: the
 * file a file probe names, .gitignore for a git probe, the env file for an env probe, otherwise the audit
 * configuration file, otherwise the env file, otherwise {@code audit.yaml} (see {@link #anchor}). When the file a
 * finding is about (its own, or the env file it was placed on) is one git does not track, the result moves to the tracked {@code .env.example} line of the variable it
 * names, else to README.md, else it has no location, and its message names the real file (see {@link #place}).
 *
 * <p>For GitHub code scanning: each rule carries {@code properties.security-severity} (so alerts read Critical, High,
 * Medium or Low), each result {@code partialFingerprints["prodaudit/v1"]} (the same finding keeps its alert across
 * runs and line moves, see {@link Fingerprints}), and the run {@code versionControlProvenance} with the audited commit
 * ({@code --release}) when it is known.
 */
public final class SarifReporter implements Reporter {
    /** The OASIS SARIF 2.1.0 schema (the standard with Errata 01). */
    public static final String SCHEMA_URI =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format() {
        return "sarif";
    }

    @Override
    public void write(AuditReport report, Writer out) throws IOException {
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        List<Check> rules = new ArrayList<>();
        for (Result r : report.results()) {
            if (!ruleIndex.containsKey(r.check().id())) {
                ruleIndex.put(r.check().id(), rules.size());
                rules.add(r.check());
            }
        }
        try (JsonGenerator g = JSON.createGenerator(new ReportFacts.NonClosing(out))) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("version", "2.1.0");  // the spec asks for version first
            g.writeStringField("$schema", SCHEMA_URI);
            g.writeArrayFieldStart("runs");
            g.writeStartObject();

            g.writeObjectFieldStart("tool");
            g.writeObjectFieldStart("driver");
            g.writeStringField("name", "prodaudit");
            g.writeStringField("version", report.version());
            g.writeArrayFieldStart("rules");
            for (Check c : rules) {
                writeRule(g, c);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();

            writeInvocation(g, report, ruleIndex);

            g.writeObjectFieldStart("originalUriBaseIds");
            g.writeObjectFieldStart("%SRCROOT%");
            message(g, "description", "The audited repository (" + report.run().repository() + ")");
            g.writeEndObject();
            g.writeEndObject();

            writeProvenance(g, report.run().release());

            g.writeArrayFieldStart("results");
            Map<String, Integer> occurrences = new java.util.HashMap<>();
            for (Result r : report.results()) {
                writeResults(g, report, r, ruleIndex.get(r.check().id()), occurrences);
            }
            g.writeEndArray();

            g.writeObjectFieldStart("properties");
            g.writeStringField("verdict", ReportFacts.verdict(report));
            g.writeStringField("failOn", report.gate().failOnText());
            g.writeBooleanField("allowErrors", report.gate().allowErrors());
            g.writeNumberField("exitCode", report.exitCode());
            g.writeObjectFieldStart("summary");
            g.writeNumberField("total", report.results().size());
            for (Map.Entry<Status, Integer> e : report.counts().entrySet()) {
                g.writeNumberField(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
            }
            g.writeNumberField("gating", report.gating().size());
            g.writeEndObject();
            g.writeEndObject();

            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    private static void writeRule(JsonGenerator g, Check c) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        message(g, "shortDescription", c.title());
        message(g, "fullDescription", c.rationale() == null || c.rationale().isBlank() ? c.title() : c.rationale());
        message(g, "help", c.remediation() == null || c.remediation().isBlank() ? c.title() : c.remediation());
        g.writeObjectFieldStart("defaultConfiguration");
        g.writeStringField("level", level(c.severity()));
        g.writeEndObject();
        g.writeObjectFieldStart("properties");
        g.writeArrayFieldStart("tags");
        for (String t : c.tags()) {
            g.writeString(t);
        }
        g.writeEndArray();
        g.writeStringField("severity", c.severity().id());
        String securitySeverity = securitySeverity(c.severity());
        if (securitySeverity != null) {
            g.writeStringField("security-severity", securitySeverity);
        }
        g.writeStringField("section", c.section());
        if (c.subsection() != null) {
            g.writeStringField("subsection", c.subsection());
        }
        g.writeStringField("probe", c.probeType());
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * The audited commit ({@code --release}), so a viewer knows which revision the results are about. Left out when
     * the release is unknown (not a git repository, no commit): SARIF requires the repository and revision.
     */
    private static void writeProvenance(JsonGenerator g, AuditedRelease release) throws IOException {
        if (release == null || !release.known() || release.repositoryUri() == null) {
            return;
        }
        g.writeArrayFieldStart("versionControlProvenance");
        g.writeStartObject();
        g.writeStringField("repositoryUri", release.repositoryUri());
        g.writeStringField("revisionId", release.commit());
        if (release.branch() != null) {
            g.writeStringField("branch", release.branch());
        }
        g.writeObjectFieldStart("mappedTo");
        g.writeStringField("uriBaseId", "%SRCROOT%");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
    }

    private static void writeInvocation(JsonGenerator g, AuditReport report, Map<String, Integer> ruleIndex) throws IOException {
        g.writeArrayFieldStart("invocations");
        g.writeStartObject();
        g.writeBooleanField("executionSuccessful", true);
        g.writeNumberField("exitCode", report.exitCode());
        g.writeStringField("exitCodeDescription", ReportFacts.verdict(report));
        Instant start = report.startedAt().truncatedTo(ChronoUnit.MILLIS);
        g.writeStringField("startTimeUtc", start.toString());
        g.writeStringField("endTimeUtc", start.plusMillis(report.durationMs()).toString());
        g.writeArrayFieldStart("toolExecutionNotifications");
        for (Result r : report.results()) {
            if (r.status() != Status.ERROR) {
                continue;
            }
            g.writeStartObject();
            g.writeStringField("level", "error");
            message(g, "message", r.check().id() + ": could not check: " + r.evidence());
            g.writeObjectFieldStart("associatedRule");
            g.writeStringField("id", r.check().id());
            g.writeNumberField("index", ruleIndex.get(r.check().id()));
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
    }

    private static void writeResults(JsonGenerator g, AuditReport report, Result r, int ruleIndex,
                                     Map<String, Integer> occurrences) throws IOException {
        Status status = r.status();
        if (!ReportFacts.isProblem(status) && status != Status.WAIVED) {
            return;
        }
        List<Finding> findings = ReportFacts.problems(r);
        if (findings.isEmpty()) {
            findings = List.of(new Finding(status, r.evidence(), null, null));
        }
        // A waiver's own words when the policy applied one; the level of what was waived (FAIL or WARN).
        Policy.AppliedWaiver waiver = report.note(r).map(Policy.Note::waiver).filter(Policy.AppliedWaiver::applied).orElse(null);
        String justification = waiver != null ? waiver.summary() : r.evidence();
        Status levelOf = waiver != null && waiver.originalStatus() != null ? waiver.originalStatus() : status;
        for (Finding f : findings) {
            Check c = r.check();
            g.writeStartObject();
            g.writeStringField("ruleId", c.id());
            g.writeNumberField("ruleIndex", ruleIndex);
            g.writeStringField("kind", "fail");
            g.writeStringField("level", level(levelOf, c.severity()));
            String text = f.message();
            if (status == Status.ERROR) {
                text = "could not check: " + text;
            }
            Placement placement = place(report, c, f);
            if (placement.realFile() != null) {
                text = text + " (in " + placement.realFile() + ", which git does not track; shown "
                        + (placement.path() == null ? "without a location" : "on " + placement.path()
                        + (placement.line() > 1 ? ":" + placement.line() : "")) + ")";
            }
            message(g, "message", text);
            g.writeArrayFieldStart("locations");
            if (placement.path() != null) {
                writeLocation(g, placement);
            }
            g.writeEndArray();
            String fingerprint = Fingerprints.of(c.id(), f.file(), f.message());
            int occurrence = occurrences.merge(fingerprint, 1, Integer::sum);
            g.writeObjectFieldStart("partialFingerprints");
            g.writeStringField(Fingerprints.KEY, fingerprint + ":" + occurrence);
            g.writeEndObject();
            if (status == Status.WAIVED) {
                g.writeArrayFieldStart("suppressions");
                g.writeStartObject();
                g.writeStringField("kind", "external");
                g.writeStringField("status", "accepted");
                g.writeStringField("justification", justification);
                g.writeEndObject();
                g.writeEndArray();
            }
            g.writeObjectFieldStart("properties");
            g.writeStringField("status", status.name());
            g.writeStringField("severity", c.severity().id());
            g.writeBooleanField("gating", report.gate().gates(r));
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /**
     * Where a result is shown, and the untracked file it is about when that is not where it is shown.
     *
     * @param path     repository-relative, or null for no location at all
     * @param note     the location's message, or null
     * @param realFile "file:line" of an untracked file the finding is about, or null
     */
    record Placement(String path, int line, String note, String realFile) {
    }

    /**
     * A finding's file and line; a finding without a file on the file its check is about ({@link #anchor}). Code
     * scanning shows only files of the analysed commit, so a finding about a file git does not track (its own file,
     * or the env file it is placed on; not the audit configuration a file-less finding is merely shown on) is moved: to the line of the tracked {@code .env.example} (beside it, else at the root) that documents the
     * variable it names, else to line 1 of the root README.md, else to no location; the message names the real file.
     */
    static Placement place(AuditReport report, Check c, Finding f) {
        String path;
        int line;
        String note = null;
        if (f.file() != null) {
            path = f.file();
            line = f.line() == null || f.line() < 1 ? 1 : f.line();
        } else {
            path = anchor(report, c);
            line = 1;
            note = "no file of its own: reported on " + path;
        }
        TrackedFiles tracked = report.run().tracked();
        // A file-less finding placed on the audit configuration or .gitignore is not about that file: it stays.
        boolean aboutTheFile = f.file() != null || report.run().envFiles().stream()
                .anyMatch(env -> repositoryRelative(report.run(), env).equals(path));
        if (tracked == null || tracked.tracks(path) || !aboutTheFile) {
            return new Placement(path, line, note, null);
        }
        String real = f.file() != null && f.line() != null && f.line() > 0 ? path + ":" + f.line() : path;
        java.util.Optional<TrackedFiles.Line> documented = variableNamed(f.message(), tracked)
                .flatMap(variable -> tracked.templateLine(path, variable));
        if (documented.isPresent()) {
            return new Placement(documented.get().file(), documented.get().line(),
                    "the variable as documented; the finding is about " + real, real);
        }
        if (tracked.tracks(ROOT_FILE)) {
            return new Placement(ROOT_FILE, 1, "the repository root; the finding is about " + real, real);
        }
        return new Placement(null, 0, null, real);
    }

    /** The repository file a finding about an untracked file falls back to when no template documents it. */
    private static final String ROOT_FILE = "README.md";
    private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile("\\b[A-Z][A-Z0-9_]*[A-Z0-9]\\b");

    /** The first word of a message that is a variable some tracked template documents ("JWT_SECRET is 12 chars"). */
    static java.util.Optional<String> variableNamed(String message, TrackedFiles tracked) {
        java.util.regex.Matcher m = VARIABLE.matcher(message == null ? "" : message);
        while (m.find()) {
            if (tracked.documents(m.group())) {
                return java.util.Optional.of(m.group());
            }
        }
        return java.util.Optional.empty();
    }

    private static void writeLocation(JsonGenerator g, Placement placement) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("physicalLocation");
        g.writeObjectFieldStart("artifactLocation");
        g.writeStringField("uri", uri(placement.path()));
        g.writeStringField("uriBaseId", "%SRCROOT%");
        g.writeEndObject();
        g.writeObjectFieldStart("region");
        g.writeNumberField("startLine", placement.line());
        g.writeEndObject();
        g.writeEndObject();
        if (placement.note() != null) {
            message(g, "message", placement.note());
        }
        g.writeEndObject();
    }

    /**
     * The file a finding without one is placed on, repository-relative, as the check's probe says
     * ({@link Check#anchor()}): a repository file it names, the run's env file, or else the audit configuration,
     * else the env file, else audit.yaml.
     */
    static String anchor(AuditReport report, Check c) {
        FindingAnchor anchor = c.anchor();
        if (anchor instanceof FindingAnchor.RepositoryFile file) {
            return file.path();
        }
        AuditReport.RunInfo run = report.run();
        String envFile = run.envFiles().isEmpty() ? null : repositoryRelative(run, run.envFiles().get(0));
        if (anchor instanceof FindingAnchor.EnvFile && envFile != null) {
            return envFile;
        }
        if (run.configFile() != null) {
            return repositoryRelative(run, run.configFile());
        }
        return envFile != null ? envFile : "audit.yaml";
    }

    /** Run paths are relative to the working directory; SARIF wants them relative to the repository. */
    static String repositoryRelative(AuditReport.RunInfo run, String path) {
        try {
            Path repo = Path.of(run.repository()).normalize();
            Path p = Path.of(path).normalize();
            if (repo.toString().isEmpty() || repo.toString().equals(".") || p.isAbsolute() != repo.isAbsolute()) {
                return p.isAbsolute() ? p.getFileName().toString() : p.toString().replace('\\', '/');
            }
            Path rel = repo.relativize(p);
            return rel.startsWith("..") ? p.getFileName().toString() : rel.toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {  // includes InvalidPathException
            return path;
        }
    }

    /**
     * A relative URI reference for a repository path: percent-encodes what a path segment cannot hold as is
     * (spaces, '%', '#', '?', and ':' so that "c:x" does not read as a scheme).
     */
    static String uri(String path) {
        StringBuilder b = new StringBuilder();
        for (byte raw : path.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
            int ch = raw & 0xff;
            if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || "-._~/!$&'()*+,;=@".indexOf(ch) >= 0) {
                b.append((char) ch);
            } else {
                b.append(String.format(Locale.ROOT, "%%%02X", ch));
            }
        }
        return b.toString();
    }

    /**
     * The CVSS-like score GitHub code scanning reads from {@code properties.security-severity} (a string holding a
     * number from 0.0 to 10.0) to show an alert as Critical, High, Medium or Low. GitHub maps a score over 9.0 to
     * critical, 7.0 to 8.9 to high, 4.0 to 6.9 to medium and 0.1 to 3.9 to low ("SARIF support for code scanning",
     * reportingDescriptor properties); each severity takes a score inside its band, clear of the edges. Info checks
     * carry none: they are not security alerts, and without a score GitHub falls back to the level.
     */
    static String securitySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> null;
        };
    }

    static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    static String level(Status status, Severity severity) {
        if (status == Status.WARN) {
            return level(severity).equals("note") ? "note" : "warning";
        }
        return level(severity);
    }

    private static void message(JsonGenerator g, String field, String text) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("text", text);
        g.writeEndObject();
    }
}
