package dev.prodaudit.probe.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the git command line against the audited repository: git's own ignore and index logic is the
 * truth the checklist means, so the probe asks git rather than re-implementing it. The attestation
 * policy asks it which commit a release names.
 */
public final class Git {

    /** What a git command returned. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** Git could not be run or did not finish. */
    public static final class GitException extends Exception {
        private static final long serialVersionUID = 1L;

        GitException(String message) {
            super(message);
        }
    }

    private final Path repo;
    private final Duration timeout;

    public Git(Path repo, Duration timeout) {
        this.repo = repo;
        this.timeout = timeout;
    }

    public Result run(String... args) throws GitException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString(),
                // The audit may run as another user than the one owning the checkout (CI containers).
                "-c", "safe.directory=*", "-c", "core.quotepath=off"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("LC_ALL", "C");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new GitException("cannot run git: " + e.getMessage());
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errPump = pump(p.getErrorStream(), err);
            Thread outPump = pump(p.getInputStream(), out);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new GitException("git " + args[0] + " timed out after " + timeout.toMillis() + " ms");
            }
            outPump.join(1000);
            errPump.join(1000);
            return new Result(p.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new GitException("git " + args[0] + " was interrupted");
        }
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // The process ended; what was read is what there is.
            }
        }, "git-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Tracked paths, NUL-separated by git so any file name is safe. */
    List<String> trackedFiles() throws GitException {
        Result r = run("ls-files", "-z");
        if (r.exitCode() != 0) {
            throw new GitException("git ls-files failed: " + firstLine(r.stderr()));
        }
        List<String> files = new ArrayList<>();
        for (String name : r.text().split("\0")) {
            if (!name.isEmpty()) {
                files.add(name);
            }
        }
        return files;
    }

    static String firstLine(String text) {
        return text.lines().findFirst().orElse("no message");
    }
}
