package dev.prodaudit.probe.doc;

import dev.prodaudit.repo.RepoFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How often the repository shows backups being taken: a cron schedule in a file that runs {@code mongodump} (a
 * Kubernetes CronJob, a Compose service, a crontab), or a documented cadence ("daily backups", "snapshots every 6
 * hours"). The most frequent one counts: an RPO shorter than it cannot be met. Compose has no scheduler of its own:
 * a job-runner label ({@code ofelia.job-exec.dump.schedule: "@every 24h"}) in the file that runs mongodump counts.
 */
final class BackupCadence {
    static final List<String> CONFIG_FILES = List.of("**/*.yaml", "**/*.yml", "**/crontab", "**/*.cron", "**/*.sh",
            "**/*Dockerfile*", "**/*.json", "**/cron.d/*");
    private static final Pattern DUMP = Pattern.compile("\\bmongodump\\b");
    private static final String FIELD = "[0-9*?][0-9*/,?LW#-]*";
    private static final Pattern YAML_SCHEDULE = Pattern.compile(
            "(?m)\\bschedule\\s*[:=]\\s*[\"']?((?:" + FIELD + "\\s+){4}" + FIELD + "|@every\\s+[0-9hms.]+|@\\w+)[\"']?\\s*$");
    /** Go's duration syntax of {@code @every} (ofelia, robfig/cron): "24h", "1h30m", "15m". */
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s)");
    private static final Pattern CRONTAB_LINE = Pattern.compile(
            "(?m)^\\s*((?:" + FIELD + "\\s+){4}" + FIELD + "|@\\w+)\\s+.*\\bmongodump\\b");
    private static final Pattern DOCUMENTED = Pattern.compile(
            "(?i)\\b(hourly|daily|nightly|weekly)\\b[^.\\n|]{0,30}?\\b(backups?|snapshots?|dumps?)\\b"
            + "|\\b(?:backups?|snapshots?|dumps?)\\b[^.\\n|]{0,30}?\\b(?:every\\s+(\\d+)\\s*(minutes?|hours?|days?)"
            + "|every\\s+(hour|day|night|week)|(hourly|daily|nightly|weekly))\\b");

    /** One of these is in every match of {@link #DOCUMENTED} (in some letter case), which is tried only then. */
    private static final List<String> DOCUMENTED_WORDS = List.of("backup", "snapshot", "dump");

    /** One cadence seen, and where. */
    record Seen(Duration every, String how, String file, int line) {
    }

    private BackupCadence() {
    }

    /** The most frequent backup cadence the repository shows, if any. */
    static Optional<Seen> shortest(Path root, RepoFiles files, List<Documents.Doc> docs) {
        List<Seen> seen = new ArrayList<>();
        for (String f : files.match(CONFIG_FILES)) {
            String text;
            try {
                text = RepoFiles.readText(root.resolve(f), 1024 * 1024);
            } catch (IOException e) {
                continue;
            }
            if (text == null || !text.contains("mongodump") || !DUMP.matcher(text).find()) {
                continue;
            }
            for (Pattern p : List.of(YAML_SCHEDULE, CRONTAB_LINE)) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    String cron = m.group(1).strip();
                    int line = RepoFiles.lineOf(text, m.start(1));
                    interval(cron).ifPresent(d -> seen.add(new Seen(d, "mongodump scheduled '" + cron + "'", f, line)));
                }
            }
        }
        for (Documents.Doc doc : docs) {
            for (Documents.Line line : doc.lines()) {
                if (!Documents.holdsAny(line.text(), DOCUMENTED_WORDS)) {
                    continue;
                }
                Matcher m = DOCUMENTED.matcher(line.text());
                while (m.find()) {
                    Duration d = documented(m);
                    if (d != null) {
                        seen.add(new Seen(d, "'" + m.group().strip() + "'", doc.path(), line.number()));
                    }
                }
            }
        }
        return seen.stream().min(java.util.Comparator.comparing(Seen::every));
    }

    private static Duration documented(Matcher m) {
        String word = m.group(1) != null ? m.group(1) : m.group(5) != null ? m.group(5) : m.group(6);
        if (m.group(3) != null) {
            return RecoveryObjectives.duration(m.group(3), m.group(4));
        }
        if (word == null) {
            return null;
        }
        return switch (word.toLowerCase(java.util.Locale.ROOT)) {
            case "hourly", "hour" -> Duration.ofHours(1);
            case "daily", "nightly", "day", "night" -> Duration.ofDays(1);
            case "weekly", "week" -> Duration.ofDays(7);
            default -> null;
        };
    }

    /** The interval between runs of a cron schedule (the longest gap, for schedules with uneven gaps). */
    static Optional<Duration> interval(String cron) {
        switch (cron) {
            case "@hourly":
                return Optional.of(Duration.ofHours(1));
            case "@daily", "@midnight":
                return Optional.of(Duration.ofDays(1));
            case "@weekly":
                return Optional.of(Duration.ofDays(7));
            case "@monthly":
                return Optional.of(Duration.ofDays(31));
            case "@yearly", "@annually":
                return Optional.of(Duration.ofDays(366));
            default:
                break;
        }
        if (cron.startsWith("@every")) {
            Matcher part = GO_DURATION.matcher(cron.substring(6).strip());
            Duration total = Duration.ZERO;
            while (part.find()) {
                total = total.plus(RecoveryObjectives.duration(part.group(1), part.group(2)));
            }
            return total.isZero() ? Optional.empty() : Optional.of(total);
        }
        String[] f = cron.split("\\s+");
        if (f.length != 5) {
            return Optional.empty();
        }
        if (!f[2].equals("*") && !f[2].equals("?")) {
            return Optional.of(Duration.ofDays(31));
        }
        if (!f[4].equals("*") && !f[4].equals("?")) {
            int days = f[4].contains(",") ? 7 / f[4].split(",").length : 7;
            return Optional.of(Duration.ofDays(Math.max(1, days)));
        }
        Optional<Integer> minuteStep = step(f[0], 60);
        Optional<Integer> hourStep = step(f[1], 24);
        if (f[1].equals("*")) {
            return minuteStep.map(Duration::ofMinutes);
        }
        return hourStep.map(h -> Duration.ofHours(h));
    }

    /** The largest gap of one field: "*" is 1, "*&#47;N" is N, a list is its widest gap, a value is the range. */
    private static Optional<Integer> step(String field, int range) {
        if (field.equals("*")) {
            return Optional.of(1);
        }
        if (field.startsWith("*/")) {
            try {
                return Optional.of(Integer.parseInt(field.substring(2)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        List<Integer> values = new ArrayList<>();
        for (String part : field.split(",")) {
            if (!part.matches("\\d+")) {
                return Optional.empty();
            }
            values.add(Integer.parseInt(part));
        }
        values.sort(null);
        int widest = values.get(0) + range - values.get(values.size() - 1);
        for (int i = 1; i < values.size(); i++) {
            widest = Math.max(widest, values.get(i) - values.get(i - 1));
        }
        return Optional.of(widest);
    }
}
