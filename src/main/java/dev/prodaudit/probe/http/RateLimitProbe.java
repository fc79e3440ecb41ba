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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code type: rate-limit}: GETs the login endpoint (read-only: no credentials are ever sent, so a limiter mounted
 * only on POST is not seen) and reads the announced policy ({@link RateLimitHeaders}). PASS when some announced
 * policy allows at most {@code limit} requests per a window of at least {@code window}; WARN when only a limit is
 * announced (RateLimit-Limit, X-RateLimit-Limit) and it is within bounds, since the window cannot be verified;
 * WARN "not visible from a read-only request" when the route answers 404 or 405 to GET without rate-limit headers
 * (it only takes POST, so a limiter mounted on it is never run for a GET); FAIL when a route that answers GET
 * announces nothing, or every announced policy is looser.
 */
public final class RateLimitProbe implements Probe<RateLimitSpec> {

    @Override
    public String type() {
        return "rate-limit";
    }

    @Override
    public Class<RateLimitSpec> specType() {
        return RateLimitSpec.class;
    }

    @Override
    public Set<Evidence> evidence(RateLimitSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(RateLimitSpec spec) {
        return Targeting.targets(spec.target(), spec.url());
    }

    @Override
    public Outcome run(RateLimitSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        Reply r;
        try {
            okhttp3.HttpUrl url = Targeting.resolve(ctx, spec.target(), spec.url(), spec.path(), "/api/auth/login");
            r = HttpSession.open(ctx, start).send("GET", url, Map.of(), false);
        } catch (Targeting.NotConfigured | ProbeFailure e) {
            return Outcome.error(e.getMessage());
        }
        return judge(r, spec.maxRequests(), spec.windowSeconds());
    }

    static Outcome judge(Reply r, long max, long window) {
        String wanted = "at most " + max + " requests per " + window + " s";
        RateLimitHeaders.Announced a = RateLimitHeaders.read(r.headers());
        List<Finding> findings = new ArrayList<>();
        for (String h : a.unreadable()) {
            findings.add(Finding.of(Status.WARN, h + " cannot be read as a rate-limit policy"));
        }
        if (a.quotas().isEmpty() && (r.code() == 404 || r.code() == 405)) {
            // The route does not answer GET: an Express app with router.post('/login', limiter, ...) answers 404 (or
            // 405) to GET without running the limiter, so its absence here says nothing about the POST the users send.
            findings.add(Finding.of(Status.WARN, "rate limit not visible from a read-only request: " + r.line()
                    + " without rate-limit headers, so the route does not answer GET and a limiter on POST "
                    + r.url().encodedPath() + " cannot be seen (the audit never sends POST); expected " + wanted
                    + ", to be confirmed in the source or by attestation"));
            return Outcome.from(findings);
        }
        if (a.quotas().isEmpty()) {
            findings.add(Finding.of(Status.FAIL, r.line() + " without rate-limit headers (RateLimit-Policy, RateLimit,"
                    + " RateLimit-Limit or X-RateLimit-Limit); expected " + wanted));
            return Outcome.from(findings);
        }
        List<RateLimitHeaders.Quota> windowed = a.quotas().stream().filter(q -> q.windowSeconds() != null).toList();
        if (!windowed.isEmpty()) {
            for (RateLimitHeaders.Quota q : windowed) {
                if (q.limit() <= max && q.windowSeconds() >= window) {
                    String m = r.line() + " announcing " + q.describe();
                    return new Outcome(Status.PASS, m, List.of(Finding.of(Status.PASS, m)));
                }
            }
            String m = r.line() + " announcing " + windowed.get(0).describe() + ", looser than " + wanted;
            findings.add(Finding.of(Status.FAIL, m));
            return Outcome.from(findings);
        }
        RateLimitHeaders.Quota strictest = a.quotas().stream()
                .min(java.util.Comparator.comparingLong(RateLimitHeaders.Quota::limit)).orElseThrow();
        if (strictest.limit() > max) {
            findings.add(Finding.of(Status.FAIL, r.line() + " announcing " + strictest.describe() + ", more than " + wanted));
        } else {
            findings.add(Finding.of(Status.WARN, r.line() + " announcing " + strictest.describe()
                    + "; send RateLimit-Policy (express-rate-limit standardHeaders: 'draft-7' or later) so the window of "
                    + window + " s can be verified"));
        }
        return Outcome.from(findings);
    }
}
