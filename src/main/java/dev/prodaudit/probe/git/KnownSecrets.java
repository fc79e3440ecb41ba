package dev.prodaudit.probe.git;

import dev.prodaudit.config.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secret values to look for, in the forms they are committed in, compiled into one {@link SecretMatcher}.
 * Each pattern remembers which variables it belongs to and how it was written, never the value itself in any
 * message.
 *
 * <p>The forms: as written; the redactor's percent-encoded and percent-decoded forms (a password inside a
 * connection string, {@code p%40ss}); and base64, as in a Kubernetes {@code Secret}'s {@code data:}. For base64 only
 * the complete 3-byte groups of the value are encoded: that prefix is the same whatever follows the value
 * ({@code echo} adds a newline before {@code base64}), so one pattern finds both.
 */
final class KnownSecrets {
    /** Values shorter than this would match by chance in ordinary text. */
    static final int MIN_SEARCHABLE = 8;
    /** Below this a base64 prefix is too short to be specific. */
    private static final int MIN_BASE64_PATTERN = 16;

    /** What one pattern stands for: the variables holding the value, and how it is written ("" when as is). */
    record Pattern(List<String> variables, String form) {
        String label() {
            return String.join(", ", variables) + (form.isEmpty() ? "" : " (" + form + ")");
        }
    }

    private final List<Pattern> patterns;
    private final SecretMatcher matcher;
    private final List<String> names;

    private KnownSecrets(List<Pattern> patterns, SecretMatcher matcher, List<String> names) {
        this.patterns = patterns;
        this.matcher = matcher;
        this.names = names;
    }

    /** The secrets of {@code valuesByName} of at least {@value #MIN_SEARCHABLE} characters; empty when none is. */
    static KnownSecrets of(Map<String, List<String>> valuesByName) {
        Map<String, Set<String>> variablesByForm = new LinkedHashMap<>();
        Map<String, String> labelByForm = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : valuesByName.entrySet()) {
            boolean any = false;
            for (String value : e.getValue()) {
                String plain = value.strip();
                if (plain.length() < MIN_SEARCHABLE) {
                    continue;
                }
                any = true;
                Map<String, String> forms = new LinkedHashMap<>();
                forms.put(plain, "");
                for (String f : Redactor.formsOf(plain)) {
                    forms.putIfAbsent(f, "URL-encoded");
                }
                byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
                int whole = bytes.length / 3 * 3;
                String b64 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes, whole));
                if (b64.length() >= MIN_BASE64_PATTERN) {
                    forms.putIfAbsent(b64, "base64");
                }
                forms.forEach((form, label) -> {
                    if (form.length() >= MIN_SEARCHABLE) {
                        variablesByForm.computeIfAbsent(form, k -> new LinkedHashSet<>()).add(e.getKey());
                        labelByForm.putIfAbsent(form, label);
                    }
                });
            }
            if (any) {
                names.add(e.getKey());
            }
        }
        List<Pattern> patterns = new ArrayList<>();
        List<byte[]> bytes = new ArrayList<>();
        variablesByForm.forEach((form, vars) -> {
            patterns.add(new Pattern(List.copyOf(vars), labelByForm.get(form)));
            bytes.add(form.getBytes(StandardCharsets.UTF_8));
        });
        return new KnownSecrets(List.copyOf(patterns), bytes.isEmpty() ? null : SecretMatcher.of(bytes), List.copyOf(names));
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** The variables with at least one searchable value, for evidence. */
    List<String> names() {
        return names;
    }

    SecretMatcher matcher() {
        return matcher;
    }

    Pattern pattern(int index) {
        return patterns.get(index);
    }

    int size() {
        return patterns.size();
    }
}
