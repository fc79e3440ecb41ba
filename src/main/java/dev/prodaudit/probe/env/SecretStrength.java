package dev.prodaudit.probe.env;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The judgement of {@code randomBytes}: the facts come from {@link SecretBytes} (what the text decodes to) and
 * {@link Randomness} (what the bytes and characters look like next to random ones); the only thresholds here
 * are the rule's. Evidence describes the value (its size, encoding and flaws) and never shows any part of it.
 */
final class SecretStrength {
    private SecretStrength() {
    }

    static void judge(String name, String value, EnvRule.RandomBytesRule rule, ExampleValues examples,
                      List<Finding> problems, List<String> facts) {
        Optional<SecretBytes> decoded = rule.encoding() == null
                ? Optional.of(SecretBytes.decode(value)) : decodeAs(value, rule.encoding());
        if (decoded.isEmpty()) {
            String how = rule.encoding() == EnvRule.Encoding.HEX ? "hex" : "base64";
            problems.add(Finding.of(Status.FAIL, name + " is not valid " + how + " (" + value.strip().length()
                    + " chars); generate it with: openssl rand -" + how + " " + rule.min()));
            return;
        }
        SecretBytes secret = decoded.get();
        int before = problems.size();
        int n = secret.length();
        if (n < rule.min()) {
            problems.add(Finding.of(Status.FAIL, name + ": " + secret.describe() + "; "
                    + (rule.max() != null && rule.max() == rule.min() ? "exactly " : "at least ") + rule.min()
                    + " random bytes required"));
        } else if (rule.max() != null && n > rule.max()) {
            problems.add(Finding.of(Status.FAIL, name + ": " + secret.describe() + "; "
                    + (rule.max() == rule.min() ? "exactly " : "at most ") + rule.max() + " bytes required"));
        }
        for (String flaw : flaws(secret)) {
            problems.add(Finding.of(Status.FAIL, name + " " + flaw));
        }
        examples.whereStands(value).ifPresent(where -> problems.add(Finding.of(Status.FAIL,
                name + " is copied from an example: the same value stands in " + where)));
        if (problems.size() == before) {
            facts.add(name + ": " + secret.describe() + ", no repetition or pattern");
        }
    }

    /**
     * What makes the value less random than its length promises, most telling first, at most one per kind:
     * the decoded bytes are examined (unless the text is raw), then the characters as written.
     */
    static List<String> flaws(SecretBytes secret) {
        List<String> out = new ArrayList<>();
        String where = secret.length() + " bytes, " + secret.form().label();
        Randomness text = Randomness.of(secret.characters(), secret.textAlphabet(), false);
        if (secret.form() == SecretBytes.Form.RAW) {
            addFlaws(out, text, "character", text.length() + " characters, raw");
            return out;
        }
        Randomness bytes = Randomness.of(secret.byteSymbols(), 256, true);
        if (bytes.mostlyPrintable()) {
            out.add("encodes text, not random bytes: " + bytes.printablePercent() + "% of its " + secret.describe()
                    + " are printable ASCII");
            // Text has repeated words and a small alphabet: those tests would only restate this, but one block
            // repeated, or bytes counting through the printable range, are separate mistakes worth naming.
            if (bytes.period() > 0) {
                out.add("repeats one " + bytes.period() + "-byte block " + repeatCount(bytes) + " (" + where + ")");
            }
            if (bytes.sequential() && bytes.runStep() != 0) {
                out.add("holds a sequence: " + describeRun(bytes, "byte") + " (" + where + ")");
            }
            return out;
        }
        addFlaws(out, bytes, "byte", where);
        List<String> textual = new ArrayList<>();
        addFlaws(textual, text, "character", text.length() + " characters, " + secret.form().label());
        for (String flaw : textual) {
            String kind = flaw.substring(0, flaw.indexOf(' '));
            if (out.stream().noneMatch(f -> f.startsWith(kind + " "))) {
                out.add(flaw);
            }
        }
        return out;
    }

    /** Each flaw starts with one word naming its kind (repeats, holds, uses), so byte and text flaws dedupe. */
    private static void addFlaws(List<String> out, Randomness r, String unit, String where) {
        if (r.repeats()) {
            out.add(r.period() > 0
                    ? "repeats one " + r.period() + "-" + unit + " block " + repeatCount(r) + " (" + where + ")"
                    : "repeats itself: a " + r.repeat() + "-" + unit + " stretch occurs twice (" + where
                      + "; random values repeat at most " + (r.repeatFloor() - 1) + ")");
        }
        if (r.sequential()) {
            out.add("holds a sequence: " + describeRun(r, unit) + " (" + where + ")");
        }
        if (r.lowDiversity()) {
            out.add("uses only " + r.distinct() + " distinct " + unit + " values (" + where
                    + "); random values of this length show at least " + r.distinctFloor());
        }
    }

    private static String repeatCount(Randomness r) {
        return r.length() % r.period() == 0 ? r.length() / r.period() + " times" : "over and over";
    }

    private static String describeRun(Randomness r, String unit) {
        if (r.runStep() == 0) {
            return "the same " + unit + " " + r.run() + " times in a row";
        }
        String direction = r.runStep() > 0 ? "up" : "down";
        int step = Math.abs(r.runStep());
        return r.run() + " " + unit + "s counting " + direction + (step == 1 ? " by 1" : " in steps of " + step);
    }

    /** Decodes {@code value} the one way the app will. */
    static Optional<SecretBytes> decodeAs(String value, EnvRule.Encoding encoding) {
        String v = value.strip();
        return switch (encoding) {
            case HEX -> Values.isHex(v) && v.length() % 2 == 0
                    ? Optional.of(new SecretBytes(SecretBytes.Form.HEX, java.util.HexFormat.of().parseHex(v), v))
                    : Optional.empty();
            case BASE64 -> {
                SecretBytes auto = SecretBytes.decode(v);
                if (auto.form() == SecretBytes.Form.BASE64 || auto.form() == SecretBytes.Form.BASE64URL) {
                    yield Optional.of(auto);
                }
                // Hex text is base64 too, and the app reads it as base64: 3 bytes per 4 characters.
                yield auto.form() == SecretBytes.Form.HEX && Values.base64Bytes(v).isPresent()
                        ? Optional.of(new SecretBytes(SecretBytes.Form.BASE64, java.util.Base64.getDecoder()
                                .decode(v + "==".substring(0, (4 - v.length() % 4) % 4)), v))
                        : Optional.empty();
            }
            case RAW -> Optional.of(new SecretBytes(SecretBytes.Form.RAW,
                    v.getBytes(java.nio.charset.StandardCharsets.UTF_8), v));
        };
    }
}
