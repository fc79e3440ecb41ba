package dev.prodaudit.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one way the audit reads its input files (catalogue, audit.yaml, env files, attestations, baselines and the
 * reports given to {@code audit diff}): UTF-8 text of at most {@link #MAX_MIB} MiB.
 *
 * <p>The cap is checked while streaming, not only against the size the file system reports, so {@code /dev/zero},
 * {@code /dev/urandom}, a pipe that never ends or a file that grows while it is read all stop after
 * {@code MAX_MIB} MiB with "file is larger than 16 MiB", with memory bounded by the cap.
 *
 * <p>Anything that is not a regular file (a FIFO, {@code <(sops -d .env.enc)} process substitution, a device) is
 * read on a helper thread with a deadline: opening a FIFO that nobody writes to blocks in the kernel and cannot be
 * interrupted, so refusing to wait is the only bound. Non-regular files are accepted rather than refused because
 * process substitution is how secret managers hand decrypted env files to tools without writing them to disk.
 */
public final class BoundedReader {
    /** The cap for every input file; the largest realistic input, a 20,000-check catalogue, is about 3.4 MB. */
    public static final int MAX_MIB = 16;
    public static final int MAX_BYTES = MAX_MIB * 1024 * 1024;
    /** How long a pipe or device may take to deliver its whole content (a secret manager decrypting, say). */
    public static final Duration PIPE_DEADLINE = Duration.ofSeconds(5);

    private static final BoundedReader DEFAULT = new BoundedReader(MAX_BYTES, PIPE_DEADLINE);

    private final int maxBytes;
    private final Duration pipeDeadline;

    /** A reader with another cap or deadline, for tests of the bounds themselves. */
    public BoundedReader(int maxBytes, Duration pipeDeadline) {
        this.maxBytes = maxBytes;
        this.pipeDeadline = pipeDeadline;
    }

    /** The reader with the audit's cap and pipe deadline. */
    public static BoundedReader standard() {
        return DEFAULT;
    }

    /**
     * The text of {@code file}. {@code shown} is what messages call the file.
     *
     * @throws InputException the file is too large, not UTF-8, or a pipe delivered nothing in time
     * @throws IOException    the file cannot be opened ({@link java.nio.file.NoSuchFileException} when it is missing),
     *                        so that callers keep their own wording for "not found"
     */
    public String read(Path file, String shown) throws IOException, InputException {
        byte[] bytes = Files.isRegularFile(file) ? readRegular(file, shown) : readOther(file, shown);
        return decode(bytes, shown);
    }

    private byte[] readRegular(Path file, String shown) throws IOException, InputException {
        // A sparse 8 GB file is refused without reading a byte; the streaming cap below covers files that grow.
        if (Files.size(file) > maxBytes) {
            throw tooLarge(shown);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return readCapped(in, shown);
        }
    }

    private byte[] readOther(Path file, String shown) throws IOException, InputException {
        if (Files.isDirectory(file)) {
            throw new InputException(shown, "is a folder, not a file", "pass the path of a file");
        }
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        CompletableFuture<byte[]> content = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                content.complete(readCapped(in, shown));
            } catch (IOException e) {
                content.completeExceptionally(new UncheckedIOException(e));
            } catch (InputException | RuntimeException e) {
                content.completeExceptionally(e);
            }
        }, "read " + shown);
        // Daemon: a FIFO nobody writes to keeps this thread in open(2) forever; it must not keep the JVM alive.
        reader.setDaemon(true);
        reader.start();
        try {
            return content.get(pipeDeadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new InputException(shown, "nothing readable arrived within " + pipeDeadline.toMillis()
                    + " ms (a pipe or device that no one writes to?)", "pass a regular file");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException(shown, "interrupted while reading", null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InputException input) {
                throw input;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    private byte[] readCapped(InputStream in, String shown) throws IOException, InputException {
        byte[] buf = new byte[8192];
        int n = 0;
        while (true) {
            if (n == buf.length) {
                if (n > maxBytes) {
                    throw tooLarge(shown);
                }
                buf = Arrays.copyOf(buf, (int) Math.min((long) n * 2, (long) maxBytes + 1));
            }
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        if (n > maxBytes) {
            throw tooLarge(shown);
        }
        return Arrays.copyOf(buf, n);
    }

    private InputException tooLarge(String shown) {
        String size = maxBytes % (1024 * 1024) == 0 ? maxBytes / (1024 * 1024) + " MiB" : maxBytes + " bytes";
        return new InputException(shown, "file is larger than " + size,
                "inputs are text files of at most " + size + "; check the path");
    }

    /** Strict UTF-8: the first malformed byte is reported with its line and column instead of being replaced. */
    static String decode(byte[] bytes, String shown) throws InputException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            // The bytes of the line before the bad one are valid UTF-8, so their character count is the column.
            int column = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8).length() + 1;
            throw InputException.at(shown, line, column, "file is not valid UTF-8 at line " + line,
                    "save the file as UTF-8");
        }
        out.flip();
        return out.toString();
    }
}
