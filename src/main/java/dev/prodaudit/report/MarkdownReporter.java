package dev.prodaudit.report;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GitHub-flavoured Markdown for {@code $GITHUB_STEP_SUMMARY} and merge-request comments: a title with the verdict,
 * the counts per status, a table per section, the failing, erroring and warning checks in a table and then one
 * {@code <details>} each with the findings (file:line) and the fix, and the manual items in one collapsed
 * {@code <details>}.
 *
 * <p>Table cells escape Markdown and HTML ({@code | ` * _ [ ] < > &} ...) and turn newlines into {@code <br>}.
 * GitHub rejects a step summary over 1 MiB, so the report keeps to a byte budget (default 900 KB): evidence in the
 * table is cut at {@value #MAX_CELL} characters, findings at {@value #MAX_FINDINGS} per check, and past the budget
 * the remaining details are left out with a note pointing at the JSON report.
 */
public final class MarkdownReporter implements Reporter {
    /** Under GitHub's 1 MiB (1,048,576 bytes) limit per step summary, with room for what a workflow adds. */
    public static final int DEFAULT_BUDGET = 900_000;
    static final int MAX_CELL = 300;
    static final int MAX_FINDINGS = 50;
    /** What the closing parts (manual list, truncation notes) may need beyond the budget check. */
    private static final int RESERVE = 2_000;

    private final int budget;

    public MarkdownReporter() {
        this(DEFAULT_BUDGET);
    }

    /** A reporter that keeps its output under about {@code budgetBytes} of UTF-8 (tests use a small one). */
    public MarkdownReporter(int budgetBytes) {
        this.budget = budgetBytes;
    }

    @Override
    public String format() {
        return "markdown";
    }

    @Override
    public void write(AuditReport report, Writer out) throws IOException {
        Output o = new Output();
        Map<Status, Integer> n = report.counts();
        String word = ReportFacts.verdictWord(report);
        String icon = switch (word) {
            case "OK" -> "✅";
            case "FAILED" -> "❌";
            default -> "ℹ️";
        };
        o.line("## " + icon + " Production audit: " + word);
        o.line("");
        o.line("**" + escape(ReportFacts.verdict(report)) + "**");
        o.line("");
        String attestations = ReportFacts.attestationLine(report);
        if (attestations != null) {
            o.line("✋ " + escape(attestations));
            o.line("");
        }
        AuditReport.RunInfo run = report.run();
        o.line("prodaudit " + escape(report.version()) + " · " + report.results().size() + " checks · env "
                + (run.envFiles().isEmpty() ? "(none found)" : escape(String.join(", ", run.envFiles())))
                + " · repository " + escape(run.repository()) + " · `--fail-on " + report.gate().failOnText() + "`"
                + (report.gate().allowErrors() ? " `--allow-errors`" : "")
                + (report.gate().requireAttested() != null ? " `--require-attested " + report.gate().requireAttestedText() + "`" : ""));
        o.line("");
        for (String w : report.warnings()) {
            o.line("> ⚠️ " + cell(w));
        }
        if (!report.warnings().isEmpty()) {
            o.line("");
        }

        // Counts per status, one row.
        StringBuilder head = new StringBuilder("|");
        StringBuilder rule = new StringBuilder("|");
        StringBuilder row = new StringBuilder("|");
        for (Status s : Status.values()) {
            head.append(' ').append(icon(s)).append(' ').append(s.label()).append(" |");
            rule.append("---:|");
            row.append(' ').append(n.get(s) > 0 && emphasised(s) ? "**" + n.get(s) + "**" : n.get(s)).append(" |");
        }
        head.append(" total |");
        rule.append("---:|");
        row.append(' ').append(report.results().size()).append(" |");
        o.line(head.toString());
        o.line(rule.toString());
        o.line(row.toString());
        o.line("");

        // Per section.
        List<Status> columns = new ArrayList<>(List.of(Status.PASS, Status.FAIL, Status.WARN, Status.ERROR, Status.MANUAL));
        if (n.get(Status.SKIP) > 0) {
            columns.add(Status.SKIP);
        }
        if (n.get(Status.WAIVED) > 0) {
            columns.add(Status.WAIVED);
        }
        o.line("### By section");
        o.line("");
        StringBuilder sh = new StringBuilder("| section |");
        StringBuilder sr = new StringBuilder("|---|");
        for (Status s : columns) {
            sh.append(' ').append(s.label().toLowerCase(Locale.ROOT)).append(" |");
            sr.append("---:|");
        }
        o.line(sh.toString());
        o.line(sr.toString());
        for (ReportFacts.Section section : ReportFacts.sections(report)) {
            Map<Status, Integer> c = section.counts();
            StringBuilder r = new StringBuilder("| ").append(cell(section.name())).append(" |");
            for (Status s : columns) {
                int v = c.get(s);
                r.append(' ').append(v == 0 ? "·" : emphasised(s) ? icon(s) + " **" + v + "**" : Integer.toString(v)).append(" |");
            }
            o.line(r.toString());
        }
        o.line("");

        // What needs attention: failures, then errors, then warnings; gating first; most severe first.
        List<Result> problems = new ArrayList<>(report.results().stream().filter(r -> ReportFacts.isProblem(r.status())).toList());
        problems.sort(Comparator.comparingInt((Result r) -> order(r.status()))
                .thenComparing(r -> !report.gate().gates(r))
                .thenComparing(r -> r.check().severity(), Comparator.reverseOrder()));
        if (!problems.isEmpty()) {
            o.line("### Needs attention");
            o.line("");
            o.line("| status | severity | id | title | evidence |");
            o.line("|---|---|---|---|---|");
            for (Result r : problems) {
                Check c = r.check();
                String status = icon(r.status()) + " " + r.status().label() + (report.gate().gates(r) ? " (gating)" : "");
                String note = ReportFacts.gateNote(report, r);
                o.line("| " + status + " | " + c.severity().id() + " | " + code(c.id()) + " | " + cell(c.title()) + " | "
                        + cell(cut(r.evidence(), MAX_CELL) + (note == null ? "" : " (" + note + ")")) + " |");
            }
            o.line("");
            int left = 0;
            for (Result r : problems) {
                String block = left > 0 ? null : details(report, r);
                if (block == null || !o.fits(block, budget - RESERVE)) {
                    left++;
                    continue;
                }
                o.append(block);
            }
            if (left > 0) {
                o.line("> ✂️ Details of " + left + " more check" + (left == 1 ? "" : "s")
                        + " left out to stay under GitHub's 1 MiB step-summary limit; the JSON report "
                        + "(`--report json=FILE`) has everything.");
                o.line("");
            }
        }

        List<Result> manual = report.results().stream().filter(r -> r.status() == Status.MANUAL).toList();
        if (!manual.isEmpty()) {
            collapsed(o, "✋ " + manual.size() + " manual check" + (manual.size() == 1 ? "" : "s") + " to verify by hand", manual, report.gate());
        }
        List<Result> other = report.results().stream()
                .filter(r -> r.status() == Status.SKIP || r.status() == Status.WAIVED).toList();
        if (!other.isEmpty()) {
            collapsed(o, "⏭️ " + other.size() + " skipped or waived check" + (other.size() == 1 ? "" : "s"), other, report.gate());
        }
        out.write(o.text());
        out.flush();
    }

    private void collapsed(Output o, String summary, List<Result> results, dev.prodaudit.engine.Gate gate) {
        o.line("<details><summary>" + html(summary) + "</summary>");
        o.line("");
        int left = 0;
        for (Result r : results) {
            String item = "- " + (r.status() == Status.MANUAL ? "" : r.status().label() + " ") + code(r.check().id()) + " "
                    + inline(r.check().title()) + " (" + r.check().severity().id() + (gate.unattested(r) ? ", gating: not attested" : "")
                    + "): " + inline(cut(r.evidence(), MAX_CELL)) + "\n";
            if (left > 0 || !o.fits(item, budget - RESERVE / 2)) {
                left++;
                continue;
            }
            o.append(item);
        }
        if (left > 0) {
            o.line("- ✂️ " + left + " more left out (1 MiB step-summary limit); see the JSON report");
        }
        o.line("");
        o.line("</details>");
        o.line("");
    }

    /** One check's evidence, findings and fix, collapsed under its status and title. */
    private static String details(AuditReport report, Result r) {
        Check c = r.check();
        StringBuilder b = new StringBuilder();
        b.append("<details><summary>").append(icon(r.status())).append(" <b>").append(r.status().label()).append("</b> ")
                .append("<code>").append(html(c.id())).append("</code> ").append(html(c.title()))
                .append(" <i>(").append(c.severity().id()).append(report.gate().gates(r) ? ", gating" : "").append(")</i>")
                .append("</summary>\n\n");
        String note = ReportFacts.gateNote(report, r);
        b.append("**Evidence:** ").append(inline(r.evidence())).append(note == null ? "" : " _(" + escape(note) + ")_").append("\n\n");
        List<Finding> findings = ReportFacts.problems(r);
        if (!findings.isEmpty()) {
            for (int i = 0; i < Math.min(findings.size(), MAX_FINDINGS); i++) {
                Finding f = findings.get(i);
                b.append("- ");
                if (f.where() != null) {
                    b.append(code(f.where())).append(": ");
                }
                b.append(inline(f.message())).append('\n');
            }
            if (findings.size() > MAX_FINDINGS) {
                b.append("- ✂️ ").append(findings.size() - MAX_FINDINGS).append(" more findings; see the JSON report\n");
            }
            b.append('\n');
        }
        if ((r.status() != Status.ERROR || c.remediationAppliesToError()) && !c.remediation().isBlank()) {
            b.append("**Fix:**\n\n").append(fenced(c.remediation())).append('\n');
        }
        b.append("</details>\n\n");
        return b.toString();
    }

    private static int order(Status s) {
        return switch (s) {
            case FAIL -> 0;
            case ERROR -> 1;
            case WARN -> 2;
            default -> 3;
        };
    }

    private static boolean emphasised(Status s) {
        return s == Status.FAIL || s == Status.ERROR || s == Status.WARN;
    }

    static String icon(Status s) {
        return switch (s) {
            case PASS -> "✅";
            case FAIL -> "❌";
            case WARN -> "⚠️";
            case ERROR -> "💥";
            case SKIP -> "⏭️";
            case MANUAL -> "✋";
            case WAIVED -> "🙈";
        };
    }

    /** Escapes text for a table cell: Markdown and HTML are shown as written, newlines become {@code <br>}. */
    static String cell(String s) {
        return escape(s).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>");
    }

    /** Escapes text for a list item or paragraph, on one line. */
    static String inline(String s) {
        return escape(s).replaceAll("[\\r\\n]+", " ");
    }

    /**
     * Backslash-escapes the punctuation Markdown acts on inside a line ({@code \ ` * _ [ ] | ~ $}: code, emphasis,
     * links and images, table cells, strikethrough, math) and writes {@code & < >} as HTML entities, so that
     * neither Markdown nor raw HTML in the text takes effect. Callers never start a line with escaped text, so
     * line-start syntax (lists, headings, rules) cannot arise.
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\\', '`', '*', '_', '[', ']', '|', '~', '$' -> b.append('\\').append(ch);
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** Escapes text for HTML (inside {@code <summary>}, where Markdown does not apply), on one line. */
    static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replaceAll("[\\r\\n]+", " ");
    }

    /** An inline code span that holds any text: a fence longer than any run of backticks in it; pipes escaped. */
    static String code(String s) {
        String fence = "`".repeat(longestBacktickRun(s) + 1);
        String body = s.replaceAll("[\\r\\n]+", " ").replace("|", "\\|");
        boolean pad = body.startsWith("`") || body.endsWith("`");
        return fence + (pad ? " " + body + " " : body) + fence;
    }

    /** A fenced code block that holds any text: a fence longer than any run of backticks in it. */
    static String fenced(String s) {
        String fence = "`".repeat(Math.max(3, longestBacktickRun(s) + 1));
        return fence + "text\n" + s.strip() + "\n" + fence + "\n";
    }

    private static int longestBacktickRun(String s) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "… (" + (s.length() - end) + " more characters)";
    }

    /** The document being written and its size in UTF-8 bytes. */
    private static final class Output {
        private final StringBuilder text = new StringBuilder();
        private long bytes;

        void line(String s) {
            append(s + "\n");
        }

        void append(String s) {
            text.append(s);
            bytes += s.getBytes(StandardCharsets.UTF_8).length;
        }

        boolean fits(String s, long limit) {
            return bytes + s.getBytes(StandardCharsets.UTF_8).length <= limit;
        }

        String text() {
            return text.toString();
        }
    }
}
