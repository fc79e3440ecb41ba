package dev.prodaudit.probe.http;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;

/**
 * {@code type: prometheus}: GETs the metrics path (default {@code /metrics}); it must answer 200 with text that
 * parses strictly in the format its Content-Type names and holds at least one metric family:
 * {@code application/openmetrics-text} (what prom-client serves from an OpenMetrics registry, exemplars included)
 * is judged as OpenMetrics 1.0 ({@link OpenMetricsText}, where {@code # EOF} is mandatory), anything else as the
 * Prometheus text format 0.0.4 ({@link PrometheusText}). A malformed line FAILs with its line number; 401 or 403
 * is an ERROR (the probe cannot read a protected endpoint, which is no verdict on the metrics).
 */
public final class PrometheusProbe implements Probe<PrometheusSpec> {

    @Override
    public String type() {
        return "prometheus";
    }

    @Override
    public Class<PrometheusSpec> specType() {
        return PrometheusSpec.class;
    }

    @Override
    public Set<Evidence> evidence(PrometheusSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(PrometheusSpec spec) {
        return Targeting.targets(spec.target(), spec.url());
    }

    @Override
    public Outcome run(PrometheusSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        Reply r;
        try {
            okhttp3.HttpUrl url = Targeting.resolve(ctx, spec.target(), spec.url(), spec.path(), "/metrics");
            r = HttpSession.open(ctx, start).send("GET", url, Map.of(), false);
        } catch (Targeting.NotConfigured | ProbeFailure e) {
            return Outcome.error(e.getMessage());
        }
        return judge(r);
    }

    static Outcome judge(Reply r) {
        if (r.code() == 401 || r.code() == 403) {
            return Outcome.error(r.line() + ": the metrics are protected, so the probe cannot read them"
                    + " (point the check at an address the audit may read, or disable it)");
        }
        if (r.code() != 200) {
            return fail(r.line() + "; expected 200 with Prometheus metrics");
        }
        String format = openMetricsVersion(r.joined("Content-Type"));
        PrometheusText.Exposition e;
        try {
            e = format == null ? PrometheusText.parse(r.body()) : OpenMetricsText.parse(r.body());
        } catch (PrometheusText.ParseError err) {
            return fail(r.line() + " but the body is not " + (format == null ? "Prometheus text format" : "valid " + format
                    + " (as its Content-Type says)") + ": " + err.getMessage());
        }
        if (e.families().isEmpty()) {
            return fail(r.line() + " with no metrics");
        }
        long histograms = e.count("histogram") + e.count("gaugehistogram");
        String facts = r.line() + ": " + (format == null ? "Prometheus text format" : format) + ", " + e.families().size()
                + " metric famil" + (e.families().size() == 1 ? "y" : "ies") + " (" + histograms + " histogram"
                + (histograms == 1 ? "" : "s") + "), " + e.samples() + " samples"
                + (format == null ? "" : ", " + e.exemplars() + " exemplar" + (e.exemplars() == 1 ? "" : "s"));
        return new Outcome(Status.PASS, facts, List.of(Finding.of(Status.PASS, facts)));
    }

    /**
     * "OpenMetrics 1.0.0" when the Content-Type is {@code application/openmetrics-text} (with its version, when
     * given), else null: the body is then Prometheus text 0.0.4, whatever type it claims, as before.
     */
    static String openMetricsVersion(String contentType) {
        MediaType type = contentType == null ? null : MediaType.parse(contentType.split(",", 2)[0].strip());
        if (type == null || !(type.type() + "/" + type.subtype()).equals(OpenMetricsText.MEDIA_TYPE)) {
            return null;
        }
        String version = type.parameter("version");
        return version == null || version.isBlank() ? "OpenMetrics" : "OpenMetrics " + Show.clip(version);
    }

    private static Outcome fail(String message) {
        return new Outcome(Status.FAIL, message, List.of(Finding.of(Status.FAIL, message)));
    }
}
