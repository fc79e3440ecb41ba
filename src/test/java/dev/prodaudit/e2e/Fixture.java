package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fixture project on disk: the files under src/test/resources/fixtures/NAME copied to a folder
 * ("dot-x" becomes ".x", since build tools drop dotfiles from resources), made a real git repository
 * with the files committed as a careless or careful team would.
 */
final class Fixture {
    static final Path SOURCES = Path.of("src/test/resources/fixtures");

    final Path dir;

    Fixture(Path dir) {
        this.dir = dir;
    }

    /** The GOOD project: env files ignored, nothing secret committed. */
    static Fixture good(Path target) throws IOException, InterruptedException {
        Fixture f = copy("good", target);
        f.git("init", "-q");
        f.git("add", "-A");
        f.git("commit", "-q", "-m", "initial");
        f.commitDaysAgo(30, "docs/restore-test-2026-q4.md", "restore test record");
        return f;
    }

    /** The BAD project: .env.production committed, a key hard-coded, an old restore test. */
    static Fixture bad(Path target) throws IOException, InterruptedException {
        Fixture f = copy("bad", target);
        f.git("init", "-q");
        f.git("add", "-A");
        f.git("commit", "-q", "-m", "initial");
        // A clone resets mtimes: the audit dates the record by this commit, 400 days old.
        f.commitDaysAgo(400, "docs/restore-test-2025-q1.md", "restore test record");
        return f;
    }

    static Fixture copy(String name, Path target) throws IOException {
        Path from = SOURCES.resolve(name);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path rel = from.relativize(file);
            String fileName = rel.getFileName().toString();
            if (fileName.startsWith("dot-")) {
                fileName = "." + fileName.substring(4);
            }
            Path to = target.resolve(rel).resolveSibling(fileName);
            Files.createDirectories(to.getParent());
            Files.copy(file, to);
        }
        return new Fixture(target);
    }

    /**
     * Signs off a record in a commit dated relative to now (an hour past the whole days), so the report (and its
     * golden file) says the same age every day; the fixed-date first commit, whose hash reports name, is unchanged.
     */
    void commitDaysAgo(int days, String path, String message) throws IOException, InterruptedException {
        String when = Instant.now().minus(java.time.Duration.ofDays(days).plusHours(1)).toString();
        Files.writeString(dir.resolve(path), "\nSigned off by the on-call engineer.\n", java.nio.file.StandardOpenOption.APPEND);
        git(Map.of("GIT_AUTHOR_DATE", when, "GIT_COMMITTER_DATE", when), "add", "--", path);
        git(Map.of("GIT_AUTHOR_DATE", when, "GIT_COMMITTER_DATE", when), "commit", "-q", "-m", message);
    }

    void git(String... args) throws IOException, InterruptedException {
        git(Map.of(), args);
    }

    void git(Map<String, String> dates, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Fixture", "-c", "user.email=fixture@example.test",
                "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        // Fixed dates, so a commit's hash (which reports name for secrets found in history) is the same every run.
        pb.environment().put("GIT_AUTHOR_DATE", "2025-01-15T10:00:00+00:00");
        pb.environment().put("GIT_COMMITTER_DATE", "2025-01-15T10:00:00+00:00");
        pb.environment().putAll(dates);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** Runs the CLI in-process in this folder, as a user at a terminal would (but without a TTY). */
    CliRun audit(String... args) {
        return CliRun.in(dir, args);
    }

    CliRun audit(Map<String, String> environment, String... args) {
        return CliRun.in(dir, environment, args);
    }
}
