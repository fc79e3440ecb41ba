package dev.prodaudit.probe.backup;

import java.time.Duration;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often a cron schedule runs, enough to tell daily (or more often) from anything less: Kubernetes CronJob and
 * Velero 5-field expressions, ofelia's 6-field ones (with seconds first), the macros {@code @hourly}, {@code @daily}
 * ({@code @midnight}), {@code @weekly}, {@code @monthly}, {@code @yearly} ({@code @annually}) and {@code @every 24h}.
 * A run on every day needs every day of the month, every month and every day of the week (cron runs on a day when
 * either restricted day field matches, so a restricted one makes it skip days).
 *
 * @param daily whether it runs on every day, at least once
 * @param words how it reads: "daily at 03:00", "hourly", "weekly (day 0 of the week)", "every 48h"
 */
public record CronCadence(boolean daily, String words) {

    /** The expression cannot be read; the message says why, without the expression's surroundings. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final Pattern EVERY = Pattern.compile("@every\\s+((?:\\d+(?:\\.\\d+)?(?:h|m|s|ms|us|µs|ns))+)");
    private static final Pattern GO_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    public static CronCadence of(String expression) throws Unreadable {
        if (expression == null || expression.isBlank()) {
            throw new Unreadable("no schedule is written");
        }
        String e = expression.strip().replaceFirst("^CRON_TZ=\\S+\\s+|^TZ=\\S+\\s+", "");
        Matcher every = EVERY.matcher(e);
        if (every.matches()) {
            Duration d = goDuration(every.group(1));
            return new CronCadence(!d.isZero() && d.compareTo(Duration.ofDays(1)) <= 0, "every " + every.group(1));
        }
        String macro = MACROS.get(e.toLowerCase(Locale.ROOT));
        String[] f = (macro != null ? macro : e).split("\\s+");
        if (f.length == 6) {
            String[] five = new String[5];
            System.arraycopy(f, 1, five, 0, 5); // ofelia / robfig with seconds: drop the seconds
            f = five;
        }
        if (f.length != 5) {
            throw new Unreadable("'" + expression.strip() + "' is not a cron expression (5 fields, or 6 with seconds)");
        }
        BitSet minutes = field(f[0], 0, 59, null, "minute");
        BitSet hours = field(f[1], 0, 23, null, "hour");
        BitSet dom = field(f[2], 1, 31, null, "day of month");
        BitSet months = field(f[3], 1, 12, MONTHS, "month");
        BitSet dow = field(f[4], 0, 7, DAYS, "day of week");
        if (dow.get(7)) {
            dow.set(0);
            dow.clear(7);
        }
        boolean everyDom = dom.cardinality() == 31 || f[2].equals("?");
        boolean everyDow = dow.cardinality() == 7 || f[4].equals("?");
        boolean everyMonth = months.cardinality() == 12;
        // With both day fields restricted cron runs on the union; with one, on that one.
        boolean everyDay = everyMonth && (f[2].equals("*") || f[4].equals("*") ? everyDom && everyDow : everyDom || everyDow);
        if (everyDay) {
            String when = hours.cardinality() == 24 ? minutes.cardinality() == 60 ? "every minute" : "hourly"
                    : hours.cardinality() > 1 ? hours.cardinality() + " times a day"
                    : String.format(Locale.ROOT, "daily at %02d:%02d", hours.nextSetBit(0), Math.max(0, minutes.nextSetBit(0)));
            return new CronCadence(true, when);
        }
        String words;
        if (!everyMonth) {
            words = "only in " + months.cardinality() + " month(s) of the year";
        } else if (!everyDow && (f[2].equals("*") || everyDom)) {
            words = dow.cardinality() == 1 ? "weekly (on " + DAYS[dow.nextSetBit(0)] + ")"
                    : "on " + dow.cardinality() + " days of the week";
        } else if (dom.cardinality() == 1) {
            words = "monthly (day " + dom.nextSetBit(1) + ")";
        } else {
            words = "on " + dom.cardinality() + " days of the month";
        }
        return new CronCadence(false, words);
    }

    /** One field: {@code *}, {@code ?}, numbers, names, ranges, lists and {@code /step}s. */
    private static BitSet field(String text, int min, int max, String[] names, String what) throws Unreadable {
        BitSet set = new BitSet();
        for (String part : text.toLowerCase(Locale.ROOT).split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), 1, max, null, what);
            }
            int lo;
            int hi;
            if (range.equals("*") || range.equals("?")) {
                lo = min;
                hi = max == 7 ? 6 : max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                lo = number(ends[0], min, max, names, what);
                hi = number(ends[1], min, max, names, what);
            } else {
                lo = number(range, min, max, names, what);
                hi = slash >= 0 ? max : lo;
            }
            if (hi < lo) {
                throw new Unreadable("the " + what + " range '" + part + "' runs backwards");
            }
            for (int v = lo; v <= hi; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, int min, int max, String[] names, String what) throws Unreadable {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(text)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        try {
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new Unreadable("the " + what + " '" + text + "' is out of range " + min + "-" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new Unreadable("the " + what + " field '" + text + "' is not a number or a name cron knows");
        }
    }

    /** A Go duration ({@code 720h0m0s}, {@code 24h}, {@code 1h30m}), as Velero's ttl and ofelia's @every write them. */
    public static Duration goDuration(String text) throws Unreadable {
        Matcher m = GO_PART.matcher(text.strip());
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            end = m.end();
            double v = Double.parseDouble(m.group(1));
            long nanos = switch (m.group(2)) {
                case "h" -> (long) (v * 3_600e9);
                case "m" -> (long) (v * 60e9);
                case "s" -> (long) (v * 1e9);
                case "ms" -> (long) (v * 1e6);
                case "us", "µs" -> (long) (v * 1e3);
                default -> (long) v;
            };
            total = total.plusNanos(nanos);
        }
        if (end == 0 || end != text.strip().length()) {
            throw new Unreadable("'" + text.strip() + "' is not a duration (write it as Go does: 720h, 168h0m0s)");
        }
        return total;
    }
}
