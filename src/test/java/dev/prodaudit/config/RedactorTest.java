package dev.prodaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static String base64(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
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
}
