package dev.prodaudit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input file goes through one reader with a cap checked while streaming: endless devices, pipes and huge
 * files end in one clear error instead of an OutOfMemoryError or a hang.
 */
class BoundedReaderTest {
    private static final String TOO_LARGE = "file is larger than 16 MiB (hint: inputs are text files of at most 16 MiB; check the path)";

    private final BoundedReader reader = BoundedReader.standard();

    @Test
    void devZeroEndsAtTheCapInsteadOfFillingTheHeap() {
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        InputException e = assertThrows(InputException.class, () -> reader.read(Path.of("/dev/zero"), "/dev/zero"));
        assertEquals("/dev/zero: " + TOO_LARGE, e.oneLine());
    }

    @Test
    void devUrandomEndsAtTheCapNotAtADecodingError() {
        assumeTrue(Files.exists(Path.of("/dev/urandom")));
        InputException e = assertThrows(InputException.class, () -> reader.read(Path.of("/dev/urandom"), "/dev/urandom"));
        assertEquals("/dev/urandom: " + TOO_LARGE, e.oneLine());
    }

    @Test
    void aSparseEightGigabyteFileIsRefusedByItsSize(@TempDir Path dir) throws IOException {
        Path huge = dir.resolve("audit.yaml");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(8L * 1024 * 1024 * 1024);
        }
        InputException e = assertThrows(InputException.class, () -> reader.read(huge, "audit.yaml"));
        assertEquals("audit.yaml: " + TOO_LARGE, e.oneLine());
    }

    @Test
    void theCapIsInclusive(@TempDir Path dir) throws Exception {
        BoundedReader small = new BoundedReader(1024, Duration.ofSeconds(5));
        Path exact = Files.writeString(dir.resolve("exact.env"), "A".repeat(1024));
        Path over = Files.writeString(dir.resolve("over.env"), "A".repeat(1025));
        assertEquals(1024, small.read(exact, "exact.env").length());
        InputException e = assertThrows(InputException.class, () -> small.read(over, "over.env"));
        assertEquals("over.env: file is larger than 1024 bytes (hint: inputs are text files of at most 1024 bytes; check the path)",
                e.oneLine());
    }

    @Test
    void aFifoNobodyWritesToEndsAtTheDeadlineInsteadOfHanging(@TempDir Path dir) throws Exception {
        Path fifo = mkfifo(dir.resolve("env.pipe"));
        BoundedReader quick = new BoundedReader(BoundedReader.MAX_BYTES, Duration.ofMillis(200));
        try {
            InputException e = assertThrows(InputException.class, () -> quick.read(fifo, "env.pipe"));
            assertEquals("env.pipe: nothing readable arrived within 200 ms (a pipe or device that no one writes to?)"
                    + " (hint: pass a regular file)", e.oneLine());
        } finally {
            // Let the abandoned reader thread out of open(2): it sees a writer come and go, then end of file.
            try (OutputStream unblock = Files.newOutputStream(fifo)) {
                unblock.flush();
            }
        }
    }

    @Test
    void aFifoFedByAProcessIsReadLikeProcessSubstitution(@TempDir Path dir) throws Exception {
        Path fifo = mkfifo(dir.resolve("env.pipe"));
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write("DATABASE_URL=postgres://db\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the test's assertion reports it
            }
        });
        writer.start();
        assertEquals("DATABASE_URL=postgres://db\n", reader.read(fifo, "env.pipe"));
        writer.join();
    }

    @Test
    void anEndlessPipeEndsAtTheCap(@TempDir Path dir) throws Exception {
        Path fifo = mkfifo(dir.resolve("endless.pipe"));
        Thread writer = new Thread(() -> {
            byte[] chunk = "A=1\n".repeat(4096).getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = Files.newOutputStream(fifo)) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException endedByTheReader) {
                // broken pipe once the reader gives up: the point of the test
            }
        });
        writer.setDaemon(true);
        writer.start();
        InputException e = assertThrows(InputException.class, () -> reader.read(fifo, "endless.pipe"));
        assertEquals("endless.pipe: " + TOO_LARGE, e.oneLine());
        writer.join();
    }

    @Test
    void invalidUtf8NamesLineAndColumnInsteadOfInputLength(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.yaml");
        byte[] head = "version: 1\ntimeout: 5s\nrepository: caf".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9; // Latin-1 'é'
        bytes[head.length + 1] = '\n';
        Files.write(file, bytes);
        InputException e = assertThrows(InputException.class, () -> reader.read(file, "audit.yaml"));
        assertEquals("audit.yaml:3:16: file is not valid UTF-8 at line 3 (hint: save the file as UTF-8)", e.oneLine());
    }

    @Test
    void multiByteCharactersBeforeTheBadByteCountAsOneColumnEach(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".env");
        byte[] head = "NAME=žluťoučký".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 1];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xFF;
        Files.write(file, bytes);
        InputException e = assertThrows(InputException.class, () -> reader.read(file, ".env"));
        assertEquals(".env:1:15: file is not valid UTF-8 at line 1 (hint: save the file as UTF-8)", e.oneLine());
    }

    @Test
    void aMissingFileIsLeftToTheCallersWording(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> reader.read(dir.resolve("nope.yaml"), "nope.yaml"));
    }

    @Test
    void aFolderIsNotAFile(@TempDir Path dir) {
        InputException e = assertThrows(InputException.class, () -> reader.read(dir, "checks"));
        assertEquals("checks: is a folder, not a file (hint: pass the path of a file)", e.oneLine());
    }

    private static Path mkfifo(Path path) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", path.toString()).start();
        } catch (IOException noMkfifo) {
            assumeTrue(false, "mkfifo is not available");
            return path;
        }
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        return path;
    }
}
