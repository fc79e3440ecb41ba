package dev.prodaudit.repo;

import dev.prodaudit.probe.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

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

    /** What a streamed git command ended with; {@code timedOut} when it was stopped at the deadline. */
    public record Ended(int exitCode, String stderr, boolean timedOut) {
    }

    /** Reads a command's output as it is produced. */
    @FunctionalInterface
    public interface OutputReader {
        void read(InputStream stdout) throws IOException;
    }

    /** Stderr kept from a streamed command: enough for its message, bounded whatever git prints. */
    private static final int MAX_STDERR = 64 * 1024;

    private final Path repo;
    private final Deadline deadline;
    private final Consumer<String> invoked;

    /**
     * @param deadline the check's time budget, shared by every git command of one probe run
     * @param invoked  told the subcommand of each invocation (a seam: tests count the history walks)
     */
    public Git(Path repo, Deadline deadline, Consumer<String> invoked) {
        this.repo = repo;
        this.deadline = deadline;
        this.invoked = invoked;
    }

    public Git(Path repo, Duration timeout) {
        this(repo, Deadline.of(timeout, System.nanoTime()), subcommand -> { });
    }

    private Process start(String... args) throws GitException {
        invoked.accept(args[0]);
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString(),
                // The audit may run as another user than the one owning the checkout (CI containers).
                "-c", "safe.directory=*", "-c", "core.quotepath=off"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("LC_ALL", "C");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new GitException("cannot run git: " + e.getMessage());
        }
    }

    private String timedOut(String subcommand) {
        return "git " + subcommand + " timed out after " + deadline.budgetMillis() + " ms";
    }

    /** What the deadline allowed, for evidence ("timed out after N ms"). */
    public long budgetMillis() {
        return deadline.budgetMillis();
    }

    /** Whether the deadline is still ahead. */
    public boolean timeLeft() {
        return deadline.left() > 0;
    }

    public Result run(String... args) throws GitException {
        if (deadline.left() == 0) {
            throw new GitException(timedOut(args[0]));
        }
        Process p = start(args);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errPump = pump(p.getErrorStream(), err);
            Thread outPump = pump(p.getInputStream(), out);
            if (!p.waitFor(deadline.left(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new GitException(timedOut(args[0]));
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

    /**
     * Runs a command whose output may be far larger than memory ({@code git log -p} of a whole history): the reader
     * consumes stdout as git writes it, in the calling thread. At the deadline git is killed, which ends the
     * reader's input; what it had read by then stays with it, and the result says {@code timedOut}.
     */
    public Ended stream(OutputReader reader, String... args) throws GitException {
        if (deadline.left() == 0) {
            return new Ended(-1, "", true);
        }
        Process p = start(args);
        BoundedSink err = new BoundedSink(MAX_STDERR);
        Thread errPump = pump(p.getErrorStream(), err);
        AtomicBoolean killed = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(deadline.left(), TimeUnit.MILLISECONDS)) {
                    killed.set(true);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                // Interrupted once git has ended (the normal case): nothing to stop.
                if (p.isAlive()) {
                    killed.set(true);
                    p.destroyForcibly();
                }
            }
        }, "git-deadline");
        watchdog.setDaemon(true);
        watchdog.start();
        try (InputStream out = p.getInputStream()) {
            reader.read(out);
        } catch (IOException e) {
            if (!killed.get()) {
                p.destroyForcibly();
                throw new GitException("cannot read the output of git " + args[0] + ": " + e.getMessage());
            }
        }
        try {
            // The output ended: git exits at once, unless the reader stopped early (then it is stopped here).
            if (!p.waitFor(Math.max(deadline.left(), 1), TimeUnit.MILLISECONDS)) {
                killed.set(true);
                p.destroyForcibly();
                p.waitFor(1, TimeUnit.SECONDS);
            }
            watchdog.interrupt();
            errPump.join(1000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Ended(-1, "interrupted", true);
        }
        return new Ended(p.isAlive() ? -1 : p.exitValue(), err.toString(StandardCharsets.UTF_8).strip(), killed.get());
    }

    /** Keeps the first {@code limit} bytes written to it and drops the rest. */
    private static final class BoundedSink extends ByteArrayOutputStream {
        private final int limit;

        BoundedSink(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, Math.max(0, Math.min(len, limit - count)));
        }

        @Override
        public synchronized void write(int b) {
            if (count < limit) {
                super.write(b);
            }
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
    public List<String> trackedFiles() throws GitException {
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

    public static String firstLine(String text) {
        return text.lines().findFirst().orElse("no message");
    }
}
