package dev.prodaudit.probe.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where the randomness floors come from: each test of {@link Randomness} flags a truly random value with a
 * chance of at most 1e-7 (union bounds for repeats and runs, the exact occupancy distribution for distinct
 * symbols, the binomial tail for printable text), seven tests per value, so at most 7e-7 per value. Here
 * 10,000 random secrets of each common format all pass (expected false FAILs over the 60,000: below 0.05),
 * and 1,000 generated values of each bad class all fail.
 */
class SecretStrengthStatisticsTest {
    /**
     * Seeded, so every run draws the same values. The floors are set so that a truly random value fails with a
     * chance of at most 7e-7, which over 60,000 values makes a false FAIL in some run a matter of time (one CI run met
     * a 64-byte base64 secret of 42 distinct bytes, a 1.6e-8 chance); java.util.Random's algorithm is specified, so
     * the values are the same on every JDK.
     */
    private static final Random RANDOM = new Random(20_261_202L);
    private static final int SAMPLES = 10_000;
    private static final int BAD_SAMPLES = 1_000;

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static Stream<Arguments> randomFormats() {
        return Stream.of(
                Arguments.of("hex, 32 bytes (openssl rand -hex 32)", 32, SecretBytes.Form.HEX,
                        (Function<byte[], String>) b -> HexFormat.of().formatHex(b)),
                Arguments.of("hex, 64 bytes (crypto.randomBytes(64).toString('hex'))", 64, SecretBytes.Form.HEX,
                        (Function<byte[], String>) b -> HexFormat.of().formatHex(b)),
                Arguments.of("base64, 32 bytes", 32, SecretBytes.Form.BASE64,
                        (Function<byte[], String>) b -> Base64.getEncoder().encodeToString(b)),
                Arguments.of("base64, 48 bytes (openssl rand -base64 48)", 48, SecretBytes.Form.BASE64,
                        (Function<byte[], String>) b -> Base64.getEncoder().encodeToString(b)),
                Arguments.of("base64, 64 bytes", 64, SecretBytes.Form.BASE64,
                        (Function<byte[], String>) b -> Base64.getEncoder().encodeToString(b)),
                Arguments.of("base64url unpadded, 48 bytes (crypto.randomBytes(48).toString('base64url'))", 48, null,
                        (Function<byte[], String>) b -> Base64.getUrlEncoder().withoutPadding().encodeToString(b)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("randomFormats")
    void tenThousandRandomSecretsNeverFail(String format, int length, SecretBytes.Form form,
                                           Function<byte[], String> encode) {
        List<String> falseFails = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            SecretBytes secret = SecretBytes.decode(encode.apply(bytes(length)));
            assertEquals(length, secret.length(), format);
            if (form != null) {
                assertEquals(form, secret.form(), format);
            }
            falseFails.addAll(SecretStrength.flaws(secret));
        }
        assertEquals(List.of(), falseFails, format + ": false FAILs in " + SAMPLES);
    }

    static Stream<Arguments> badClasses() {
        String[] words = ("the our production secret key token signing never share this with anyone because "
                + "it protects every session of all users and workspaces in tenant app").split(" ");
        return Stream.of(
                Arguments.of("encodes text, not random bytes", (IntFunction<String>) i -> {
                    StringBuilder s = new StringBuilder();
                    while (s.length() < 48) {
                        s.append(words[RANDOM.nextInt(words.length)]).append(RANDOM.nextInt(8) == 0 ? ". " : " ");
                    }
                    return Base64.getEncoder().encodeToString(s.toString().getBytes(StandardCharsets.UTF_8));
                }),
                Arguments.of("repeats", (IntFunction<String>) i -> {
                    byte[] block = bytes(4 + RANDOM.nextInt(13));
                    byte[] key = new byte[32];
                    for (int k = 0; k < key.length; k++) {
                        key[k] = block[k % block.length];
                    }
                    return HexFormat.of().formatHex(key);
                }),
                Arguments.of("holds a sequence", (IntFunction<String>) i -> {
                    // A random 32-byte key with 8 bytes overwritten by a counting run, or hex/base64 text typed
                    // in order: the sequence sits anywhere in the value.
                    byte[] key = bytes(32);
                    int at = RANDOM.nextInt(24);
                    int start = RANDOM.nextInt(256);
                    int step = RANDOM.nextBoolean() ? 1 : -1;
                    for (int k = 0; k < 8; k++) {
                        key[at + k] = (byte) (start + step * k);
                    }
                    return i % 2 == 0 ? HexFormat.of().formatHex(key)
                            : "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + Base64.getEncoder().encodeToString(bytes(30));
                }),
                Arguments.of("uses only", (IntFunction<String>) i -> {
                    // A broken generator drawing 48 bytes from a handful of values.
                    // Values above 0x7f, so the bytes are not printable text (that is another class).
                    int values = 2 + RANDOM.nextInt(9);
                    int base = 0x80 + RANDOM.nextInt(16);
                    byte[] key = new byte[48];
                    for (int k = 0; k < key.length; k++) {
                        key[k] = (byte) (base + 13 * RANDOM.nextInt(values));
                    }
                    return Base64.getEncoder().encodeToString(key);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClasses")
    void everyBadValueFailsForItsReason(String reason, IntFunction<String> generate) {
        for (int i = 0; i < BAD_SAMPLES; i++) {
            List<String> flaws = SecretStrength.flaws(SecretBytes.decode(generate.apply(i)));
            assertTrue(flaws.stream().anyMatch(f -> f.startsWith(reason)), () -> reason + " not found in " + flaws);
        }
    }
}
