package dev.prodaudit.probe.http;

import java.util.Set;
import dev.prodaudit.probe.JsonReader;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.ProbeFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.input.Regex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import okhttp3.HttpUrl;

/**
 * {@code type: http}: sends one GET, HEAD or OPTIONS request to the API or the front end and judges the status,
 * headers and body of the response against {@link HttpSpec.Expect}. Health endpoints, correlation-id headers,
 * error pages without stack traces, privacy pages and OpenAPI documents are all checks of this type.
 */
public final class HttpProbe implements Probe<HttpSpec> {

    @Override
    public String type() {
        return "http";
    }

    @Override
    public Class<HttpSpec> specType() {
        return HttpSpec.class;
    }

    @Override
    public Set<Evidence> evidence(HttpSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(HttpSpec spec) {
        return Targeting.targets(spec.target(), spec.url());
    }

    @Override
    public Outcome run(HttpSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        Reply r;
        try {
            HttpUrl url = Targeting.resolve(ctx, spec.target(), spec.url(), spec.path(), null);
            r = HttpSession.open(ctx, start).send(spec.method(), url, spec.headers(), spec.follows());
        } catch (Targeting.NotConfigured e) {
            return Outcome.error(e.getMessage());
        } catch (ProbeFailure e) {
            return Outcome.error(e.getMessage());
        }
        return judge(spec.expect(), r);
    }

    static Outcome judge(HttpSpec.Expect expect, Reply r) {
        List<Finding> findings = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        facts.add(r.line());
        if (!expect.status().isEmpty()) {
            findings.add(expect.status().contains(r.code())
                    ? Finding.of(Status.PASS, r.line())
                    : Finding.of(Status.FAIL, r.line() + "; expected " + statusList(expect.status())));
        } else {
            findings.add(r.code() >= 200 && r.code() < 300
                    ? Finding.of(Status.PASS, r.line())
                    : Finding.of(Status.FAIL, r.line() + "; expected a 2xx status"));
        }
        for (Map.Entry<String, HeaderRule> e : expect.headers().entrySet()) {
            Finding f = e.getValue().check(e.getKey(), r.headers());
            findings.add(f);
            facts.add(f.message());
        }
        if (!expect.anyHeaders().isEmpty()) {
            Finding f = HeaderRule.checkAny(expect.anyHeaders(), r.headers());
            findings.add(f);
            facts.add(f.message());
        }
        if (expect.bodyMatches() != null) {
            Matcher m = expect.bodyMatches().pattern().matcher(r.body());
            findings.add(m.find()
                    ? Finding.of(Status.PASS, "body matches " + expect.bodyMatches() + " at line " + Verdicts.lineAt(r.body(), m.start()))
                    : Finding.of(Status.FAIL, "body does not match " + expect.bodyMatches() + describeBody(r)));
        }
        if (expect.bodyNotMatches() != null) {
            Regex re = expect.bodyNotMatches();
            Matcher m = re.pattern().matcher(r.body());
            if (m.find()) {
                // The matched text is not shown: a stack trace or error text can carry paths, queries or data.
                findings.add(Finding.of(Status.FAIL, "body matches " + re + " at line " + Verdicts.lineAt(r.body(), m.start())
                        + describeBody(r)));
            } else {
                findings.add(Finding.of(Status.PASS, "body does not match " + re));
                facts.add("no " + re + " in the body");
            }
        }
        if (expect.json() != null) {
            Finding f = jsonField(r, expect.json());
            findings.add(f);
            facts.add(f.message());
        }
        return Verdicts.of(findings, String.join("; ", facts));
    }

    private static String describeBody(Reply r) {
        String type = r.joined("Content-Type");
        return " (" + r.body().length() + " chars" + (type == null ? "" : ", " + Show.clip(type)) + ")";
    }

    private static Finding jsonField(Reply r, String field) {
        JsonNode node;
        try {
            node = JsonReader.readTree(r.body());
        } catch (JsonProcessingException e) {
            return Finding.of(Status.FAIL, "body is not JSON" + describeBody(r) + "; expected an object with '" + field + "'");
        }
        if (node == null || !node.isObject()) {
            return Finding.of(Status.FAIL, "body is JSON but not an object; expected an object with '" + field + "'");
        }
        JsonNode value = node.get(field);
        if (value == null) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return Finding.of(Status.FAIL, "JSON body has no '" + field + "' field"
                    + (names.isEmpty() ? "" : " (fields: " + Show.clip(String.join(", ", names)) + ")"));
        }
        String shown = value.isValueNode() ? "\"" + Show.clip(value.asText()) + "\"" : value.isArray() ? "an array" : "an object";
        if (value.isValueNode() && value.asText().length() > 40) {
            shown = "\"" + value.asText().substring(0, 39) + "…\"";
        }
        return Finding.of(Status.PASS, "JSON field '" + field + "' is " + shown);
    }

    private static String statusList(List<Integer> codes) {
        return codes.size() == 1 ? String.valueOf(codes.get(0)) : "one of " + codes;
    }
}
