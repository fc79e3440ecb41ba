package dev.prodaudit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    private static Durations.Span span(String text) {
        return Durations.parse(text, true).orElseThrow(() -> new AssertionError("not parsed: " + text));
    }

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            "900, 900",
            "15m, 900000",
            "2h, 7200000",
            "2 hours, 7200000",
            "2  hours, 7200000",
            "1 hour, 3600000",
            "7d, 604800000",
            "1 day, 86400000",
            "1w, 604800000",
            "1 week, 604800000",
            "1.5h, 5400000",
            ".5s, 500",
            "10s, 10000",
            "10 secs, 10000",
            "10 seconds, 10000",
            "500ms, 500",
            "500 msecs, 500",
            "500 milliseconds, 500",
            "3 mins, 180000",
            "3 minutes, 180000",
            "2 hrs, 7200000",
            "1y, 31557600000",
            "2 years, 63115200000",
            "15M, 900000",
            "2H, 7200000",
            "'  15m  ', 900000",
            "-1h, -3600000",
    })
    void parsesMsSyntax(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), span(text).duration());
    }

    @Test
    void unitlessIsFlaggedAndReadAsMillisOrSeconds() {
        Durations.Span ms = span("900");
        assertTrue(ms.unitless());
        assertEquals(Duration.ofMillis(900), ms.duration());

        Durations.Span s = Durations.parse("900", false).orElseThrow();
        assertTrue(s.unitless());
        assertEquals(Duration.ofMinutes(15), s.duration());

        assertFalse(span("15m").unitless());
        assertFalse(Durations.parse("15m", false).orElseThrow().unitless());
        assertEquals(Duration.ofMinutes(15), Durations.parse("15m", false).orElseThrow().duration());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc", "15 minutes ago", "15mm", "m", "1.2.3h", "1e3", "1,5h", "15 m s",
            "fifteen minutes", "15min5s", "1. h", "0x10", "Infinity", "NaN"})
    void rejectsGarbage(String text) {
        assertTrue(Durations.parse(text, true).isEmpty(), text);
    }

    @Test
    void rejectsNullAndOverlongText() {
        assertTrue(Durations.parse(null, true).isEmpty());
        assertTrue(Durations.parse("1".repeat(101), true).isEmpty());
        assertTrue(Durations.parse("1".repeat(100), true).isPresent());
    }

    @Test
    void parseRequired() {
        assertEquals(Duration.ofSeconds(10), Durations.parseRequired("10s"));
        assertEquals(Duration.ofMillis(250), Durations.parseRequired("250"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseRequired("soon"));
        assertTrue(e.getMessage().contains("'soon' is not a duration"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
            "0, 0s",
            "900, 900ms",
            "1500, 1500ms",
            "1000, 1s",
            "59000, 59s",
            "900000, 15m",
            "3600000, 1h",
            "5400000, 1h30m",
            "86400000, 1d",
            "604800000, 7d",
            "90061000, 1d1h1m1s",
    })
    void format(long millis, String expected) {
        assertEquals(expected, Durations.format(Duration.ofMillis(millis)));
    }

    @Test
    void formatRoundTripsParse() {
        for (String t : new String[] {"15m", "7d", "2h", "1h", "45s"}) {
            Duration d = span(t).duration();
            assertEquals(d, span(Durations.format(d)).duration(), t);
        }
    }
}
