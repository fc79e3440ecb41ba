package dev.prodaudit.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time spans in the syntax of the {@code ms} package that jsonwebtoken uses: {@code 900}, {@code 15m},
 * {@code 2 hours}, {@code 7d}, {@code 1w}, {@code 1.5h}. A bare number is milliseconds there; callers
 * that read a bare number as seconds say so.
 */
public final class Durations {
    private static final Pattern SPAN = Pattern.compile(
            "^(-?(?:\\d+)?\\.?\\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$",
            Pattern.CASE_INSENSITIVE);

    /** A parsed span: its length and whether the text carried a unit. */
    public record Span(Duration duration, boolean unitless) {
    }

    private Durations() {
    }

    /** Parses {@code text}; a bare number is read as {@code unitlessMillis ? ms : seconds}. */
    public static Optional<Span> parse(String text, boolean unitlessMillis) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SPAN.matcher(text.strip());
        if (!m.matches() || text.strip().length() > 100) {
            return Optional.empty();
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? null : m.group(2).toLowerCase(Locale.ROOT);
        double millis;
        if (unit == null) {
            millis = unitlessMillis ? n : n * 1000;
        } else {
            millis = n * unitMillis(unit);
        }
        return Optional.of(new Span(Duration.ofMillis(Math.round(millis)), unit == null));
    }

    /** Parses a span that must carry a unit or be milliseconds, for config values such as {@code 10s}. */
    public static Duration parseRequired(String text) {
        return parse(text, true).map(Span::duration).orElseThrow(() ->
                new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 10s, 15m, 2h, 7d)"));
    }

    private static double unitMillis(String unit) {
        return switch (unit) {
            case "years", "year", "yrs", "yr", "y" -> 365.25 * 86_400_000d;
            case "weeks", "week", "w" -> 7 * 86_400_000d;
            case "days", "day", "d" -> 86_400_000d;
            case "hours", "hour", "hrs", "hr", "h" -> 3_600_000d;
            case "minutes", "minute", "mins", "min", "m" -> 60_000d;
            case "seconds", "second", "secs", "sec", "s" -> 1000d;
            default -> 1d;
        };
    }

    /** Human form: 15m, 7d, 1h30m, 900ms. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms % 1000 != 0 || ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        StringBuilder out = new StringBuilder();
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            out.append(days).append('d');
        }
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (minutes > 0) {
            out.append(minutes).append('m');
        }
        if (seconds > 0) {
            out.append(seconds).append('s');
        }
        return out.toString();
    }
}
