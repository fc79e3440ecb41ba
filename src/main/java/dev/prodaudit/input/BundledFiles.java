package dev.prodaudit.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
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

    /** The index the build writes beside each shipped folder: {@code prodaudit/checks} has {@code prodaudit/checks.index}. */
    static final String INDEX = ".index";

    private BundledFiles() {
    }

    /**
     * Every file below {@code folder} (a resource path such as {@code prodaudit/checks}), at any depth, sorted by path;
     * empty when the build ships no such folder.
     */
    public static Optional<List<Bundled>> under(String folder) throws IOException {
        return under(BundledFiles.class.getClassLoader(), folder);
    }

    /** As {@link #under(String)}, from {@code loader}'s class path. */
    static Optional<List<Bundled>> under(ClassLoader loader, String folder) throws IOException {
        URL url = loader.getResource(folder);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = url.toURI();
            if (!uri.getScheme().equals("jar")) {
                return Optional.of(folderFiles(Path.of(uri)));
            }
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(true);
            JarFile jar = connection.getJarFile();
            JarEntry index = jar.getJarEntry(folder + INDEX);
            return Optional.of(index == null ? jarEntries(jar, folder + "/") : indexedEntries(jar, index, folder + "/"));
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The entries the build's index beside the folder names ({@value #INDEX}, one path per line, written by the
     * build), each looked up by name: listing the jar's tens of thousands of entries to find a handful cost about
     * 15 ms of every run. An index naming an entry the jar lacks is a broken build, reported as such.
     */
    private static List<Bundled> indexedEntries(JarFile jar, JarEntry index, String prefix) throws IOException {
        List<String> paths;
        try (InputStream in = jar.getInputStream(index)) {
            paths = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).sorted().toList();
        }
        List<Bundled> out = new ArrayList<>(paths.size());
        for (String path : paths) {
            JarEntry entry = jar.getJarEntry(prefix + path);
            if (entry == null) {
                throw new IOException(index.getName() + " lists " + path + ", which the jar does not hold: rebuild the jar");
            }
            try (InputStream in = jar.getInputStream(entry)) {
                out.add(new Bundled(path, in.readAllBytes()));
            }
        }
        return out;
    }

    /**
     * The entries of the open jar below {@code prefix}, found by listing them all (a jar built without the index): a
     * zip file system over the same jar would read its whole central directory again to list a handful of files.
     */
    private static List<Bundled> jarEntries(JarFile jar, String prefix) throws IOException {
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
