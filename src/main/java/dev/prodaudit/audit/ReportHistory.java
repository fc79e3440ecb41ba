package dev.prodaudit.audit;

import dev.prodaudit.input.InputException;
import dev.prodaudit.policy.ReportDiff;
import dev.prodaudit.policy.SavedReport;
import dev.prodaudit.report.SincePrevious;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code --history DIR}: the JSON reports of the last {@code keep} runs, one file each named by the UTC time the run
 * started ({@code prodaudit-20261202T040000Z.json}, so that names sort as times do), and what changed since the
 * previous one ({@link ReportDiff}, what {@code audit diff} says). Files of other names in the folder are left alone.
 */
public final class ReportHistory {
    /** How many reports are kept when neither {@code --history-keep} nor audit.yaml says. */
    public static final int DEFAULT_KEEP = 30;
    private static final Pattern NAME = Pattern.compile("prodaudit-\\d{8}T\\d{6}(?:\\.\\d{3})?Z\\.json");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final int keep;

    private ReportHistory(Path dir, int keep) {
        this.dir = dir;
        this.keep = keep;
    }

    /**
     * The history in {@code dir}, created when missing; checked before any check runs.
     *
     * @param where how errors name the setting ({@code --history DIR}, or audit.yaml's file:line:col)
     */
    public static ReportHistory open(Path dir, int keep, String where) throws InputException {
        if (keep < 2) {
            throw new InputException(where, "must keep at least 2 reports", "the previous report is needed to say what changed");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException(where, "cannot create the history folder " + dir, "check the path and its permissions");
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new InputException(where, "cannot write to the history folder " + dir, "check the path and its permissions");
        }
        return new ReportHistory(dir, keep);
    }

    /** The kept reports, oldest first. */
    public List<Path> reports() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> NAME.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f))
                    .sorted().toList();
        }
    }

    /**
     * What changed between the newest kept report and {@code now} (this run's JSON report); empty on the first run.
     * A previous report that cannot be read is an {@link InputException} naming it: history that lies is worse than
     * none, and the operator can remove the file.
     */
    public Optional<SincePrevious> sincePrevious(String nowJson) throws InputException {
        List<Path> kept;
        try {
            kept = reports();
        } catch (IOException e) {
            throw new InputException(dir.toString(), "cannot list the history folder", "check its permissions");
        }
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        Path last = kept.get(kept.size() - 1);
        String name = last.getFileName().toString();
        SavedReport before = SavedReport.read(last, dir.resolve(name).toString(), "history report");
        SavedReport after = SavedReport.parse("this run", nowJson);
        return Optional.of(new SincePrevious(name, ReportDiff.of(before, after)));
    }

    /**
     * Adds this run's JSON report (written beside and moved into place, so a reader never sees half a file) and
     * removes the oldest reports beyond {@code keep}.
     */
    public Path record(String json, Instant startedAt) throws IOException {
        Path file = dir.resolve("prodaudit-" + STAMP.format(startedAt) + ".json");
        Path temp = Files.createTempFile(dir, ".prodaudit-", ".tmp");
        try {
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        List<Path> kept = reports();
        for (int i = 0; i < kept.size() - keep; i++) {
            Files.deleteIfExists(kept.get(i));
        }
        return file;
    }
}
