package dev.prodaudit.input;

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

    /**
     * The longest span any setting of the audit may name (ages, windows, limits). Longer values are typos
     * ({@code 99999999999999d}) that would otherwise overflow or silently saturate.
     */
    public static final Duration MAX_SPAN = Duration.ofDays(36_525);
    /** The shortest and longest time budget of a check: the one bound for --timeout, audit.yaml and catalogue. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    /**
     * A span written in audit.yaml, a catalogue or on the command line: parsed as {@link #parseRequired}
     * and then required to be positive and at most {@link #MAX_SPAN}.
     */
    public static Duration parseSetting(String text) {
        Duration d = parseRequired(text);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("'" + text.strip() + "' must be a positive duration");
        }
        if (d.compareTo(MAX_SPAN) > 0) {
            throw new IllegalArgumentException("'" + text.strip() + "' is longer than 100 years");
        }
        return d;
    }

    /** A check's time budget: {@link #parseSetting} within {@link #MIN_TIMEOUT}..{@link #MAX_TIMEOUT}. */
    public static Duration parseTimeout(String text) {
        Duration d = parseRequired(text);
        if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("timeout '" + text.strip() + "' is outside the allowed range "
                    + format(MIN_TIMEOUT) + " to " + format(MAX_TIMEOUT));
        }
        return d;
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
