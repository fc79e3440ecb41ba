package dev.prodaudit.probe.source;

import dev.prodaudit.probe.JsonReader;
import dev.prodaudit.repo.RepoFiles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.source.ExpressModel;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Node;
import dev.prodaudit.source.Resolver;
import dev.prodaudit.source.SourceIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The processes the application runs: the API (the module that creates an {@code express()} app) and the workers
 * (modules that create a BullMQ {@code Worker}), each with the file Node starts (its package.json {@code main} or
 * {@code start} script target when that reaches the app or worker, else the module at the top of the imports that
 * does) and every module that file loads through relative imports, including modules the start script preloads
 * ({@code node -r ./instrument.js}, {@code --import ./instrument.mjs}). What is initialised "in the entry point"
 * is what runs in one of those modules.
 */
final class EntryPoints {
    private static final Set<String> NODE_COMMANDS = Set.of("node", "nodemon", "ts-node", "tsx", "ts-node-dev");
    private static final Set<String> PRELOAD_FLAGS = Set.of("-r", "--require", "--import", "--loader");

    /** One process: "API" or "worker", the module Node starts, what creates the app or worker, what it loads. */
    record Entry(String kind, Module module, Node anchor, Set<Module> reachable, List<String> preloadedPackages) {
        /** "the API (src/server.js)". */
        String describe() {
            return "the " + kind + " (" + module.path() + ")";
        }

        boolean loads(Module m) {
            return reachable.contains(m);
        }
    }

    private final SourceIndex index;
    private final Resolver resolver;
    private final Path repository;
    private final Map<Module, List<Module>> imports = new LinkedHashMap<>();
    private final Map<Module, List<Module>> importedBy = new LinkedHashMap<>();

    private EntryPoints(SourceIndex index, Resolver resolver, Path repository) {
        this.index = index;
        this.resolver = resolver;
        this.repository = repository;
        for (Module m : index.modules().values()) {
            List<Module> targets = new ArrayList<>();
            for (String specifier : m.specifiers()) {
                index.resolve(m, specifier).filter(t -> !t.equals(m)).ifPresent(targets::add);
            }
            imports.put(m, targets);
            for (Module t : targets) {
                importedBy.computeIfAbsent(t, k -> new ArrayList<>()).add(m);
            }
        }
    }

    static EntryPoints of(SourceCode code) {
        Path repository = code.context() == null ? null : code.context().repository();
        return new EntryPoints(code.index(), code.resolver(), repository);
    }

    /** The API processes: one per module creating an express() app. */
    List<Entry> apis(ExpressModel express) {
        List<Entry> out = new ArrayList<>();
        for (ExpressModel.App app : express.apps()) {
            out.add(entry("API", app.module(), app.created()));
        }
        return out;
    }

    /** The worker processes: one per {@code new Worker(...)} of bullmq. */
    List<Entry> workers() {
        List<Entry> out = new ArrayList<>();
        for (Module m : index.modules().values()) {
            if (!m.usesPackage("bullmq")) {
                continue;
            }
            for (Node created : m.root().find("new_expression")) {
                if (resolver.resolve(m, created.child("constructor")) instanceof Resolver.Origin.FromPackage p
                        && p.packageName().equals("bullmq") && p.name().equals("Worker")) {
                    out.add(entry("worker", m, created));
                }
            }
        }
        return out;
    }

    private Entry entry(String kind, Module target, Node anchor) {
        Optional<Started> started = started(target);
        Module start = started.map(Started::module).orElseGet(() -> root(target));
        Set<Module> reachable = reach(start);
        List<String> packages = new ArrayList<>();
        if (started.isPresent()) {
            for (String preload : started.get().preloads()) {
                Optional<Module> module = moduleAt(started.get().folder(), preload);
                if (module.isPresent()) {
                    reachable.addAll(reach(module.get()));
                } else {
                    packages.add(preload);
                }
            }
        }
        return new Entry(kind, start, anchor, reachable, List.copyOf(packages));
    }

    /** The file package.json starts and the modules it preloads, when that file loads {@code target}. */
    private record Started(Module module, String folder, List<String> preloads) {
    }

    private Optional<Started> started(Module target) {
        if (repository == null) {
            return Optional.empty();
        }
        String manifest = RepoFiles.nearestPackageJson(repository, RepoFiles.folderOf(target.path()));
        if (manifest == null) {
            return Optional.empty();
        }
        return declared(repository.resolve(manifest), RepoFiles.folderOf(manifest))
                .filter(s -> reach(s.module()).contains(target));
    }

    private Optional<Started> declared(Path manifest, String folder) {
        JsonNode json;
        try {
            json = JsonReader.readTree(manifest);
        } catch (IOException e) {
            return Optional.empty();
        }
        Optional<Started> script = startScript(json.path("scripts").path("start").asText(""), folder);
        if (script.isPresent()) {
            return script;
        }
        String main = json.path("main").asText("");
        return main.isEmpty() ? Optional.empty()
                : moduleAt(folder, main).map(m -> new Started(m, folder, List.of()));
    }

    /** {@code node -r ./instrument.js --max-old-space-size=512 src/server.js}: the file and what is preloaded. */
    private Optional<Started> startScript(String script, String folder) {
        String[] words = script.trim().split("\\s+");
        boolean node = false;
        List<String> preloads = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String w = words[i].replaceAll("^['\"]|['\"]$", "");
            if (!node) {
                node = NODE_COMMANDS.contains(w.substring(w.lastIndexOf('/') + 1));
                continue;
            }
            if (w.equals("&&") || w.equals(";") || w.equals("|")) {
                break;
            }
            if (PRELOAD_FLAGS.contains(w) && i + 1 < words.length) {
                preloads.add(words[++i].replaceAll("^['\"]|['\"]$", ""));
            } else if (w.startsWith("-") && w.contains("=") && PRELOAD_FLAGS.contains(w.substring(0, w.indexOf('=')))) {
                preloads.add(w.substring(w.indexOf('=') + 1));
            } else if (!w.startsWith("-")) {
                Optional<Module> module = moduleAt(folder, w);
                return module.map(m -> new Started(m, folder, List.copyOf(preloads)));
            }
        }
        return Optional.empty();
    }

    /** The module a path of package.json names (relative to its folder; compiled output mapped back to sources). */
    private Optional<Module> moduleAt(String folder, String path) {
        if (path.isEmpty() || !(path.startsWith("./") || path.startsWith("../") || path.contains("/")
                || path.matches("[\\w.-]+\\.[cm]?[jt]sx?"))) {
            return Optional.empty(); // a package name (dd-trace/init is one too: it has no extension)
        }
        if (!path.startsWith(".") && !path.matches(".*\\.[cm]?[jt]sx?") && !index.resolveFrom(folder, "./" + path).isPresent()) {
            return Optional.empty();
        }
        String relative = path.startsWith("./") || path.startsWith("../") ? path : "./" + path;
        Optional<Module> found = index.resolveFrom(folder, relative);
        if (found.isEmpty()) {
            // TypeScript compiled to dist/ or build/: the source is under src/
            String compiled = relative.replaceFirst("^\\./(dist|build|lib|out)/", "./src/");
            if (!compiled.equals(relative)) {
                found = index.resolveFrom(folder, compiled);
            }
        }
        return found;
    }

    /** The module at the top of the imports that loads {@code target}: imported by no module itself. */
    private Module root(Module target) {
        Deque<Module> queue = new ArrayDeque<>(List.of(target));
        Set<Module> seen = new LinkedHashSet<>(List.of(target));
        List<Module> roots = new ArrayList<>();
        while (!queue.isEmpty()) {
            Module m = queue.poll();
            List<Module> parents = importedBy.getOrDefault(m, List.of());
            if (parents.isEmpty()) {
                roots.add(m);
            }
            for (Module p : parents) {
                if (seen.add(p)) {
                    queue.add(p);
                }
            }
        }
        return roots.isEmpty() ? target : roots.get(0);
    }

    /** Every module {@code start} loads through relative imports, itself included. */
    Set<Module> reach(Module start) {
        Set<Module> seen = new LinkedHashSet<>(List.of(start));
        Deque<Module> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            for (Module next : imports.getOrDefault(queue.poll(), List.of())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }
}
