package dev.prodaudit.source;

import dev.prodaudit.repo.RepoFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The application's JavaScript and TypeScript, parsed once per run: every source file of the repository listing
 * that is the application's own code (not dependencies, build output, minified bundles or tests), parsed in
 * parallel, with relative imports resolved between them.
 */
public final class SourceIndex {
    /** Larger files are generated or bundled, not code someone wrote and reviews. */
    static final long MAX_FILE_BYTES = 1024 * 1024;
    /** A line this long is minified code. */
    private static final int MINIFIED_LINE = 1000;
    private static final Set<String> SKIPPED_FOLDERS = Set.of("node_modules", "dist", "build", "out", ".next",
            ".nuxt", "coverage", "vendor", "bower_components", "__tests__", "__mocks__", "test", "tests", "e2e",
            "cypress", "fixtures", ".turbo", ".vercel", ".serverless", "storybook-static");
    private static final List<String> EXTENSIONS = List.of(".js", ".ts", ".mjs", ".cjs", ".tsx", ".jsx", ".mts", ".cts");

    private final Map<String, Module> modules;
    private final String unavailable;
    private final List<String> unparsable;

    private SourceIndex(Map<String, Module> modules, String unavailable, List<String> unparsable) {
        this.modules = Collections.unmodifiableMap(modules);
        this.unavailable = unavailable;
        this.unparsable = List.copyOf(unparsable);
    }

    /** Parses the application's sources among {@code files} (repository-relative, '/'-separated) under {@code root}. */
    public static SourceIndex build(Path root, RepoFiles files) {
        List<String> sources = files.all().stream().filter(SourceIndex::isApplicationSource).toList();
        if (sources.isEmpty()) {
            return new SourceIndex(new LinkedHashMap<>(), null, List.of());
        }
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "prodaudit-source-parser");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Parsed>>> parts = new ArrayList<>();
            for (int part = 0; part < threads; part++) {
                int first = part;
                parts.add(pool.submit(() -> parseShare(root, sources, first, threads)));
            }
            Map<String, Module> modules = new LinkedHashMap<>();
            List<String> unparsable = new ArrayList<>();
            List<Parsed> all = new ArrayList<>();
            for (Future<List<Parsed>> part : parts) {
                List<Parsed> parsed = part.get();
                if (parsed == null) {
                    return unavailableHere();
                }
                all.addAll(parsed);
            }
            all.sort(java.util.Comparator.comparing(Parsed::path));
            for (Parsed p : all) {
                if (p.tree() != null) {
                    modules.put(p.path(), new Module(p.tree()));
                } else {
                    unparsable.add(p.path());
                }
            }
            return new SourceIndex(modules, null, unparsable);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing sources", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("parsing sources failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** An index for tests and callers that parse text they hold: {@code sources} maps path to text. */
    public static SourceIndex of(Map<String, String> sources) {
        Optional<SourceParser> parser = SourceParser.create();
        if (parser.isEmpty()) {
            return unavailableHere();
        }
        try (SourceParser p = parser.get()) {
            Map<String, Module> modules = new LinkedHashMap<>();
            sources.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> Language.of(e.getKey())
                    .ifPresent(l -> modules.put(e.getKey(), new Module(p.parse(e.getKey(), e.getValue(), l)))));
            return new SourceIndex(modules, null, List.of());
        }
    }

    /** The index where no parser can run on this platform: empty, with the message every source check reports. */
    private static SourceIndex unavailableHere() {
        return new SourceIndex(new LinkedHashMap<>(), "source analysis unavailable on " + SourceParser.platform()
                + " (no tree-sitter library for it)", List.of());
    }

    private record Parsed(String path, SyntaxTree tree) {
    }

    /** Every {@code threads}-th file from {@code first}; null when no parser can run on this platform. */
    private static List<Parsed> parseShare(Path root, List<String> sources, int first, int threads) {
        Optional<SourceParser> created = SourceParser.create();
        if (created.isEmpty()) {
            return null;
        }
        List<Parsed> out = new ArrayList<>();
        try (SourceParser parser = created.get()) {
            for (int i = first; i < sources.size(); i += threads) {
                String path = sources.get(i);
                String text = readSource(root, path);
                if (text == null) {
                    continue; // binary, too large or minified: not the application's own code
                }
                try {
                    out.add(new Parsed(path, parser.parse(path, text, Language.of(path).orElseThrow())));
                } catch (RuntimeException e) {
                    out.add(new Parsed(path, null));
                }
            }
        }
        return out;
    }

    private static String readSource(Path root, String path) {
        try {
            String text = RepoFiles.readText(root.resolve(path), MAX_FILE_BYTES);
            if (text == null) {
                return null;
            }
            int lineStart = 0;
            int probe = Math.min(text.length(), 64 * 1024);
            for (int i = 0; i < probe; i++) {
                if (text.charAt(i) == '\n') {
                    lineStart = i + 1;
                } else if (i - lineStart > MINIFIED_LINE) {
                    return null;
                }
            }
            return text;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether a listed file is source of the application: a JS/TS file outside dependencies, output and tests. */
    static boolean isApplicationSource(String path) {
        if (Language.of(path).isEmpty()) {
            return false;
        }
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.contains(".min.") || name.contains(".test.") || name.contains(".spec.") || name.contains(".bundle.")
                || name.startsWith("jest.") || name.startsWith("vitest.") || name.startsWith("eslint")
                || name.startsWith("webpack.") || name.startsWith("rollup.") || name.startsWith("vite.")) {
            return false;
        }
        String[] folders = path.split("/");
        for (int i = 0; i < folders.length - 1; i++) {
            if (SKIPPED_FOLDERS.contains(folders[i])) {
                return false;
            }
        }
        return true;
    }

    /** When no parser can run here: the message source checks report as their ERROR; empty when available. */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    /** Every parsed module, by path. */
    public Map<String, Module> modules() {
        return modules;
    }

    /** Files that failed to parse at all (tree-sitter recovers from most errors, so this is rare). */
    public List<String> unparsable() {
        return unparsable;
    }

    public Optional<Module> module(String path) {
        return Optional.ofNullable(modules.get(path));
    }

    /**
     * The module a relative specifier of {@code from} names: the file itself, with an extension added, with a
     * compiled extension swapped for its source ({@code ./auth.js} written in TypeScript is {@code auth.ts}), or
     * the folder's index file. Empty for packages and for files outside the index.
     */
    public Optional<Module> resolve(Module from, String specifier) {
        if (!(specifier.startsWith("./") || specifier.startsWith("../") || specifier.equals(".")
                || specifier.equals(".."))) {
            return Optional.empty();
        }
        String dir = from.path().contains("/") ? from.path().substring(0, from.path().lastIndexOf('/')) : "";
        return resolveFrom(dir, specifier);
    }

    /**
     * As {@link #resolve(Module, String)} for a specifier written in folder {@code dir} (repository-relative, "" for
     * the root) rather than in a module: how package.json's {@code main} and start script name files.
     */
    public Optional<Module> resolveFrom(String dir, String specifier) {
        if (!(specifier.startsWith("./") || specifier.startsWith("../") || specifier.equals(".")
                || specifier.equals(".."))) {
            return Optional.empty();
        }
        String base = normalise(dir.isEmpty() ? specifier : dir + "/" + specifier);
        if (base == null) {
            return Optional.empty();
        }
        List<String> candidates = new ArrayList<>();
        candidates.add(base);
        String stem = base.replaceFirst("\\.(c|m)?jsx?$", "");
        for (String ext : EXTENSIONS) {
            candidates.add(base + ext);
            if (!stem.equals(base)) {
                candidates.add(stem + ext);
            }
        }
        for (String ext : EXTENSIONS) {
            candidates.add(base + "/index" + ext);
        }
        for (String c : candidates) {
            Module m = modules.get(c);
            if (m != null) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Resolves "." and ".." segments; null when the path climbs out of the repository. */
    private static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }
}
