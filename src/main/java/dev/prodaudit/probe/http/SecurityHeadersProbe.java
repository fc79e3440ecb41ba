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
 * {@code type: http-security-headers}: GETs one page and judges Strict-Transport-Security, Content-Security-Policy
 * (parsed by directive), X-Frame-Options or CSP frame-ancestors, X-Content-Type-Options, Referrer-Policy and the
 * Secure/HttpOnly/SameSite attributes of its cookies with the MDN HTTP Observatory's rules
 * ({@link ObservatoryRules}), and requires X-Powered-By to be absent. A CSP without frame-ancestors is a WARN.
 * Cookie values are never shown: findings name the cookie and its attributes.
 */
public final class SecurityHeadersProbe implements Probe<SecurityHeadersSpec> {

    @Override
    public String type() {
        return "http-security-headers";
    }

    @Override
    public Class<SecurityHeadersSpec> specType() {
        return SecurityHeadersSpec.class;
    }

    @Override
    public Set<Evidence> evidence(SecurityHeadersSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(SecurityHeadersSpec spec) {
        return Targeting.targets(spec.target(), spec.url());
    }

    @Override
    public Outcome run(SecurityHeadersSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        Reply r;
        try {
            okhttp3.HttpUrl url = Targeting.resolve(ctx, spec.target(), spec.url(), spec.path(), "/");
            r = HttpSession.open(ctx, start).send("GET", url, Map.of(), Boolean.TRUE.equals(spec.followRedirects()));
        } catch (Targeting.NotConfigured | ProbeFailure e) {
            return Outcome.error(e.getMessage());
        }
        List<Finding> findings = new ArrayList<>();
        for (ObservatoryRules.Verdict v : judge(r)) {
            findings.add(Finding.of(v.status(), v.message()));
        }
        return Verdicts.of(findings, r.line() + ": HSTS, CSP, framing, nosniff, Referrer-Policy and cookies pass the"
                + " MDN HTTP Observatory rules; no X-Powered-By");
    }

    /** Every verdict for one response, in report order. */
    static List<ObservatoryRules.Verdict> judge(Reply r) {
        boolean https = r.url().isHttps();
        List<ObservatoryRules.Verdict> out = new ArrayList<>();
        ObservatoryRules.Verdict hsts = ObservatoryRules.hsts(r.values("Strict-Transport-Security"), https);
        out.add(hsts);
        ObservatoryRules.CspVerdict csp = ObservatoryRules.csp(r.values("Content-Security-Policy"),
                r.values("Content-Security-Policy-Report-Only"), https);
        out.add(csp.verdict());
        if (csp.data() != null && !csp.hasFrameAncestors()) {
            out.add(new ObservatoryRules.Verdict("csp-without-frame-ancestors", true, Status.WARN,
                    "Content-Security-Policy has no frame-ancestors directive (X-Frame-Options is the only framing control)"));
        }
        out.add(ObservatoryRules.xFrameOptions(r.values("X-Frame-Options"), csp));
        out.add(ObservatoryRules.xContentTypeOptions(r.values("X-Content-Type-Options")));
        out.add(ObservatoryRules.referrerPolicy(r.values("Referrer-Policy")));
        out.add(ObservatoryRules.xPoweredBy(r.values("X-Powered-By")));
        out.add(ObservatoryRules.cookies(r.values("Set-Cookie"), hsts.pass()));
        return out;
    }
}
