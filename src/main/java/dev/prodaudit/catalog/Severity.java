package dev.prodaudit.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How much a failing check matters; {@code --fail-on} gates on this. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text) {
        for (Severity s : values()) {
            if (s.id().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown severity '" + text + "' (expected one of " + names() + ")");
    }

    public static String names() {
        return Arrays.stream(values()).map(Severity::id).collect(Collectors.joining(", "));
    }
}
