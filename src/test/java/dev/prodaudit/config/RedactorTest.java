package dev.prodaudit.config;

import dev.prodaudit.input.OutputText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
    /**
     * Values standing in for secrets come from a fixed seed, fresh for each test: a run is reproducible, and a
     * verdict cannot hang on a draw (a generated key with no digit, say).
     */
    private final Random random = new Random(20261205L);

    private String base64(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Env env(String text) {
        return Env.of(List.of(EnvFile.parse(Path.of(".env.production"), text)), Map.of(), Set.of(), List.of());
    }

    @Test
    void masksSecretValuesOfTheEnv() {
        String jwt = base64(48);
        String key = hex(32);
        Env env = env("JWT_ACCESS_SECRET=" + jwt + "\nENCRYPTION_KEY=" + key + "\nLOG_LEVEL=info-verbose\n");
        Redactor r = Redactor.of(env, List.of());
        String out = r.apply("signed with " + jwt + " and encrypted with " + key + "; log info-verbose");
        assertEquals("signed with [redacted] and encrypted with [redacted]; log info-verbose", out);
    }

    @Test
    void masksEveryOccurrence() {
        String secret = hex(16);
        Redactor r = Redactor.of(env("NOTION_CLIENT_SECRET=" + secret + "\n"), List.of());
        assertEquals("[redacted]/[redacted]", r.apply(secret + "/" + secret));
    }

    @Test
    void longestSecretIsMaskedFirst() {
        String inner = hex(8);
        String outer = inner + hex(8);
        Env env = env("A_SECRET=" + inner + "\nB_SECRET=" + outer + "\n");
        Redactor r = Redactor.of(env, List.of());
        // Were the shorter one masked first, the tail of the longer one would remain.
        assertEquals("x [redacted] y [redacted] z", r.apply("x " + outer + " y " + inner + " z"));
    }

    @Test
    void shortValuesAreNotMasked() {
        Env env = env("A_SECRET=abcde\nB_SECRET=abcdef\nC_SECRET=  abcd  \n");
        Redactor r = Redactor.of(env, List.of());
        assertEquals("abcde [redacted] abcd", r.apply("abcde abcdef abcd"));
    }

    @Test
    void nonSecretValuesAreNotMasked() {
        Env env = env("NOTION_CLIENT_ID=client-id-1234567\nJWT_ACCESS_EXPIRY=15minutes\n");
        Redactor r = Redactor.of(env, List.of());
        assertEquals("client-id-1234567 15minutes", r.apply("client-id-1234567 15minutes"));
    }

    @Test
    void extraSecretsAreMasked() {
        String extra = hex(10);
        Redactor r = Redactor.of(Env.empty(), List.of(extra, "short"));
        assertEquals("[redacted] short", r.apply(extra + " short"));
    }

    @Test
    void userMarkedSecretNamesAreMasked() {
        String v = hex(10);
        EnvFile f = EnvFile.parse(Path.of(".env"), "CUSTOM_THING=" + v + "\n");
        Env env = Env.of(List.of(f), Map.of(), Set.of("CUSTOM_THING"), List.of());
        assertEquals("is [redacted]", Redactor.of(env, List.of()).apply("is " + v));
    }

    @Test
    void stripsUriPasswords() {
        assertEquals("mongodb://app:[redacted]@db.internal:27017/rag",
                Redactor.stripUriPasswords("mongodb://app:pw@db.internal:27017/rag"));
        assertEquals("failed redis://:[redacted]@cache:6379 twice redis://u:[redacted]@other",
                Redactor.stripUriPasswords("failed redis://:hunter2@cache:6379 twice redis://u:p@other"));
        assertEquals("https://host/path no creds", Redactor.stripUriPasswords("https://host/path no creds"));
        assertEquals("https://user@host/", Redactor.stripUriPasswords("https://user@host/"));
    }

    @Test
    void uriPasswordsOfAnyEnvValueAreMaskedWhereverTheyAppear() {
        String pw = hex(12);
        Env env = env("MONGODB_URI=mongodb://app:" + pw + "@db.internal:27017/rag\n");
        Redactor r = Redactor.of(env, List.of());
        // The password on its own, outside of a URI, is still masked.
        String out = r.apply("auth failed for password " + pw + " at mongodb://app:" + pw + "@db.internal:27017/rag");
        assertFalse(out.contains(pw), out);
        assertEquals("auth failed for password [redacted] at mongodb://app:[redacted]@db.internal:27017/rag", out);
    }

    @Test
    void secretUriWithPasswordIsMaskedWhole() {
        String publicKey = hex(16);
        String secretKey = hex(16);
        String dsn = "https://" + publicKey + ":" + secretKey + "@o1.ingest.sentry.io/42";
        Redactor r = Redactor.of(env("SENTRY_DSN=" + dsn + "\n"), List.of());
        String out = r.apply("bad dsn " + dsn);
        assertFalse(out.contains(publicKey), out);
        assertFalse(out.contains(secretKey), out);
        assertEquals("bad dsn [redacted]", out);
        // Also when the caller strips URI passwords before redacting.
        String stripped = r.apply(Redactor.stripUriPasswords("bad dsn " + dsn));
        assertFalse(stripped.contains(publicKey), stripped);
        assertFalse(stripped.contains(secretKey), stripped);
    }

    @Test
    void secretValueWithSurroundingBlanksIsMaskedStripped() {
        String v = hex(10);
        Redactor r = Redactor.of(Env.empty(), List.of("  " + v + "  "));
        assertEquals("x [redacted] y", r.apply("x " + v + " y"));
    }

    @Test
    void noneAndEmptyInputs() {
        Redactor r = Redactor.none();
        assertEquals("text mongodb://u:[redacted]@h", r.apply("text mongodb://u:p@h"));
        assertNull(r.apply(null));
        assertEquals("", r.apply(""));
        assertTrue(Redactor.of(Env.empty(), List.of()).apply("plain").equals("plain"));
    }

    // ---- the corpus of issue 8: encodings, duplicates, fragments, letter case, unicode, control characters ----

    @Test
    void percentEncodedUrlPasswordIsMaskedAsWrittenDecodedAndReEncoded() {
        Env env = env("REDIS_URL=redis://:p%21ss-W0rd-long-enough%40x@cache.internal:6379/0\n");
        Redactor r = Redactor.of(env, List.of());
        // What a driver sends, and an echoing server returns, is the decoded password.
        String decoded = "p!ss-W0rd-long-enough@x";
        for (String shown : List.of("p%21ss-W0rd-long-enough%40x", decoded, "p%21ss-W0rd-long-enough%40x".toLowerCase(),
                "P%21SS-W0RD-LONG-ENOUGH%40X", "p%21ss-W0rd-long-enough@x")) {
            String out = r.apply("ERR invalid password '" + shown + "' for default user");
            assertEquals("ERR invalid password '[redacted]' for default user", out, shown);
        }
    }

    @Test
    void secretWithReservedCharactersIsMaskedPercentEncoded() {
        String secret = "jwt!secret/with+reserved=chars&" + hex(4);
        Redactor r = Redactor.of(env("JWT_ACCESS_SECRET=" + secret + "\n"), List.of());
        String inQuery = java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
        String inPath = secret.replace("!", "%21").replace("/", "%2F").replace("+", "%2B").replace("=", "%3D").replace("&", "%26");
        assertEquals("GET /cb?t=[redacted] 401", r.apply("GET /cb?t=" + inQuery + " 401"));
        assertEquals("GET /[redacted] 404", r.apply("GET /" + inPath + " 404"));
    }

    @Test
    void everyValueOfADuplicatedKeyIsMasked() {
        String first = hex(12);
        String second = hex(12);
        Env env = env("JWT_ACCESS_SECRET=" + first + "\nLOG_LEVEL=info\nJWT_ACCESS_SECRET=" + second + "\n");
        assertEquals(second, env.get("JWT_ACCESS_SECRET").orElseThrow(), "the last value wins");
        Redactor r = Redactor.of(env, List.of());
        assertEquals("old [redacted], new [redacted]", r.apply("old " + first + ", new " + second));
    }

    @Test
    void aSecretShadowedByAHigherPrecedenceFileIsMasked() {
        String production = hex(12);
        String development = hex(12);
        Env env = Env.of(List.of(EnvFile.parse(Path.of(".env.production"), "NOTION_CLIENT_SECRET=" + production + "\n"),
                EnvFile.parse(Path.of(".env"), "NOTION_CLIENT_SECRET=" + development + "\nREDIS_URL=redis://:"
                        + development.substring(0, 10) + "@h\n")), Map.of(), Set.of(), List.of());
        Redactor r = Redactor.of(env, List.of());
        assertEquals("[redacted] [redacted] [redacted]", r.apply(production + " " + development + " " + development.substring(0, 10)));
    }

    @Test
    void anyRunOfTwelveCharactersOfASecretIsMasked() {
        String secret = base64(48); // 64 characters
        Redactor r = Redactor.of(env("JWT_REFRESH_SECRET=" + secret + "\n"), List.of());
        // A header clipped to 120 characters, a password echoed from its middle, a prefix cut by an ellipsis.
        assertEquals("X-Echo: Bearer [redacted]…", r.apply("X-Echo: Bearer " + secret.substring(0, 20) + "…"));
        assertEquals("saw '[redacted]' in reply", r.apply("saw '" + secret.substring(17, 29) + "' in reply"));
        // The brackets here and below are in no form of a base64 secret. A space is (the form-decoded '+'): a
        // space just before a fragment whose secret has '+' there makes a longer run, rightly masked with it.
        assertEquals("tail <[redacted]>", r.apply("tail <" + secret.substring(secret.length() - 12) + ">"));
        // Eleven characters are below the guarantee and stay: they are as likely to be anything else.
        String eleven = secret.substring(30, 41);
        assertEquals("<" + eleven + ">", r.apply("<" + eleven + ">"));
    }

    @Test
    void aPlusPrintedAsTheSpaceOfAFormEncodingIsStillTheSecret() {
        String secret = "k7Qx+Zt9mWv2Lr4pN8";
        Redactor r = Redactor.of(env("SESSION_SECRET=" + secret + "\n"), List.of());
        assertEquals("got [redacted]!", r.apply("got k7Qx Zt9mWv2Lr4pN8!"));
        assertEquals("x [redacted] y", r.apply("x " + "Qx Zt9mWv2Lr" + " y"));
    }

    @Test
    void noFragmentOfTwelveSurvivesInRandomText() {
        Random cuts = new Random(8);
        List<String> secrets = List.of(base64(30), hex(20), "Pässwörd-Геheimnis-秘密-🔑-" + hex(6), "p%21ss-" + hex(10));
        StringBuilder envText = new StringBuilder();
        for (int i = 0; i < secrets.size(); i++) {
            envText.append("S").append(i).append("_SECRET=").append(secrets.get(i)).append('\n');
        }
        Redactor r = Redactor.of(env(envText.toString()), List.of());
        for (int n = 0; n < 500; n++) {
            String secret = secrets.get(cuts.nextInt(secrets.size()));
            int length = 12 + cuts.nextInt(secret.length() - 11);
            int start = cuts.nextInt(secret.length() - length + 1);
            if (Character.isLowSurrogate(secret.charAt(start)) || Character.isHighSurrogate(secret.charAt(start + length - 1))) {
                continue; // half of the key emoji is not a character of the secret
            }
            String fragment = secret.substring(start, start + length);
            String text = hex(cuts.nextInt(4)) + fragment + hex(cuts.nextInt(4));
            String out = r.apply(text);
            assertFalse(out.contains(fragment), () -> "leaked " + fragment + " in " + out);
            assertTrue(out.contains(Redactor.MASK), out);
        }
    }

    @Test
    void hostsAreMatchedInAnyLetterCase() {
        String dsn = "https://" + hex(16) + "@O1234.Ingest.Sentry.IO/4507";
        Redactor r = Redactor.of(env("SENTRY_DSN=" + dsn + "\n"), List.of());
        // A URL parser lower-cases the host; the printed DSN is no less the secret.
        String out = r.apply("bad dsn " + dsn.toLowerCase(java.util.Locale.ROOT));
        assertEquals("bad dsn [redacted]", out);
    }

    @Test
    void unicodeSecretsAreMaskedInAnyNormalFormAndEncoding() {
        String secret = "Pässwörd-Геheimnis-秘密-🔑-2024";
        Redactor r = Redactor.of(env("SMTP_PASSWORD=\"" + secret + "\"\n"), List.of());
        String nfd = java.text.Normalizer.normalize(secret, java.text.Normalizer.Form.NFD);
        assertTrue(!nfd.equals(secret));
        assertEquals("[redacted]", r.apply(secret));
        assertEquals("pw [redacted]", r.apply("pw " + nfd));
        assertEquals("pw [redacted]", r.apply("pw " + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("[redacted]…", r.apply(secret.substring(0, 21) + "…"), "the fragment ends inside the emoji's pair");
    }

    @Test
    void qdrantKeyAndTargetPasswordsPassedByTheRunAreMasked() {
        String apiKey = hex(16);
        Redactor r = Redactor.of(Env.empty(), List.of(apiKey));
        assertEquals("api-key: [redacted]", r.apply("api-key: " + apiKey.toUpperCase(java.util.Locale.ROOT)));
    }

    @Test
    void controlCharactersBecomeVisibleEscapes() {
        Redactor r = Redactor.none();
        String hostile = "ok\u001b[2J\u001b[H\rresult: OK\u0007\u0000\b\u009b31m\r\nresult: OK\u202e";
        String out = r.apply(hostile);
        assertEquals("ok\\x1b[2J\\x1b[H\\rresult: OK\\x07\\x00\\x08\\x9b31m\\r\\nresult: OK\\u202e", out);
        assertTrue(OutputText.isClean(out));
        assertEquals(out, r.apply(out), "escaping twice changes nothing");
    }
}
