package dev.prodaudit.probe;

import java.time.Duration;
import java.util.Locale;

/**
 * How the probe families word counts, ages, spans and sizes in evidence, so that "3 snapshots", "2d 4h", "90 days"
 * and "1.5 MiB" read the same whichever family found them. (Settings are echoed in their own syntax by
 * {@code Durations.format}: that is the inverse of the parser, not wording.)
 */
public final class Wording {
    private static final Duration ONE_DAY = Duration.ofDays(1);

    private Wording() {
    }

    /** "1 snapshot", "0 snapshots", "3 data-bearing members": a regular English plural. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A coarse age, two units at most: 45s, 12m, 3h 5m, 2d 4h (days from one day on). */
    public static String age(long seconds) {
        return age(seconds, ONE_DAY);
    }

    /**
     * A coarse age, two units at most: 45s, 12m, 3h 5m, 2d 4h, with hours up to {@code daysFrom} (with days from two
     * days on, a day and a half reads "36h", as Qdrant's snapshot ages always have).
     */
    public static String age(long seconds, Duration daysFrom) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < daysFrom.getSeconds()) {
            long m = seconds % 3600 / 60;
            return seconds / 3600 + "h" + (m == 0 ? "" : " " + m + "m");
        }
        long h = seconds % 86_400 / 3600;
        return seconds / 86_400 + "d" + (h == 0 ? "" : " " + h + "h");
    }

    /** A span in its largest whole unit, spelled out: 7776000 -> "90 days", 3600 -> "1 hour", 90 -> "90 seconds". */
    public static String span(long seconds) {
        if (seconds >= 86_400 && seconds % 86_400 == 0) {
            return count(seconds / 86_400, "day");
        }
        if (seconds >= 3_600 && seconds % 3_600 == 0) {
            return count(seconds / 3_600, "hour");
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            return count(seconds / 60, "minute");
        }
        return count(seconds, "second");
    }

    /** Whole days ago: "today", "1 day ago", "12 days ago". */
    public static String daysAgo(long days) {
        return days == 0 ? "today" : count(days, "day") + " ago";
    }

    /** A size in binary units with one decimal: "512 B", "1.5 KiB", "2.0 GiB". */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    /**
     * A size in the units a server's own configuration uses (redis.conf's {@code maxmemory 2gb}): "2gb", "256mb",
     * "1536kb" when exact, else one decimal ("1.5mb"); under a kilobyte, "100 bytes".
     */
    public static String configSize(long bytes) {
        String[] units = {"gb", "mb", "kb"};
        long[] sizes = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= sizes[i] && bytes % sizes[i] == 0) {
                return bytes / sizes[i] + units[i];
            }
        }
        for (int i = 0; i < units.length; i++) {
            if (bytes >= sizes[i]) {
                return String.format(Locale.ROOT, "%.1f%s", (double) bytes / sizes[i], units[i]);
            }
        }
        return bytes + " bytes";
    }
}
