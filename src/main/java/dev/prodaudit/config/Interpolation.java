package dev.prodaudit.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-fallback}} in audit.yaml values, resolved from the env file and
 * then the process environment. {@code $$} is a literal dollar. An unset variable without a fallback
 * leaves the value empty, which makes the target "not configured" rather than a guessed address.
 */
public final class Interpolation {
    private static final Pattern REF = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private Interpolation() {
    }

    public static String resolve(String text, Function<String, String> lookup) {
        if (text == null || !text.contains("$")) {
            return text;
        }
        Matcher m = REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String value = lookup.apply(m.group(1));
                if (value == null || value.isEmpty()) {
                    value = m.group(2) == null ? "" : m.group(2);
                }
                replacement = value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
