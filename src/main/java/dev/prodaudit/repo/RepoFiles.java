package dev.prodaudit.repo;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The files of a repository, listed once per run and shared by every file check (through
 * {@link dev.prodaudit.probe.SharedClients}), then matched by glob. VCS and dependency folders, never the
 * project's own, are skipped.
 */
public final class RepoFiles {
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", ".hg", ".svn", "vendor", ".venv",
            "__pycache__", "target", ".gradle", ".idea");
    /** A bound on the walk so a huge tree costs a predictable amount of time. */
    private static final int MAX_FILES = 200_000;

    /** Repository-relative paths with '/' separators, sorted; and each one's last part, at the same index. */
    private final List<String> paths;
    private final String[] names;

    private RepoFiles(List<String> paths) {
        this.paths = paths;
        this.names = new String[paths.size()];
        for (int i = 0; i < names.length; i++) {
            String path = paths.get(i);
            names[i] = path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** The run's listing of {@code root}, made on first use. */
    public static RepoFiles of(dev.prodaudit.probe.ProbeContext ctx) {
        Path root = ctx.repository();
        return ctx.clients().get("repo-files:" + root.toAbsolutePath(), RepoFiles.class, () -> {
            try {
                return scan(root);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Lists the regular files under {@code root}, relative to it. */
    public static RepoFiles scan(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (out.size() >= MAX_FILES) {
                    return FileVisitResult.TERMINATE;
                }
                if (attrs.isRegularFile()) {
                    out.add(root.relativize(file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        List<String> paths = new ArrayList<>(out.size());
        for (Path rel : out) {
            paths.add(rel.toString().replace(java.io.File.separatorChar, '/'));
        }
        paths.sort(null);
        return new RepoFiles(List.copyOf(paths));
    }

    /** Regular files under {@code root} matching any glob, as sorted repository-relative paths with '/'. */
    public static List<String> match(Path root, List<String> globs) throws IOException {
        return scan(root).match(globs);
    }

    /** Every listed file, as sorted repository-relative paths with '/' (no glob to match: sources that recognise files by content). */
    public List<String> all() {
        return paths;
    }

    /**
     * The listed files matching any glob, as sorted repository-relative paths with '/'.
     *
     * @throws IllegalArgumentException when a glob is malformed, naming it and why
     */
    public List<String> match(List<String> globs) {
        List<Glob> compiled = new ArrayList<>(globs.size());
        for (String glob : globs) {
            compiled.add(Glob.compile(glob));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            for (Glob glob : compiled) {
                if (glob.matches(paths.get(i), names[i])) {
                    out.add(paths.get(i));
                    break;
                }
            }
        }
        return out;
    }

    /** Fails with the reason when {@code glob} is malformed, so a catalogue says so at load time, not mid-run. */
    public static void checkGlob(String glob) {
        Glob.compile(glob);
    }

    /** Text of a file, or null for a binary file (a NUL byte in its first 8 KiB) or one over {@code maxBytes}. */
    public static String readText(Path file, long maxBytes) throws IOException {
        if (Files.size(file) > maxBytes) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return null;
            }
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** 1-based line number of a character offset. */
    public static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The folder of a repository-relative path ("" for a file at the root). */
    public static String folderOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /**
     * The package.json that governs {@code folder}, as npm finds it: in the folder itself or the nearest one above it,
     * as a repository-relative path; null when there is none up to the root.
     */
    public static String nearestPackageJson(Path root, String folder) {
        String f = folder;
        while (true) {
            String candidate = f.isEmpty() ? "package.json" : f + "/package.json";
            if (Files.isRegularFile(root.resolve(candidate))) {
                return candidate;
            }
            if (f.isEmpty()) {
                return null;
            }
            f = folderOf(f);
        }
    }
}
