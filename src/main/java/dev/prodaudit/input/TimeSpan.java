package dev.prodaudit.input;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;

/**
 * A time span parameter written as {@code 15m}, {@code 7d}, {@code 500ms} (the ms-package syntax). Zero,
 * negative and absurdly long spans are rejected where they are read (see {@link Durations#parseSetting}).
 */
public record TimeSpan(String text, Duration duration) {

    @JsonCreator
    public static TimeSpan of(String text) {
        return new TimeSpan(text, Durations.parseSetting(text));
    }

    @JsonValue
    @Override
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return Durations.format(duration);
    }
}
