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
import okhttp3.HttpUrl;

/**
 * {@code type: https-redirect}: GETs {@code http://<host>:<port>/<path>} without following redirects. PASS on 301
 * or 308 to https:// on the same host; WARN on 302 or 307 (temporary, not remembered) and when nothing listens on
 * the plain port (connection refused: nothing is served in clear text, but http:// links fail instead of being
 * redirected; the MDN HTTP Observatory passes this case); FAIL on any other answer, a redirect to http:// or to
 * another host (HSTS set by the host would never be seen).
 */
public final class HttpsRedirectProbe implements Probe<HttpsRedirectSpec> {

    @Override
    public String type() {
        return "https-redirect";
    }

    @Override
    public Class<HttpsRedirectSpec> specType() {
        return HttpsRedirectSpec.class;
    }

    @Override
    public Set<Evidence> evidence(HttpsRedirectSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(HttpsRedirectSpec spec) {
        return Targeting.targets(spec.target(), spec.url());
    }

    @Override
    public Outcome run(HttpsRedirectSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        HttpUrl plain;
        try {
            HttpUrl base = Targeting.base(ctx, spec.target(), spec.url());
            plain = Targeting.join(Targeting.plainHttp(base, spec.port() == null ? 80 : spec.port()),
                    spec.path() == null ? "/" : spec.path());
        } catch (Targeting.NotConfigured e) {
            return Outcome.error(e.getMessage());
        }
        Reply r;
        try {
            r = HttpSession.open(ctx, start).send("GET", plain, Map.of(), false);
        } catch (ProbeFailure e) {
            if (e.kind() == ProbeFailure.Kind.REFUSED) {
                return new Outcome(Status.WARN, "nothing listens on " + HttpSession.endpoint(plain)
                        + " (connection refused): nothing is served over plain http, but http:// links fail instead of redirecting to https",
                        List.of());
            }
            return Outcome.error(e.getMessage());
        }
        return judge(plain, r);
    }

    static Outcome judge(HttpUrl plain, Reply r) {
        String location = r.joined("Location");
        if (r.code() >= 300 && r.code() < 400 && location != null) {
            HttpUrl to = plain.resolve(r.values("Location").get(0).strip());
            if (to == null) {
                return fail(r.line() + " with a Location that is not a URL");
            }
            String hop = r.line() + " → " + Show.location(to);
            if (!to.isHttps()) {
                return fail(hop + ": the redirect stays on http://");
            }
            if (!to.host().equalsIgnoreCase(plain.host())) {
                return fail(hop + ": redirects to another host; redirect to https://" + plain.host()
                        + " first so its HSTS header is seen");
            }
            if (r.code() == 301 || r.code() == 308) {
                return new Outcome(Status.PASS, hop, List.of(Finding.of(Status.PASS, hop)));
            }
            String warn = hop + ": a temporary redirect (" + r.code() + ") is not remembered by browsers or caches; use 301 or 308";
            return new Outcome(Status.WARN, warn, List.of(Finding.of(Status.WARN, warn)));
        }
        return fail(r.line() + " over plain http without redirecting to https://");
    }

    private static Outcome fail(String message) {
        return new Outcome(Status.FAIL, message, List.of(Finding.of(Status.FAIL, message)));
    }
}
