package dev.prodaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.testing.ProbeKit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Markdown report for step summaries and merge-request comments. */
class MarkdownReporterTest {

    private static String md(AuditReport report) {
        return ReportFixtures.render(new MarkdownReporter(), report);
    }

    /** The cells of a table row, split on pipes that are not escaped. */
    private static List<String> cells(String row) {
        assertTrue(row.startsWith("| ") && row.endsWith(" |"), row);
        List<String> out = new ArrayList<>();
        for (String c : row.substring(1, row.length() - 1).split("(?<!\\\\)\\|", -1)) {
            out.add(c.strip());
        }
        return out;
    }

    private static String rowStarting(String md, String prefix) {
        return md.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no row " + prefix));
    }

    @Test
    void titleVerdictAndCountsPerStatus() {
        String md = md(ReportFixtures.sample());
        assertTrue(md.startsWith("## ❌ Production audit: FAILED\n\n**FAILED: 4 checks at or above high failed or could not run (exit 1)**\n"), md);
        List<String> lines = md.lines().toList();
        int head = lines.indexOf("| ✅ PASS | ❌ FAIL | ⚠️ WARN | 💥 ERROR | ⏭️ SKIP | ✋ MANUAL | 🙈 WAIVED | total |");
        assertTrue(head > 0, md);
        assertEquals(List.of("1", "**4**", "**1**", "**1**", "1", "1", "1", "10"), cells(lines.get(head + 2)));

        AuditReport sample = ReportFixtures.sample();
        AuditReport clean = new AuditReport(sample.version(), sample.startedAt(), sample.durationMs(), sample.run(),
                sample.results().stream().filter(r -> r.status() != Status.FAIL && r.status() != Status.ERROR).toList(),
                List.of(), sample.gate());
        String ok = md(clean);
        assertTrue(ok.startsWith("## ✅ Production audit: OK\n\n**OK: nothing at or above high failed (exit 0)**\n"), ok);
        assertTrue(md(ReportFixtures.sample(new Gate(null, false))).startsWith("## ℹ️ Production audit: NOT GATED\n"));
    }

    @Test
    void aTablePerSection() {
        String md = md(ReportFixtures.sample());
        assertTrue(md.contains("| section | pass | fail | warn | error | manual | skip | waived |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"), md);
        assertEquals(List.of("Security Checklist", "·", "❌ **2**", "⚠️ **1**", "💥 **1**", "1", "·", "·"),
                cells(rowStarting(md, "| Security Checklist |")));
        assertEquals(List.of("Infrastructure Checklist", "1", "❌ **2**", "·", "·", "·", "1", "1"),
                cells(rowStarting(md, "| Infrastructure Checklist |")));
        // Without skipped or waived checks those columns are left out.
        String realistic = md(ReportFixtures.realistic());
        assertTrue(realistic.contains("| Backup &amp; Recovery | · | ❌ **4** | · | · | 4 | · | · |"), realistic);
    }

    @Test
    void problemsTableFailuresFirstThenErrorsThenWarnings() {
        String md = md(ReportFixtures.sample());
        List<String> rows = md.lines().dropWhile(l -> !l.equals("| status | severity | id | title | evidence |")).skip(2)
                .takeWhile(l -> l.startsWith("|")).toList();
        assertEquals(6, rows.size(), String.join("\n", rows));
        List<String> order = rows.stream().map(r -> cells(r).get(2)).toList();
        assertEquals(List.of("`security.jwt-secrets`", "`security.azure-openai-key`", "`infra.non-root-user`",
                "`infra.redis-password`", "`security.cors`", "`security.escaping`"), order);
        assertEquals(List.of("❌ FAIL (gating)", "critical", "`security.jwt-secrets`", "JWT secrets generated",
                "JWT\\_ACCESS\\_SECRET: 16 chars, 12 bytes (base64); at least 48 bytes required (+1 more)"), cells(rows.get(0)));
        assertEquals("redis://:\\[redacted\\]@cache.internal:6379 accepts commands without AUTH (does not gate at --fail-on high)",
                cells(rows.get(3)).get(4));
        assertEquals("💥 ERROR (gating)", cells(rows.get(4)).get(0));
        assertEquals("⚠️ WARN", cells(rows.get(5)).get(0));
    }

    @Test
    void detailsCarryFindingsWithFileLineAndTheFix() {
        String md = md(ReportFixtures.sample());
        String jwt = md.substring(md.indexOf("<details><summary>❌ <b>FAIL</b> <code>security.jwt-secrets</code>"));
        jwt = jwt.substring(0, jwt.indexOf("</details>"));
        assertTrue(jwt.contains("JWT secrets generated <i>(critical, gating)</i></summary>\n\n"), jwt);
        assertTrue(jwt.contains("- `.env.production:24`: JWT\\_ACCESS\\_SECRET: 16 chars, 12 bytes (base64); at least 48 bytes required\n"), jwt);
        assertTrue(jwt.contains("- JWT\\_ACCESS\\_SECRET and JWT\\_REFRESH\\_SECRET hold the same value\n"), jwt);
        assertFalse(jwt.contains("64 chars"), "passing findings are not listed");
        assertTrue(jwt.contains("**Fix:**\n\n```text\nGenerate two independent secrets of at least 48 random bytes:\n"
                + "  JWT_ACCESS_SECRET=$(openssl rand -base64 48)\n"), jwt);
        // A fix holding ``` gets a longer fence.
        assertTrue(md.contains("````text\nHostile fix: </pre><script>alert(2)</script> ``` | done\n````\n"), md);
        // The manual item, and the skipped and waived ones, are collapsed.
        assertTrue(md.contains("<details><summary>✋ 1 manual check to verify by hand</summary>\n\n"
                + "- `security.rate-limiting` Rate limiting configured (critical): verify by hand: Send 20 logins in a minute and expect 429.\n"), md);
        assertTrue(md.contains("- WAIVED `infra.backups` Backups configured (high): waived until 2026-12-31 by ops@example.com: "
                + "restore drill scheduled (OPS-42)\n"), md);
        // Every <details> is closed.
        assertEquals(count(md, "<details>"), count(md, "</details>"));
    }

    @Test
    void cellsEscapeMarkdownAndHtml() {
        assertEquals("a \\| b", MarkdownReporter.cell("a | b"));
        assertEquals("\\`code\\`", MarkdownReporter.cell("`code`"));
        assertEquals("&lt;script&gt;alert(1)&lt;/script&gt;", MarkdownReporter.cell("<script>alert(1)</script>"));
        assertEquals("one<br>two<br>three", MarkdownReporter.cell("one\ntwo\r\nthree"));
        assertEquals("\\*not bold\\* \\_nor this\\_ \\[nor\\](link) \\~\\~struck\\~\\~ \\$math\\$ a\\\\b &amp;amp;",
                MarkdownReporter.cell("*not bold* _nor this_ [nor](link) ~~struck~~ $math$ a\\b &amp;"));
        // Code spans hold backticks and pipes.
        assertEquals("``a`b``", MarkdownReporter.code("a`b"));
        assertEquals("`` `x` ``", MarkdownReporter.code("`x`"));
        assertEquals("`a\\|b`", MarkdownReporter.code("a|b"));
    }

    @Test
    void hostileTextKeepsTheTableShapeAndLetsNoHtmlThrough() {
        String md = md(ReportFixtures.sample());
        String row = rowStarting(md, "| ⚠️ WARN |");
        List<String> cells = cells(row);
        assertEquals(5, cells.size(), row);
        assertEquals("Escaping &lt;script&gt;alert('t')&lt;/script&gt; \\| \\`tick\\` &amp; \\*stars\\* \\_under\\_ \\[link\\](x)", cells.get(3));
        assertEquals("&lt;img src=x onerror=alert(1)&gt; \\| a \\`b\\` c<br>second line &amp; \"quotes\" \\]\\]&gt; \\$x\\$", cells.get(4));
        // Outside code blocks no tag from the report survives: the only raw <script> is inside the fenced fix.
        String outsideFences = md.replaceAll("(?s)````text\\n.*?\\n````\\n", "");
        assertFalse(outsideFences.contains("<script"), outsideFences);
        assertFalse(outsideFences.contains("<img"), outsideFences);
        // In <summary> (HTML, not Markdown) the title is HTML-escaped.
        assertTrue(md.contains("<code>security.escaping</code> Escaping &lt;script&gt;alert('t')&lt;/script&gt; | `tick` &amp;"), md);
    }

    @Test
    void staysUnderGitHubsStepSummaryLimit() {
        // 400 failing checks with 60 long findings each: about 10 MB of findings.
        Check template = ReportFixtures.sampleChecks().get("security.jwt-secrets");
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Check c = ProbeKit.check("security.big-" + i).like(template).title("Big check " + i)
                    .section("Security Checklist").subsection(null).severity(Severity.HIGH).timeout(null).enabled(true)
                    .source("t.yaml:1").attestation(null).build();
            List<Finding> findings = new ArrayList<>();
            for (int j = 0; j < 60; j++) {
                findings.add(Finding.at(Status.FAIL, "finding " + j + " " + "x".repeat(400), "src/file" + j + ".js", j + 1));
            }
            results.add(new Result(c, Status.FAIL, "e".repeat(1000), findings, 1));
        }
        AuditReport big = new AuditReport("9.9.9-test", ReportFixtures.STARTED, 1, ReportFixtures.runInfo(), results, List.of(),
                new Gate(Severity.HIGH, false));
        String md = md(big);
        int bytes = md.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 1024 * 1024, "markdown is " + bytes + " bytes");
        assertTrue(bytes <= MarkdownReporter.DEFAULT_BUDGET, "markdown is " + bytes + " bytes");
        assertTrue(md.contains("more check"), "no truncation note");
        Matcher m = Pattern.compile("> ✂️ Details of (\\d+) more checks left out").matcher(md);
        assertTrue(m.find(), md.substring(md.length() - 500));
        int left = Integer.parseInt(m.group(1));
        assertEquals(400 - left, count(md, "<details><summary>❌"));
        assertTrue(md.contains("- ✂️ 10 more findings; see the JSON report"), "per-check findings cap");
        assertTrue(md.contains("e".repeat(300) + "… (700 more characters)"), "evidence cut in the table");

        // A small budget keeps the tables and leaves out the details.
        String small = ReportFixtures.render(new MarkdownReporter(30_000), big);
        assertTrue(small.getBytes(StandardCharsets.UTF_8).length < 30_000 + 200_000, "tables are always written");
        assertTrue(small.contains("| ❌ FAIL (gating) | high | `security.big-399` |"), "all rows of the table");
    }

    @Test
    void realisticReportIsWellFormed() {
        AuditReport report = ReportFixtures.realistic();
        String md = md(report);
        assertTrue(md.startsWith("## ❌ Production audit: FAILED\n"));
        assertEquals(count(md, "<details>"), count(md, "</details>"));
        long problems = report.results().stream().filter(r -> ReportFacts.isProblem(r.status())).count();
        assertEquals(problems, count(md, "<details><summary>") - 2, "one details per problem, plus manual and skipped/waived");
        assertTrue(md.contains("- `.env.production:24`: JWT\\_ACCESS\\_SECRET: 16 chars"), md);
        assertTrue(md.contains("<details><summary>✋ 32 manual checks to verify by hand</summary>"), md);
        // Every table row has as many cells as its header.
        String[] lines = md.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("|---") || lines[i].startsWith("|---:")) {
                int width = cells(lines[i - 1]).size();
                for (int j = i + 1; j < lines.length && lines[j].startsWith("|"); j++) {
                    assertEquals(width, cells(lines[j]).size(), lines[j]);
                }
            }
        }
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
