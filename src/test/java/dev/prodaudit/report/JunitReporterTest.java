package dev.prodaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.testing.BuiltinCatalogue;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;

/**
 * The JUnit XML report: valid against the Jenkins xUnit plugin's junit-10.xsd, one suite per section, one case per
 * check, failures and errors distinct, and every string escaped.
 */
class JunitReporterTest {
    private static Schema schema;

    /** The Jenkins xUnit plugin's junit-10.xsd (vendored, see src/test/resources/schemas/README.md). */
    static synchronized Schema schema() throws Exception {
        if (schema == null) {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            schema = f.newSchema(Path.of("src/test/resources/schemas/junit-10.xsd").toFile());
        }
        return schema;
    }

    /** Validates a JUnit XML document against junit-10.xsd; throws SAXParseException when it does not conform. */
    static void validate(String xml) throws Exception {
        schema().newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String xml(AuditReport report) {
        return ReportFixtures.render(new JunitReporter(), report);
    }

    private static Element testcase(Document doc, String id) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").startsWith(id + ": ")) {
                return e;
            }
        }
        throw new AssertionError("no testcase for " + id);
    }

    private static Element only(Element parent, String tag) {
        NodeList list = parent.getElementsByTagName(tag);
        assertEquals(1, list.getLength(), tag + " under " + parent.getAttribute("name"));
        return (Element) list.item(0);
    }

    private static void none(Element parent, String... tags) {
        for (String tag : tags) {
            assertEquals(0, parent.getElementsByTagName(tag).getLength(), tag + " under " + parent.getAttribute("name"));
        }
    }

    @Test
    void everyReportValidatesAgainstTheJenkinsSchema() throws Exception {
        validate(xml(ReportFixtures.sample()));
        validate(xml(ReportFixtures.sample(new Gate(null, true))));
        validate(xml(ReportFixtures.realistic()));
        validate(xml(ReportFixtures.empty()));
    }

    @Test
    void theSchemaRejectsWhatItShould() {
        // The validator is live: a testcase without a name and a stray element fail.
        assertThrows(SAXParseException.class, () -> validate(
                "<testsuites><testsuite tests=\"1\"><testcase classname=\"x\"/></testsuite></testsuites>"));
        assertThrows(SAXParseException.class, () -> validate(
                "<testsuites><testsuite tests=\"1\"><testcase name=\"a\"><oops/></testcase></testsuite></testsuites>"));
    }

    @Test
    void oneSuitePerSectionWithItsCounts() throws Exception {
        AuditReport report = ReportFixtures.sample();
        Document doc = parse(xml(report));
        Element root = doc.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("prodaudit", root.getAttribute("name"));
        assertEquals("10", root.getAttribute("tests"));
        assertEquals("4", root.getAttribute("failures"));
        assertEquals("1", root.getAttribute("errors"));
        assertEquals("1.583", root.getAttribute("time"));

        NodeList suites = root.getElementsByTagName("testsuite");
        assertEquals(2, suites.getLength());
        Element security = (Element) suites.item(0);
        assertEquals("Security Checklist", security.getAttribute("name"));
        assertEquals("5", security.getAttribute("tests"));
        assertEquals("2", security.getAttribute("failures"));
        assertEquals("1", security.getAttribute("errors"));
        assertEquals("1", security.getAttribute("skipped"));
        assertEquals("1.555", security.getAttribute("time"));
        assertEquals("2026-11-25T10:00:00", security.getAttribute("timestamp"));
        assertEquals(5, security.getElementsByTagName("testcase").getLength());

        Element infra = (Element) suites.item(1);
        assertEquals("Infrastructure Checklist", infra.getAttribute("name"));
        assertEquals("5", infra.getAttribute("tests"));
        assertEquals("2", infra.getAttribute("failures"));
        assertEquals("0", infra.getAttribute("errors"));
        assertEquals("2", infra.getAttribute("skipped"));  // SKIP and WAIVED
    }

    @Test
    void realisticRunHasOneSuitePerCatalogueSectionAndOneCasePerCheck() throws Exception {
        AuditReport report = ReportFixtures.realistic();
        Document doc = parse(xml(report));
        NodeList suites = doc.getElementsByTagName("testsuite");
        List<ReportFacts.Section> sections = ReportFacts.sections(report);
        assertEquals(9, sections.size());
        assertEquals(sections.size(), suites.getLength());
        int cases = 0;
        for (int i = 0; i < suites.getLength(); i++) {
            Element suite = (Element) suites.item(i);
            ReportFacts.Section s = sections.get(i);
            Map<Status, Integer> n = s.counts();
            assertEquals(s.name(), suite.getAttribute("name"));
            assertEquals(String.valueOf(s.results().size()), suite.getAttribute("tests"));
            assertEquals(String.valueOf(n.get(Status.FAIL)), suite.getAttribute("failures"));
            assertEquals(n.get(Status.FAIL).intValue(), suite.getElementsByTagName("failure").getLength());
            assertEquals(n.get(Status.ERROR).intValue(), suite.getElementsByTagName("error").getLength());
            assertEquals(n.get(Status.SKIP) + n.get(Status.MANUAL) + n.get(Status.WAIVED), suite.getElementsByTagName("skipped").getLength());
            cases += suite.getElementsByTagName("testcase").getLength();
        }
        assertEquals(BuiltinCatalogue.load().size(), cases);
    }

    @Test
    void casesAreNamedByIdAndTitleInSectionDotSubsection() throws Exception {
        Document doc = parse(xml(ReportFixtures.sample()));
        Element jwt = testcase(doc, "security.jwt-secrets");
        assertEquals("security.jwt-secrets: JWT secrets generated", jwt.getAttribute("name"));
        assertEquals("Security Checklist.Secrets & Keys", jwt.getAttribute("classname"));
        assertEquals("0.012", jwt.getAttribute("time"));
        // No subsection: the section alone.
        assertEquals("Infrastructure Checklist", testcase(doc, "infra.api-docs").getAttribute("classname"));
    }

    @Test
    void aFailureCarriesEvidenceFindingsAndTheFix() throws Exception {
        Document doc = parse(xml(ReportFixtures.sample()));
        Element jwt = testcase(doc, "security.jwt-secrets");
        Element failure = only(jwt, "failure");
        none(jwt, "error", "skipped");
        assertEquals("FAIL", failure.getAttribute("type"));
        assertEquals("JWT_ACCESS_SECRET: 16 chars, 12 bytes (base64); at least 48 bytes required (+1 more)",
                failure.getAttribute("message"));
        String body = failure.getTextContent();
        assertTrue(body.contains("FAIL · critical · security.jwt-secrets · gates at --fail-on high"), body);
        assertTrue(body.contains("  - JWT_ACCESS_SECRET: 16 chars, 12 bytes (base64); at least 48 bytes required  (.env.production:24)"), body);
        assertTrue(body.contains("  - JWT_ACCESS_SECRET and JWT_REFRESH_SECRET hold the same value\n"), body);
        assertFalse(body.contains("JWT_REFRESH_SECRET: 64 chars"), "passing findings are not listed: " + body);
        assertTrue(body.contains("fix:\n  Generate two independent secrets"), body);
        assertTrue(body.contains("    JWT_ACCESS_SECRET=$(openssl rand -base64 48)"), body);
        // The first located finding gives the file and line for annotating actions.
        assertEquals(".env.production", jwt.getAttribute("file"));
        assertEquals("24", jwt.getAttribute("line"));
        // A finding whose message already names file:line is not repeated.
        String key = only(testcase(doc, "security.azure-openai-key"), "failure").getTextContent();
        assertFalse(key.contains("(src/config.js:3)"), key);
        // A file without a line: a file attribute, no line attribute.
        Element root = testcase(doc, "infra.non-root-user");
        assertEquals("Dockerfile", root.getAttribute("file"));
        assertFalse(root.hasAttribute("line"));
    }

    @Test
    void aFailureBelowFailOnStaysAFailureAndSaysItDoesNotGate() throws Exception {
        Document doc = parse(xml(ReportFixtures.sample()));
        Element redis = only(testcase(doc, "infra.redis-password"), "failure");
        assertEquals(ReportFixtures.REDACTED_URL + " accepts commands without AUTH (does not gate at --fail-on high)",
                redis.getAttribute("message"));
        assertTrue(redis.getTextContent().contains("FAIL · medium · infra.redis-password · does not gate at --fail-on high"));
        // Gating ones say nothing of the kind.
        assertFalse(only(testcase(doc, "security.jwt-secrets"), "failure").getAttribute("message").contains("does not gate"));
        // With --fail-on none nothing gates, and each failure says so.
        Document ungated = parse(xml(ReportFixtures.sample(new Gate(null, false))));
        assertTrue(only(testcase(ungated, "security.jwt-secrets"), "failure").getAttribute("message")
                .endsWith("(does not gate: --fail-on none)"));
    }

    @Test
    void anErrorIsAnErrorNotAFailure() throws Exception {
        Document doc = parse(xml(ReportFixtures.sample()));
        Element cors = testcase(doc, "security.cors");
        Element error = only(cors, "error");
        none(cors, "failure", "skipped");
        assertEquals("ERROR", error.getAttribute("type"));
        assertEquals("GET https://api.example.com/ failed: connection refused", error.getAttribute("message"));
        Document allowed = parse(xml(ReportFixtures.sample(new Gate(Severity.HIGH, true))));
        assertEquals("GET https://api.example.com/ failed: connection refused (does not gate: --allow-errors)",
                only(testcase(allowed, "security.cors"), "error").getAttribute("message"));
    }

    @Test
    void warnPassesWithSystemOutAndManualSkipWaivedAreSkipped() throws Exception {
        Document doc = parse(xml(ReportFixtures.sample()));
        Element warn = testcase(doc, "security.escaping");
        none(warn, "failure", "error", "skipped");
        assertTrue(only(warn, "system-out").getTextContent().contains("finding with <tags> & | pipes  (dir with space/file#1.txt:7)"));

        assertEquals("manual: verify by hand: Send 20 logins in a minute and expect 429.",
                only(testcase(doc, "security.rate-limiting"), "skipped").getAttribute("message"));
        assertEquals("skipped: disabled in audit.yaml", only(testcase(doc, "infra.api-docs"), "skipped").getAttribute("message"));
        assertEquals("waived: waived until 2026-12-31 by ops@example.com: restore drill scheduled (OPS-42)",
                only(testcase(doc, "infra.backups"), "skipped").getAttribute("message"));

        Element pass = testcase(doc, "infra.dockerfile");
        assertEquals(0, pass.getChildNodes().getLength(), "a passing case is empty");
        assertFalse(pass.hasAttribute("file"));
    }

    @Test
    void hostileTextIsEscapedAndReadsBackExactly() throws Exception {
        String xml = xml(ReportFixtures.sample());
        assertFalse(xml.contains("<script>"), "raw markup leaked into the XML");
        assertFalse(xml.contains("<img"), "raw markup leaked into the XML");
        Document doc = parse(xml);
        Element e = testcase(doc, "security.escaping");
        assertEquals("security.escaping: " + ReportFixtures.HOSTILE_TITLE, e.getAttribute("name"));
        assertTrue(only(e, "system-out").getTextContent().contains(ReportFixtures.HOSTILE_EVIDENCE));
    }

    @Test
    void charactersXmlCannotCarryAreReplaced() throws Exception {
        AuditReport base = ReportFixtures.sample();
        List<Result> results = new ArrayList<>(base.results());
        Result r = results.get(0);
        results.set(0, new Result(r.check(), r.status(), "bell \u0007 nul \u0000 esc \u001b[31m ok \uD83D\uDE00 lone \uD800 end",
                r.findings(), r.durationMs()));
        AuditReport report = new AuditReport(base.version(), base.startedAt(), base.durationMs(), base.run(), results,
                base.warnings(), base.gate());
        String xml = xml(report);
        validate(xml);
        Element failure = only(testcase(parse(xml), "security.jwt-secrets"), "failure");
        assertEquals("bell \uFFFD nul \uFFFD esc \uFFFD[31m ok \uD83D\uDE00 lone \uFFFD end", failure.getAttribute("message"));
    }

    @Test
    void runPropertiesAndRedactedValuesPassThrough() throws Exception {
        String xml = xml(ReportFixtures.sample());
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), xml.substring(0, 60));
        assertTrue(xml.contains(ReportFixtures.REDACTED_URL));
        Element suite = (Element) parse(xml).getElementsByTagName("testsuite").item(0);
        NodeList props = suite.getElementsByTagName("property");
        String failOn = null;
        for (int i = 0; i < props.getLength(); i++) {
            Element p = (Element) props.item(i);
            if (p.getAttribute("name").equals("prodaudit.failOn")) {
                failOn = p.getAttribute("value");
            }
        }
        assertEquals("high", failOn);
        assertNotNull(suite.getAttribute("timestamp"));
    }
}
