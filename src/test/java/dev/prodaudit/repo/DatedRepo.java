package dev.prodaudit.repo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git repository for tests, whose commits carry the dates a test gives them. */
public final class DatedRepo {
    public final Path dir;

    private DatedRepo(Path dir) {
        this.dir = dir;
    }

    public static DatedRepo init(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        DatedRepo repo = new DatedRepo(dir);
        repo.git(null, "init", "-q");
        return repo;
    }

    public DatedRepo write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return this;
    }

    /** Adds {@code paths} and commits them as of {@code daysAgo} days before now. */
    public DatedRepo commitDaysAgo(int daysAgo, String... paths) throws IOException, InterruptedException {
        Instant when = Instant.now().minus(Duration.ofDays(daysAgo));
        List<String> add = new ArrayList<>(List.of("add", "--"));
        add.addAll(List.of(paths));
        git(when, add.toArray(String[]::new));
        git(when, "commit", "-q", "-m", "change " + String.join(", ", paths));
        return this;
    }

    /** A clone into {@code target} ({@code --depth 1} when shallow): every file's mtime is now. */
    public DatedRepo cloneTo(Path target, boolean shallow) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("clone", "-q"));
        if (shallow) {
            args.addAll(List.of("--depth", "1"));
        }
        args.addAll(List.of("file://" + dir.toAbsolutePath(), target.toString()));
        git(null, args.toArray(String[]::new));
        return new DatedRepo(target);
    }

    private void git(Instant when, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.test",
                "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "protocol.file.allow=always"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        if (when != null) {
            pb.environment().put("GIT_AUTHOR_DATE", when.toString());
            pb.environment().put("GIT_COMMITTER_DATE", when.toString());
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + output);
        }
    }
}
