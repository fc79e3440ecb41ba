package dev.prodaudit.probe.http;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import java.util.List;
import java.util.Map;

/**
 * {@code type: prometheus}: GETs the metrics path (default {@code /metrics}); it must answer 200 with text that
 * parses strictly as Prometheus exposition format ({@link PrometheusText}) and holds at least one metric family.
 * A malformed line FAILs with its line number; 401 or 403 is an ERROR (the probe cannot read a protected
 * endpoint, which is no verdict on the metrics).
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
        PrometheusText.Exposition e;
        try {
            e = PrometheusText.parse(r.body());
        } catch (PrometheusText.ParseError err) {
            return fail(r.line() + " but the body is not Prometheus text format: " + err.getMessage());
        }
        if (e.families().isEmpty()) {
            return fail(r.line() + " with no metrics");
        }
        String facts = r.line() + ": Prometheus text format, " + e.families().size() + " metric famil"
                + (e.families().size() == 1 ? "y" : "ies") + " (" + e.count("histogram") + " histogram"
                + (e.count("histogram") == 1 ? "" : "s") + "), " + e.samples() + " samples";
        return new Outcome(Status.PASS, facts, List.of(Finding.of(Status.PASS, facts)));
    }

    private static Outcome fail(String message) {
        return new Outcome(Status.FAIL, message, List.of(Finding.of(Status.FAIL, message)));
    }
}
