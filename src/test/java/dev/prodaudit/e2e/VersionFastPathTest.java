package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit --version} answers from {@code main} before picocli starts; what it prints and its exit code are what
 * picocli's own {@code --version} handling prints, so the shortcut changes only how long it takes.
 */
final class VersionFastPathTest {
    @TempDir
    Path tmp;

    @Test
    void theShortcutPrintsWhatPicocliPrints() throws Exception {
        String viaPicocli = Fixture.good(tmp.resolve("p")).audit("--version").out();
        assertTrue(viaPicocli.startsWith("prodaudit "), viaPicocli);
        for (String flag : List.of("--version", "-V")) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "dev.prodaudit.cli.Main", flag)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), flag);
            assertEquals(viaPicocli, out, flag);
        }
    }
}
