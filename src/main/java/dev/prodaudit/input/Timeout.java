package dev.prodaudit.input;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;

/**
 * A check's time budget as written ({@code timeout: 5s}) in a catalogue or audit.yaml; {@code --timeout}
 * reads the same syntax through the same {@link Durations#parseTimeout}, so all three share one bound.
 */
public record Timeout(String text, Duration duration) {

    @JsonCreator
    public static Timeout of(String text) {
        return new Timeout(text, Durations.parseTimeout(text));
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
