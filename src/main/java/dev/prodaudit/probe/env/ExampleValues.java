package dev.prodaudit.probe.env;

import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.repo.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The texts where a repository shows example values: env templates, READMEs and test fixtures. A production
 * secret found there verbatim was copied from an example (or the example holds the live secret); either way
 * it is known to everyone who can read the repository. The files are read once per run and shared.
 */
final class ExampleValues {
    /** Where examples live; see the README's "How secret strength is judged". */
    static final List<String> GLOBS = List.of(
            "**/.env.example", "**/.env.sample", "**/.env.template", "**/README*",
            "**/test/**", "**/tests/**", "**/__tests__/**", "**/fixtures/**", "**/*.test.*", "**/*.spec.*");
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_FILES = 5_000;

    /** One example file: its repository-relative path and text. */
    private record Text(String path, String text) {
    }

    private final List<Text> texts;

    private ExampleValues(List<Text> texts) {
        this.texts = texts;
    }

    static final ExampleValues NONE = new ExampleValues(List.of());

    /**
     * The run's example texts of {@code ctx.repository()}, minus the audited env files themselves (a fixture
     * repository may keep its production env file under test/). Unreadable files are skipped.
     */
    static ExampleValues of(ProbeContext ctx, Set<Path> auditedFiles) {
        Path root = ctx.repository();
        if (root == null || !Files.isDirectory(root)) {
            return NONE;
        }
        ExampleValues all;
        try {
            all = ctx.clients().get("example-values:" + root.toAbsolutePath(), ExampleValues.class,
                    () -> read(root, RepoFiles.of(ctx).match(GLOBS)));
        } catch (UncheckedIOException e) {
            return NONE;
        }
        Set<String> excluded = new java.util.HashSet<>();
        for (Path p : auditedFiles) {
            Path abs = p.toAbsolutePath().normalize();
            Path base = root.toAbsolutePath().normalize();
            if (abs.startsWith(base)) {
                excluded.add(base.relativize(abs).toString().replace(java.io.File.separatorChar, '/'));
            }
        }
        return excluded.isEmpty() ? all
                : new ExampleValues(all.texts.stream().filter(t -> !excluded.contains(t.path())).toList());
    }

    static ExampleValues read(Path root, List<String> paths) {
        List<Text> out = new ArrayList<>();
        for (String rel : paths) {
            if (out.size() >= MAX_FILES) {
                break;
            }
            try {
                String text = RepoFiles.readText(root.resolve(rel), MAX_FILE_BYTES);
                if (text != null) {
                    out.add(new Text(rel, text));
                }
            } catch (IOException | UncheckedIOException e) {
                // An unreadable file shows no example; the others still count.
            }
        }
        return new ExampleValues(List.copyOf(out));
    }

    /**
     * "file:line" of the first place where {@code value} stands as a whole token (not inside a longer run of
     * key characters), compared exactly.
     */
    Optional<String> whereStands(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        for (Text t : texts) {
            int at = t.text().indexOf(v);
            while (at >= 0) {
                int end = at + v.length();
                if ((at == 0 || !keyChar(t.text().charAt(at - 1)))
                        && (end == t.text().length() || !keyChar(t.text().charAt(end)))) {
                    return Optional.of(t.path() + ":" + RepoFiles.lineOf(t.text(), at));
                }
                at = t.text().indexOf(v, at + 1);
            }
        }
        return Optional.empty();
    }

    private static boolean keyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '_' || c == '-';
    }
}
