package dev.prodaudit.repo;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
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

    private final List<Path> files;

    private RepoFiles(List<Path> files) {
        this.files = files;
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
        return new RepoFiles(List.copyOf(out));
    }

    /** Regular files under {@code root} matching any glob, as sorted repository-relative paths with '/'. */
    public static List<String> match(Path root, List<String> globs) throws IOException {
        return scan(root).match(globs);
    }

    /** Every listed file, as sorted repository-relative paths with '/' (no glob to match: sources that recognise files by content). */
    public List<String> all() {
        List<String> out = new ArrayList<>(files.size());
        for (Path rel : files) {
            out.add(rel.toString().replace(java.io.File.separatorChar, '/'));
        }
        out.sort(null);
        return out;
    }

    /** The listed files matching any glob, as sorted repository-relative paths with '/'. */
    public List<String> match(List<String> globs) {
        // "**/NAME" (NAME without '/') means "a file called NAME in any folder, the top one included": it is
        // matched against the file name alone, a much shorter string than the path, which matters when a run
        // matches several globs against a 20,000-file listing.
        List<PathMatcher> byName = new ArrayList<>();
        List<PathMatcher> byPath = new ArrayList<>();
        for (String glob : globs) {
            String name = glob.startsWith("**/") ? glob.substring(3) : null;
            if (name != null && !name.isEmpty() && !name.contains("/") && !name.contains("**")) {
                byName.add(FileSystems.getDefault().getPathMatcher("glob:" + name));
                continue;
            }
            for (String variant : zeroOrMoreFolders(glob)) {
                byPath.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
            }
        }
        List<String> out = new ArrayList<>();
        for (Path rel : files) {
            if (matchesAny(byName, rel.getFileName()) || matchesAny(byPath, rel)) {
                out.add(rel.toString().replace(java.io.File.separatorChar, '/'));
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean matchesAny(List<PathMatcher> matchers, Path path) {
        for (PathMatcher m : matchers) {
            if (m.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Java's {@code **}/ needs at least one folder; users mean "zero or more" (as in git and most tools),
     * so {@code docs/**}/{@code *.md} also matches {@code docs/a.md}: each {@code **}/ may also vanish.
     */
    static List<String> zeroOrMoreFolders(String glob) {
        List<String> out = new ArrayList<>();
        out.add(glob);
        int at = glob.indexOf("**/");
        while (at >= 0) {
            if (at == 0 || glob.charAt(at - 1) == '/') {
                String collapsed = glob.substring(0, at) + glob.substring(at + 3);
                for (String v : zeroOrMoreFolders(collapsed)) {
                    if (!out.contains(v)) {
                        out.add(v);
                    }
                }
            }
            at = glob.indexOf("**/", at + 3);
        }
        return out;
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
}
