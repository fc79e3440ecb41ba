package dev.prodaudit.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The JDKs installed on this machine besides the one running the tests: Debian's and Temurin's go under
 * {@code /usr/lib/jvm}, and {@code -Dprodaudit.it.jdks} may name more homes (separated like a class path). Tests that
 * need another JDK skip themselves where none is installed.
 */
public final class InstalledJdks {
    /** One JDK: its home, its {@code bin/java}, and its release ("25.0.3") and feature version (25). */
    public record Jdk(Path home, Path java, String release, int feature) {
        @Override
        public String toString() {
            return "Java " + release + " (" + home + ")";
        }
    }

    private InstalledJdks() {
    }

    /** The other JDKs of release {@code minimum} or newer, one per java binary (symlinked homes are one JDK). */
    public static List<Jdk> others(int minimum) throws IOException {
        Set<Path> homes = new LinkedHashSet<>();
        Path jvm = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvm)) {
            try (Stream<Path> list = Files.list(jvm)) {
                list.sorted().forEach(homes::add);
            }
        }
        for (String extra : System.getProperty("prodaudit.it.jdks", "").split(File.pathSeparator)) {
            if (!extra.isBlank()) {
                homes.add(Path.of(extra));
            }
        }
        Set<Path> seen = new LinkedHashSet<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath()));
        List<Jdk> found = new ArrayList<>();
        for (Path home : homes) {
            Path java = home.resolve("bin/java");
            Path release = home.resolve("release");
            if (!Files.isExecutable(java) || !Files.isRegularFile(release) || !seen.add(java.toRealPath())) {
                continue;
            }
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(release)) {
                p.load(in);
            }
            String version = p.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
            int feature = Integer.parseInt(version.split("[.+-]")[0]);
            if (feature >= minimum) {
                found.add(new Jdk(home, java, version, feature));
            }
        }
        return found;
    }
}
