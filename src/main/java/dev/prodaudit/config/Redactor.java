package dev.prodaudit.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence for "secrets never leak": every string that leaves the engine (evidence,
 * findings, error reasons, warnings) passes through here. Probes already describe secrets instead of
 * printing them; this catches what a driver's error message or a careless probe would let through.
 */
public final class Redactor {
    public static final String MASK = "[redacted]";
    /** Shorter values are too likely to occur by chance ("true", "info") to be worth masking. */
    private static final int MIN_SECRET_LENGTH = 6;
    private static final Pattern URI_PASSWORD = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^/@\\s:]*):([^/@\\s]+)@");

    private final List<String> secrets;

    private Redactor(Collection<String> secrets) {
        Set<String> unique = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && s.strip().length() >= MIN_SECRET_LENGTH) {
                unique.add(s);
                unique.add(s.strip());
                // A secret URI with a password (a DSN) must still be masked whole once its password is stripped.
                unique.add(stripUriPasswords(s.strip()));
            }
        }
        List<String> sorted = new ArrayList<>(unique);
        // Longest first, so a secret that contains another is masked whole.
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(sorted);
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    /** A redactor for the secret variables of an environment and the passwords inside any URI value. */
    public static Redactor of(Env env, Collection<String> moreSecrets) {
        List<String> all = new ArrayList<>(env.secrets().values());
        all.addAll(moreSecrets);
        for (String value : env.allValues()) {
            passwordOf(value).ifPresent(all::add);
        }
        for (String value : moreSecrets) {
            passwordOf(value).ifPresent(all::add);
        }
        return new Redactor(all);
    }

    public String apply(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = stripUriPasswords(text);
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** {@code scheme://user:pass@host} becomes {@code scheme://user:[redacted]@host}. */
    public static String stripUriPasswords(String text) {
        Matcher m = URI_PASSWORD.matcher(text);
        return m.find() ? m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + r.group(2) + ":" + MASK + "@")) : text;
    }

    private static java.util.Optional<String> passwordOf(String value) {
        if (value == null || !value.contains("://") || !value.contains("@")) {
            return java.util.Optional.empty();
        }
        try {
            String userInfo = URI.create(value.strip()).getRawUserInfo();
            if (userInfo != null && userInfo.contains(":")) {
                String raw = userInfo.substring(userInfo.indexOf(':') + 1);
                return raw.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(raw);
            }
        } catch (IllegalArgumentException ignored) {
            // Not a URI after all: the regex in stripUriPasswords still covers the usual shapes.
        }
        return java.util.Optional.empty();
    }
}
