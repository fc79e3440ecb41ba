package dev.prodaudit.probe.env;

import static dev.prodaudit.probe.env.EnvProbeTest.assertNoLeak;
import static dev.prodaudit.probe.env.EnvProbeTest.assertStatus;
import static dev.prodaudit.probe.env.EnvProbeTest.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue's JWT and encryption-key rules judge what the bytes are: every value here is generated the
 * way people generate (or fake) secrets, and the verdict and its exact evidence are checked.
 */
class SecretStrengthTest {
    /**
     * Values standing in for secrets come from a fixed seed, fresh for each test: a run is reproducible, and a
     * verdict cannot hang on a draw (a generated key with no digit, say).
     */
    private final Random random = new Random(20261204L);
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());

    @TempDir
    Path repo;

    /** The probe of a check of the shipped catalogue, so the tests judge the rule users get. */
    private static EnvSpec catalogueSpec(String file, String id) throws IOException, InputException {
        List<Check> checks = LOADER.parseFile(file, Files.readString(Path.of("checks", file)));
        Check check = checks.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
        return assertInstanceOf(EnvSpec.class, check.spec());
    }

    private static EnvSpec jwtRule() throws IOException, InputException {
        return catalogueSpec("01-security.yaml", "security.jwt-secrets");
    }

    private static EnvSpec encryptionKeyRule() throws IOException, InputException {
        return catalogueSpec("01-security.yaml", "security.encryption-key");
    }

    private Outcome run(EnvSpec spec, Path envFile, String envText) {
        Env env = Env.of(List.of(EnvFile.parse(envFile, envText)), Map.of(), Set.of(), List.of());
        ProbeContext ctx = new ProbeContext(env, repo, Targets.none(), Duration.ofSeconds(5), new SharedClients());
        return new EnvProbe().run(spec, ctx);
    }

    private Outcome run(EnvSpec spec, String envText) {
        return run(spec, Path.of(".env.production"), envText);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** {@code crypto.randomBytes(n).toString('hex')}. */
    private String hex(int n) {
        return HexFormat.of().formatHex(randomBytes(n));
    }

    /** {@code openssl rand -base64 n}. */
    private String base64(int n) {
        return Base64.getEncoder().encodeToString(randomBytes(n));
    }

    /** Two JWT secrets, the second always a fresh 48 random bytes, so only the first is judged. */
    private String jwtEnv(String access) {
        return "JWT_ACCESS_SECRET=" + access + "\nJWT_REFRESH_SECRET=" + base64(48) + "\n";
    }

    private static List<String> failures(Outcome o) {
        return o.findings().stream().filter(f -> f.status() == Status.FAIL).map(Finding::message).toList();
    }

    /** No stretch of 12 characters of the value appears anywhere in the outcome. */
    private static void assertNoFragment(Outcome o, String value) {
        String all = o.evidence() + "\n" + messages(o);
        for (int i = 0; i + 12 <= value.length(); i++) {
            String fragment = value.substring(i, i + 12);
            assertFalse(all.contains(fragment), () -> "a 12-character fragment of the value leaks: " + all);
        }
        assertNoLeak(o, value);
    }

    @Test
    void jwtSecretFromCryptoRandomBytes64HexPasses() throws Exception {
        String secret = hex(64);
        // The old rule measured 3.9 bits/char here and failed, as hex never exceeds 4 bits per character.
        assertTrue(Values.entropy(secret) < 4.5);
        Outcome o = run(jwtRule(), jwtEnv(secret));
        assertStatus(Status.PASS, o);
        assertEquals("JWT_ACCESS_SECRET: 64 bytes (hex), no repetition or pattern", o.findings().get(0).message());
        assertEquals(".env.production", o.findings().get(0).file());
        assertEquals(1, o.findings().get(0).line());
        assertNoFragment(o, secret);
    }

    @Test
    void opensslBase64And48ByteBase64urlPass() throws Exception {
        String b64 = base64(48);
        Outcome o = run(jwtRule(), jwtEnv(b64));
        assertStatus(Status.PASS, o);
        assertEquals("JWT_ACCESS_SECRET: 48 bytes (base64), no repetition or pattern", o.findings().get(0).message());

        String url;
        do { // the URL-safe alphabet shows only when '-' or '_' occurs (87% of 48-byte values)
            url = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(48));
        } while (url.indexOf('-') < 0 && url.indexOf('_') < 0);
        Outcome u = run(jwtRule(), jwtEnv(url));
        assertStatus(Status.PASS, u);
        assertEquals("JWT_ACCESS_SECRET: 48 bytes (base64url), no repetition or pattern", u.findings().get(0).message());
        assertNoFragment(o, b64);
        assertNoFragment(u, url);
    }

    @Test
    void base64OfAnEnglishSentenceEncodesTextNotRandomBytes() throws Exception {
        String sentence = "Our production JWT secret is this long sentence, so nobody will ever guess it!";
        String secret = Base64.getEncoder().encodeToString(sentence.getBytes(StandardCharsets.UTF_8));
        // Passed the old rule: at least 48 bytes of base64 and more than 4.5 bits per character.
        assertTrue(Values.entropy(secret) >= 4.5, "entropy " + Values.entropy(secret));
        Outcome o = run(jwtRule(), jwtEnv(secret));
        assertStatus(Status.FAIL, o);
        assertEquals(List.of("JWT_ACCESS_SECRET encodes text, not random bytes: 100% of its 78 bytes (base64) are"
                + " printable ASCII"), failures(o));
        assertEquals(1, o.findings().get(0).line());
        assertNoFragment(o, secret);
    }

    @Test
    void encryptionKeyOfOneHexBlockRepeatedFails() throws Exception {
        String key = "0123456789abcdef".repeat(4);
        Outcome o = run(encryptionKeyRule(), "ENCRYPTION_KEY=" + key + "\n");
        assertStatus(Status.FAIL, o);
        assertEquals(List.of(
                "ENCRYPTION_KEY repeats one 8-byte block 4 times (32 bytes, hex)",
                "ENCRYPTION_KEY holds a sequence: 8 bytes counting up in steps of 34 (32 bytes, hex)",
                "ENCRYPTION_KEY uses only 8 distinct byte values (32 bytes, hex); random values of this length show"
                        + " at least 22"), failures(o));
        assertNoFragment(o, key);
    }

    @Test
    void sequentialEncryptionKeyFails() throws Exception {
        // Every start: counting past 0xff wraps to 0x00 and still counts up by 1; counting through 0x20..0x7e is
        // printable text as well, which is then said too.
        for (int start = 0; start < 256; start++) {
            byte[] counting = new byte[32];
            for (int i = 0; i < 32; i++) {
                counting[i] = (byte) (start + i);
            }
            String key = HexFormat.of().formatHex(counting);
            Outcome o = run(encryptionKeyRule(), "ENCRYPTION_KEY=" + key + "\n");
            assertStatus(Status.FAIL, o);
            assertTrue(failures(o).contains("ENCRYPTION_KEY holds a sequence: 32 bytes counting up by 1 (32 bytes, hex)"),
                    messages(o));
            assertNoFragment(o, key);
        }
    }

    @Test
    void lowDiversityBytesFail() throws Exception {
        // A broken generator: 48 bytes, each one of six values (e.g. Math.random() * 6 written as bytes).
        Random few = new Random(6);
        byte[] b = new byte[48];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (0x41 * few.nextInt(6) + 0x90);
        }
        String secret = Base64.getEncoder().encodeToString(b);
        Outcome o = run(jwtRule(), jwtEnv(secret));
        assertStatus(Status.FAIL, o);
        assertEquals(List.of("JWT_ACCESS_SECRET uses only 6 distinct byte values (48 bytes, base64); random values of"
                + " this length show at least 33"), failures(o));
        assertNoFragment(o, secret);
    }

    @Test
    void shortAndWrongLengthKeysFailOnBytes() throws Exception {
        String jwt = hex(32);
        Outcome o = run(jwtRule(), jwtEnv(jwt));
        assertEquals(List.of("JWT_ACCESS_SECRET: 32 bytes (hex); at least 48 random bytes required"), failures(o));

        String longKey = hex(48);
        Outcome k = run(encryptionKeyRule(), "ENCRYPTION_KEY=" + longKey + "\n");
        assertEquals(List.of("ENCRYPTION_KEY: 48 bytes (hex); exactly 32 bytes required"), failures(k));

        String b64Key = base64(32);
        Outcome notHex = run(encryptionKeyRule(), "ENCRYPTION_KEY=" + b64Key + "\n");
        assertEquals(List.of("ENCRYPTION_KEY is not valid hex (44 chars); generate it with: openssl rand -hex 32"),
                failures(notHex));
        assertNoLeak(o, jwt);
        assertNoLeak(k, longKey);
        assertNoLeak(notHex, b64Key);
    }

    @Test
    void valueCopiedFromEnvExampleFails() throws Exception {
        String secret = base64(48);
        Files.writeString(repo.resolve(".env.example"),
                "# copy to .env and fill in\nNODE_ENV=production\nJWT_ACCESS_SECRET=" + secret + "\n");
        Outcome o = run(jwtRule(), jwtEnv(secret));
        assertStatus(Status.FAIL, o);
        assertEquals(List.of("JWT_ACCESS_SECRET is copied from an example: the same value stands in .env.example:3"),
                failures(o));
        assertNoFragment(o, secret);
    }

    @Test
    void valueCopiedFromReadmeOrATestFixtureFails() throws Exception {
        String readmeKey = hex(32);
        Files.writeString(repo.resolve("README.md"), "# App\n\nSet a key:\n\n```\nENCRYPTION_KEY=" + readmeKey + "\n```\n");
        Outcome r = run(encryptionKeyRule(), "ENCRYPTION_KEY=" + readmeKey + "\n");
        assertEquals(List.of("ENCRYPTION_KEY is copied from an example: the same value stands in README.md:6"), failures(r));

        String fixtureKey = hex(32);
        Files.createDirectories(repo.resolve("src/__tests__"));
        Files.writeString(repo.resolve("src/__tests__/crypto.test.js"),
                "const key = '" + fixtureKey + "';\ntest('round trip', () => {});\n");
        Outcome f = run(encryptionKeyRule(), "ENCRYPTION_KEY=" + fixtureKey + "\n");
        assertEquals(List.of("ENCRYPTION_KEY is copied from an example: the same value stands in"
                + " src/__tests__/crypto.test.js:1"), failures(f));
        assertNoFragment(r, readmeKey);
        assertNoFragment(f, fixtureKey);
    }

    @Test
    void sameValueOutsideExamplesOrInsideALongerTokenIsNoCopy() throws Exception {
        String key = hex(32);
        Files.createDirectories(repo.resolve("src"));
        Files.writeString(repo.resolve("src/config.js"), "module.exports = { key: '" + key + "' };\n");
        Files.writeString(repo.resolve("README.md"), "hash: " + key + "ff\n");
        Outcome o = run(encryptionKeyRule(), "ENCRYPTION_KEY=" + key + "\n");
        assertStatus(Status.PASS, o);
        assertEquals("ENCRYPTION_KEY: 32 bytes (hex), no repetition or pattern", o.findings().get(0).message());
    }

    @Test
    void theAuditedEnvFileUnderTestsIsNotItsOwnExample() throws Exception {
        String key = hex(32);
        Path envFile = repo.resolve("tests/e2e/.env.production");
        Files.createDirectories(envFile.getParent());
        String text = "ENCRYPTION_KEY=" + key + "\n";
        Files.writeString(envFile, text);
        Outcome o = run(encryptionKeyRule(), envFile, text);
        assertStatus(Status.PASS, o);
    }

    @Test
    void dashedWordsReadAsBase64urlStillFailOnTheirCharacters() throws Exception {
        // Letters and dashes are base64url's alphabet, so the text decodes to 48 arbitrary-looking bytes; the
        // characters as written give it away: far fewer distinct symbols than 64 random base64url characters.
        String secret = "this-is-our-very-long-production-jwt-secret-key-for-the-app-2024";
        Outcome o = run(jwtRule(), jwtEnv(secret));
        assertStatus(Status.FAIL, o);
        assertEquals(List.of("JWT_ACCESS_SECRET uses only 25 distinct character values (64 characters, base64url);"
                + " random values of this length show at least 28"), failures(o));
        assertNoFragment(o, secret);
    }

    @Test
    void rawPassphraseIsJudgedByItsCharacters() throws Exception {
        String passphrase = "correct-horse-battery-staple!correct-horse-battery-staple!";
        Outcome o = run(jwtRule(), jwtEnv(passphrase));
        assertStatus(Status.FAIL, o);
        assertEquals("JWT_ACCESS_SECRET repeats one 29-character block 2 times (58 characters, raw)", failures(o).get(0));
        assertNoFragment(o, passphrase);
    }
}
