package dev.prodaudit.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Files shipped with the tool (the built-in catalogue, the launcher's training projects): entries of the jar the
 * class loader already has open, or, in development, files of a folder on the class path.
 */
public final class BundledFiles {
    /** One shipped file: its path below the folder asked for ({@code /}-separated), and its bytes. */
    public record Bundled(String path, byte[] bytes) {
    }

    private BundledFiles() {
    }

    /**
     * Every file below {@code folder} (a resource path such as {@code prodaudit/checks}), at any depth, sorted by path;
     * empty when the build ships no such folder.
     */
    public static Optional<List<Bundled>> under(String folder) throws IOException {
        URL url = BundledFiles.class.getClassLoader().getResource(folder);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = url.toURI();
            return Optional.of(uri.getScheme().equals("jar")
                    ? jarEntries((JarURLConnection) url.openConnection(), folder + "/")
                    : folderFiles(Path.of(uri)));
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The entries of the open jar: a zip file system over the same jar would read its whole central directory again
     * (tens of thousands of entries) to list a handful of files.
     */
    private static List<Bundled> jarEntries(JarURLConnection connection, String prefix) throws IOException {
        connection.setUseCaches(true);
        JarFile jar = connection.getJarFile();
        List<JarEntry> entries = new ArrayList<>();
        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            JarEntry entry = e.nextElement();
            if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                entries.add(entry);
            }
        }
        entries.sort(Comparator.comparing(JarEntry::getName));
        List<Bundled> out = new ArrayList<>();
        for (JarEntry entry : entries) {
            try (InputStream in = jar.getInputStream(entry)) {
                out.add(new Bundled(entry.getName().substring(prefix.length()), in.readAllBytes()));
            }
        }
        return out;
    }

    private static List<Bundled> folderFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(p -> {
                try {
                    return new Bundled(folder.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sorted(Comparator.comparing(Bundled::path)).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
