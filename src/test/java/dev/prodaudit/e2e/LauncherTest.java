package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.prodaudit.testing.InstalledJdks;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./audit} launcher itself, run as a user runs it: it keeps a class-data archive next to the jar, the JVM
 * maps the audit's classes from it, the output is the same with and without it, and an archive the JVM cannot use
 * changes nothing a user sees.
 *
 * <p>The launcher runs from a copy in a temporary folder, next to a jar made here from {@code target/classes} (the
 * shaded jar does not exist yet when tests run), whose manifest names the dependency jars of this test run.
 */
final class LauncherTest {
    private static final String SHARED_TOP = "source: shared objects file (top)";

    @TempDir
    Path tmp;

    private Path app;
    private Path jar;
    private Path archive;

    @BeforeEach
    void installLauncherAndJar() throws IOException {
        app = tmp.resolve("app");
        Files.createDirectories(app.resolve("target"));
        Path launcher = app.resolve("audit");
        Files.copy(Path.of("audit"), launcher);
        assertTrue(launcher.toFile().setExecutable(true));
        jar = app.resolve("target/prodaudit.jar");
        writeThinJar(jar);
        archive = app.resolve("target/prodaudit.jar.jsa");
    }

    @Test
    void theFirstRunLeavesAnArchiveThatLaterRunsMapTheirClassesFrom() throws Exception {
        LauncherRun first = launch(app, Map.of(), "--version");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().startsWith("prodaudit "), first.out());
        assertEquals("", first.err(), "the archive is built without a word on stderr");
        assertTrue(Files.size(archive) > 0, "the archive is next to the jar");
        Object archiveFile = Files.readAttributes(archive, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        // A lone --version maps no archive (it loads almost nothing); listing the catalogue does.
        Path classLog = tmp.resolve("classes.log");
        LauncherRun second = launch(app, Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + classLog), "list");
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("security.jwt-secrets"), second.out());
        String loaded = Files.readString(classLog);
        assertTrue(loaded.lines().anyMatch(l -> l.contains("dev.prodaudit.cli.Main ") && l.contains(SHARED_TOP)),
                "the CLI's own classes come from the archive");
        assertTrue(loaded.lines().anyMatch(l -> l.contains("picocli.CommandLine ") && l.contains(SHARED_TOP)),
                "and picocli's, compiled for Java 17 by the build (its jar's Java 5 classes could not be archived)");
        Path versionLog = tmp.resolve("version-classes.log");
        LauncherRun version = launch(app, Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + versionLog), "--version");
        assertEquals(first.out(), version.out());
        assertTrue(Files.readString(versionLog).lines().noneMatch(l -> l.contains(SHARED_TOP)),
                "a lone --version maps no archive: it would cost more than it saves");
        assertEquals(archiveFile, Files.readAttributes(archive, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                "an up-to-date archive is kept, not rebuilt");
        assertFalse(Files.list(app.resolve("target")).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")),
                "no half-written archive is left behind");
    }

    /**
     * The training run copies this platform's tree-sitter libraries next to the jar, and a run that parses source
     * loads them from there instead of copying each out of the jar into a temporary file; a CI job makes no copy.
     */
    @Test
    void sourceChecksLoadTheTreeSitterLibrariesKeptNextToTheJar() throws Exception {
        Fixture bad = Fixture.bad(tmp.resolve("bad"));
        String[] args = {"run", "--format", "json", "--no-progress", "--only", "security.password-requirements"};
        LauncherRun ci = launch(bad.dir, Map.of("CI", "true"), args);
        Path natives = app.resolve("target/prodaudit.jar.native");
        assertFalse(Files.exists(natives), "a CI job copies nothing out of the jar: it would run once");

        launch(app, Map.of(), "--version");
        List<String> copied;
        try (Stream<Path> files = Files.list(natives.resolve("lib"))) {
            copied = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(4, copied.size(), copied.toString());
        assertTrue(copied.stream().allMatch(name -> name.contains("tree-sitter")), copied.toString());
        Path libraryLog = tmp.resolve("libraries.log");
        LauncherRun run = launch(bad.dir, Map.of("JDK_JAVA_OPTIONS", "-Xlog:library=info:file=" + libraryLog), args);
        assertEquals(ci.exitCode(), run.exitCode(), run.err());
        assertEquals(Golden.normalize(ci.out(), "0"), Golden.normalize(run.out(), "0"));
        List<String> loaded = Files.readString(libraryLog).lines().filter(l -> l.contains("Loaded library") && l.contains("tree-sitter"))
                .toList();
        assertEquals(4, loaded.size(), loaded.toString());
        assertTrue(loaded.stream().allMatch(l -> l.contains(natives.resolve("lib").toString())), loaded.toString());
        assertFalse(Files.list(app.resolve("target")).anyMatch(p -> p.getFileName().toString().contains(".native.")),
                "no half-filled or old folder is left behind");
    }

    @Test
    void aCiJobTrainsNoArchiveButMapsOneItFinds() throws Exception {
        LauncherRun once = launch(app, Map.of("CI", "true"), "list");
        assertEquals(0, once.exitCode(), once.err());
        assertFalse(Files.exists(archive), "a fresh checkout audits once: training would cost more than it saves");

        launch(app, Map.of(), "--version");
        assertTrue(Files.exists(archive));
        Path classLog = tmp.resolve("ci-classes.log");
        LauncherRun cached = launch(app, Map.of("CI", "true", "JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + classLog), "list");
        assertEquals(once.out(), cached.out());
        assertTrue(Files.readString(classLog).lines().anyMatch(l -> l.contains("dev.prodaudit.cli.Main ") && l.contains(SHARED_TOP)),
                "an archive it finds (a cached target/) is still used");
    }

    @Test
    void aCiJobTrainsWhenAskedTo() throws Exception {
        LauncherRun run = launch(app, Map.of("CI", "true", "PRODAUDIT_CDS", "on"), "--version");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.size(archive) > 0);
    }

    @Test
    void aNewJarGetsANewArchive() throws Exception {
        launch(app, Map.of(), "--version");
        Object before = Files.readAttributes(archive, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));

        LauncherRun run = launch(app, Map.of(), "--version");

        assertEquals(0, run.exitCode(), run.err());
        assertNotEquals(before, Files.readAttributes(archive, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
    }

    @Test
    void reportsAreTheSameWithAndWithoutTheArchive() throws Exception {
        Fixture bad = Fixture.bad(tmp.resolve("bad"));
        String[] args = {"run", "--format", "json", "--no-progress",
                "--only", "security.jwt-secrets,security.encryption-key,security.notion-webhook-secret,security.env-files-excluded"};

        LauncherRun without = launch(bad.dir, Map.of("PRODAUDIT_CDS", "off"), args);
        assertFalse(Files.exists(archive), "PRODAUDIT_CDS=off builds no archive");
        LauncherRun with = launch(bad.dir, Map.of(), args);
        LauncherRun withArchiveMapped = launch(bad.dir, Map.of(), args);

        assertTrue(Files.exists(archive));
        assertEquals(without.exitCode(), withArchiveMapped.exitCode());
        assertTrue(without.out().contains("security.jwt-secrets"), without.err());
        String version = "0";
        assertEquals(Golden.normalize(without.out(), version), Golden.normalize(with.out(), version));
        assertEquals(Golden.normalize(without.out(), version), Golden.normalize(withArchiveMapped.out(), version));
        assertEquals(without.err(), withArchiveMapped.err());
    }

    @Test
    void aDamagedArchiveIsIgnoredSilently() throws Exception {
        LauncherRun clean = launch(app, Map.of("PRODAUDIT_CDS", "off"), "list");
        assertEquals(0, clean.exitCode(), clean.err());
        launch(app, Map.of(), "--version");
        // Garbage in place of the archive, with a stamp that says it is current, so the launcher hands it to the JVM.
        Files.delete(archive);
        Files.writeString(archive, "not a class-data archive\n".repeat(100));
        Files.setLastModifiedTime(app.resolve("target/prodaudit.jar.jsa.stamp"), FileTime.from(Instant.now().plusSeconds(5)));

        LauncherRun damaged = launch(app, Map.of(), "list");

        assertEquals(0, damaged.exitCode());
        assertEquals(clean.out(), damaged.out(), "no [warning][cds] line on stdout");
        assertEquals("", damaged.err());
    }

    @Test
    void onJava25TheArchiveIsAnAheadOfTimeCacheThatOnlyThatJvmUses() throws Exception {
        List<InstalledJdks.Jdk> newer = InstalledJdks.others(25);
        Assumptions.assumeFalse(newer.isEmpty(), "no JDK 25+ installed beside the build's");
        InstalledJdks.Jdk jdk = newer.get(0);
        Map<String, String> onJdk = Map.of("PATH", jdk.java().getParent() + File.pathSeparator + System.getenv("PATH"));
        Path stamp = app.resolve("target/prodaudit.jar.jsa.stamp");
        LauncherRun clean = launch(app, Map.of("PATH", onJdk.get("PATH"), "PRODAUDIT_CDS", "off"), "list");
        assertEquals(0, clean.exitCode(), clean.err());

        LauncherRun first = launch(app, onJdk, "--version");
        assertEquals("", first.err());
        assertTrue(first.out().contains("Java " + jdk.release()), first.out());
        assertEquals(List.of(jdk.java().toRealPath().toString(), "aot"), Files.readAllLines(stamp));
        Path classLog = tmp.resolve("aot-classes.log");
        LauncherRun cached = launch(app, Map.of("PATH", onJdk.get("PATH"), "JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + classLog), "list");
        assertEquals(clean.out(), cached.out());
        assertEquals("", cached.err());
        assertTrue(Files.readString(classLog).lines().anyMatch(l -> l.contains("dev.prodaudit.cli.Main ") && l.contains("source: shared objects file")),
                "the CLI's classes come from the cache");

        // A damaged cache is ignored without a word, as a damaged class-data archive is.
        Files.delete(archive);
        Files.writeString(archive, "not an AOT cache\n".repeat(100));
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().plusSeconds(5)));
        LauncherRun damaged = launch(app, onJdk, "list");
        assertEquals(clean.out(), damaged.out(), "no [warning][aot] line on stdout");
        assertEquals("", damaged.err());

        // Back on the build's JDK (17), which knows no AOT cache: the cache is not handed to it, a class-data archive
        // is trained in its place, and the output is the same.
        LauncherRun back = launch(app, Map.of(), "list");
        assertEquals(0, back.exitCode(), back.err());
        assertEquals("", back.err());
        assertEquals(clean.out(), back.out());
        assertEquals("cds", Files.readAllLines(stamp).get(1));
    }

    /** As ./mvnw does, the launcher runs JAVA_HOME's JVM when it is set, whatever java PATH finds first. */
    @Test
    void javaHomeNamesTheJvmTheLauncherRuns() throws Exception {
        List<InstalledJdks.Jdk> newer = InstalledJdks.others(25);
        Assumptions.assumeFalse(newer.isEmpty(), "no JDK 25+ installed beside the build's");
        InstalledJdks.Jdk jdk = newer.get(0);
        LauncherRun run = launch(app, Map.of("JAVA_HOME", jdk.home().toString()), "--version");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("Java " + jdk.release()), run.out());
        assertEquals(List.of(jdk.java().toRealPath().toString(), "aot"),
                Files.readAllLines(app.resolve("target/prodaudit.jar.jsa.stamp")), "the archive is made by that JVM too");
    }

    @Test
    void aJavaHomeWithoutAJvmIsReportedInOneLine() throws Exception {
        LauncherRun run = launch(app, Map.of("JAVA_HOME", tmp.resolve("no-jdk").toString()), "--version");

        assertEquals(3, run.exitCode());
        assertEquals("prodaudit: JAVA_HOME is " + tmp.resolve("no-jdk") + ", which has no bin/java; point it at a JDK"
                + " (17 or newer) or unset it", run.err());
        assertEquals("", run.out());
    }

    private LauncherRun launch(Path dir, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        return LauncherRun.of(app.resolve("audit"), dir, environment, tmp, args);
    }

    /** The application's classes and resources, with a manifest that starts the CLI on this run's dependency jars. */
    private static void writeThinJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.prodaudit.cli.Main");
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .map(entry -> Path.of(entry).toUri().toString())
                .collect(Collectors.joining(" "));
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        Path classes = Path.of("target/classes");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(p -> !p.equals(classes)).sorted().toList()) {
                String name = classes.relativize(p).toString().replace(File.separatorChar, '/');
                // Folders get entries too, as Maven's jars have them: the built-in catalogue is found as a folder.
                out.putNextEntry(new JarEntry(Files.isDirectory(p) ? name + "/" : name));
                if (Files.isRegularFile(p)) {
                    Files.copy(p, out);
                }
                out.closeEntry();
            }
        }
        assertTrue(new String(Files.readAllBytes(jar), 0, 2, StandardCharsets.ISO_8859_1).equals("PK"));
    }
}
