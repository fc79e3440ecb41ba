package dev.prodaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.testing.BuiltinCatalogue;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.probe.Status;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The single-file HTML report: self-contained, escaped, a summary per section, failures first. */
class HtmlReporterTest {
    private static final Pattern ROW = Pattern.compile("<tr data-section=\"([^\"]*)\"[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td class=\"n [^\"]*\" data-status=\"(\\w+)\">(\\d+)</td>");

    private static String html(AuditReport report) {
        return ReportFixtures.render(new HtmlReporter(), report);
    }

    /** The section table as the page states it: section name (unescaped) to counts per status; "" is the total. */
    static Map<String, Map<Status, Integer>> summaryTable(String html) {
        String table = html.substring(html.indexOf("<table class=\"summary\""), html.indexOf("</table>"));
        Map<String, Map<Status, Integer>> out = new LinkedHashMap<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            Map<Status, Integer> counts = new EnumMap<>(Status.class);
            Matcher cell = CELL.matcher(row.group(2));
            while (cell.find()) {
                counts.put(Status.valueOf(cell.group(1)), Integer.parseInt(cell.group(2)));
            }
            out.put(row.group(1).replace("&amp;", "&"), counts);
        }
        return out;
    }

    /** What the section table must say, computed from the report. */
    static Map<String, Map<Status, Integer>> expectedTable(AuditReport report) {
        Map<String, Map<Status, Integer>> out = new LinkedHashMap<>();
        for (ReportFacts.Section s : ReportFacts.sections(report)) {
            out.put(s.name(), s.counts());
        }
        out.put("", report.counts());
        return out;
    }

    @Test
    void aCompleteSelfContainedPage() {
        String html = html(ReportFixtures.realistic());
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html.substring(0, 40));
        assertTrue(html.endsWith("</html>\n"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
        assertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""), "a CSP that forbids fetches and scripts");
        String lower = html.toLowerCase(java.util.Locale.ROOT);
        for (String banned : new String[] {"<script", "<link", "<img", "<iframe", "@import", "url(", " src=", "javascript:"}) {
            assertFalse(lower.contains(banned), "found " + banned);
        }
        // The only href values are in-page anchors.
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        int links = 0;
        while (href.find()) {
            assertTrue(href.group(1).startsWith("#s-"), href.group(1));
            assertTrue(html.contains("id=\"" + href.group(1).substring(1) + "\""), "anchor target " + href.group(1));
            links++;
        }
        assertEquals(9, links);
        assertEquals(BuiltinCatalogue.load().size(), count(html, "<article class=\"check "));
    }

    @Test
    void headerHasVerdictAndCounts() {
        String html = html(ReportFixtures.sample());
        assertTrue(html.contains("<header class=\"top v-failed\">"));
        assertTrue(html.contains("<h1><span class=\"verdict\">FAILED</span> 4 checks at or above high failed or could not run (exit 1)</h1>"), html);
        assertTrue(html.contains("<li class=\"tile s-fail\" data-status=\"FAIL\"><b>4</b><span>fail</span></li>"));
        assertTrue(html.contains("<li class=\"tile s-waived\" data-status=\"WAIVED\"><b>1</b><span>waived</span></li>"));
        assertTrue(html.contains("<title>FAILED · production audit · 10 checks</title>"));
        assertTrue(html(ReportFixtures.sample(new Gate(null, false))).contains("<header class=\"top v-ungated\">"));
    }

    @Test
    void theSectionTableStatesTheCounts() {
        for (AuditReport report : List.of(ReportFixtures.sample(), ReportFixtures.realistic(), ReportFixtures.empty())) {
            assertEquals(expectedTable(report), summaryTable(html(report)));
        }
        String html = html(ReportFixtures.sample());
        // A bar per row with a segment per non-zero status, sized by count.
        assertTrue(html.contains("<div class=\"bar\" role=\"img\" aria-label=\"2 fail, 1 warn, 1 error, 1 manual\">"
                + "<span class=\"seg s-fail\" style=\"flex-grow:2\" title=\"2 fail\"></span>"), html);
    }

    @Test
    void failuresComeFirstWithinEachSection() {
        AuditReport report = ReportFixtures.realistic();
        String html = html(report);
        for (ReportFacts.Section s : ReportFacts.sections(report)) {
            int start = html.indexOf("<section class=\"section\"", html.indexOf("<h2>" + HtmlReporter.esc(s.name()) + " <span class=\"mini\">") - 80);
            String body = html.substring(start, html.indexOf("</section>", start));
            Matcher m = Pattern.compile("<article class=\"check s-(\\w+)").matcher(body);
            List<Integer> ranks = new ArrayList<>();
            List<String> order = List.of("fail", "error", "warn", "waived", "manual", "skip", "pass");
            while (m.find()) {
                ranks.add(order.indexOf(m.group(1)));
            }
            assertEquals(s.results().size(), ranks.size(), s.name());
            List<Integer> sorted = new ArrayList<>(ranks);
            sorted.sort(null);
            assertEquals(sorted, ranks, s.name());
        }
    }

    @Test
    void aFailingCheckShowsEvidenceFindingsAndTheFix() {
        String html = html(ReportFixtures.sample());
        String jwt = html.substring(html.indexOf("id=\"c-security.jwt-secrets\""));
        jwt = jwt.substring(0, jwt.indexOf("</article>"));
        assertTrue(jwt.contains("<span class=\"badge s-fail\">FAIL</span><h3>JWT secrets generated</h3>"), jwt);
        assertTrue(jwt.contains("<span class=\"sev sev-critical\">critical</span><span class=\"gate\">gating</span>"
                + "<code class=\"id\">security.jwt-secrets</code><span class=\"sub\">Secrets &amp; Keys</span>"), jwt);
        assertTrue(jwt.contains("<li class=\"s-fail\"><code class=\"where\">.env.production:24</code> JWT_ACCESS_SECRET: 16 chars"), jwt);
        assertTrue(jwt.contains("<li class=\"s-fail\">JWT_ACCESS_SECRET and JWT_REFRESH_SECRET hold the same value</li>"), jwt);
        assertFalse(jwt.contains("64 chars"), "passing findings are not listed");
        assertTrue(jwt.contains("<pre>Generate two independent secrets of at least 48 random bytes:\n  JWT_ACCESS_SECRET=$(openssl rand -base64 48)\n"), jwt);
        // Below --fail-on: shown as a failure, said not to gate.
        assertTrue(html.contains(ReportFixtures.REDACTED_URL + " accepts commands without AUTH <span class=\"note\">(does not gate at --fail-on high)</span>"));
        // Passing checks are one compact line.
        assertTrue(html.contains("<article class=\"check s-pass compact\" id=\"c-infra.dockerfile\">"));
    }

    @Test
    void everyDynamicStringIsEscaped() {
        String html = html(ReportFixtures.sample());
        assertFalse(html.contains("<script"), "a <script> from the report reached the page");
        assertFalse(html.contains("<img"), "an <img> from the report reached the page");
        assertFalse(html.contains("</pre><script"));
        assertTrue(html.contains("<h3>Escaping &lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; | `tick` &amp; *stars* _under_ [link](x)</h3>"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt; | a `b` c\nsecond line &amp; &quot;quotes&quot; ]]&gt; $x$"), html);
        assertTrue(html.contains("<pre>Hostile fix: &lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt; ``` | done</pre>"), html);
        assertTrue(html.contains("<code class=\"where\">dir with space/file#1.txt:7</code> finding with &lt;tags&gt; &amp; | pipes"));
        assertEquals("a&quot;b&#39;c&lt;&gt;&amp;\uFFFD", HtmlReporter.esc("a\"b'c<>&\u0001"));
        // Section names are escaped in attributes too.
        assertTrue(html(ReportFixtures.realistic()).contains("<tr data-section=\"Backup &amp; Recovery\" class=\"bad\">"));
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
