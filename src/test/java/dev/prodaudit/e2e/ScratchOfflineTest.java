package dev.prodaudit.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchOfflineTest {
    @Test
    void show(@TempDir Path dir) throws Exception {
        Fixture f = Fixture.bad(dir);
        Fixture.Run r = f.audit("run", "--offline", "--no-progress", "--color", "never", "--report", "prometheus=out/m.prom", "--report", "json=out/r.json");
        Files.writeString(Path.of("/tmp/h15-offline.txt"), r.exitCode() + "\n" + r.out() + "\n---\n" + r.err() + "\n---\n" + Files.readString(dir.resolve("out/m.prom")) + "\n---JSON\n" + Files.readString(dir.resolve("out/r.json")));
    }
}
