package dev.prodaudit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real git, run in a test's repository with a fixed release identity and no signing. */
public final class GitCommand {
    private GitCommand() {
    }

    /** Runs {@code git args} in {@code dir}; fails the test on a non-zero exit. Returns its output, stripped. */
    public static String run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=Release Bot",
                "-c", "user.email=release@example.com", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
                "-c", "init.defaultBranch=main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "git " + String.join(" ", args) + " hung");
        assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
        return out.strip();
    }
}
