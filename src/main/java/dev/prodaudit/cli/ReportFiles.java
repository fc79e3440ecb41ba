package dev.prodaudit.cli;

import dev.prodaudit.input.InputException;
import dev.prodaudit.report.AuditReport;
import dev.prodaudit.report.Reporter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report files of one run ({@code --output} and every {@code --report}). They are checked before any
 * check runs, so a typo in a path costs nothing, and written all-or-nothing after the run, so no report
 * on disk or on stdout can state an exit code other than the one the process returns.
 */
final class ReportFiles {

    /** One report file: the option that named it (for messages), its format and where it goes. */
    record Target(String option, Reporter reporter, Path file) {
    }

    private final List<Target> targets;

    private ReportFiles(List<Target> targets) {
        this.targets = List.copyOf(targets);
    }

    /**
     * Checks that no two reports go to the same file and that each file's folder exists (it is created when
     * missing, as a CI job's {@code audit/} folder usually is) and is writable, and that the file itself is
     * not a folder.
     */
    static ReportFiles prepare(List<Target> targets) throws InputException {
        Map<Path, Target> seen = new LinkedHashMap<>();
        for (Target t : targets) {
            Path file = t.file().toAbsolutePath().normalize();
            Target earlier = seen.putIfAbsent(file, t);
            if (earlier != null) {
                throw new InputException(t.option(), "writes to the same file as " + earlier.option(),
                        "give each report its own file");
            }
            if (Files.isDirectory(file)) {
                throw new InputException(t.option(), "is a folder, not a file", "name a file inside it");
            }
            Path folder = file.getParent();
            try {
                Files.createDirectories(folder);
            } catch (FileAlreadyExistsException e) {
                throw new InputException(t.option(), "cannot create the folder " + folder + ": a file has that name",
                        "write the report to an existing folder");
            } catch (IOException e) {
                throw new InputException(t.option(), "cannot create the folder " + folder, "check the path and its permissions");
            }
            if (!writable(folder) || (Files.exists(file) && !Files.isWritable(file))) {
                throw new InputException(t.option(), "cannot write to " + (Files.exists(file) ? file : folder),
                        "check the permissions, or write the report elsewhere");
            }
        }
        return new ReportFiles(targets);
    }

    /** Whether a file can really be created in {@code folder} (permission bits do not tell for root or ACLs). */
    private static boolean writable(Path folder) {
        try {
            Path probe = Files.createTempFile(folder, ".audit-", ".tmp");
            Files.delete(probe);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Renders every report, writes each beside its destination and only then moves them into place; when a
     * write fails, nothing is left behind and the run ends in exit 2 rather than after some reports claimed
     * another exit code.
     */
    void write(AuditReport report) throws InputException {
        List<Path> written = new ArrayList<>();
        try {
            for (Target t : targets) {
                Path file = t.file().toAbsolutePath().normalize();
                Path temp = null;
                try {
                    StringWriter text = new StringWriter();
                    t.reporter().write(report, text);
                    temp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
                    written.add(temp);
                    Files.writeString(temp, text.toString(), StandardCharsets.UTF_8);
                } catch (NoSuchFileException e) {
                    throw new InputException(t.option(), "cannot write the report: its folder has gone", null);
                } catch (IOException e) {
                    throw new InputException(t.option(), "cannot write the report: " + reason(e), null);
                }
            }
            for (int i = 0; i < targets.size(); i++) {
                Path file = targets.get(i).file().toAbsolutePath().normalize();
                try {
                    move(written.get(i), file);
                } catch (IOException e) {
                    throw new InputException(targets.get(i).option(), "cannot write the report: " + reason(e), null);
                }
            }
            written.clear();
        } finally {
            for (Path temp : written) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // Best effort: a stray hidden .tmp file is not worth hiding the real error for.
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The operating system's reason (e.g. "No space left on device"), without Java exception names. */
    private static String reason(IOException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "input/output error";
        }
        int colon = m.lastIndexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }
}
