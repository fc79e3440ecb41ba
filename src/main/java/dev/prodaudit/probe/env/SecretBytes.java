package dev.prodaudit.probe.env;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a secret's text decodes to: its encoding and the bytes it stands for. A key made with
 * {@code openssl rand -hex 32} and one made with {@code openssl rand -base64 32} hold the same 32 random bytes;
 * judging the bytes, not the characters, is what lets both be measured on one scale.
 *
 * @param form  how the text is written
 * @param bytes the decoded bytes (for {@link Form#RAW}, the UTF-8 bytes of the text)
 * @param text  the text as written, stripped (never shown; the character-level tests read it)
 */
public record SecretBytes(Form form, byte[] bytes, String text) {
    private static final Pattern HEX = Pattern.compile("^(?:[0-9a-f]{2})+$|^(?:[0-9A-F]{2})+$");
    private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/]+={0,2}$");
    private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+={0,2}$");

    /** An encoding and the number of symbols its characters are drawn from. */
    public enum Form {
        HEX("hex", 16), BASE64("base64", 64), BASE64URL("base64url", 64), RAW("raw", 0);

        private final String label;
        private final int alphabet;

        Form(String label, int alphabet) {
            this.label = label;
            this.alphabet = alphabet;
        }

        public String label() {
            return label;
        }

        /** Symbols of the encoding's alphabet; 0 for raw text, whose alphabet is estimated from the text. */
        int alphabet() {
            return alphabet;
        }
    }

    /**
     * Reads {@code value} as hex when it is (an even number of hex digits in one case: a random base64 string of
     * 32+ characters is all-hex with a chance below 10^-14), else as base64 or base64url when it decodes, else raw.
     */
    public static SecretBytes decode(String value) {
        String v = value.strip();
        if (HEX.matcher(v).matches()) {
            return new SecretBytes(Form.HEX, java.util.HexFormat.of().parseHex(v), v);
        }
        Optional<byte[]> b64 = base64(v, BASE64, Base64.getDecoder());
        if (b64.isPresent()) {
            return new SecretBytes(Form.BASE64, b64.get(), v);
        }
        Optional<byte[]> url = base64(v, BASE64URL, Base64.getUrlDecoder());
        if (url.isPresent()) {
            return new SecretBytes(Form.BASE64URL, url.get(), v);
        }
        return new SecretBytes(Form.RAW, v.getBytes(StandardCharsets.UTF_8), v);
    }

    private static Optional<byte[]> base64(String v, Pattern shape, Base64.Decoder decoder) {
        if (!shape.matcher(v).matches() || v.length() % 4 == 1) {
            return Optional.empty();
        }
        String unpadded = v.replace("=", "");
        if (v.contains("=") && v.length() % 4 != 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(decoder.decode(unpadded + "==".substring(0, (4 - unpadded.length() % 4) % 4)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public int length() {
        return bytes.length;
    }

    /** "48 bytes (base64)". */
    public String describe() {
        return bytes.length + " bytes (" + form.label() + ")";
    }

    /** The text's characters as symbols, for the character-level tests. */
    int[] characters() {
        return text.codePoints().toArray();
    }

    /** The bytes as unsigned symbols 0..255. */
    int[] byteSymbols() {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xff;
        }
        return out;
    }

    /**
     * The alphabet the text's characters are drawn from: the encoding's, or for raw text the union of the
     * character classes it uses (digits 10, lower 26, upper 26, other printable ASCII 33, anything else 128).
     */
    int textAlphabet() {
        if (form.alphabet() > 0) {
            return form.alphabet();
        }
        boolean digit = false, lower = false, upper = false, punct = false, other = false;
        for (int c : characters()) {
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= 0x20 && c < 0x7f) {
                punct = true;
            } else {
                other = true;
            }
        }
        int a = (digit ? 10 : 0) + (lower ? 26 : 0) + (upper ? 26 : 0) + (punct ? 33 : 0) + (other ? 128 : 0);
        return Math.max(a, 2);
    }

    @Override
    public String toString() {
        return "SecretBytes[" + describe() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretBytes s && s.form == form && java.util.Arrays.equals(s.bytes, bytes) && s.text.equals(text);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }
}
