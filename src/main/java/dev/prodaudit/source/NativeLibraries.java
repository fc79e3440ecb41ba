package dev.prodaudit.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * This platform's tree-sitter libraries (the core and the three grammars {@link SourceParser} uses), copied out of the
 * jar into a folder that later runs load them from in place.
 *
 * <p>Why: the tree-sitter binding ({@code org.treesitter.utils.NativeUtils}) loads each library by copying it from
 * the jar into a new temporary file, on every run that parses source: 3.7 MB inflated and written, some 40 ms of
 * CPU of an audit of the BAD fixture, and four files left in the temporary folder by a run that is killed. Given the
 * system property {@value #PROPERTY}, a folder holding {@code lib/<arch>-<os>-<name>.<ext>}, the binding loads
 * the file it finds there instead, and copies as before when the file is missing. The launcher ({@code ./audit})
 * fills such a folder once per jar, next to it, in its training run, and names it on every run.
 */
public final class NativeLibraries {
    /** The system property the binding reads: a folder whose {@code lib/} holds the libraries. */
    public static final String PROPERTY = "tree-sitter-lib";
    /** The libraries {@link SourceParser} loads, by the binding's names. */
    static final List<String> LIBRARIES = List.of("tree-sitter", "tree-sitter-javascript", "tree-sitter-typescript",
            "tree-sitter-tsx");

    private NativeLibraries() {
    }

    /**
     * The name of a library as the binding ships it for {@code os.name} and {@code os.arch}, e.g.
     * {@code x86_64-linux-gnu-tree-sitter.so}; empty where it ships none (the binding's own mapping).
     */
    static Optional<String> fileName(String library, String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        String platform;
        String extension;
        if (os.contains("windows")) {
            platform = "windows";
            extension = "dll";
        } else if (os.contains("linux")) {
            platform = "linux-gnu";
            extension = "so";
        } else if (os.contains("mac")) {
            platform = "macos";
            extension = "dylib";
        } else {
            return Optional.empty();
        }
        String cpu = arch.contains("amd64") || arch.contains("x86_64") ? "x86_64" : arch.contains("aarch64") ? "aarch64" : null;
        return cpu == null ? Optional.empty() : Optional.of(cpu + "-" + platform + "-" + library + "." + extension);
    }

    /**
     * Copies this platform's libraries from the class path into {@code folder}{@code /lib}, creating it; returns the
     * files written (none on a platform the binding has no libraries for, and then source checks say so, as without
     * this folder).
     */
    public static List<Path> extract(Path folder) throws IOException {
        Path lib = Files.createDirectories(folder.resolve("lib"));
        List<Path> written = new ArrayList<>();
        for (String library : LIBRARIES) {
            Optional<String> name = fileName(library, System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
            if (name.isEmpty()) {
                continue;
            }
            try (InputStream in = NativeLibraries.class.getClassLoader().getResourceAsStream("lib/" + name.get())) {
                if (in != null) {
                    Path target = lib.resolve(name.get());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    written.add(target);
                }
            }
        }
        return written;
    }
}
