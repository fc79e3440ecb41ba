package dev.prodaudit.probe.http;

import dev.prodaudit.probe.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The MDN HTTP Observatory's verdicts on security headers, ported rule for rule from mdn/mdn-http-observatory
 * (src/analyzer/tests/strict-transport-security.js, csp.js with src/analyzer/cspParser.js, x-frame-options.js,
 * x-content-type-options.js, referrer-policy.js, cookies.js). Each verdict carries the Observatory's result name
 * ("csp-implemented-with-unsafe-inline") and pass flag; the audit's status follows from them: a result the
 * Observatory fails is FAIL; one it passes is PASS, or WARN where it passes with a caveat the audit also reports
 * (HSTS without includeSubDomains, unsafe style sources, X-Frame-Options ALLOW-FROM, no Referrer-Policy, cookies
 * without SameSite). Multiple header lines are joined with ", " first, as the Observatory's Node.js client does.
 *
 * <p>Not ported: the HSTS preload list (a preloaded host passes HSTS there even without the header) and policies
 * from {@code <meta http-equiv>} tags (the audit reads headers only).
 */
final class ObservatoryRules {
    /** 15768000 is six months; the Observatory accepts 15552000 (180 days), as many sites send. */
    static final long SIX_MONTHS = 15_552_000L;

    private ObservatoryRules() {
    }

    /** One header's verdict: the Observatory's result and pass flag, and the audit's status and message. */
    record Verdict(String result, boolean pass, Status status, String message) {
    }

    // ---------------------------------------------------------------- HSTS

    static Verdict hsts(List<String> values, boolean https) {
        if (!https) {
            return new Verdict("hsts-not-implemented-no-https", false, Status.FAIL,
                    "Strict-Transport-Security cannot protect a page served over http://");
        }
        if (values.isEmpty()) {
            return new Verdict("hsts-not-implemented", false, Status.FAIL, "Strict-Transport-Security is missing");
        }
        String data = clip(String.join(", ", values), 1024);
        if (data.contains(",")) {
            return invalidHsts("is sent more than once");
        }
        Long maxAge = null;
        boolean includeSubDomains = false;
        for (String raw : data.split(";", -1)) {
            String parameter = raw.strip().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("max-age=")) {
                maxAge = parseIntLike(parameter.substring(8, Math.min(parameter.length(), 128)));
                if (maxAge == null) {
                    return invalidHsts("has a max-age that is not a number");
                }
            } else if (parameter.equals("includesubdomains")) {
                includeSubDomains = true;
            }
        }
        if (maxAge == null) {
            return invalidHsts("has no max-age");
        }
        if (maxAge < SIX_MONTHS) {
            return new Verdict("hsts-implemented-max-age-less-than-six-months", false, Status.FAIL,
                    "Strict-Transport-Security max-age=" + maxAge + " is under six months (" + SIX_MONTHS + ")");
        }
        return includeSubDomains
                ? new Verdict("hsts-implemented-max-age-at-least-six-months", true, Status.PASS,
                        "Strict-Transport-Security max-age=" + maxAge + "; includeSubDomains")
                : new Verdict("hsts-implemented-max-age-at-least-six-months", true, Status.WARN,
                        "Strict-Transport-Security max-age=" + maxAge + " without includeSubDomains: subdomains may still be reached over http://");
    }

    private static Verdict invalidHsts(String why) {
        return new Verdict("hsts-header-invalid", false, Status.FAIL, "Strict-Transport-Security " + why);
    }

    /**
     * JavaScript's parseInt on the value (leading digits, optional sign), with the quotes RFC 6797 allows removed.
     * Unlike the Observatory, a value without digits is invalid here (parseInt's NaN would pass there).
     */
    static Long parseIntLike(String text) {
        String t = text.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        int i = 0;
        boolean negative = false;
        if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
            negative = t.charAt(i) == '-';
            i++;
        }
        int start = i;
        while (i < t.length() && Character.isDigit(t.charAt(i)) && i - start < 18) {
            i++;
        }
        if (i == start) {
            return null;
        }
        long n = Long.parseLong(t.substring(start, i));
        return negative ? -n : n;
    }

    // ---------------------------------------------------------------- CSP

    private static final Set<String> DANGEROUSLY_BROAD = Set.of(
            "ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*");
    private static final Set<String> UNSAFE_INLINE = Set.of("'unsafe-inline'", "data:");
    private static final Set<String> BROAD_AND_UNSAFE_INLINE;
    private static final Set<String> PASSIVE_DIRECTIVES = new LinkedHashSet<>(List.of("img-src", "media-src"));
    private static final List<String> NONCES_HASHES = List.of("'sha256-", "'sha384-", "'sha512-", "'nonce-");

    static {
        Set<String> both = new LinkedHashSet<>(DANGEROUSLY_BROAD);
        both.addAll(UNSAFE_INLINE);
        BROAD_AND_UNSAFE_INLINE = Set.copyOf(both);
    }

    /** What the Observatory notes about a parsed policy beside its result. */
    static final class Policy {
        boolean antiClickjacking;
        boolean defaultNone;
        boolean insecureBaseUri;
        boolean insecureFormAction;
        boolean insecureSchemeActive;
        boolean insecureSchemePassive;
        boolean strictDynamic;
        boolean unsafeEval;
        boolean unsafeInline;
        boolean unsafeInlineStyle;
        boolean unsafeObjects;
    }

    /**
     * The CSP verdict; {@code data} is the parsed policy (directive -> sorted sources) or null when the header is
     * missing or unparseable, as in the Observatory (X-Frame-Options reads frame-ancestors from it).
     */
    record CspVerdict(Verdict verdict, Map<String, List<String>> data, Policy policy, int numPolicies) {
        boolean hasFrameAncestors() {
            return data != null && data.containsKey("frame-ancestors");
        }
    }

    static CspVerdict csp(List<String> headerValues, List<String> reportOnlyValues, boolean https) {
        // RFC 9110 lets a client combine several headers with commas; commas never occur inside a policy.
        List<String> policies = new ArrayList<>();
        for (String v : headerValues) {
            for (String p : v.split(",", -1)) {
                policies.add(p.strip());
            }
        }
        int numPolicies = policies.size();
        Map<String, Set<String>> csp;
        try {
            csp = CspParser.parse(policies);
        } catch (CspParser.InvalidPolicy e) {
            return new CspVerdict(new Verdict("csp-header-invalid", false, Status.FAIL,
                    "Content-Security-Policy cannot be parsed: " + e.getMessage()), null, null, numPolicies);
        }
        if (csp.isEmpty()) {
            boolean reporting = reportOnlyValues.stream().anyMatch(v -> !v.isEmpty());
            return reporting
                    ? new CspVerdict(new Verdict("csp-not-implemented-but-reporting-enabled", false, Status.FAIL,
                            "Content-Security-Policy is missing (only Content-Security-Policy-Report-Only is sent, which enforces nothing)"),
                            null, null, numPolicies)
                    : new CspVerdict(new Verdict("csp-not-implemented", false, Status.FAIL,
                            "Content-Security-Policy is missing"), null, null, numPolicies);
        }
        Policy policy = new Policy();
        String result = null;

        Set<String> baseUri = orStar(csp.get("base-uri"));
        Set<String> frameAncestors = orStar(csp.get("frame-ancestors"));
        Set<String> formAction = orStar(csp.get("form-action"));
        // As in the Observatory these are the parsed sets themselves (script-src may be default-src's set), so the
        // nonce/hash and strict-dynamic edits below also apply to every directive that shares the set.
        Set<String> objectSrc = firstOf(csp.get("object-src"), csp.get("default-src"));
        Set<String> scriptSrc = firstOf(csp.get("script-src"), csp.get("default-src"));
        Set<String> styleSrc = firstOf(csp.get("style-src"), csp.get("default-src"));

        // 'unsafe-inline' is ignored by browsers when a nonce or hash is present.
        for (Set<String> list : List.of(scriptSrc, styleSrc)) {
            if (startsWithNonceHash(list) && list.contains("'unsafe-inline'")) {
                list.remove("'unsafe-inline'");
            }
        }
        if (startsWithNonceHash(scriptSrc) && scriptSrc.contains("'strict-dynamic'")) {
            for (String source : new ArrayList<>(scriptSrc)) {
                if (DANGEROUSLY_BROAD.stream().anyMatch(source::startsWith) || source.equals("'self'")
                        || source.equals("'unsafe-inline'")) {
                    scriptSrc.remove(source);
                }
            }
            policy.strictDynamic = true;
        } else if (scriptSrc.contains("'strict-dynamic'")) {
            result = "csp-header-invalid";
        }

        List<String> active = new ArrayList<>();
        csp.forEach((directive, sources) -> {
            if (!PASSIVE_DIRECTIVES.contains(directive) && !directive.equals("script-src")) {
                active.addAll(sources);
            }
        });
        active.addAll(scriptSrc);
        List<String> passive = new ArrayList<>();
        for (String directive : PASSIVE_DIRECTIVES) {
            Set<String> s = csp.get(directive) != null ? csp.get(directive) : csp.get("default-src");
            if (s != null) {
                passive.addAll(s);
            }
        }

        List<String> problems = new ArrayList<>();
        if (scriptSrc.stream().anyMatch(BROAD_AND_UNSAFE_INLINE::contains)
                || objectSrc.stream().anyMatch(DANGEROUSLY_BROAD::contains)) {
            result = result == null ? "csp-implemented-with-unsafe-inline" : result;
            policy.unsafeInline = true;
            describeUnsafe(csp, scriptSrc, objectSrc, problems);
        }
        if (https && active.stream().anyMatch(s -> s.startsWith("http:") || s.startsWith("ftp:"))) {
            result = result == null ? "csp-implemented-with-insecure-scheme" : result;
            policy.insecureSchemeActive = true;
            problems.add("allows scripts or other active content over http: or ftp: on an https site");
        }
        Set<String> scriptAndStyle = new LinkedHashSet<>(scriptSrc);
        scriptAndStyle.addAll(styleSrc);
        if (scriptAndStyle.contains("'unsafe-eval'")) {
            result = result == null ? "csp-implemented-with-unsafe-eval" : result;
            policy.unsafeEval = true;
            problems.add("allows 'unsafe-eval'");
        }
        if (https && passive.stream().anyMatch(s -> s.startsWith("http:") || s.startsWith("ftp:"))) {
            result = result == null ? "csp-implemented-with-insecure-scheme-in-passive-content-only" : result;
            policy.insecureSchemePassive = true;
            problems.add("allows images or media over http: on an https site");
        }
        if (styleSrc.stream().anyMatch(BROAD_AND_UNSAFE_INLINE::contains)) {
            result = result == null ? "csp-implemented-with-unsafe-inline-in-style-src-only" : result;
            policy.unsafeInlineStyle = true;
            problems.add(label(csp, "style-src") + " allows "
                    + String.join(" ", styleSrc.stream().filter(BROAD_AND_UNSAFE_INLINE::contains).toList()));
        }
        Set<String> defaultSrc = csp.get("default-src");
        if (defaultSrc != null && defaultSrc.contains("'none'") && defaultSrc.size() == 1) {
            result = result == null ? "csp-implemented-with-no-unsafe-default-src-none" : result;
            policy.defaultNone = true;
        } else {
            result = result == null ? "csp-implemented-with-no-unsafe" : result;
        }
        policy.antiClickjacking = frameAncestors.stream().noneMatch(DANGEROUSLY_BROAD::contains);
        policy.insecureBaseUri = baseUri.stream().anyMatch(BROAD_AND_UNSAFE_INLINE::contains);
        policy.insecureFormAction = formAction.stream().anyMatch(DANGEROUSLY_BROAD::contains);
        policy.unsafeObjects = objectSrc.stream().anyMatch(DANGEROUSLY_BROAD::contains);

        boolean pass = Set.of("csp-implemented-with-no-unsafe", "csp-implemented-with-no-unsafe-default-src-none",
                "csp-implemented-with-unsafe-inline-in-style-src-only",
                "csp-implemented-with-insecure-scheme-in-passive-content-only").contains(result);
        if (pass && csp.containsKey(CspParser.DUPLICATE_WARNINGS_KEY)) {
            result = "csp-implemented-but-duplicate-directives";
        }
        Map<String, List<String>> data = new LinkedHashMap<>();
        csp.forEach((k, v) -> {
            if (!k.equals(CspParser.DUPLICATE_WARNINGS_KEY)) {
                data.put(k, List.copyOf(new TreeSet<>(v)));
            }
        });
        return new CspVerdict(cspVerdict(result, pass, policy, problems, csp), data, policy, numPolicies);
    }

    private static Verdict cspVerdict(String result, boolean pass, Policy policy, List<String> problems,
                                      Map<String, Set<String>> csp) {
        String head = "Content-Security-Policy ";
        return switch (result) {
            case "csp-implemented-with-no-unsafe-default-src-none" -> new Verdict(result, true, Status.PASS,
                    head + "sets default-src 'none' and allows no unsafe sources");
            case "csp-implemented-with-no-unsafe" -> new Verdict(result, true, Status.PASS,
                    head + "allows no 'unsafe-inline', 'unsafe-eval' or broad script sources");
            case "csp-implemented-but-duplicate-directives" -> new Verdict(result, true, Status.WARN,
                    head + "repeats " + String.join(" and ", csp.get(CspParser.DUPLICATE_WARNINGS_KEY))
                            + " (browsers use the first)" + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
            case "csp-implemented-with-unsafe-inline-in-style-src-only",
                 "csp-implemented-with-insecure-scheme-in-passive-content-only" -> new Verdict(result, true, Status.WARN,
                    head + String.join("; ", problems) + " (scripts are locked down)");
            case "csp-header-invalid" -> new Verdict(result, false, Status.FAIL,
                    head + "uses 'strict-dynamic' in script-src without a nonce or hash");
            default -> new Verdict(result, pass, pass ? Status.PASS : Status.FAIL, head + String.join("; ", problems));
        };
    }

    private static void describeUnsafe(Map<String, Set<String>> csp, Set<String> scriptSrc, Set<String> objectSrc,
                                       List<String> problems) {
        List<String> badScript = scriptSrc.stream().filter(BROAD_AND_UNSAFE_INLINE::contains).toList();
        if (!badScript.isEmpty()) {
            problems.add(csp.containsKey("script-src") || csp.containsKey("default-src")
                    ? label(csp, "script-src") + " allows " + String.join(" ", badScript)
                    : "sets neither script-src nor default-src, so scripts may come from anywhere");
        }
        List<String> badObject = objectSrc.stream().filter(DANGEROUSLY_BROAD::contains).toList();
        if (!badObject.isEmpty()) {
            problems.add(csp.containsKey("object-src") || csp.containsKey("default-src")
                    ? label(csp, "object-src") + " allows " + String.join(" ", badObject)
                    : "sets neither object-src nor default-src, so plugins may load from anywhere");
        }
    }

    /** "script-src", or "default-src (no script-src)" when the directive falls back. */
    private static String label(Map<String, Set<String>> csp, String directive) {
        return csp.containsKey(directive) ? directive : "default-src (no " + directive + ")";
    }

    private static Set<String> orStar(Set<String> s) {
        return s != null ? s : new LinkedHashSet<>(List.of("*"));
    }

    private static Set<String> firstOf(Set<String> a, Set<String> b) {
        return a != null ? a : b != null ? b : new LinkedHashSet<>(List.of("*"));
    }

    private static boolean startsWithNonceHash(Set<String> sources) {
        return sources.stream().anyMatch(s -> NONCES_HASHES.stream().anyMatch(s::startsWith));
    }

    // ---------------------------------------------------------------- X-Frame-Options

    static Verdict xFrameOptions(List<String> values, CspVerdict csp) {
        String result;
        String message;
        String header = values.isEmpty() ? null : clip(String.join(", ", values), 1024);
        if (header != null) {
            String xfo = header.strip().toLowerCase(Locale.ROOT);
            if (xfo.equals("deny") || xfo.equals("sameorigin")) {
                result = "x-frame-options-sameorigin-or-deny";
                message = "X-Frame-Options: " + xfo.toUpperCase(Locale.ROOT);
            } else if (xfo.startsWith("allow-from")) {
                result = "x-frame-options-allow-from-origin";
                message = "X-Frame-Options uses ALLOW-FROM, which current browsers ignore; use CSP frame-ancestors";
            } else {
                result = "x-frame-options-header-invalid";
                message = "X-Frame-Options: " + Show.clip(header) + " is not DENY or SAMEORIGIN"
                        + (values.size() > 1 ? " (sent " + values.size() + " times)" : "");
            }
        } else {
            result = "x-frame-options-not-implemented";
            message = "X-Frame-Options is missing and Content-Security-Policy has no frame-ancestors: the page can be framed (clickjacking)";
        }
        if (csp.hasFrameAncestors()) {
            result = "x-frame-options-implemented-via-csp";
            List<String> fa = csp.data().get("frame-ancestors");
            message = "framing is restricted by CSP frame-ancestors " + String.join(" ", fa);
            if (!csp.policy().antiClickjacking) {
                return new Verdict(result, true, Status.WARN,
                        "CSP frame-ancestors " + String.join(" ", fa) + " lets any site frame the page");
            }
        }
        return switch (result) {
            case "x-frame-options-sameorigin-or-deny", "x-frame-options-implemented-via-csp" ->
                    new Verdict(result, true, Status.PASS, message);
            case "x-frame-options-allow-from-origin" -> new Verdict(result, true, Status.WARN, message);
            default -> new Verdict(result, false, Status.FAIL, message);
        };
    }

    // ---------------------------------------------------------------- X-Content-Type-Options

    static Verdict xContentTypeOptions(List<String> values) {
        if (values.isEmpty()) {
            return new Verdict("x-content-type-options-not-implemented", false, Status.FAIL,
                    "X-Content-Type-Options is missing; send nosniff");
        }
        String data = clip(String.join(", ", values), 256);
        if (data.strip().toLowerCase(Locale.ROOT).equals("nosniff")) {
            return new Verdict("x-content-type-options-nosniff", true, Status.PASS, "X-Content-Type-Options: nosniff");
        }
        return new Verdict("x-content-type-options-header-invalid", false, Status.FAIL,
                "X-Content-Type-Options: " + Show.clip(data) + " is not exactly nosniff");
    }

    // ---------------------------------------------------------------- Referrer-Policy

    private static final List<String> REFERRER_GOOD = List.of(
            "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin");
    private static final List<String> REFERRER_BAD = List.of(
            "origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade");

    static Verdict referrerPolicy(List<String> values) {
        if (values.isEmpty()) {
            return new Verdict("referrer-policy-not-implemented", true, Status.WARN,
                    "Referrer-Policy is not set (browsers default to strict-origin-when-cross-origin); set it explicitly, e.g. no-referrer");
        }
        String data = String.join(", ", values);
        String policy = "";
        // The last value a browser recognises wins.
        for (String part : data.split(",", -1)) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (REFERRER_GOOD.contains(p) || REFERRER_BAD.contains(p)) {
                policy = p;
            }
        }
        if (REFERRER_GOOD.contains(policy)) {
            return new Verdict("referrer-policy-private", true, Status.PASS, "Referrer-Policy: " + policy);
        }
        if (REFERRER_BAD.contains(policy)) {
            return new Verdict("referrer-policy-unsafe", false, Status.FAIL,
                    "Referrer-Policy: " + policy + " leaks URLs to other sites; use no-referrer or strict-origin-when-cross-origin");
        }
        return new Verdict("referrer-policy-header-invalid", false, Status.FAIL,
                "Referrer-Policy: " + Show.clip(data) + " is not a policy browsers recognise");
    }

    // ---------------------------------------------------------------- Cookies

    /** The Observatory's cookie results from best to worst (its "goodness" order for onlyIfWorse). */
    private static final List<String> COOKIE_ORDER = List.of(
            "cookies-without-secure-flag-but-protected-by-hsts",
            "cookies-without-secure-flag",
            "cookies-session-without-secure-flag-but-protected-by-hsts",
            "cookies-samesite-flag-invalid",
            "cookies-anticsrf-without-samesite-flag",
            "cookies-session-without-httponly-flag",
            "cookies-session-without-secure-flag");
    private static final Set<String> COOKIES_IGNORED = Set.of("heroku-session-affinity");

    /** A Set-Cookie header reduced to what the rules need: the name and attributes, never the value. */
    record Cookie(String name, boolean secure, boolean httpOnly, String sameSite, boolean sameSiteInvalid) {

        static Cookie parse(String header) {
            String[] parts = header.split(";", -1);
            String pair = parts[0];
            int eq = pair.indexOf('=');
            if (eq < 0) {
                return null; // tough-cookie ignores a cookie without '=' (strict parsing)
            }
            String name = pair.substring(0, eq).strip();
            boolean secure = false;
            boolean httpOnly = false;
            String sameSite = null;
            boolean invalid = false;
            for (String raw : parts) {
                // The Observatory's raw check reads every part, the name=value pair included.
                String[] kv = raw.strip().split("=", -1);
                if (kv[0].strip().equalsIgnoreCase("samesite")) {
                    String v = kv.length > 1 ? kv[1].strip().toLowerCase(Locale.ROOT) : "";
                    if (v.isEmpty() || !Set.of("lax", "strict", "none").contains(v)) {
                        invalid = true;
                    }
                }
            }
            for (int i = 1; i < parts.length; i++) {
                String attr = parts[i].strip();
                int e = attr.indexOf('=');
                String key = (e < 0 ? attr : attr.substring(0, e)).strip().toLowerCase(Locale.ROOT);
                String value = e < 0 ? "" : attr.substring(e + 1).strip().toLowerCase(Locale.ROOT);
                switch (key) {
                    case "secure" -> secure = true;
                    case "httponly" -> httpOnly = true;
                    case "samesite" -> sameSite = Set.of("lax", "strict", "none").contains(value) ? value : "unspecified";
                    default -> { }
                }
            }
            return new Cookie(name, secure, httpOnly, sameSite, invalid);
        }

        boolean session() {
            String n = name.toLowerCase(Locale.ROOT);
            return n.contains("login") || n.contains("sess");
        }

        boolean antiCsrf() {
            return name.toLowerCase(Locale.ROOT).contains("csrf");
        }

        /** "sid (Secure, HttpOnly, SameSite=Lax)" */
        String describe() {
            List<String> attrs = new ArrayList<>();
            attrs.add(secure ? "Secure" : "no Secure");
            attrs.add(httpOnly ? "HttpOnly" : "no HttpOnly");
            attrs.add(sameSite == null ? "no SameSite" : "SameSite=" + sameSite);
            return name + " (" + String.join(", ", attrs) + ")";
        }
    }

    /**
     * @param setCookies the Set-Cookie header lines
     * @param hstsPass   whether the HSTS verdict passed (a cookie without Secure is then "protected by HSTS")
     */
    static Verdict cookies(List<String> setCookies, boolean hstsPass) {
        List<Cookie> all = new ArrayList<>();
        for (String h : setCookies) {
            Cookie c = Cookie.parse(h);
            if (c != null && !c.name().isEmpty() && !COOKIES_IGNORED.contains(c.name())) {
                all.add(c);
            }
        }
        String result = null;
        for (Cookie c : all) {
            if (c.sameSiteInvalid()) {
                result = worse("cookies-samesite-flag-invalid", result);
            }
        }
        if (all.isEmpty()) {
            return new Verdict("cookies-not-found", true, Status.PASS, "no cookies are set");
        }
        boolean missingSameSite = false;
        List<String> issues = new ArrayList<>();
        for (Cookie c : all) {
            List<String> own = new ArrayList<>();
            if (!c.secure() && "none".equals(c.sameSite())) {
                result = worse("cookies-samesite-flag-invalid", result);
                own.add("SameSite=None without Secure");
            }
            if (c.sameSiteInvalid()) {
                own.add("invalid SameSite");
            }
            if (!c.secure()) {
                result = worse(hstsPass ? "cookies-without-secure-flag-but-protected-by-hsts" : "cookies-without-secure-flag", result);
                own.add("no Secure");
            }
            if (c.antiCsrf() && c.sameSite() == null) {
                result = worse("cookies-anticsrf-without-samesite-flag", result);
                own.add("anti-CSRF cookie without SameSite");
            }
            if (c.session() && !c.secure()) {
                result = worse(hstsPass ? "cookies-session-without-secure-flag-but-protected-by-hsts"
                        : "cookies-session-without-secure-flag", result);
            }
            if (c.session() && !c.httpOnly()) {
                result = worse("cookies-session-without-httponly-flag", result);
                own.add("session cookie without HttpOnly");
            } else if (!c.httpOnly()) {
                own.add("no HttpOnly"); // noted; the Observatory requires HttpOnly only of cookies named like sessions
            }
            if (c.sameSite() == null) {
                missingSameSite = true;
            }
            if (!own.isEmpty()) {
                issues.add(c.name() + ": " + String.join(", ", new LinkedHashSet<>(own)));
            }
        }
        List<String> names = all.stream().map(Cookie::describe).toList();
        if (result != null) {
            return new Verdict(result, false, Status.FAIL, "cookies: " + String.join("; ", issues));
        }
        List<String> noHttpOnly = all.stream().filter(c -> !c.httpOnly()).map(Cookie::name).toList();
        if (missingSameSite) {
            List<String> without = all.stream().filter(c -> c.sameSite() == null).map(Cookie::name).toList();
            return new Verdict("cookies-secure-with-httponly-sessions", true, Status.WARN,
                    "cookies without SameSite: " + String.join(", ", without) + " (set SameSite=Lax or Strict)"
                            + (noHttpOnly.isEmpty() ? "" : "; readable by scripts (no HttpOnly): " + String.join(", ", noHttpOnly)));
        }
        if (!noHttpOnly.isEmpty()) {
            // The Observatory asks HttpOnly only of cookies named like sessions; a token cookie under another name
            // is just as exposed to an XSS, so the audit notes it without failing.
            return new Verdict("cookies-secure-with-httponly-sessions-and-samesite", true, Status.WARN,
                    "cookies readable by scripts (no HttpOnly): " + String.join(", ", noHttpOnly)
                            + "; add HttpOnly unless the front end must read them");
        }
        return new Verdict("cookies-secure-with-httponly-sessions-and-samesite", true, Status.PASS,
                "cookies Secure, HttpOnly and SameSite: " + String.join("; ", names));
    }

    private static String worse(String candidate, String current) {
        if (current == null) {
            return candidate;
        }
        return COOKIE_ORDER.indexOf(candidate) > COOKIE_ORDER.indexOf(current) ? candidate : current;
    }

    // ---------------------------------------------------------------- X-Powered-By (not an Observatory test)

    static Verdict xPoweredBy(List<String> values) {
        return values.isEmpty()
                ? new Verdict("x-powered-by-absent", true, Status.PASS, "X-Powered-By is absent")
                : new Verdict("x-powered-by-present", false, Status.FAIL, "X-Powered-By: "
                        + Show.clip(String.join(", ", values)) + " reveals the server framework; remove it (helmet does)");
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
