package dev.prodaudit.report;

import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Fact;
import dev.prodaudit.probe.Status;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Prometheus text exposition format (version 0.0.4), for node_exporter's textfile collector and a Pushgateway.
 * Labels are the catalogue's ids, sections and severities, the statuses, and the TLS endpoints the audit was told
 * to check: their number is bounded by the catalogue and the configuration, and no label holds evidence text or a
 * secret. No sample carries a timestamp (the textfile collector refuses them; the scrape time is the sample's).
 *
 * <ul>
 *   <li>{@code prodaudit_check_status{id,section,severity,status}}: 1 for the check's status, 0 for each other one,
 *       so {@code sum by (section, status)} counts and a status change is a change of value, not a new series;</li>
 *   <li>{@code prodaudit_check_duration_seconds{id}}, {@code prodaudit_checks{status}},
 *       {@code prodaudit_gating}, {@code prodaudit_last_run_timestamp_seconds} (when the run ended);</li>
 *   <li>{@code prodaudit_tls_cert_expiry_timestamp_seconds{endpoint}}: each certificate's notAfter, from the TLS
 *       probe's structured facts;</li>
 *   <li>{@code prodaudit_changed_checks}: with {@code --history}, the checks whose status changed since the previous
 *       run.</li>
 * </ul>
 */
public final class PrometheusReporter implements Reporter {

    @Override
    public String format() {
        return "prometheus";
    }

    @Override
    public void write(AuditReport report, Writer out) throws IOException {
        header(out, "prodaudit_check_status",
                "Status of each check of the last audit: 1 for its status, 0 for the others.");
        for (Result r : report.results()) {
            for (Status s : Status.values()) {
                out.write("prodaudit_check_status{id=\"" + escape(r.check().id()) + "\",section=\""
                        + escape(r.check().section()) + "\",severity=\"" + escape(r.check().severity().id())
                        + "\",status=\"" + s.label() + "\"} " + (r.status() == s ? 1 : 0) + "\n");
            }
        }
        header(out, "prodaudit_check_duration_seconds", "How long each check of the last audit took.");
        for (Result r : report.results()) {
            out.write("prodaudit_check_duration_seconds{id=\"" + escape(r.check().id()) + "\"} "
                    + number(r.durationMs() / 1000.0) + "\n");
        }
        header(out, "prodaudit_checks", "Checks of the last audit per status.");
        for (Map.Entry<Status, Integer> e : report.counts().entrySet()) {
            out.write("prodaudit_checks{status=\"" + e.getKey().label() + "\"} " + e.getValue() + "\n");
        }
        header(out, "prodaudit_gating", "Checks of the last audit that gate it (exit 1 when above 0).");
        out.write("prodaudit_gating " + report.gating().size() + "\n");
        header(out, "prodaudit_last_run_timestamp_seconds", "When the last audit ended, in seconds since the epoch.");
        out.write("prodaudit_last_run_timestamp_seconds "
                + number(report.startedAt().plusMillis(report.durationMs()).toEpochMilli() / 1000.0) + "\n");
        Map<String, Double> expiries = new TreeMap<>();
        for (Result r : report.results()) {
            for (Fact.CertificateExpiry c : r.facts(Fact.CertificateExpiry.class)) {
                // One endpoint checked by two checks serves one certificate: keep the earlier expiry to be safe.
                expiries.merge(c.endpoint(), c.notAfter().getEpochSecond() * 1.0, Math::min);
            }
        }
        if (!expiries.isEmpty()) {
            header(out, "prodaudit_tls_cert_expiry_timestamp_seconds",
                    "When the certificate each TLS endpoint served expires, in seconds since the epoch.");
            for (Map.Entry<String, Double> e : expiries.entrySet()) {
                out.write("prodaudit_tls_cert_expiry_timestamp_seconds{endpoint=\"" + escape(e.getKey()) + "\"} "
                        + number(e.getValue()) + "\n");
            }
        }
        if (report.sincePrevious() != null) {
            header(out, "prodaudit_changed_checks", "Checks whose status changed since the previous audit (--history).");
            out.write("prodaudit_changed_checks " + report.sincePrevious().changedChecks() + "\n");
        }
    }

    private static void header(Writer out, String name, String help) throws IOException {
        out.write("# HELP " + name + " " + help + "\n");
        out.write("# TYPE " + name + " gauge\n");
    }

    /** A label value as the exposition format escapes it: backslash, double quote and line feed. */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A sample value: integers without a fraction, others with up to three decimals (milliseconds). */
    private static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
