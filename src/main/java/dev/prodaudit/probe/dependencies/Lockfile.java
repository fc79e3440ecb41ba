package dev.prodaudit.probe.dependencies;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A package-lock.json of lockfileVersion 2 or 3 (npm 7 and later), read from its {@code packages} map: the root
 * entry {@code packages[""]} records the dependencies package.json declared when the lock was written, and each
 * {@code node_modules/...} entry a locked package with its version and whether only development needs it.
 *
 * @param rootDependencies every range the root entry records (dependencies, optionalDependencies, devDependencies)
 * @param packages the locked packages by install path ({@code node_modules/a/node_modules/b})
 */
record Lockfile(int version, Map<String, String> rootDependencies, Map<String, Locked> packages) {

    /** One installed package of the lock. */
    record Locked(String path, String name, String version, boolean dev, boolean link) {
    }

    /** Why a lock cannot be read, as one line for the finding. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    static Lockfile parse(JsonNode lock) throws Unreadable {
        JsonNode version = lock.path("lockfileVersion");
        if (!version.isInt()) {
            throw new Unreadable("has no lockfileVersion");
        }
        if (version.asInt() < 2) {
            throw new Unreadable("is lockfileVersion " + version.asInt()
                    + " (npm 6); regenerate it with npm 7 or later (npm install --package-lock-only)");
        }
        JsonNode packages = lock.path("packages");
        if (!packages.isObject() || !packages.has("")) {
            throw new Unreadable("has no packages[\"\"] root entry");
        }
        Map<String, String> root = new LinkedHashMap<>();
        for (String field : List.of("dependencies", "optionalDependencies", "devDependencies")) {
            packages.get("").path(field).properties().forEach(e -> root.putIfAbsent(e.getKey(), e.getValue().asText()));
        }
        Map<String, Locked> locked = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : packages.properties()) {
            String path = e.getKey();
            int at = path.lastIndexOf("node_modules/");
            if (path.isEmpty() || at < 0) {
                continue;
            }
            JsonNode entry = e.getValue();
            String name = entry.path("name").asText(path.substring(at + "node_modules/".length()));
            locked.put(path, new Locked(path, name, entry.path("version").asText(null),
                    entry.path("dev").asBoolean(false), entry.path("link").asBoolean(false)));
        }
        return new Lockfile(version.asInt(), root, locked);
    }

    /** The version installed for a top-level dependency of the root package, if locked. */
    Optional<Locked> topLevel(String name) {
        return Optional.ofNullable(packages.get("node_modules/" + name));
    }

    /** The packages production installs ({@code npm ci --omit=dev}), links and unversioned entries left out. */
    List<Locked> production() {
        List<Locked> out = new ArrayList<>();
        for (Locked l : packages.values()) {
            if (!l.dev() && !l.link() && l.version() != null) {
                out.add(l);
            }
        }
        return out;
    }

    /**
     * How the lock disagrees with package.json: each dependency package.json declares that the lock's root entry
     * lacks or records with another range, and each whose locked version its range does not admit. Empty when in
     * sync. Non-semver specs (git, file:, tags, aliases) are compared as written only.
     */
    List<String> outOfSync(JsonNode manifest) {
        List<String> out = new ArrayList<>();
        for (String field : List.of("dependencies", "optionalDependencies", "devDependencies")) {
            for (Map.Entry<String, JsonNode> e : manifest.path(field).properties()) {
                String name = e.getKey();
                String range = e.getValue().asText();
                String recorded = rootDependencies.get(name);
                if (recorded == null) {
                    out.add(name + " " + range + " (" + field + ") is not in the lock");
                    continue;
                }
                if (!recorded.equals(range)) {
                    out.add(name + " is " + range + " in package.json but " + recorded + " in the lock");
                    continue;
                }
                Optional<SemverRange> semver = SemverRange.parse(range);
                Optional<Locked> locked = topLevel(name);
                if (semver.isEmpty() || locked.isEmpty() || locked.get().link()) {
                    if (locked.isEmpty() && !field.equals("optionalDependencies")) {
                        out.add(name + " " + range + " has no node_modules/" + name + " entry in the lock");
                    }
                    continue;
                }
                String version = locked.get().version();
                Optional<SemverRange.Version> v = version == null ? Optional.empty() : SemverRange.Version.parse(version);
                if (v.isEmpty() || !semver.get().satisfiedBy(v.get())) {
                    out.add(name + " " + range + " is locked at " + version + ", outside the range");
                }
            }
        }
        for (String name : rootDependencies.keySet()) {
            boolean declared = List.of("dependencies", "optionalDependencies", "devDependencies").stream()
                    .anyMatch(f -> manifest.path(f).has(name));
            if (!declared) {
                out.add(name + " is in the lock but no longer in package.json");
            }
        }
        return out;
    }
}
