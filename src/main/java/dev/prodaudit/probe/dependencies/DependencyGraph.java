package dev.prodaudit.probe.dependencies;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Which top-level dependency of the application brings each locked package in, following Node's resolution through
 * the lock's {@code packages} entries: a dependency {@code n} of {@code a/node_modules/b} is the nearest
 * {@code .../node_modules/n} walking up from it. The first top-level dependency (in package.json order) that reaches
 * a package names it.
 */
final class DependencyGraph {
    private final Map<String, String> topLevelOf = new HashMap<>();

    DependencyGraph(JsonNode lock, Lockfile parsed) {
        JsonNode packages = lock.path("packages");
        for (String root : parsed.rootDependencies().keySet()) {
            Deque<String> queue = new ArrayDeque<>();
            String start = "node_modules/" + root;
            if (!packages.has(start) || topLevelOf.containsKey(start)) {
                continue;
            }
            topLevelOf.put(start, root);
            queue.add(start);
            while (!queue.isEmpty()) {
                String path = queue.poll();
                JsonNode entry = packages.path(path);
                for (String field : new String[]{"dependencies", "optionalDependencies", "peerDependencies"}) {
                    for (Iterator<String> names = entry.path(field).fieldNames(); names.hasNext(); ) {
                        String resolved = resolve(packages, path, names.next());
                        if (resolved != null && !topLevelOf.containsKey(resolved)) {
                            topLevelOf.put(resolved, root);
                            queue.add(resolved);
                        }
                    }
                }
            }
        }
    }

    private static String resolve(JsonNode packages, String from, String name) {
        String base = from;
        while (true) {
            String candidate = base + "/node_modules/" + name;
            if (packages.has(candidate)) {
                return candidate;
            }
            int at = base.lastIndexOf("/node_modules/");
            if (at < 0) {
                return packages.has("node_modules/" + name) ? "node_modules/" + name : null;
            }
            base = base.substring(0, at);
        }
    }

    /** The top-level dependency behind an install path, or null when no top-level dependency reaches it. */
    String topLevel(String path) {
        return topLevelOf.get(path);
    }
}
