package dev.prodaudit.repo;

import dev.prodaudit.probe.Deadline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each of a set of files last changed, from git history rather than the file system: a fresh clone sets every
 * mtime to "now", so a restore record committed a year ago would otherwise look new. A file's date is the later of
 * its last commit and a date written in its name ({@code restore-test-2026-09-14.md}) or front matter
 * ({@code date: 2026-09-14}), leaving out dates in the future. A file git does not track counts from its mtime, with a
 * note saying so. In a shallow clone, a file whose last commit is the shallow boundary may be older than the history
 * reaches: that file is {@link Undated}, never given the boundary's date.
 *
 * <p>One {@code git log --name-only} pass dates all the files asked for, within the check's time budget. Git is run
 * here rather than through {@code probe.git.Git}: the model sits below the probe families, which query it.
 */
public final class GitDates {

    /** Where a date came from. */
    public enum Source {
        COMMIT("last commit"), FILE_NAME("date in its name"), FRONT_MATTER("front matter date"),
        MTIME("modification time");

        private final String text;

        Source(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** What the audit knows of one file's last change. */
    public sealed interface FileDate {
        String path();
    }

    /**
     * A file dated by {@code source}: {@code detail} is the commit's short hash, the name or the front matter value;
     * {@code at} is where the date was read; {@code note} says what a reader should know (not committed), or is empty.
     */
    public record Dated(String path, Instant when, Source source, String detail, Location at, String note)
            implements FileDate {
        /** "last commit 1a2b3c4 on 2026-09-14", "date in its name 2026-09-14"... */
        public String describe() {
            String day = when.atOffset(ZoneOffset.UTC).toLocalDate().toString();
            String text = source == Source.COMMIT ? source + " " + detail + " on " + day : source + " " + day;
            return note.isEmpty() ? text : text + " (" + note + ")";
        }
    }

    /** A file whose date the audit cannot tell (shallow history, git failed): {@code why} says so, with a hint. */
    public record Undated(String path, String why) implements FileDate {
    }

    /** The remedy for a clone whose history stops before a file's last change. */
    public static final String DEEPEN_HINT = "fetch more history: git fetch --deepen=<n> (or git fetch --unshallow)";

    private static final Pattern NAME_DATE = Pattern.compile("(?<!\\d)(\\d{4}-\\d{2}-\\d{2})(?!\\d)");
    private static final Pattern FRONT_MATTER_DATE = Pattern.compile(
            "^(?:date|last[_-]?reviewed|reviewed|updated|last[_-]?updated)\\s*:\\s*[\"']?(\\d{4}-\\d{2}-\\d{2})",
            Pattern.CASE_INSENSITIVE);
    private static final String COMMIT_MARK = "\u0001";

    private final Map<String, FileDate> dates;

    private GitDates(Map<String, FileDate> dates) {
        this.dates = dates;
    }

    /**
     * Dates {@code paths} (repository-relative, '/') of the repository at {@code root}, as of {@code now}.
     * Git's failure or timeout leaves each file {@link Undated} with the reason.
     */
    public static GitDates read(Path root, List<String> paths, Deadline deadline, Instant now) {
        Map<String, FileDate> out = new HashMap<>();
        if (paths.isEmpty()) {
            return new GitDates(out);
        }
        Map<String, Commit> lastCommit = new HashMap<>();
        Set<String> tracked = new HashSet<>();
        Set<String> shallow = new HashSet<>();
        String gitProblem = null;
        try {
            Git git = new Git(root, deadline, subcommand -> { });
            Git.Result inside = git.run("rev-parse", "--is-inside-work-tree");
            if (inside.exitCode() == 0) {
                tracked.addAll(lines(git.run(withPaths(List.of("ls-files", "-z", "--"), paths)).text().split("\0")));
                Git.Result shallowFile = git.run("rev-parse", "--git-path", "shallow");
                Path shallowPath = root.resolve(shallowFile.text().strip());
                if (shallowFile.exitCode() == 0 && Files.isRegularFile(shallowPath)) {
                    shallow.addAll(lines(Files.readString(shallowPath, StandardCharsets.UTF_8).split("\n")));
                }
                if (!tracked.isEmpty()) {
                    Git.Result log = git.run(withPaths(List.of("log", "--no-renames", "--name-only", "--relative",
                            "--format=" + COMMIT_MARK + "%H %cI", "--"), new ArrayList<>(tracked)));
                    if (log.exitCode() != 0) {
                        gitProblem = "git log failed: " + log.stderr().lines().findFirst().orElse("no message");
                    } else {
                        parseLog(log.text(), lastCommit);
                    }
                }
            }
        } catch (Git.GitException e) {
            gitProblem = e.getMessage();
        } catch (IOException e) {
            gitProblem = "cannot read git's shallow list: " + e.getMessage();
        }
        for (String path : paths) {
            out.put(path, date(root, path, tracked.contains(path), lastCommit.get(path), shallow, gitProblem, now));
        }
        return new GitDates(out);
    }

    /** The date of {@code path}, as read; empty when the path was not asked for. */
    public Optional<FileDate> of(String path) {
        return Optional.ofNullable(dates.get(path));
    }

    /** The date of {@code path} when it could be told; empty when undated or not asked for. */
    public Optional<Dated> lastChanged(String path) {
        return dates.get(path) instanceof Dated d ? Optional.of(d) : Optional.empty();
    }

    private record Commit(String sha, Instant when) {
    }

    private static void parseLog(String text, Map<String, Commit> lastCommit) {
        Commit current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(COMMIT_MARK)) {
                String[] parts = line.substring(1).split(" ", 2);
                try {
                    current = new Commit(parts[0], OffsetDateTime.parse(parts[1].strip()).toInstant());
                } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
                    current = null;
                }
            } else if (!line.isEmpty() && current != null) {
                // git log lists newest first: the first commit naming a file is its last change.
                lastCommit.putIfAbsent(line, current);
            }
        }
    }

    private static FileDate date(Path root, String path, boolean tracked, Commit commit, Set<String> shallow,
                                 String gitProblem, Instant now) {
        List<Dated> written = writtenDates(root, path, now);
        Dated best = written.stream().max(java.util.Comparator.comparing(Dated::when)).orElse(null);
        if (!tracked) {
            Dated modified;
            try {
                Instant mtime = Files.getLastModifiedTime(root.resolve(path)).toInstant();
                modified = new Dated(path, mtime, Source.MTIME, "", Location.of(path, 0), "not committed");
            } catch (IOException e) {
                return best != null ? best
                        : new Undated(path, "cannot read the modification time of " + path + ": " + e.getMessage());
            }
            return best != null && best.when().isAfter(modified.when()) ? best : modified;
        }
        if (commit == null) {
            if (best != null) {
                return best;
            }
            return new Undated(path, gitProblem != null ? "cannot date " + path + " from git history: " + gitProblem
                    : "git history names no commit of " + path);
        }
        if (shallow.contains(commit.sha())) {
            // The boundary commit shows every file it holds as added: the true last change may be older.
            if (best != null && !best.when().isBefore(commit.when())) {
                return best;
            }
            return new Undated(path, "the clone is shallow and its history stops at commit "
                    + commit.sha().substring(0, 7) + ", which is where " + path + " first appears; its last change "
                    + "may be older: " + DEEPEN_HINT);
        }
        Dated fromCommit = new Dated(path, commit.when(), Source.COMMIT, commit.sha().substring(0, 7),
                Location.of(path, 0), "");
        return best != null && best.when().isAfter(fromCommit.when()) ? best : fromCommit;
    }

    /** Dates written in the file's name or front matter, leaving out those after {@code now}. */
    private static List<Dated> writtenDates(Path root, String path, Instant now) {
        List<Dated> out = new ArrayList<>();
        String name = path.substring(path.lastIndexOf('/') + 1);
        Matcher m = NAME_DATE.matcher(name);
        while (m.find()) {
            day(m.group(1)).filter(d -> !d.isAfter(now)).ifPresent(d ->
                    out.add(new Dated(path, d, Source.FILE_NAME, name, Location.of(path, 0), "")));
        }
        frontMatterDate(root.resolve(path)).ifPresent(found -> day(found.value()).filter(d -> !d.isAfter(now))
                .ifPresent(d -> out.add(new Dated(path, d, Source.FRONT_MATTER, found.value(),
                        Location.of(path, found.line()), ""))));
        return out;
    }

    private record LineValue(String value, int line) {
    }

    /** A {@code date:} key in a leading {@code ---} block (Jekyll, Hugo, MkDocs). */
    private static Optional<LineValue> frontMatterDate(Path file) {
        List<String> head = new ArrayList<>();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null && head.size() < 60) {
                head.add(line);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
        if (head.isEmpty() || !head.get(0).strip().equals("---")) {
            return Optional.empty();
        }
        for (int i = 1; i < head.size(); i++) {
            String line = head.get(i).strip();
            if (line.equals("---") || line.equals("...")) {
                break;
            }
            Matcher m = FRONT_MATTER_DATE.matcher(line);
            if (m.find()) {
                return Optional.of(new LineValue(m.group(1), i + 1));
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> day(String text) {
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String[] withPaths(List<String> args, List<String> paths) {
        List<String> all = new ArrayList<>(args);
        for (String p : paths) {
            all.add(":(literal)" + p);
        }
        return all.toArray(String[]::new);
    }

    private static List<String> lines(String[] parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return out;
    }
}
