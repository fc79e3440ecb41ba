package dev.prodaudit.promql;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus durations (model.ParseDuration): units y w d h m s ms, each at most once, largest first. */
public final class Durations {
    private static final Pattern SYNTAX = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};

    private Durations() {
    }

    /** The duration, or null when the text is not one ({@code 0} alone is a duration too). */
    public static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SYNTAX.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return null;
        }
        long total = 0;
        for (int g = 1; g <= 7; g++) {
            if (m.group(g) != null) {
                try {
                    total = Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(g)), MILLIS[g - 1]));
                } catch (ArithmeticException | NumberFormatException e) {
                    return null;
                }
            }
        }
        return Duration.ofMillis(total);
    }

    /** As Prometheus prints it: 5m, 1h30m, 500ms. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int k = 0; k < units.length; k++) {
            if (ms >= MILLIS[k]) {
                out.append(ms / MILLIS[k]).append(units[k]);
                ms %= MILLIS[k];
            }
        }
        return out.toString();
    }
}
