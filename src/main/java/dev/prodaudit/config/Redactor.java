package dev.prodaudit.config;

import dev.prodaudit.input.OutputText;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence for "secrets never leak" and "a server cannot control the report": every string
 * that leaves the engine (evidence, findings, error reasons, warnings, attestation text, run header targets)
 * passes through {@link #apply}. Probes already describe secrets instead of printing them; this catches what
 * a driver's error message, an echoing server or a careless probe would let through.
 *
 * <p>The guarantee: no run of {@value #FRAGMENT} or more characters of any known secret appears in the
 * output, in any letter case, whether the secret was written plainly, percent-encoded (as in
 * {@code redis://:p%21ss@host}) or percent-decoded, in NFC or NFD. Secrets of {@value #MIN_SECRET_LENGTH} to
 * {@value #FRAGMENT} characters are masked where they appear whole. The known secrets are every value any env
 * source gave a secret-named variable (a duplicated key's overridden values and values shadowed by a
 * higher-precedence file included), every password inside a URL value, and the extra secrets of the run.
 *
 * <p>How: every {@value #FRAGMENT}-character window (a "gram") of every form of every secret is indexed by a
 * rolling hash; the output is scanned once with the same rolling hash, each window whose gram is a secret's is
 * marked, and each maximal run of marked characters becomes one {@link #MASK}. Any run of 12 or more secret
 * characters is covered by its own grams, so it is masked whatever was cut off before or after it (a clipped
 * header value, a password echoed in the middle of an error). The cost is linear in the output's length.
 * Matching ignores letter case everywhere: hosts and percent-escapes are case-insensitive, and a 12-character
 * case-insensitive coincidence with a secret is not text worth keeping.
 *
 * <p>Control characters are escaped first ({@link OutputText#oneLine}), so what is masked is what is printed.
 */
public final class Redactor {
    public static final String MASK = "[redacted]";
    /** Shorter values are too likely to occur by chance ("true", "info") to be worth masking. */
    private static final int MIN_SECRET_LENGTH = 6;
    /** The length of the shortest secret fragment that is masked wherever it appears. */
    static final int FRAGMENT = 12;
    private static final long BASE = 1_000_003L;
    private static final Pattern URI_PASSWORD = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^/@\\s:]*):([^/@\\s]+)@");

    /** The hashes of all grams, then the grams themselves to confirm a hash hit. Lower case. */
    private final Set<Long> gramHashes;
    private final Set<String> grams;
    /** Forms shorter than a gram, matched whole, longest first. Lower case. */
    private final List<String> shortSecrets;
    /** BASE^(FRAGMENT-1), to take the leaving character out of the rolling hash. */
    private static final long TOP = power(BASE, FRAGMENT - 1);

    private Redactor(Collection<String> secrets) {
        Set<Long> hashes = new HashSet<>();
        Set<String> allGrams = new HashSet<>();
        Set<String> shorts = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s == null || s.strip().length() < MIN_SECRET_LENGTH) {
                continue;
            }
            for (String form : formsOf(s)) {
                String f = lower(form);
                if (f.length() >= FRAGMENT) {
                    for (int i = 0; i + FRAGMENT <= f.length(); i++) {
                        String gram = f.substring(i, i + FRAGMENT);
                        if (allGrams.add(gram)) {
                            hashes.add(hash(gram));
                        }
                    }
                } else if (f.length() >= MIN_SECRET_LENGTH) {
                    shorts.add(f);
                }
            }
        }
        List<String> sorted = new ArrayList<>(shorts);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.gramHashes = Set.copyOf(hashes);
        this.grams = Set.copyOf(allGrams);
        this.shortSecrets = List.copyOf(sorted);
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /** A redactor for the secret variables of an environment and the passwords inside any URI value. */
    public static Redactor of(Env env, Collection<String> moreSecrets) {
        List<String> all = new ArrayList<>(env.allSecretValues());
        all.addAll(moreSecrets);
        for (String value : env.allValues()) {
            passwordOf(value).ifPresent(all::add);
        }
        for (String value : moreSecrets) {
            passwordOf(value).ifPresent(all::add);
        }
        return new Redactor(all);
    }

    /**
     * Text fit to leave the engine: one line with control characters escaped ({@link OutputText#oneLine}),
     * every secret and every fragment of one masked, and passwords inside any URL masked.
     */
    public String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String escaped = OutputText.oneLine(text);
        return stripUriPasswords(mask(escaped));
    }

    private String mask(String text) {
        if (text.length() < MIN_SECRET_LENGTH || (grams.isEmpty() && shortSecrets.isEmpty())) {
            return text;
        }
        String lower = lower(text);
        BitSet marked = new BitSet(text.length());
        if (!grams.isEmpty() && lower.length() >= FRAGMENT) {
            long h = hash(lower.substring(0, FRAGMENT));
            for (int i = 0; ; i++) {
                if (gramHashes.contains(h) && grams.contains(lower.substring(i, i + FRAGMENT))) {
                    marked.set(i, i + FRAGMENT);
                }
                if (i + FRAGMENT >= lower.length()) {
                    break;
                }
                h = (h - lower.charAt(i) * TOP) * BASE + lower.charAt(i + FRAGMENT);
            }
        }
        for (String secret : shortSecrets) {
            for (int at = lower.indexOf(secret); at >= 0; at = lower.indexOf(secret, at + 1)) {
                marked.set(at, at + secret.length());
            }
        }
        if (marked.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int start = marked.nextSetBit(i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            int end = marked.nextClearBit(start);
            out.append(text, i, start).append(MASK);
            i = end;
        }
        return out.toString();
    }

    /**
     * The forms a secret may be printed in: as written (without surrounding blanks); percent-decoded (the password of
     * {@code redis://:p%21ss@h} is sent, and echoed, as {@code p!ss}); percent-encoded as in a URL path and as
     * in a form or query; NFC and NFD; and as {@link OutputText} escapes it, should it hold a control character.
     */
    public static Set<String> formsOf(String secret) {
        Set<String> plain = new LinkedHashSet<>();
        plain.add(secret.strip()); // blanks around a value are not part of it (and masking them would eat spaces)
        for (String s : List.copyOf(plain)) {
            percentDecoded(s, false).ifPresent(plain::add);
            percentDecoded(s, true).ifPresent(plain::add);
        }
        for (String s : List.copyOf(plain)) {
            plain.add(Normalizer.normalize(s, Normalizer.Form.NFC));
            plain.add(Normalizer.normalize(s, Normalizer.Form.NFD));
        }
        Set<String> forms = new LinkedHashSet<>(plain);
        for (String s : plain) {
            forms.add(percentEncoded(s));
            forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            forms.add(OutputText.oneLine(s));
        }
        return forms;
    }

    /** Encodes all but RFC 3986's unreserved characters, as URL builders do for a user-info or path segment. */
    private static String percentEncoded(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Decodes {@code %XX} (and {@code +} as a space when {@code form}); empty when nothing or not UTF-8. */
    private static Optional<String> percentDecoded(String s, boolean form) {
        if (s.indexOf('%') < 0 && !(form && s.indexOf('+') >= 0)) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+' && form) {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(b, 0, b.length);
            }
        }
        try {
            String decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            return decoded.equals(s) ? Optional.empty() : Optional.of(decoded);
        } catch (CharacterCodingException e) {
            return Optional.empty(); // not percent-encoded UTF-8 after all; the other forms still cover it
        }
    }

    /** Lower case char by char, so that indexes in the result are indexes in the input. */
    private static String lower(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    private static long hash(String gram) {
        long h = 0;
        for (int i = 0; i < gram.length(); i++) {
            h = h * BASE + gram.charAt(i);
        }
        return h;
    }

    private static long power(long base, int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= base;
        }
        return p;
    }

    /** {@code scheme://user:pass@host} becomes {@code scheme://user:[redacted]@host}. */
    public static String stripUriPasswords(String text) {
        if (!text.contains("://")) {
            return text; // the pattern needs it; most texts have none, and every report line passes here
        }
        Matcher m = URI_PASSWORD.matcher(text);
        return m.find() ? m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + r.group(2) + ":" + MASK + "@")) : text;
    }

    /** The password of a URL value, as written (percent-encoded); {@link #formsOf} adds the decoded form. */
    private static Optional<String> passwordOf(String value) {
        if (value == null || !value.contains("://") || !value.contains("@")) {
            return Optional.empty();
        }
        Optional<String> fromServiceUrl = ServiceUrl.parse(value).filter(ServiceUrl::hasPassword).map(ServiceUrl::password);
        if (fromServiceUrl.isPresent()) {
            return fromServiceUrl;
        }
        try {
            String userInfo = URI.create(value.strip()).getRawUserInfo();
            if (userInfo != null && userInfo.contains(":")) {
                String raw = userInfo.substring(userInfo.indexOf(':') + 1);
                return raw.isEmpty() ? Optional.empty() : Optional.of(raw);
            }
        } catch (IllegalArgumentException ignored) {
            // Not a URI after all: the regex in stripUriPasswords still covers the usual shapes.
        }
        return Optional.empty();
    }
}
