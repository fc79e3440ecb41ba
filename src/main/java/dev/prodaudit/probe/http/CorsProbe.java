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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * {@code type: cors}: sends a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method) and a GET with
 * Origin from a foreign origin. FAIL when the foreign origin is echoed in Access-Control-Allow-Origin (worse with
 * Access-Control-Allow-Credentials: true), or when ACAO is {@code *} with credentials; WARN on a plain {@code *}.
 * Then each origin of the allowed-origins variable (ALLOWED_ORIGINS) must be allowed by a preflight. Only OPTIONS
 * and GET are sent; the request method is announced, never used.
 */
public final class CorsProbe implements Probe<CorsSpec> {

    @Override
    public String type() {
        return "cors";
    }

    @Override
    public Class<CorsSpec> specType() {
        return CorsSpec.class;
    }

    @Override
    public Set<Evidence> evidence(CorsSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(CorsSpec spec) {
        return Targeting.targets(spec.target(), spec.url());
    }

    @Override
    public Outcome run(CorsSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        String allowedSummary;
        try {
            HttpUrl url = Targeting.resolve(ctx, spec.target(), spec.url(), spec.path(), "/");
            HttpSession session = HttpSession.open(ctx, start);
            Reply preflight = session.send("OPTIONS", url, preflightHeaders(spec.origin(), spec.requestMethod()), false);
            findings.add(foreign("preflight", spec.origin(), preflight));
            Reply get = session.send("GET", url, Map.of("Origin", spec.origin()), false);
            findings.add(foreign("GET", spec.origin(), get));

            Optional<String> list = ctx.env().get(spec.allowedOriginsVar());
            if (list.isEmpty() || list.get().isBlank()) {
                findings.add(Finding.of(Status.SKIP, spec.allowedOriginsVar() + " is not set; allowed origins not checked"));
                allowedSummary = "";
            } else {
                int allowed = 0;
                int asked = 0;
                for (String raw : list.get().split(",", -1)) {
                    String origin = raw.strip();
                    if (origin.isEmpty() || origin.equals("*")) {
                        continue;
                    }
                    asked++;
                    Reply r = session.send("OPTIONS", url, preflightHeaders(origin, spec.requestMethod()), false);
                    String acao = firstValue(r, "Access-Control-Allow-Origin");
                    if (acao != null && (acao.equalsIgnoreCase(origin) || acao.equals("*"))) {
                        allowed++;
                        findings.add(Finding.of(Status.PASS, origin + " (from " + spec.allowedOriginsVar() + ") is allowed by the preflight"));
                    } else {
                        findings.add(Finding.of(Status.FAIL, origin + " (from " + spec.allowedOriginsVar()
                                + ") is not allowed by the preflight: " + preflightAnswer(r, acao)));
                    }
                }
                allowedSummary = "; " + allowed + " of " + asked + " origins from " + spec.allowedOriginsVar() + " allowed";
            }
        } catch (Targeting.NotConfigured | ProbeFailure e) {
            return Outcome.error(e.getMessage());
        }
        return Verdicts.of(findings, "a preflight from " + spec.origin() + " is refused" + allowedSummary);
    }

    private static Map<String, String> preflightHeaders(String origin, String method) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Origin", origin);
        h.put("Access-Control-Request-Method", method);
        return h;
    }

    /** The verdict on one answer to a request from the foreign origin. */
    static Finding foreign(String what, String origin, Reply r) {
        String acao = firstValue(r, "Access-Control-Allow-Origin");
        String acac = firstValue(r, "Access-Control-Allow-Credentials");
        boolean credentials = acac != null && acac.strip().toLowerCase(Locale.ROOT).equals("true");
        String label = what + " from " + origin;
        if (acao == null) {
            return Finding.of(Status.PASS, label + " is refused (no Access-Control-Allow-Origin; " + r.line() + ")");
        }
        if (acao.equalsIgnoreCase(origin)) {
            return Finding.of(Status.FAIL, label + " is allowed: Access-Control-Allow-Origin echoes it"
                    + (credentials ? " with Access-Control-Allow-Credentials: true, so any site can make authenticated requests as the logged-in user"
                            : ", so the allow-list lets any site read responses"));
        }
        if (acao.equals("*")) {
            return credentials
                    ? Finding.of(Status.FAIL, label + ": Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true")
                    : Finding.of(Status.WARN, label + ": Access-Control-Allow-Origin: * lets any site read responses (without credentials)");
        }
        return Finding.of(Status.PASS, label + " is refused (Access-Control-Allow-Origin: " + Show.clip(acao) + ")");
    }

    private static String preflightAnswer(Reply r, String acao) {
        return acao == null ? r.line() + " without Access-Control-Allow-Origin"
                : r.line() + " with Access-Control-Allow-Origin: " + Show.clip(acao);
    }

    private static String firstValue(Reply r, String header) {
        List<String> v = r.values(header);
        return v.isEmpty() ? null : v.get(0).strip();
    }
}
