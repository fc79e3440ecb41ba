package dev.prodaudit.report;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A single self-contained HTML page (inline CSS, no script, nothing fetched; a Content-Security-Policy says so):
 * a header with the verdict and the counts, a per-section table with coloured counts and a bar, then each section
 * with its checks, failures first (FAIL, ERROR, WARN, WAIVED, MANUAL, SKIP, PASS; catalogue order within a
 * status). A check shows its status, title, severity, id and subsection; failures, errors and warnings add the
 * evidence, the findings with file:line and the fix in a {@code <pre>}. Follows the reader's light or dark scheme.
 * Every string from the report is HTML-escaped.
 */
public final class HtmlReporter implements Reporter {
    static final int MAX_FINDINGS = 50;
    /** The FAIL red of the light scheme (header, badges, counts); the rendering test looks for it. */
    static final String FAIL_RGB = "#cf222e";
    /** The status columns of the section table, in reading order. */
    static final List<Status> COLUMNS = List.of(Status.PASS, Status.FAIL, Status.WARN, Status.ERROR, Status.MANUAL,
            Status.SKIP, Status.WAIVED);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Override
    public String format() {
        return "html";
    }

    @Override
    public void write(AuditReport report, Writer out) throws IOException {
        StringBuilder h = new StringBuilder(64 * 1024);
        String word = ReportFacts.verdictWord(report);
        String verdictClass = switch (word) {
            case "OK" -> "ok";
            case "FAILED" -> "failed";
            default -> "ungated";
        };
        Map<Status, Integer> n = report.counts();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"generator\" content=\"prodaudit ").append(esc(report.version())).append("\">\n")
                .append("<title>").append(esc(word)).append(" · production audit · ").append(report.results().size())
                .append(" checks</title>\n<style>").append(CSS).append("</style>\n</head>\n<body>\n");

        // Header: verdict and counts.
        AuditReport.RunInfo run = report.run();
        h.append("<header class=\"top v-").append(verdictClass).append("\"><div class=\"wrap\">\n");
        h.append("<p class=\"tool\">prodaudit ").append(esc(report.version())).append(" · production readiness audit</p>\n");
        h.append("<h1><span class=\"verdict\">").append(esc(word)).append("</span> ")
                .append(esc(verdictReason(report))).append("</h1>\n");
        h.append("<p class=\"meta\">").append(esc(WHEN.format(report.startedAt()))).append(" · ")
                .append(esc(String.format(Locale.ROOT, "%.1f s", report.durationMs() / 1000.0))).append(" · env <code>")
                .append(esc(run.envFiles().isEmpty() ? "(none found)" : String.join(", ", run.envFiles())))
                .append("</code> · repository <code>").append(esc(run.repository())).append("</code> · <code>--fail-on ")
                .append(esc(report.gate().failOnText())).append("</code>")
                .append(report.gate().allowErrors() ? " <code>--allow-errors</code>" : "")
                .append(report.gate().requireAttested() != null
                        ? " <code>--require-attested " + esc(report.gate().requireAttestedText()) + "</code>" : "")
                .append(" · exit ").append(report.exitCode()).append("</p>\n");
        h.append("<ul class=\"tiles\" id=\"counts\">\n");
        h.append("<li class=\"tile total\"><b>").append(report.results().size()).append("</b><span>checks</span></li>\n");
        for (Status s : COLUMNS) {
            h.append("<li class=\"tile ").append(cls(s)).append(n.get(s) == 0 ? " zero" : "").append("\" data-status=\"")
                    .append(s.name()).append("\"><b>").append(n.get(s)).append("</b><span>").append(label(s)).append("</span></li>\n");
        }
        h.append("</ul>\n</div></header>\n<main class=\"wrap\">\n");

        if (!report.warnings().isEmpty()) {
            h.append("<section class=\"warnings\"><h2>Warnings</h2><ul>\n");
            for (String w : report.warnings()) {
                h.append("<li>").append(esc(w)).append("</li>\n");
            }
            h.append("</ul></section>\n");
        }

        // Per-section summary.
        List<ReportFacts.Section> sections = ReportFacts.sections(report);
        List<String> anchors = anchors(sections);
        h.append("<section class=\"overview\"><h2>By section</h2>\n<table class=\"summary\" id=\"summary\">\n<thead><tr><th class=\"name\">Section</th>");
        for (Status s : COLUMNS) {
            h.append("<th class=\"n ").append(cls(s)).append("\">").append(label(s)).append("</th>");
        }
        h.append("<th class=\"barcol\">Share</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < sections.size(); i++) {
            ReportFacts.Section s = sections.get(i);
            Map<Status, Integer> c = s.counts();
            boolean bad = c.get(Status.FAIL) + c.get(Status.ERROR) > 0;
            h.append("<tr data-section=\"").append(esc(s.name())).append("\"").append(bad ? " class=\"bad\"" : "").append(">")
                    .append("<th class=\"name\"><a href=\"#").append(anchors.get(i)).append("\">").append(esc(s.name()))
                    .append("</a></th>");
            countCells(h, c);
            h.append("<td class=\"barcol\">");
            bar(h, c, s.results().size());
            h.append("</td></tr>\n");
        }
        h.append("</tbody>\n<tfoot><tr data-section=\"\"><th class=\"name\">All sections</th>");
        countCells(h, n);
        h.append("<td class=\"barcol\">");
        bar(h, n, report.results().size());
        h.append("</td></tr></tfoot>\n</table>\n</section>\n");

        // Sections with their checks, failures first.
        for (int i = 0; i < sections.size(); i++) {
            ReportFacts.Section s = sections.get(i);
            Map<Status, Integer> c = s.counts();
            h.append("<section class=\"section\" id=\"").append(anchors.get(i)).append("\">\n<h2>").append(esc(s.name()))
                    .append(" <span class=\"mini\">");
            for (Status st : COLUMNS) {
                if (c.get(st) > 0) {
                    h.append("<span class=\"pill ").append(cls(st)).append("\">").append(c.get(st)).append(' ')
                            .append(label(st)).append("</span>");
                }
            }
            h.append("</span></h2>\n");
            List<Result> ordered = new ArrayList<>(s.results());
            ordered.sort(Comparator.comparingInt(r -> order(r.status())));
            for (Result r : ordered) {
                check(h, report, r);
            }
            h.append("</section>\n");
        }

        h.append("</main>\n<footer class=\"wrap\"><p>prodaudit ").append(esc(report.version()))
                .append(" · secrets are described, never shown · checks run against the files and services named above")
                .append("</p></footer>\n</body>\n</html>\n");
        out.write(h.toString());
        out.flush();
    }

    private static String verdictReason(AuditReport report) {
        String v = ReportFacts.verdict(report);
        int colon = v.indexOf(": ");
        return colon < 0 ? v.replaceFirst("^NOT GATED ", "") : v.substring(colon + 2);
    }

    private static void countCells(StringBuilder h, Map<Status, Integer> c) {
        for (Status s : COLUMNS) {
            int v = c.get(s);
            h.append("<td class=\"n ").append(cls(s)).append(v == 0 ? " zero" : " has").append("\" data-status=\"")
                    .append(s.name()).append("\">").append(v).append("</td>");
        }
    }

    private static void bar(StringBuilder h, Map<Status, Integer> c, int total) {
        h.append("<div class=\"bar\" role=\"img\" aria-label=\"");
        List<String> parts = new ArrayList<>();
        for (Status s : COLUMNS) {
            if (c.get(s) > 0) {
                parts.add(c.get(s) + " " + label(s));
            }
        }
        h.append(esc(String.join(", ", parts))).append("\">");
        for (Status s : COLUMNS) {
            int v = c.get(s);
            if (v > 0) {
                h.append("<span class=\"seg ").append(cls(s)).append("\" style=\"flex-grow:").append(v).append("\" title=\"")
                        .append(v).append(' ').append(label(s)).append("\"></span>");
            }
        }
        if (total == 0) {
            h.append("<span class=\"seg empty\" style=\"flex-grow:1\"></span>");
        }
        h.append("</div>");
    }

    private static void check(StringBuilder h, AuditReport report, Result r) {
        Check c = r.check();
        Status st = r.status();
        boolean gating = report.gate().gates(r);
        boolean full = ReportFacts.isProblem(st) || st == Status.WAIVED;
        h.append("<article class=\"check ").append(cls(st)).append(full ? " full" : " compact").append(gating ? " gating" : "")
                .append("\" id=\"c-").append(esc(c.id())).append("\">\n<div class=\"head\"><span class=\"badge ")
                .append(cls(st)).append("\">").append(st.label()).append("</span><h3>").append(esc(c.title()))
                .append("</h3><span class=\"tags\"><span class=\"sev sev-").append(c.severity().id()).append("\">")
                .append(c.severity().id()).append("</span>");
        if (gating) {
            h.append("<span class=\"gate\">gating</span>");
        }
        h.append("<code class=\"id\">").append(esc(c.id())).append("</code>");
        if (c.subsection() != null) {
            h.append("<span class=\"sub\">").append(esc(c.subsection())).append("</span>");
        }
        h.append("</span></div>\n");
        String note = ReportFacts.gateNote(report, r);
        h.append("<p class=\"evidence\">").append(esc(r.evidence()));
        if (note != null) {
            h.append(" <span class=\"note\">(").append(esc(note)).append(")</span>");
        }
        h.append("</p>\n");
        if (full) {
            List<Finding> findings = ReportFacts.problems(r);
            boolean onlyRepeatsEvidence = findings.size() == 1 && findings.get(0).where() == null
                    && findings.get(0).message().equals(r.evidence());
            if (!findings.isEmpty() && !onlyRepeatsEvidence) {
                h.append("<ul class=\"findings\">\n");
                for (int i = 0; i < Math.min(findings.size(), MAX_FINDINGS); i++) {
                    Finding f = findings.get(i);
                    h.append("<li class=\"").append(cls(f.status())).append("\">");
                    if (f.where() != null) {
                        h.append("<code class=\"where\">").append(esc(f.where())).append("</code> ");
                    }
                    h.append(esc(f.message())).append("</li>\n");
                }
                if (findings.size() > MAX_FINDINGS) {
                    h.append("<li class=\"more\">… ").append(findings.size() - MAX_FINDINGS)
                            .append(" more findings (see the JSON report)</li>\n");
                }
                h.append("</ul>\n");
            }
            if ((st != Status.ERROR || c.remediationAppliesToError()) && !c.remediation().isBlank()) {
                h.append("<div class=\"fix\"><h4>Fix</h4><pre>").append(esc(c.remediation().strip())).append("</pre></div>\n");
            }
            if (c.rationale() != null && !c.rationale().isBlank()) {
                h.append("<details class=\"why\"><summary>Why it matters</summary><p>").append(esc(c.rationale().strip()))
                        .append("</p></details>\n");
            }
        } else if (st == Status.MANUAL && !c.remediation().isBlank()) {
            h.append("<details class=\"why\"><summary>How to get there</summary><pre>").append(esc(c.remediation().strip()))
                    .append("</pre></details>\n");
        }
        h.append("</article>\n");
    }

    /** Section anchors: "s-" and a slug of the name, unique. */
    private static List<String> anchors(List<ReportFacts.Section> sections) {
        Set<String> used = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (ReportFacts.Section s : sections) {
            String slug = "s-" + s.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            String id = slug;
            for (int i = 2; !used.add(id); i++) {
                id = slug + "-" + i;
            }
            out.add(id);
        }
        return out;
    }

    private static int order(Status s) {
        return switch (s) {
            case FAIL -> 0;
            case ERROR -> 1;
            case WARN -> 2;
            case WAIVED -> 3;
            case MANUAL -> 4;
            case SKIP -> 5;
            case PASS -> 6;
        };
    }

    static String cls(Status s) {
        return "s-" + s.name().toLowerCase(Locale.ROOT);
    }

    static String label(Status s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** Escapes text for HTML content and double- or single-quoted attribute values; control characters become U+FFFD. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r' ? '\uFFFD' : ch);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            :root{--bg:#f6f8fa;--card:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--code:#eff2f5;
            --pass:#1a7f37;--pass-bg:#dafbe1;--fail:#cf222e;--fail-bg:#ffebe9;--warn:#9a6700;--warn-bar:#d4a72c;--warn-bg:#fff8c5;
            --error:#8250df;--error-bg:#fbefff;--manual:#0969da;--manual-bg:#ddf4ff;--skip:#6e7781;--skip-bg:#eaeef2;
            --waived:#0e7490;--waived-bg:#cffafe;color-scheme:light dark}
            @media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#151b23;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;
            --code:#212830;--pass:#3fb950;--pass-bg:#12261e;--fail:#f85149;--fail-bg:#2d1214;--warn:#d29922;--warn-bar:#d29922;
            --warn-bg:#2b2111;--error:#ab7df8;--error-bg:#231a35;--manual:#4493f8;--manual-bg:#121d2f;--skip:#9198a1;
            --skip-bg:#212830;--waived:#39c5cf;--waived-bg:#0f2a2d}}
            *{box-sizing:border-box}
            html{background:var(--bg);color:var(--fg);font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif}
            body{margin:0}
            code,pre{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:.87em}
            .wrap{max-width:1180px;margin:0 auto;padding:0 24px}
            header.top{color:#fff;padding:22px 0 20px;margin-bottom:24px}
            header.v-failed{background:linear-gradient(135deg,#cf222e,#a40e26)}
            header.v-ok{background:linear-gradient(135deg,#1a7f37,#116329)}
            header.v-ungated{background:linear-gradient(135deg,#59636e,#424a53)}
            header .tool{margin:0;opacity:.85;font-size:.9em;letter-spacing:.02em}
            header h1{margin:.2em 0 .25em;font-size:1.55em;font-weight:600;line-height:1.3}
            header .verdict{display:inline-block;background:rgba(255,255,255,.95);color:#1f2328;border-radius:6px;padding:0 .45em;
            margin-right:.3em;font-weight:800;letter-spacing:.04em}
            header.v-failed .verdict{color:#cf222e}header.v-ok .verdict{color:#1a7f37}
            header .meta{margin:0 0 14px;opacity:.92;font-size:.9em}
            header .meta code{background:rgba(0,0,0,.18);padding:1px 5px;border-radius:4px}
            .tiles{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:10px}
            .tile{background:var(--card);color:var(--fg);border-radius:8px;padding:6px 14px 7px;min-width:92px;border-top:4px solid var(--skip);
            box-shadow:0 1px 3px rgba(0,0,0,.18)}
            .tile b{display:block;font-size:1.6em;line-height:1.15}
            .tile span{font-size:.8em;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
            .tile.total{border-top-color:var(--fg)}
            .tile.zero{opacity:.6}
            .tile.s-pass{border-top-color:var(--pass)}.tile.s-pass b{color:var(--pass)}
            .tile.s-fail{border-top-color:var(--fail)}.tile.s-fail b{color:var(--fail)}
            .tile.s-warn{border-top-color:var(--warn-bar)}.tile.s-warn b{color:var(--warn)}
            .tile.s-error{border-top-color:var(--error)}.tile.s-error b{color:var(--error)}
            .tile.s-manual{border-top-color:var(--manual)}.tile.s-manual b{color:var(--manual)}
            .tile.s-skip{border-top-color:var(--skip)}.tile.s-skip b{color:var(--skip)}
            .tile.s-waived{border-top-color:var(--waived)}.tile.s-waived b{color:var(--waived)}
            h2{font-size:1.25em;margin:28px 0 10px;font-weight:600}
            .warnings{background:var(--warn-bg);border:1px solid var(--warn-bar);border-radius:8px;padding:4px 16px;margin-bottom:8px}
            .warnings h2{font-size:1em;margin:8px 0 4px;color:var(--warn)}.warnings ul{margin:4px 0 10px;padding-left:20px}
            table.summary{width:100%;border-collapse:separate;border-spacing:0;background:var(--card);border:1px solid var(--line);
            border-radius:8px;overflow:hidden}
            .summary th,.summary td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
            .summary tbody tr:last-child th,.summary tbody tr:last-child td{border-bottom:0}
            .summary thead th{font-size:.78em;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-weight:600;background:var(--bg)}
            .summary th.name{text-align:left;font-weight:600}
            .summary tbody tr.bad th.name{box-shadow:inset 4px 0 0 var(--fail)}
            .summary a{color:inherit;text-decoration:none}.summary a:hover{text-decoration:underline}
            .summary td.n{font-variant-numeric:tabular-nums;width:64px;font-weight:600}
            .summary td.zero{color:var(--line);font-weight:400}
            .summary td.has.s-pass{color:var(--pass)}
            .summary td.has.s-fail{color:#fff;background:var(--fail)}
            .summary td.has.s-warn{color:var(--warn);background:var(--warn-bg)}
            .summary td.has.s-error{color:#fff;background:var(--error)}
            .summary td.has.s-manual{color:var(--manual)}
            .summary td.has.s-skip{color:var(--skip)}
            .summary td.has.s-waived{color:var(--waived)}
            .summary tfoot th,.summary tfoot td{border-top:2px solid var(--line);border-bottom:0;background:var(--bg)}
            .summary td.barcol{width:30%;min-width:180px}
            .bar{display:flex;height:14px;border-radius:7px;overflow:hidden;background:var(--skip-bg)}
            .seg{display:block;min-width:3px}
            .seg.s-pass{background:var(--pass)}.seg.s-fail{background:var(--fail)}.seg.s-warn{background:var(--warn-bar)}
            .seg.s-error{background:var(--error)}.seg.s-manual{background:var(--manual)}.seg.s-skip{background:var(--skip)}
            .seg.s-waived{background:var(--waived)}
            .section h2{display:flex;align-items:center;flex-wrap:wrap;gap:10px;border-bottom:1px solid var(--line);padding-bottom:6px;
            margin-top:36px}
            .mini{display:inline-flex;gap:6px;flex-wrap:wrap;font-size:.62em;font-weight:600}
            .pill{border-radius:10px;padding:1px 8px}
            .pill.s-pass{background:var(--pass-bg);color:var(--pass)}.pill.s-fail{background:var(--fail-bg);color:var(--fail)}
            .pill.s-warn{background:var(--warn-bg);color:var(--warn)}.pill.s-error{background:var(--error-bg);color:var(--error)}
            .pill.s-manual{background:var(--manual-bg);color:var(--manual)}.pill.s-skip{background:var(--skip-bg);color:var(--skip)}
            .pill.s-waived{background:var(--waived-bg);color:var(--waived)}
            .check{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--skip);border-radius:8px;
            margin:10px 0;padding:10px 16px}
            .check.compact{padding:6px 16px;margin:6px 0}
            .check.s-pass{border-left-color:var(--pass)}.check.s-fail{border-left-color:var(--fail)}
            .check.s-warn{border-left-color:var(--warn-bar)}.check.s-error{border-left-color:var(--error)}
            .check.s-manual{border-left-color:var(--manual)}.check.s-waived{border-left-color:var(--waived)}
            .check.gating{box-shadow:0 0 0 1px var(--fail-bg),0 1px 4px rgba(207,34,46,.18)}
            .head{display:flex;align-items:baseline;flex-wrap:wrap;gap:4px 10px}
            .head h3{margin:0;font-size:1.02em;font-weight:600}
            .compact .head h3{font-weight:500}
            .badge{display:inline-block;min-width:64px;text-align:center;font-size:.72em;font-weight:700;letter-spacing:.06em;
            border-radius:5px;padding:2px 6px;color:#fff;background:var(--skip);position:relative;top:-1px}
            .badge.s-pass{background:var(--pass)}.badge.s-fail{background:var(--fail)}.badge.s-warn{background:var(--warn-bar);color:#1f2328}
            .badge.s-error{background:var(--error)}.badge.s-manual{background:var(--manual)}.badge.s-waived{background:var(--waived)}
            .tags{display:inline-flex;flex-wrap:wrap;gap:6px;align-items:baseline;margin-left:auto;font-size:.8em;color:var(--muted)}
            .sev{border:1px solid var(--line);border-radius:10px;padding:0 7px}
            .sev-critical{border-color:var(--fail);color:var(--fail);font-weight:600}.sev-high{border-color:var(--warn-bar);color:var(--warn)}
            .gate{background:var(--fail);color:#fff;border-radius:10px;padding:0 7px;font-weight:600}
            .id{background:var(--code);border-radius:4px;padding:0 5px}
            .sub{font-style:italic}
            .evidence{margin:6px 0 4px;overflow-wrap:anywhere;white-space:pre-line}
            .compact .evidence{margin:2px 0 0;color:var(--muted);font-size:.9em}
            .note{color:var(--muted);font-style:italic}
            .findings{margin:4px 0 8px;padding-left:20px;overflow-wrap:anywhere}
            .findings li{margin:2px 0;white-space:pre-line}
            .findings li.s-fail::marker{color:var(--fail)}.findings li.s-warn::marker{color:var(--warn)}
            .findings li.s-error::marker{color:var(--error)}
            .where{background:var(--code);border-radius:4px;padding:0 5px;color:var(--fg);white-space:nowrap}
            .fix h4{margin:8px 0 4px;font-size:.8em;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
            pre{background:var(--code);border-radius:6px;padding:10px 12px;margin:0 0 6px;white-space:pre-wrap;overflow-wrap:anywhere}
            details.why{margin:4px 0 2px;font-size:.9em}
            details.why summary{cursor:pointer;color:var(--muted)}
            details.why p{margin:4px 0 6px}
            footer{color:var(--muted);font-size:.85em;padding-top:16px;padding-bottom:40px}
            @media print{header.top{-webkit-print-color-adjust:exact;print-color-adjust:exact}.check{break-inside:avoid}}
            """;
}
