package dev.prodaudit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shipped folders read from a jar: through the build's index beside the folder, or by listing the jar without one. */
class BundledFilesTest {
    @TempDir
    Path dir;

    private Path jar(Map<String, String> entries) throws IOException {
        Path jar = dir.resolve("shipped-" + entries.size() + "-" + System.nanoTime() + ".jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static List<String> read(Path jar, String folder) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            return BundledFiles.under(loader, folder).orElseThrow().stream()
                    .map(b -> b.path() + "=" + new String(b.bytes(), StandardCharsets.UTF_8)).toList();
        }
    }

    private static Map<String, String> catalogue() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("prodaudit/checks/", "");
        entries.put("prodaudit/checks/02-infra.yaml", "two");
        entries.put("prodaudit/checks/01-security.yaml", "one");
        entries.put("prodaudit/checks/extra/03-more.yaml", "three");
        entries.put("prodaudit/other.yaml", "not in the folder");
        return entries;
    }

    @Test
    void withTheBuildsIndexTheListedEntriesAreReadInPathOrder() throws IOException {
        Map<String, String> entries = catalogue();
        // The index names two of the three: what it lists is what is read, so it is the index, not a listing.
        entries.put("prodaudit/checks.index", "02-infra.yaml\n01-security.yaml\n");
        assertEquals(List.of("01-security.yaml=one", "02-infra.yaml=two"), read(jar(entries), "prodaudit/checks"));
    }

    @Test
    void withoutAnIndexTheJarIsListed() throws IOException {
        assertEquals(List.of("01-security.yaml=one", "02-infra.yaml=two", "extra/03-more.yaml=three"),
                read(jar(catalogue()), "prodaudit/checks"));
    }

    @Test
    void anIndexNamingAFileTheJarLacksIsABrokenBuild() throws IOException {
        Map<String, String> entries = catalogue();
        entries.put("prodaudit/checks.index", "01-security.yaml\n04-gone.yaml\n");
        IOException e = assertThrows(IOException.class, () -> read(jar(entries), "prodaudit/checks"));
        assertEquals("prodaudit/checks.index lists 04-gone.yaml, which the jar does not hold: rebuild the jar", e.getMessage());
    }

    /** The build writes the index of each shipped folder: it lists exactly the folder's files. */
    @Test
    void theBuildsIndexesListEveryShippedFile() throws IOException {
        for (String folder : List.of("prodaudit/checks", "prodaudit/training")) {
            Path classes = Path.of("target/classes");
            List<String> indexed = Files.readAllLines(classes.resolve(folder + ".index")).stream()
                    .filter(l -> !l.isBlank()).sorted().toList();
            List<String> files;
            try (var walk = Files.walk(classes.resolve(folder))) {
                files = walk.filter(Files::isRegularFile).map(p -> classes.resolve(folder).relativize(p).toString().replace('\\', '/'))
                        .sorted().toList();
            }
            assertEquals(files, indexed, folder);
        }
    }
}
