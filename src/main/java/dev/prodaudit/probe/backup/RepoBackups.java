package dev.prodaudit.probe.backup;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.Status;
import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.RepoFiles;
import dev.prodaudit.repo.Workload;
import dev.prodaudit.repo.Workloads;
import dev.prodaudit.repo.kube.BackupManifests;
import dev.prodaudit.repo.kube.BackupManifests.VeleroSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The MongoDB backups the repository declares: scheduled jobs whose command runs {@code mongodump} (a CronJob's
 * container, an ofelia job of a Compose service; the shell words are parsed, so a comment or an echo mentioning
 * mongodump is not a backup), and Velero Schedules that cover the namespace where MongoDB runs (or every namespace).
 * Each is judged on its own: the schedule (daily or more often), the retention it shows (a {@code find -mtime +N
 * -delete} pruning step or a {@code *RETENTION_DAYS} variable for a dump, {@code ttl} for Velero, whose default is
 * 720h), and, when asked, that its last run is recent, which a repository cannot show (a person confirms it).
 */
final class RepoBackups {
    private static final Set<String> SHELLS = Set.of("sh", "bash", "ash", "dash", "zsh", "ksh");
    private static final Pattern RETENTION_VARIABLE = Pattern.compile("(?i).*(RETENTION|KEEP)_?DAYS.*");
    private static final Duration VELERO_DEFAULT_TTL = Duration.ofHours(720);

    private RepoBackups() {
    }

    /** The findings of every backup the repository declares; empty when it declares none. */
    static List<Finding> judge(ProbeContext ctx, MongoBackupsSpec spec, boolean recentShownElsewhere) {
        List<Finding> out = new ArrayList<>();
        for (Workload w : Workloads.of(ctx).all()) {
            for (Workload.Scheduled job : w.scheduled()) {
                dump(job).ifPresent(script -> out.addAll(dumpJob(job, script, spec, recentShownElsewhere)));
            }
        }
        BackupManifests manifests = ctx.clients().get("backup-manifests:" + ctx.repository().toAbsolutePath(),
                BackupManifests.class, () -> BackupManifests.discover(ctx.repository(), RepoFiles.of(ctx).all()));
        for (VeleroSchedule s : manifests.schedules()) {
            if (covers(s, manifests.mongoNamespaces())) {
                out.addAll(velero(s, manifests.mongoNamespaces(), spec, recentShownElsewhere));
            }
        }
        return out;
    }

    /** The words of the mongodump command a job runs, with the whole script (for its pruning step); empty if none. */
    static Optional<List<List<String>>> dump(Workload.Scheduled job) {
        List<List<String>> commands = commands(job.argv());
        return commands.stream().anyMatch(c -> ShellWords.program(c).equals("mongodump")) ? Optional.of(commands)
                : Optional.empty();
    }

    /**
     * The simple commands a container's argv runs: {@code sh -c 'script'} (flags such as {@code -ec} included) is the
     * script's commands; one string with spaces (ofelia's command) is a script; anything else is one command.
     */
    static List<List<String>> commands(List<String> argv) {
        return commands(argv, 0);
    }

    private static List<List<String>> commands(List<String> argv, int depth) {
        if (argv.isEmpty() || depth > 3) {
            return List.of();
        }
        String program = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        if (SHELLS.contains(program)) {
            for (int i = 1; i < argv.size() - 1; i++) {
                String flag = argv.get(i);
                if (flag.startsWith("-") && !flag.startsWith("--") && flag.contains("c")) {
                    return script(argv.get(i + 1), depth);
                }
            }
        }
        if (argv.size() == 1) {
            return script(argv.get(0), depth);
        }
        return List.of(argv);
    }

    /** A script's commands, with {@code sh -c '...'} inside it opened in turn. */
    private static List<List<String>> script(String text, int depth) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> c : ShellWords.commands(text)) {
            if (SHELLS.contains(ShellWords.program(c)) && c.size() > 2) {
                out.addAll(commands(c.subList(c.indexOf(c.stream().filter(w -> SHELLS.contains(
                        w.substring(w.lastIndexOf('/') + 1))).findFirst().orElse(c.get(0))), c.size()), depth + 1));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    private static List<Finding> dumpJob(Workload.Scheduled job, List<List<String>> commands, MongoBackupsSpec spec,
                                         boolean recentShownElsewhere) {
        List<Finding> out = new ArrayList<>();
        String what = job.job() + " runs mongodump";
        if (spec.wantsSchedule()) {
            out.add(cadence(what, job.schedule(), job.scheduleAt()));
            out.add(dumpRetention(what, commands, job.env(), job.at(), spec.retention()));
        }
        if (spec.wantsRecent() && !recentShownElsewhere) {
            out.add(notVisible(what, job.at()));
        }
        return out;
    }

    private static Finding cadence(String what, String schedule, Location at) {
        try {
            CronCadence c = CronCadence.of(schedule);
            return c.daily()
                    ? at(Status.PASS, what + " " + c.words() + " (" + schedule.strip() + ")", at)
                    : at(Status.FAIL, what + " " + c.words() + " (" + schedule.strip() + "), not daily", at);
        } catch (CronCadence.Unreadable e) {
            return at(Status.ERROR, what + " on a schedule the audit cannot read: " + e.getMessage(), at);
        }
    }

    /** {@code find DIR -mtime +N ... -delete} (or {@code -exec rm}), else a retention variable; else unknown (WARN). */
    private static Finding dumpRetention(String what, List<List<String>> commands, Map<String, String> env, Location at,
                                         Duration minimum) {
        Long days = null;
        String how = null;
        for (List<String> c : commands) {
            if (ShellWords.program(c).equals("find") && (c.contains("-delete") || c.contains("rm"))) {
                int i = c.indexOf("-mtime");
                if (i >= 0 && i + 1 < c.size() && c.get(i + 1).matches("\\+?\\d{1,5}")) {
                    // -mtime +N matches files more than N+1 whole days old: N+1 days are kept
                    days = Long.parseLong(c.get(i + 1).replace("+", "")) + 1;
                    how = "its pruning step (find -mtime " + c.get(i + 1) + " -delete) keeps " + days + " days";
                }
            }
        }
        if (days == null) {
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (RETENTION_VARIABLE.matcher(e.getKey()).matches() && e.getValue().strip().matches("\\d{1,5}")) {
                    days = Long.parseLong(e.getValue().strip());
                    how = e.getKey() + "=" + days + " keeps " + days + " days";
                }
            }
        }
        if (days == null) {
            return at(Status.WARN, what + ", but how long its dumps are kept is not visible in the repository (an object"
                    + " store's lifecycle rule is not): confirm at least " + days(minimum) + " days", at);
        }
        Duration kept = Duration.ofDays(days);
        return kept.compareTo(minimum) >= 0
                ? at(Status.PASS, what + ": " + how, at)
                : at(Status.FAIL, what + ": " + how + ", fewer than " + days(minimum), at);
    }

    /** Whether the schedule backs up MongoDB's namespace: it includes it (or all) and does not exclude it. */
    private static boolean covers(VeleroSchedule s, Set<String> mongoNamespaces) {
        boolean all = s.includedNamespaces().isEmpty() || s.includedNamespaces().contains("*");
        if (mongoNamespaces.isEmpty()) {
            return all;
        }
        return mongoNamespaces.stream().anyMatch(ns -> (all || s.includedNamespaces().contains(ns))
                && !s.excludedNamespaces().contains(ns));
    }

    private static List<Finding> velero(VeleroSchedule s, Set<String> mongoNamespaces, MongoBackupsSpec spec,
                                        boolean recentShownElsewhere) {
        String what = "Velero " + s.name() + (mongoNamespaces.isEmpty() ? " (all namespaces)"
                : " (namespace " + String.join(", ", mongoNamespaces) + ")") + " backs up";
        List<Finding> out = new ArrayList<>();
        if (spec.wantsSchedule()) {
            out.add(cadence(what, s.schedule(), s.scheduleAt()));
            if (s.ttl() == null) {
                out.add(at(VELERO_DEFAULT_TTL.compareTo(spec.retention()) >= 0 ? Status.PASS : Status.FAIL,
                        what + " with no ttl: Velero's default 720h (30 days) applies", s.at()));
            } else {
                try {
                    Duration ttl = CronCadence.goDuration(s.ttl());
                    out.add(ttl.compareTo(spec.retention()) >= 0
                            ? at(Status.PASS, what + " with ttl " + s.ttl() + " (" + days(ttl) + " days)", s.ttlAt())
                            : at(Status.FAIL, what + " with ttl " + s.ttl() + ": backups are kept " + days(ttl)
                                    + " days, fewer than " + days(spec.retention()), s.ttlAt()));
                } catch (CronCadence.Unreadable e) {
                    out.add(at(Status.ERROR, what + " with a ttl the audit cannot read: " + e.getMessage(), s.ttlAt()));
                }
            }
        }
        if (spec.wantsRecent() && !recentShownElsewhere) {
            out.add(notVisible(what, s.at()));
        }
        return out;
    }

    private static Finding notVisible(String what, Location at) {
        return at(Status.MANUAL, what + "; whether its last run succeeded recently is not visible in the repository", at);
    }

    private static String days(Duration d) {
        long hours = d.toHours();
        return hours % 24 == 0 ? String.valueOf(hours / 24) : String.format(java.util.Locale.ROOT, "%.1f", hours / 24.0);
    }

    private static Finding at(Status status, String message, Location where) {
        return Finding.at(status, message, where.file(), where.line() == 0 ? 1 : where.line());
    }
}
