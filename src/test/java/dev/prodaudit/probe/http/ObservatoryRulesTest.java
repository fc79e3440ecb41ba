package dev.prodaudit.probe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdicts of {@link ObservatoryRules} agree with the MDN HTTP Observatory. Every case below is taken from the
 * Observatory's own rules and tests in github.com/mdn/mdn-http-observatory:
 * <ul>
 *   <li>HSTS: src/analyzer/tests/strict-transport-security.js, test/strict-transport-security.test.js</li>
 *   <li>CSP: src/analyzer/tests/csp.js, src/analyzer/cspParser.js, test/csp.test.js</li>
 *   <li>X-Frame-Options: src/analyzer/tests/x-frame-options.js, test/x-frame-options.test.js</li>
 *   <li>X-Content-Type-Options: src/analyzer/tests/x-content-type-options.js, test/x-content-type-options.test.js</li>
 *   <li>Referrer-Policy: src/analyzer/tests/referrer-policy.js, test/referrer-policy.test.js</li>
 *   <li>Cookies: src/analyzer/tests/cookies.js, test/cookies.test.js</li>
 * </ul>
 * (rule files at commit 048ff598c8690cdff2a0af60828cde2e845bc346; cookies.js at 0200be8d7358e955cad6fe013a80089cd5f30831;
 * result names from src/types.js, score modifiers from src/grader/charts.js). The Observatory's test page is
 * https://mozilla.org/, so the CSP cases are judged as an https site. The audit's status follows from the
 * Observatory's pass flag: a failed result is FAIL; a passed one is PASS or, for the caveats listed in
 * {@link ObservatoryRules}, WARN.
 */
class ObservatoryRulesTest {

    /** One Observatory case: the header values sent, the result the Observatory gives, and its pass flag. */
    record Case(String rule, List<String> values, String result, boolean pass) {
        @Override
        public String toString() {
            return rule + " " + values + " -> " + result;
        }
    }

    private static Arguments c(String rule, List<String> values, String result, boolean pass) {
        return Arguments.of(new Case(rule, values, result, pass));
    }

    private static Arguments c(String rule, String value, String result, boolean pass) {
        return c(rule, List.of(value), result, pass);
    }

    // ---------------------------------------------------------------- HSTS

    static Stream<Arguments> hsts() {
        return Stream.of(
                c("hsts", List.of(), "hsts-not-implemented", false),
                c("hsts", "includeSubDomains; preload", "hsts-header-invalid", false),
                c("hsts", "max-age=15768000; includeSubDomains, max-age=15768000; includeSubDomains", "hsts-header-invalid", false),
                c("hsts", List.of("max-age=15768000", "max-age=15768000"), "hsts-header-invalid", false),
                c("hsts", "max-age=86400", "hsts-implemented-max-age-less-than-six-months", false),
                c("hsts", "max-age=15768000; includeSubDomains; preload", "hsts-implemented-max-age-at-least-six-months", true),
                // "a lot of sites use 15552000, so a white lie is in order": SIX_MONTHS = 15_552_000
                c("hsts", "max-age=15552000; includeSubDomains", "hsts-implemented-max-age-at-least-six-months", true),
                c("hsts", "max-age=15551999; includeSubDomains", "hsts-implemented-max-age-less-than-six-months", false),
                // parameters are lower-cased; includeSubDomains is not required for the Observatory's pass
                c("hsts", "MAX-AGE=31536000", "hsts-implemented-max-age-at-least-six-months", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hsts")
    void hstsAgreesWithTheObservatory(Case c) {
        ObservatoryRules.Verdict v = ObservatoryRules.hsts(c.values(), true);
        assertVerdict(c, v);
    }

    @Test
    void hstsOverPlainHttpCannotBeImplemented() {
        // test/strict-transport-security.test.js "no https"
        ObservatoryRules.Verdict v = ObservatoryRules.hsts(List.of("max-age=15768000"), false);
        assertEquals("hsts-not-implemented-no-https", v.result());
        assertFalse(v.pass());
        assertEquals(Status.FAIL, v.status());
    }

    @Test
    void hstsWithoutIncludeSubDomainsPassesTheObservatoryButWarns() {
        ObservatoryRules.Verdict v = ObservatoryRules.hsts(List.of("max-age=31536000"), true);
        assertTrue(v.pass());
        assertEquals(Status.WARN, v.status());
        assertEquals(Status.PASS, ObservatoryRules.hsts(List.of("max-age=31536000; includeSubDomains"), true).status());
    }

    // ---------------------------------------------------------------- CSP

    static Stream<Arguments> csp() {
        List<Arguments> all = new ArrayList<>();
        // "header invalid"
        for (String v : List.of("  ", "", "default-src 'none'; default-src 'none'",
                "default-src 'none'; img-src 'self'; default-src 'none'", "default-src 'none'; script-src 'strict-dynamic'", "defa")) {
            all.add(c("csp", v, "csp-header-invalid", false));
        }
        // "insecure scheme broad and unsafe"
        for (String v : List.of("default-src 'none'; script-src https://*", "default-src 'none'; script-src 'unsafe-inline'")) {
            all.add(c("csp", v, "csp-implemented-with-unsafe-inline", false));
        }
        // "insecure scheme"
        for (String v : List.of("default-src http://mozilla.org", "default-src 'none'; script-src http://mozilla.org",
                "default-src 'none'; script-src ftp://mozilla.org")) {
            all.add(c("csp", v, "csp-implemented-with-insecure-scheme", false));
        }
        // "insecure scheme in passive content only"
        for (String v : List.of("default-src 'none'; img-src http://mozilla.org", "default-src 'self'; img-src ftp:",
                "default-src 'self'; img-src http:", "default-src 'none'; img-src https:; media-src http://mozilla.org",
                "default-src 'none'; img-src http: https:; script-src 'self'; style-src 'self'",
                "default-src 'none'; img-src 'none'; media-src http:; script-src 'self'; style-src 'self'",
                "default-src 'none'; img-src 'none'; media-src http:; script-src 'self'; style-src 'unsafe-inline'")) {
            all.add(c("csp", v, "csp-implemented-with-insecure-scheme-in-passive-content-only", true));
        }
        // "unsafe inline"
        for (String v : List.of("script-src 'unsafe-inline'", "script-src data:", "script-src http:", "script-src ftp:",
                "default-src 'unsafe-inline'", "default-src 'UNSAFE-INLINE'", "upgrade-insecure-requests", "script-src 'none'",
                "script-src https:", "script-src https://mozilla.org https:", "default-src https://mozilla.org https:",
                "default-src 'none'; script-src *", "default-src *; script-src *; object-src 'none'",
                "default-src 'none'; script-src 'none'; object-src *",
                "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'",
                "default-src 'none'; script-src 'unsafe-inline' http:", "object-src https:; script-src 'none'",
                // "ignore frame-anchestors in http-equiv": a misspelt directive leaves scripts unrestricted
                "frame-anchestors 'none'")) {
            all.add(c("csp", v, "csp-implemented-with-unsafe-inline", false));
        }
        // "unsafe eval"
        all.add(c("csp", "default-src 'none'; script-src 'unsafe-eval'", "csp-implemented-with-unsafe-eval", false));
        // "unsafe inline in style src only"
        for (String v : List.of("object-src 'none'; script-src 'none'; style-src 'unsafe-inline'",
                "default-src 'none'; script-src https://mozilla.org; style-src 'unsafe-inline'",
                "default-src 'unsafe-inline'; script-src https://mozilla.org", "default-src 'none';;; ;;;style-src 'self' 'unsafe-inline'",
                "default-src 'none'; style-src data:", "default-src 'none'; style-src *", "default-src 'none'; style-src https:",
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB=' 'unsafe-inline'")) {
            all.add(c("csp", v, "csp-implemented-with-unsafe-inline-in-style-src-only", true));
        }
        // "no unsafe" (mozilla/http-observatory issues 88 and 277: 'unsafe-inline' with a hash or nonce is ignored)
        for (String v : List.of("default-src https://mozilla.org", "default-src https://mozilla.org;;; ;;;script-src 'none'",
                "object-src 'none'; script-src https://mozilla.org; style-src https://mozilla.org; upgrade-insecure-requests;",
                "object-src 'none'; script-src 'strict-dynamic' 'nonce-abc' 'unsafe-inline'; style-src 'none'",
                "object-src 'none'; style-src 'self';script-src 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBA='",
                "object-src 'none'; style-src 'self'; script-src 'unsafe-inline' 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBA='"
                        + "'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB='",
                "object-src 'none'; script-src 'unsafe-inline' 'nonce-abc123' 'unsafe-inline'; style-src 'none'",
                "default-src https://mozilla.org; style-src 'unsafe-inline' 'nonce-abc123' 'unsafe-inline'",
                "default-src https://mozilla.org; style-src 'unsafe-inline' 'sha256-hqBEA/HXB3aJU2FgOnYN8rkAgEVgyfi3Vs1j2/XMPBB=' 'unsafe-inline'")) {
            all.add(c("csp", v, "csp-implemented-with-no-unsafe", true));
        }
        // "no unsafe default src none" and "strict dynamic"
        for (String v : List.of("default-src", "default-src 'none'; script-src 'strict-dynamic' 'nonce-abc123' 'unsafe-inline'",
                "default-src 'none'; script-src https://mozilla.org; style-src https://mozilla.org; upgrade-insecure-requests;",
                "default-src 'none'; object-src https://mozilla.org",
                "default-src 'none'; script-src 'strict-dynamic' 'nonce-abc123'",
                "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123'",
                "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123' https://*",
                "default-src 'none'; script-src 'strict-dynamic' 'sha256-abc123' 'unsafe-inline'")) {
            all.add(c("csp", v, "csp-implemented-with-no-unsafe-default-src-none", true));
        }
        // "multiple CSP headers combined per RFC 9110 are not treated as invalid" (mdn-http-observatory issue 463)
        all.add(c("csp", "default-src 'none'; script-src 'self', default-src 'none'; script-src 'self'",
                "csp-implemented-with-no-unsafe-default-src-none", true));
        all.add(c("csp", List.of("default-src 'none'; script-src 'self'", "default-src 'none'; script-src 'self'"),
                "csp-implemented-with-no-unsafe-default-src-none", true));
        // duplicate report-uri is allowed, and reported once the policy passes
        all.add(c("csp", "default-src 'none'; report-uri /a; report-uri /b", "csp-implemented-but-duplicate-directives", true));
        // "missing"
        all.add(c("csp", List.of(), "csp-not-implemented", false));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("csp")
    void cspAgreesWithTheObservatory(Case c) {
        ObservatoryRules.CspVerdict v = ObservatoryRules.csp(c.values(), List.of(), true);
        assertVerdict(c, v.verdict());
    }

    @Test
    void cspReportOnlyIsNotImplemented() {
        // test/csp.test.js "report only"
        ObservatoryRules.CspVerdict v = ObservatoryRules.csp(List.of(), List.of("default-src 'none'; report-to /_/csp-reports"), true);
        assertEquals("csp-not-implemented-but-reporting-enabled", v.verdict().result());
        assertEquals(Status.FAIL, v.verdict().status());
    }

    @Test
    void cspPoliciesIntersect() {
        // test/csp.test.js "multiple CSP headers with differing policies produce correct intersection"
        ObservatoryRules.CspVerdict v = ObservatoryRules.csp(List.of(
                "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline', "
                        + "default-src 'none'; style-src 'self', "
                        + "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'"), List.of(), true);
        assertEquals(3, v.numPolicies());
        assertTrue(v.verdict().pass());
        assertFalse(v.policy().unsafeInlineStyle);
        assertEquals(Map.of("default-src", List.of("'none'"), "script-src", List.of("'self'"), "style-src", List.of("'self'")), v.data());
    }

    @Test
    void cspUnsafeEvalDataIsTheParsedScriptSrc() {
        ObservatoryRules.CspVerdict v = ObservatoryRules.csp(List.of("default-src 'none'; script-src 'unsafe-eval'"), List.of(), true);
        assertEquals(List.of("'unsafe-eval'"), v.data().get("script-src"));
        assertTrue(v.policy().unsafeEval);
    }

    @Test
    void cspPolicyAnalysisOfFrameAncestors() {
        // test/csp.test.js "policy analysis": anti-clickjacking only with a restrictive frame-ancestors
        for (String v : List.of("default-src 'none'", "frame-ancestors *", "frame-ancestors http:", "frame-ancestors https:")) {
            assertFalse(ObservatoryRules.csp(List.of(v), List.of(), true).policy().antiClickjacking, v);
        }
        assertTrue(ObservatoryRules.csp(List.of("default-src *; frame-ancestors 'none'"), List.of(), true).policy().antiClickjacking);
        for (String v : List.of("default-src 'none'; base-uri *; object-src *", "default-src 'none'; base-uri https:; object-src https:", "default-src *")) {
            ObservatoryRules.Policy p = ObservatoryRules.csp(List.of(v), List.of(), true).policy();
            assertTrue(p.insecureBaseUri && p.unsafeObjects, v);
        }
        for (String v : List.of("default-src *; form-action 'none'", "default-src *; form-action 'self'",
                "default-src 'none'; form-action 'self' https://mozilla.org", "form-action 'self' https://mozilla.org")) {
            assertFalse(ObservatoryRules.csp(List.of(v), List.of(), true).policy().insecureFormAction, v);
        }
        for (String v : List.of("default-src *", "default-src 'none'", "form-action https:")) {
            assertTrue(ObservatoryRules.csp(List.of(v), List.of(), true).policy().insecureFormAction, v);
        }
    }

    @Test
    void cspStatusesFollowThePassFlag() {
        assertEquals(Status.PASS, ObservatoryRules.csp(List.of("default-src 'self'; object-src 'none'"), List.of(), true).verdict().status());
        assertEquals(Status.WARN, ObservatoryRules.csp(List.of("default-src 'none'; style-src 'unsafe-inline'"), List.of(), true).verdict().status());
        ObservatoryRules.Verdict unsafe = ObservatoryRules.csp(List.of("default-src 'self'; script-src 'self' 'unsafe-inline'; object-src 'none'"),
                List.of(), true).verdict();
        assertEquals(Status.FAIL, unsafe.status());
        assertEquals("Content-Security-Policy script-src allows 'unsafe-inline'", unsafe.message());
        ObservatoryRules.Verdict fallback = ObservatoryRules.csp(List.of("default-src 'self' 'unsafe-inline'; object-src 'none'"),
                List.of(), true).verdict();
        assertEquals("Content-Security-Policy default-src (no script-src) allows 'unsafe-inline'; default-src (no style-src) allows 'unsafe-inline'",
                fallback.message());
    }

    @Test
    void helmetsDefaultPolicyPassesWithItsInlineStylesNoted() {
        // helmet 8's default Content-Security-Policy: the Observatory passes it (unsafe inline styles only)
        String helmet = "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';"
                + "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';"
                + "upgrade-insecure-requests";
        ObservatoryRules.CspVerdict v = ObservatoryRules.csp(List.of(helmet), List.of(), true);
        assertEquals("csp-implemented-with-unsafe-inline-in-style-src-only", v.verdict().result());
        assertEquals(Status.WARN, v.verdict().status());
        assertTrue(v.hasFrameAncestors());
        assertTrue(v.policy().antiClickjacking);
    }

    // ---------------------------------------------------------------- X-Frame-Options

    static Stream<Arguments> xfo() {
        return Stream.of(
                c("xfo", List.of(), "x-frame-options-not-implemented", false),
                c("xfo", "whimsy", "x-frame-options-header-invalid", false),
                // "common to see this header sent multiple times"
                c("xfo", "SAMEORIGIN, SAMEORIGIN", "x-frame-options-header-invalid", false),
                c("xfo", List.of("SAMEORIGIN", "SAMEORIGIN"), "x-frame-options-header-invalid", false),
                c("xfo", "ALLOW-FROM https://mozilla.org", "x-frame-options-allow-from-origin", true),
                c("xfo", "DENY", "x-frame-options-sameorigin-or-deny", true),
                c("xfo", "DENY ", "x-frame-options-sameorigin-or-deny", true),
                c("xfo", "sameorigin", "x-frame-options-sameorigin-or-deny", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("xfo")
    void xFrameOptionsAgreesWithTheObservatory(Case c) {
        ObservatoryRules.CspVerdict noCsp = ObservatoryRules.csp(List.of(), List.of(), true);
        assertVerdict(c, ObservatoryRules.xFrameOptions(c.values(), noCsp));
    }

    @Test
    void xFrameOptionsImplementedViaCspFrameAncestors() {
        // test/x-frame-options.test.js "checks implemented via CSP"
        ObservatoryRules.CspVerdict csp = ObservatoryRules.csp(List.of("frame-ancestors https://mozilla.org"), List.of(), true);
        ObservatoryRules.Verdict v = ObservatoryRules.xFrameOptions(List.of("DENY"), csp);
        assertEquals("x-frame-options-implemented-via-csp", v.result());
        assertTrue(v.pass());
        assertEquals(Status.PASS, v.status());
        // frame-ancestors replaces a missing X-Frame-Options too; one that lets anyone frame passes there, WARNs here
        ObservatoryRules.Verdict star = ObservatoryRules.xFrameOptions(List.of(),
                ObservatoryRules.csp(List.of("default-src 'self'; frame-ancestors *"), List.of(), true));
        assertEquals("x-frame-options-implemented-via-csp", star.result());
        assertTrue(star.pass());
        assertEquals(Status.WARN, star.status());
    }

    // ---------------------------------------------------------------- X-Content-Type-Options

    static Stream<Arguments> xcto() {
        return Stream.of(
                c("xcto", List.of(), "x-content-type-options-not-implemented", false),
                c("xcto", "whimsy", "x-content-type-options-header-invalid", false),
                c("xcto", "nosniff, nosniff", "x-content-type-options-header-invalid", false),
                c("xcto", "nosniff", "x-content-type-options-nosniff", true),
                c("xcto", "nosniff ", "x-content-type-options-nosniff", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("xcto")
    void xContentTypeOptionsAgreesWithTheObservatory(Case c) {
        assertVerdict(c, ObservatoryRules.xContentTypeOptions(c.values()));
    }

    // ---------------------------------------------------------------- Referrer-Policy

    static Stream<Arguments> referrer() {
        List<Arguments> all = new ArrayList<>();
        for (String v : List.of("no-referrer", "same-origin", "strict-origin", "STRICT-ORIGIN", "strict-origin-when-cross-origin")) {
            all.add(c("referrer", v, "referrer-policy-private", true));
        }
        all.add(c("referrer", List.of(), "referrer-policy-not-implemented", true));
        all.add(c("referrer", "whimsy", "referrer-policy-header-invalid", false));
        for (String v : List.of("origin", "origin-when-cross-origin", "unsafe-url")) {
            all.add(c("referrer", v, "referrer-policy-unsafe", false));
        }
        // the last recognised value wins
        all.add(c("referrer", "origin-when-cross-origin, no-referrer, unsafe-url", "referrer-policy-unsafe", false));
        all.add(c("referrer", "no-referrer, unsafe-url", "referrer-policy-unsafe", false));
        all.add(c("referrer", "no-referrer, whimsy", "referrer-policy-private", true));
        all.add(c("referrer", "whimsy, whimsy1, whimsy2", "referrer-policy-header-invalid", false));
        all.add(c("referrer", List.of("unsafe-url", "no-referrer"), "referrer-policy-private", true));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referrer")
    void referrerPolicyAgreesWithTheObservatory(Case c) {
        assertVerdict(c, ObservatoryRules.referrerPolicy(c.values()));
    }

    // ---------------------------------------------------------------- Cookies

    /** A cookie case: Set-Cookie lines, whether HSTS passed, the Observatory's result. */
    record CookieCase(String name, List<String> setCookies, boolean hsts, String result, boolean pass) {
        @Override
        public String toString() {
            return name + " -> " + result;
        }
    }

    static Stream<Arguments> cookies() {
        return Stream.of(
                Arguments.of(new CookieCase("no cookies", List.of(), false, "cookies-not-found", true)),
                Arguments.of(new CookieCase("secure with httponly sessions", List.of(
                        "SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly",
                        "foo=bar; Domain=mozilla.org; Secure; Path=/",
                        "heroku-session-affinity=bar; Domain=mozilla.org; Path=/"), false, "cookies-secure-with-httponly-sessions", true)),
                Arguments.of(new CookieCase("secure with httponly sessions and samesite", List.of(
                        "SESSIONID_SAMESITE_STRICT=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Strict",
                        "SESSIONID_SAMESITE_LAX=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Lax",
                        "SESSIONID_SAMESITE_NONE=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=None"), false,
                        "cookies-secure-with-httponly-sessions-and-samesite", true)),
                Arguments.of(new CookieCase("samesite not awarded unless all cookies have it", List.of(
                        "SESSIONID_SAMESITE_STRICT=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Strict",
                        "SESSIONID_SAMESITE_NO_SAMESITE=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly"), false,
                        "cookies-secure-with-httponly-sessions", true)),
                Arguments.of(new CookieCase("anticsrf without samesite", List.of(
                        "CSRFTOKEN=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly"), false, "cookies-anticsrf-without-samesite-flag", false)),
                Arguments.of(new CookieCase("samesite invalid empty", List.of(
                        "SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite="), false, "cookies-samesite-flag-invalid", false)),
                Arguments.of(new CookieCase("samesite invalid true", List.of(
                        "SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=True"), false, "cookies-samesite-flag-invalid", false)),
                Arguments.of(new CookieCase("samesite invalid", List.of(
                        "SESSIONID=bar; Domain=mozilla.org; Path=/; Secure; HttpOnly; SameSite=Invalid"), false, "cookies-samesite-flag-invalid", false)),
                Arguments.of(new CookieCase("regular cookie no secure but hsts", List.of(
                        "foo=bar; Domain=mozilla.org; Path=/"), true, "cookies-without-secure-flag-but-protected-by-hsts", false)),
                Arguments.of(new CookieCase("session cookie no secure but hsts", List.of(
                        "SESSIONID=bar; Domain=mozilla.org; Path=/; HttpOnly"), true, "cookies-session-without-secure-flag-but-protected-by-hsts", false)),
                Arguments.of(new CookieCase("no secure", List.of(
                        "foo=bar; Domain=mozilla.org; Path=/"), false, "cookies-without-secure-flag", false)),
                Arguments.of(new CookieCase("session no httponly", List.of(
                        "SESSIONID=bar; Domain=mozilla.org; Path=/; Secure"), false, "cookies-session-without-httponly-flag", false)),
                Arguments.of(new CookieCase("session no secure", List.of(
                        "SESSIONID=bar; Domain=mozilla.org; Path=/; HttpOnly"), false, "cookies-session-without-secure-flag", false)),
                // mozilla/http-observatory issue 97
                Arguments.of(new CookieCase("session no secure, no httponly", List.of(
                        "SESSIONID=bar; Domain=mozilla.org; Path=/"), false, "cookies-session-without-secure-flag", false)),
                // cookies.js: SameSite=None without Secure is invalid
                Arguments.of(new CookieCase("samesite none without secure", List.of(
                        "prefs=1; Path=/; HttpOnly; SameSite=None"), true, "cookies-samesite-flag-invalid", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cookies")
    void cookiesAgreeWithTheObservatory(CookieCase c) {
        ObservatoryRules.Verdict v = ObservatoryRules.cookies(c.setCookies(), c.hsts());
        assertEquals(c.result(), v.result(), v.message());
        assertEquals(c.pass(), v.pass(), v.message());
        assertEquals(c.pass() ? v.status() : Status.FAIL, v.status());
        if (c.pass() && c.result().equals("cookies-secure-with-httponly-sessions")) {
            assertEquals(Status.WARN, v.status(), "a cookie without SameSite is noted");
        }
        assertFalse(v.message().contains("bar"), "a cookie value leaked: " + v.message());
    }

    @Test
    void aTokenCookieWithoutHttpOnlyPassesTheObservatoryButWarns() {
        ObservatoryRules.Verdict v = ObservatoryRules.cookies(List.of("refreshToken=abc; Path=/; Secure; SameSite=Strict"), true);
        assertEquals("cookies-secure-with-httponly-sessions-and-samesite", v.result());
        assertTrue(v.pass());
        assertEquals(Status.WARN, v.status());
        assertEquals("cookies readable by scripts (no HttpOnly): refreshToken; add HttpOnly unless the front end must read them", v.message());
    }

    // ---------------------------------------------------------------- helpers

    private static void assertVerdict(Case c, ObservatoryRules.Verdict v) {
        assertEquals(c.result(), v.result(), v.message());
        assertEquals(c.pass(), v.pass(), v.message());
        if (c.pass()) {
            assertTrue(v.status() == Status.PASS || v.status() == Status.WARN, v.status() + ": " + v.message());
        } else {
            assertEquals(Status.FAIL, v.status(), v.message());
        }
    }

    @Test
    void xPoweredByMustBeAbsent() {
        assertEquals(Status.PASS, ObservatoryRules.xPoweredBy(List.of()).status());
        ObservatoryRules.Verdict v = ObservatoryRules.xPoweredBy(List.of("Express"));
        assertEquals(Status.FAIL, v.status());
        assertEquals("X-Powered-By: Express reveals the server framework; remove it (helmet does)", v.message());
    }

    @Test
    void cspDataIsNullWhenTheHeaderIsMissingOrInvalid() {
        assertNull(ObservatoryRules.csp(List.of(), List.of(), true).data());
        assertNull(ObservatoryRules.csp(List.of("defa"), List.of(), true).data());
    }
}
