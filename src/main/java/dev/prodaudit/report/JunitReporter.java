package dev.prodaudit.report;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * JUnit XML, as Jenkins (junit plugin), GitLab ({@code artifacts:reports:junit}) and GitHub actions
 * (dorny/test-reporter, mikepenz/action-junit-report) read it: {@code <testsuites>}, one {@code <testsuite>} per
 * catalogue section, one {@code <testcase>} per check.
 *
 * <ul>
 *   <li>{@code classname} is "Section.Subsection" (Jenkins shows the section as the package and the subsection
 *       as the class); a dot inside a section or subsection name becomes "·" so it does not split it.
 *       {@code name} is "id: title"; {@code time} is seconds.</li>
 *   <li>FAIL: {@code <failure type="FAIL" message="evidence">} with the findings and the fix in the body.
 *       A failure below {@code --fail-on} stays a failure (a CI reader should see it) and its message ends with
 *       "(does not gate at --fail-on X)".</li>
 *   <li>ERROR: {@code <error type="ERROR">}, distinct from a failure (the probe could not decide).</li>
 *   <li>WARN: passes, with the caveat in {@code <system-out>}.</li>
 *   <li>MANUAL, SKIP: {@code <skipped message="manual: ..."/"skipped: ...">}; WAIVED:
 *       {@code <skipped message="waived: ...">}.</li>
 *   <li>A testcase whose first finding has a file carries {@code file} and {@code line} attributes, which
 *       annotating actions use.</li>
 * </ul>
 * Characters XML 1.0 cannot carry are replaced with U+FFFD.
 */
public final class JunitReporter implements Reporter {
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Override
    public String format() {
        return "junit";
    }

    @Override
    public void write(AuditReport report, Writer out) throws IOException {
        try {
            XMLStreamWriter x = XML.createXMLStreamWriter(new ReportFacts.NonClosing(out));
            x.writeStartDocument("UTF-8", "1.0");
            nl(x, 0);
            List<ReportFacts.Section> sections = ReportFacts.sections(report);
            Map<Status, Integer> n = report.counts();
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "prodaudit");
            x.writeAttribute("tests", Integer.toString(report.results().size()));
            x.writeAttribute("failures", Integer.toString(n.get(Status.FAIL)));
            x.writeAttribute("errors", Integer.toString(n.get(Status.ERROR)));
            x.writeAttribute("time", seconds(report.durationMs()));
            for (ReportFacts.Section s : sections) {
                writeSuite(x, report, s);
            }
            nl(x, 0);
            x.writeEndElement();
            nl(x, 0);
            x.writeEndDocument();
            x.flush();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write the JUnit report: " + e.getMessage(), e);
        }
        out.flush();
    }

    private static void writeSuite(XMLStreamWriter x, AuditReport report, ReportFacts.Section s) throws XMLStreamException {
        Map<Status, Integer> n = s.counts();
        nl(x, 1);
        x.writeStartElement("testsuite");
        x.writeAttribute("name", text(s.name()));
        x.writeAttribute("tests", Integer.toString(s.results().size()));
        // An unattested manual check that gates (--require-attested) is a failure, not a skip.
        int unattested = (int) s.results().stream().filter(report.gate()::unattested).count();
        x.writeAttribute("failures", Integer.toString(n.get(Status.FAIL) + unattested));
        x.writeAttribute("errors", Integer.toString(n.get(Status.ERROR)));
        x.writeAttribute("skipped", Integer.toString(n.get(Status.SKIP) + n.get(Status.MANUAL) - unattested + n.get(Status.WAIVED)));
        x.writeAttribute("time", seconds(s.durationMs()));
        x.writeAttribute("timestamp", TIMESTAMP.format(report.startedAt().truncatedTo(ChronoUnit.SECONDS)));
        nl(x, 2);
        x.writeStartElement("properties");
        property(x, "prodaudit.version", report.version());
        property(x, "prodaudit.failOn", report.gate().failOnText());
        property(x, "prodaudit.allowErrors", Boolean.toString(report.gate().allowErrors()));
        property(x, "prodaudit.verdict", ReportFacts.verdict(report));
        if (report.run().release() != null) {
            // The audited commit, so a CI test view names the release its results are about.
            property(x, "release.ref", report.run().release().ref());
            property(x, "release.sha", report.run().release().known() ? report.run().release().commit()
                    : "unknown (" + (report.run().release().gitRepository() ? report.run().release().unavailable()
                    : "not a git repository") + ")");
        }
        nl(x, 2);
        x.writeEndElement();
        for (Result r : s.results()) {
            writeCase(x, report, r);
        }
        nl(x, 1);
        x.writeEndElement();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        nl(x, 3);
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", oneLine(value));
    }

    private static void writeCase(XMLStreamWriter x, AuditReport report, Result r) throws XMLStreamException {
        Check c = r.check();
        nl(x, 2);
        x.writeStartElement("testcase");
        x.writeAttribute("classname", classname(c));
        x.writeAttribute("name", text(c.id() + ": " + c.title()));
        x.writeAttribute("time", seconds(r.durationMs()));
        List<Finding> problems = ReportFacts.problems(r);
        Finding located = problems.stream().filter(f -> f.file() != null).findFirst().orElse(null);
        if (located != null && r.status() != Status.PASS) {
            x.writeAttribute("file", text(located.file()));
            if (located.line() != null) {
                x.writeAttribute("line", located.line().toString());
            }
        }
        switch (r.status()) {
            case PASS -> {
                x.writeEndElement();
                return;
            }
            case FAIL -> outcome(x, "failure", "FAIL", report, r);
            case ERROR -> outcome(x, "error", "ERROR", report, r);
            case WARN -> {
                nl(x, 3);
                x.writeStartElement("system-out");
                x.writeCharacters(text(body(report, r)));
                x.writeEndElement();
            }
            case MANUAL -> {
                if (report.gate().unattested(r)) {
                    outcome(x, "failure", "UNATTESTED", report, r);
                } else {
                    skipped(x, "manual: " + r.evidence());
                }
            }
            case SKIP -> skipped(x, "skipped: " + r.evidence());
            case WAIVED -> skipped(x, "waived: " + r.evidence());
        }
        nl(x, 2);
        x.writeEndElement();
    }

    private static void outcome(XMLStreamWriter x, String element, String type, AuditReport report, Result r)
            throws XMLStreamException {
        String note = ReportFacts.gateNote(report, r);
        nl(x, 3);
        x.writeStartElement(element);
        x.writeAttribute("message", oneLine(r.evidence() + (note == null ? "" : " (" + note + ")")));
        x.writeAttribute("type", type);
        x.writeCharacters(text(body(report, r)));
        x.writeEndElement();
    }

    private static void skipped(XMLStreamWriter x, String message) throws XMLStreamException {
        nl(x, 3);
        x.writeEmptyElement("skipped");
        x.writeAttribute("message", oneLine(message));
    }

    /** The text under a failure, error or warning: what gated, what was seen and where, and the fix. */
    static String body(AuditReport report, Result r) {
        Check c = r.check();
        StringBuilder b = new StringBuilder();
        String note = ReportFacts.gateNote(report, r);
        b.append('\n').append(r.status().label()).append(" · ").append(c.severity().id()).append(" · ").append(c.id());
        if (report.gate().unattested(r)) {
            b.append(" · not attested: gates at --require-attested ").append(report.gate().requireAttestedText());
        } else if (report.gate().gates(r)) {
            b.append(" · gates at --fail-on ").append(report.gate().failOnText());
        } else if (note != null) {
            b.append(" · ").append(note);
        }
        b.append('\n').append(r.evidence()).append('\n');
        List<Finding> problems = ReportFacts.problems(r);
        if (!problems.isEmpty()) {
            b.append("\nfindings:\n");
            for (Finding f : problems) {
                b.append("  - ").append(f.message());
                if (f.where() != null && !f.message().contains(f.where())) {
                    b.append("  (").append(f.where()).append(')');
                }
                b.append('\n');
            }
        }
        if (!c.remediation().isBlank()) {
            b.append("\nfix:\n");
            c.remediation().lines().forEach(l -> b.append("  ").append(l).append('\n'));
        }
        return b.toString();
    }

    static String classname(Check c) {
        String section = c.section().replace('.', '·');
        return text(c.subsection() == null ? section : section + "." + c.subsection().replace('.', '·'));
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }

    private static String oneLine(String s) {
        return text(s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip());
    }

    /** Replaces what XML 1.0 cannot carry (control characters, lone surrogates, U+FFFE/U+FFFF) with U+FFFD. */
    static String text(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (b != null) {
                    b.append(ch).append(s.charAt(i + 1));
                }
                i++;
                continue;
            }
            boolean ok = ch == '\t' || ch == '\n' || ch == '\r' || (ch >= 0x20 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD);
            if (!ok && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(ok ? ch : '\uFFFD');
            }
        }
        return b == null ? s : b.toString();
    }

    private static void nl(XMLStreamWriter x, int depth) throws XMLStreamException {
        x.writeCharacters("\n" + "  ".repeat(depth));
    }
}
