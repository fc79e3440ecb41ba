package dev.prodaudit.probe.doc;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Wording;
import dev.prodaudit.repo.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code type: doc}: documents that say something (see {@link DocSpec}). */
public final class DocProbe implements Probe<DocSpec> {

    private static final Pattern INCIDENT_HEADING = Pattern.compile(
            "(?i)\\bincidents?\\b|\\bon[- ]?call\\b|\\bescalation\\b|\\bpaging\\b");
    private static final Pattern INCIDENT_NAME = Pattern.compile("(?i)incident|on-?call|escalation");
    private static final Pattern NOT_AN_ESCALATION_PATH = Pattern.compile("(?i)privilege\\s+escalation");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern HANDLE = Pattern.compile("(?<![\\w.@/])@[A-Za-z][\\w.-]{1,38}\\b");
    private static final Pattern PHONE = Pattern.compile(
            "\\+\\d[\\d ()-]{6,}\\d|(?i:\\b(?:phone|tel|mobile|call)\\b\\W{0,3})\\d[\\d ()-]{6,}\\d");
    private static final Pattern ROTATION = Pattern.compile("(?i)\\b(?:PagerDuty|Opsgenie|VictorOps|Splunk On-Call"
            + "|incident\\.io|Grafana OnCall|FireHydrant|Rootly)\\b|\\bon[- ]?call\\s+(?:rotation|schedule|rota)\\b"
            + "|\\brotation schedule\\b|\\brota\\b");

    private static final Pattern GDPR_HEADING = Pattern.compile("(?i)\\bGDPR\\b|\\bDSGVO\\b|record of processing"
            + "|processing activit|\\bROPA\\b|data protection|sub-?processors?|personal data");
    private static final Pattern GDPR_NAME = Pattern.compile("(?i)gdpr|ropa|processing-record|records-of-processing"
            + "|data-protection|subprocessor|sub-processor|dpa\\b");
    private static final Pattern PERSONAL_DATA = Pattern.compile("(?i)personal data|data categor|categor(?:y|ies) of"
            + " (?:personal )?data|e-?mail address|IP address|account data|user data|names?\\s+and\\s+e-?mail");

    /** A sub-processor, the env keys that reveal it, and how a record names it. */
    private record SubProcessor(String name, List<String> keys, Pattern named) {
    }

    private static final List<SubProcessor> SUB_PROCESSORS = List.of(
            new SubProcessor("Azure OpenAI", List.of("AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT"),
                    Pattern.compile("(?i)\\bAzure\\b|\\bMicrosoft\\b")),
            new SubProcessor("Resend", List.of("RESEND_API_KEY"), Pattern.compile("(?i)\\bResend\\b")),
            new SubProcessor("Notion", List.of("NOTION_CLIENT_ID", "NOTION_CLIENT_SECRET", "NOTION_API_KEY",
                    "NOTION_TOKEN"), Pattern.compile("(?i)\\bNotion\\b")),
            new SubProcessor("LangSmith", List.of("LANGSMITH_API_KEY", "LANGCHAIN_API_KEY"),
                    Pattern.compile("(?i)\\bLangSmith\\b|\\bLangChain\\b")),
            new SubProcessor("Sentry", List.of("SENTRY_DSN"), Pattern.compile("(?i)\\bSentry\\b")));

    private static final Pattern RESTORE = Pattern.compile("(?i)restor|recover|disaster|\\bDR\\b|backup");

    /** A TTL index: {@code schema.index({createdAt: 1}, {expireAfterSeconds: N})}, or createIndex likewise. */
    private static final Pattern INDEX_TTL = Pattern.compile(
            "\\.(?:index|createIndex)\\s*\\(\\s*\\{[^{}]*\\}\\s*,\\s*\\{[^{}]*\\bexpireAfterSeconds\\s*:\\s*([^,}\\s]+)");
    /** A schema field object: {@code { type: Date, expires: '90d' }}; a cookie option has no {@code type: Date}. */
    private static final Pattern FIELD_OBJECT = Pattern.compile("\\{[^{}]*\\}");
    private static final Pattern DATE_TYPE = Pattern.compile("\\btype\\s*:\\s*Date\\b");
    private static final Pattern EXPIRES = Pattern.compile("\\bexpires\\s*:\\s*([^,}\\s]+)");
    private static final Pattern MODEL = Pattern.compile("\\bmodel\\s*(?:<[^>]*>)?\\(\\s*['\"]([\\w-]+)['\"]");

    @Override
    public String type() {
        return "doc";
    }

    @Override
    public Class<DocSpec> specType() {
        return DocSpec.class;
    }

    @Override
    public Set<Evidence> evidence(DocSpec spec) {
        return Set.of(Evidence.CODE);
    }

    @Override
    public Outcome run(DocSpec spec, ProbeContext ctx) {
        if (!Files.isDirectory(ctx.repository())) {
            return Outcome.error("repository folder " + ctx.repository() + " does not exist");
        }
        if (spec.require().equals(DocSpec.DATA_RETENTION)) {
            return dataRetention(ctx, spec.globs());
        }
        Documents.Read read;
        try {
            read = Documents.of(ctx).read(spec.globs());
        } catch (java.io.UncheckedIOException e) {
            return Outcome.error("cannot list " + ctx.repository() + ": " + e.getCause().getMessage());
        }
        return switch (spec.require()) {
            case DocSpec.RTO -> objective(read, RecoveryObjectives.RTO, "RTO", null);
            case DocSpec.RPO -> objective(read, RecoveryObjectives.RPO, "RPO", ctx);
            case DocSpec.INCIDENT_RESPONSE -> incidentResponse(read);
            case DocSpec.GDPR -> gdpr(read, ctx.env());
            case DocSpec.RUNBOOKS -> runbooks(read, false);
            case DocSpec.RESTORE_RUNBOOK -> runbooks(read, true);
            default -> Outcome.error("unknown rule " + spec.require());
        };
    }

    private static Outcome objective(Documents.Read read, RecoveryObjectives.Term term, String name, ProbeContext cadenceFrom) {
        List<Finding> unstated = new ArrayList<>();
        Optional<RecoveryObjectives.Stated> stated = RecoveryObjectives.find(read.docs(), term, name, unstated);
        if (stated.isEmpty()) {
            if (unstated.isEmpty()) {
                return Outcome.fail("no document states an " + name + " (e.g. '" + name + ": 4 hours')"
                        + read.skippedNote());
            }
            return Outcome.from(unstated);
        }
        RecoveryObjectives.Stated s = stated.get();
        List<Finding> findings = new ArrayList<>();
        String where = s.file() + ":" + s.line();
        if (cadenceFrom != null) {
            Optional<BackupCadence.Seen> cadence = BackupCadence.shortest(cadenceFrom.repository(),
                    RepoFiles.of(cadenceFrom), read.docs());
            if (cadence.isPresent() && s.value().compareTo(cadence.get().every()) < 0) {
                BackupCadence.Seen c = cadence.get();
                findings.add(Finding.at(Status.WARN, where + " states RPO " + s.text() + ", but backups run every "
                        + RecoveryObjectives.show(c.every()) + " (" + c.how() + " at " + c.file() + ":" + c.line()
                        + "): up to " + RecoveryObjectives.show(c.every()) + " of data could be lost", s.file(), s.line()));
                return Outcome.from(findings);
            }
            String seen = cadence.map(c -> "; backups every " + RecoveryObjectives.show(c.every()) + " ("
                    + c.file() + ":" + c.line() + ")").orElse("; no backup schedule found to compare it with");
            findings.add(Finding.at(Status.PASS, where + " states " + name + " " + s.text() + seen, s.file(), s.line()));
            return Outcome.from(findings);
        }
        findings.add(Finding.at(Status.PASS, where + " states " + name + " " + s.text(), s.file(), s.line()));
        return Outcome.from(findings);
    }

    private static Outcome incidentResponse(Documents.Read read) {
        List<Finding> without = new ArrayList<>();
        for (Documents.Doc doc : read.docs()) {
            List<Documents.Section> candidates = new ArrayList<>();
            if (INCIDENT_NAME.matcher(doc.name()).find()) {
                candidates.add(new Documents.Section(doc.name(), 1, doc.lines()));
            }
            for (Documents.Section section : doc.sections()) {
                if (INCIDENT_HEADING.matcher(section.heading()).find()
                        && !NOT_AN_ESCALATION_PATH.matcher(section.heading()).find()) {
                    candidates.add(section);
                }
            }
            for (Documents.Section section : candidates) {
                Optional<Finding> contact = contact(doc, section);
                if (contact.isPresent()) {
                    return Outcome.from(List.of(contact.get()));
                }
                without.add(Finding.at(Status.FAIL, doc.path() + ":" + section.line() + " '" + section.heading()
                        + "' names no contact (e-mail, @handle, phone) or on-call rotation", doc.path(), section.line()));
            }
        }
        if (without.isEmpty()) {
            return Outcome.fail("no document has an incident-response, on-call or escalation section"
                    + read.skippedNote());
        }
        return Outcome.from(without);
    }

    private static Optional<Finding> contact(Documents.Doc doc, Documents.Section section) {
        for (Documents.Line line : section.lines()) {
            String text = line.text();
            String what = ROTATION.matcher(text).find() ? "an on-call rotation"
                    : EMAIL.matcher(text).find() ? "an e-mail contact"
                    : PHONE.matcher(text).find() ? "a phone contact"
                    : HANDLE.matcher(EMAIL.matcher(text).replaceAll("")).find() ? "an @handle" : null;
            if (what != null) {
                return Optional.of(Finding.at(Status.PASS, doc.path() + ":" + line.number() + " '" + section.heading()
                        + "' names " + what + " on its escalation path", doc.path(), line.number()));
            }
        }
        return Optional.empty();
    }

    private static Outcome gdpr(Documents.Read read, Env env) {
        Map<String, SubProcessor> configured = new LinkedHashMap<>();
        for (SubProcessor sp : SUB_PROCESSORS) {
            for (String key : sp.keys()) {
                if (env.get(key).filter(v -> !v.isBlank()).isPresent() && !disabled(env, sp)) {
                    configured.put(key, sp);
                    break;
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Documents.Doc doc : read.docs()) {
            List<Documents.Section> records = new ArrayList<>();
            if (GDPR_NAME.matcher(doc.name()).find()) {
                records.add(new Documents.Section(doc.name(), 1, doc.lines()));
            } else {
                for (Documents.Section s : doc.sections()) {
                    if (GDPR_HEADING.matcher(s.heading()).find()) {
                        records.add(s);
                    }
                }
            }
            for (Documents.Section record : records) {
                String text = String.join("\n", record.lines().stream().map(Documents.Line::text).toList());
                String where = doc.path() + ":" + record.line();
                if (!PERSONAL_DATA.matcher(text).find()) {
                    findings.add(Finding.at(Status.FAIL, where + " '" + record.heading() + "' does not name the"
                            + " personal data processed (categories such as account data, e-mail addresses)",
                            doc.path(), record.line()));
                    continue;
                }
                List<String> missing = new ArrayList<>();
                for (Map.Entry<String, SubProcessor> e : configured.entrySet()) {
                    if (!e.getValue().named().matcher(text).find()) {
                        missing.add(e.getValue().name() + " (" + e.getKey() + " is set)");
                    }
                }
                if (missing.isEmpty()) {
                    String subs = configured.isEmpty() ? (env.hasSources() ? "; the env file configures no known"
                            + " sub-processor" : "; no env file to compare sub-processors with")
                            : " and its sub-processors " + String.join(", ",
                            configured.values().stream().map(SubProcessor::name).distinct().toList());
                    return Outcome.from(List.of(Finding.at(Status.PASS, where + " '" + record.heading()
                            + "' names the personal data processed" + subs, doc.path(), record.line())));
                }
                findings.add(Finding.at(Status.FAIL, where + " '" + record.heading() + "' does not name the"
                        + " sub-processors " + String.join(", ", missing), doc.path(), record.line()));
            }
        }
        if (findings.isEmpty()) {
            return Outcome.fail("no record of processing (a GDPR, data-protection or sub-processors document or"
                    + " section)" + read.skippedNote());
        }
        return Outcome.from(findings);
    }

    /** LANGSMITH_ENABLED=false and the like: the key is there but the service is switched off. */
    private static boolean disabled(Env env, SubProcessor sp) {
        String prefix = sp.keys().get(0).substring(0, sp.keys().get(0).indexOf('_'));
        return env.get(prefix + "_ENABLED").map(v -> v.strip().toLowerCase(Locale.ROOT))
                .filter(v -> v.equals("false") || v.equals("0") || v.equals("no")).isPresent();
    }

    private static Outcome runbooks(Documents.Read read, boolean aboutRestoring) {
        List<Documents.Doc> runbooks = read.docs();
        if (runbooks.isEmpty()) {
            return Outcome.fail("no runbook with content" + (read.skipped().isEmpty() ? " in the runbook folders"
                    : read.skippedNote()));
        }
        if (!aboutRestoring) {
            Documents.Doc first = runbooks.get(0);
            return Outcome.from(List.of(Finding.at(Status.PASS, runbooks.size() == 1 ? first.path() + " is a runbook"
                    : runbooks.size() + " runbooks (" + first.path() + ", ...)", first.path(), 1)));
        }
        for (Documents.Doc doc : runbooks) {
            if (RESTORE.matcher(doc.name()).find()) {
                return Outcome.from(List.of(Finding.at(Status.PASS, doc.path() + " is a restore runbook", doc.path(), 1)));
            }
            for (Documents.Section s : doc.sections()) {
                if (RESTORE.matcher(s.heading()).find()) {
                    return Outcome.from(List.of(Finding.at(Status.PASS, doc.path() + ":" + s.line() + " '" + s.heading()
                            + "' is a restore runbook", doc.path(), s.line())));
                }
            }
        }
        return Outcome.fail(runbooks.size() + " runbook(s), none about restoring from backup (" + runbooks.get(0).path()
                + (runbooks.size() > 1 ? ", ..." : "") + ")");
    }

    private static Outcome dataRetention(ProbeContext ctx, List<String> globs) {
        List<String> globbed;
        try {
            globbed = RepoFiles.of(ctx).match(globs);
        } catch (java.io.UncheckedIOException e) {
            return Outcome.error("cannot list " + ctx.repository() + ": " + e.getCause().getMessage());
        }
        List<Finding> found = new ArrayList<>();
        for (String f : globbed) {
            String text;
            try {
                text = RepoFiles.readText(ctx.repository().resolve(f), 2L * 1024 * 1024);
            } catch (IOException e) {
                continue;
            }
            if (text == null) {
                continue;
            }
            Matcher model = MODEL.matcher(text);
            String of = model.find() ? " on model '" + model.group(1) + "'" : "";
            Matcher index = INDEX_TTL.matcher(text);
            while (index.find()) {
                int line = RepoFiles.lineOf(text, index.start());
                found.add(Finding.at(Status.PASS, f + ":" + line + " declares a TTL index" + of + " (expireAfterSeconds "
                        + index.group(1) + ")", f, line));
            }
            Matcher field = FIELD_OBJECT.matcher(text);
            while (field.find()) {
                String object = field.group();
                Matcher expires = EXPIRES.matcher(object);
                if (DATE_TYPE.matcher(object).find() && expires.find()) {
                    int line = RepoFiles.lineOf(text, field.start() + expires.start());
                    found.add(Finding.at(Status.PASS, f + ":" + line + " declares a TTL on a Date field" + of
                            + " (expires " + expires.group(1) + ")", f, line));
                }
            }
        }
        if (found.isEmpty()) {
            return Outcome.fail("no Mongoose schema declares a TTL (expireAfterSeconds in an index, or expires on a"
                    + " Date field) in " + Wording.count(globbed.size(), "source file"));
        }
        return Outcome.fromAll(found.subList(0, Math.min(found.size(), 3)));
    }

}
