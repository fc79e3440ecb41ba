package dev.prodaudit.probe.alerts;

import java.util.Arrays;
import java.util.Optional;

/** What an alerting rule watches, as judged from its expression. */
public enum AlertKind {
    ERROR_RATE("error-rate", "5xx error rate"),
    LATENCY("latency", "request latency"),
    DISK("disk", "disk space"),
    MEMORY("memory", "memory");

    private final String key;
    private final String label;

    AlertKind(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** As the catalogue writes it: {@code require: [error-rate]}. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public static Optional<AlertKind> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
