package dev.prodaudit.repo.compose;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.input.InputException;
import dev.prodaudit.input.YamlDocument;
import dev.prodaudit.repo.RepoFiles;
import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Setting;
import dev.prodaudit.repo.Workload;
import dev.prodaudit.repo.WorkloadSource;
import dev.prodaudit.repo.docker.Dockerfile;
import dev.prodaudit.repo.docker.DockerfileSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every Compose project of the repository: files named {@code compose*.y(a)ml} or {@code docker-compose*.y(a)ml}
 * that hold a {@code services:} mapping. In one folder, {@code *.override.*} is merged over the base file as
 * {@code docker compose up} does; any other variant ({@code docker-compose.prod.yml}) is merged over the base file as
 * its own deployment ({@code -f docker-compose.yml -f docker-compose.prod.yml}). {@code extends} (same file and
 * {@code file:}) is followed. A service with {@code build:} is this repository's: its user and health check default
 * to its Dockerfile's (the {@code build.target} stage, else the final one). A service that only names an image this
 * repository does not build is third-party.
 */
public final class ComposeSource implements WorkloadSource {
    private static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final List<String> GLOBS = List.of("**/compose*.yml", "**/compose*.yaml",
            "**/docker-compose*.yml", "**/docker-compose*.yaml");
    private static final Pattern OVERRIDE = Pattern.compile(".*\\.override\\.ya?ml$");
    private static final Pattern BASE = Pattern.compile("(docker-)?compose\\.ya?ml$");
    /** A value Compose interpolates from the environment; its default, when written, is what the audit can judge. */
    private static final Pattern INTERPOLATED = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}?");

    @Override
    public List<Workload> discover(Path root, RepoFiles files) {
        Reader reader = new Reader(root);
        Map<String, List<ComposeFile>> byFolder = new TreeMap<>();
        List<Workload> out = new ArrayList<>();
        for (String path : files.match(GLOBS)) {
            reader.file(path).filter(ComposeFile::hasServices)
                    .ifPresent(f -> byFolder.computeIfAbsent(RepoFiles.folderOf(path), k -> new ArrayList<>()).add(f));
            // A Compose file that is not YAML still deploys something: its services cannot be judged, and the
            // checks say so with the parser's position rather than passing a deployment they never read.
            InputException unreadable = reader.failures.get(path);
            if (unreadable != null) {
                out.add(Workload.undecided("compose file " + path, Workload.Kind.COMPOSE, Location.of(path,
                        lineOf(unreadable)), "cannot be read: " + unreadable.oneLine()));
            }
        }
        for (List<ComposeFile> folder : byFolder.values()) {
            ComposeFile base = folder.stream().filter(f -> BASE.matcher(name(f.path())).matches()).findFirst().orElse(null);
            List<ComposeFile> overrides = folder.stream().filter(f -> OVERRIDE.matcher(f.path()).matches()).toList();
            if (base != null) {
                List<ComposeFile> project = new ArrayList<>();
                project.add(base);
                project.addAll(overrides);
                out.addAll(project(reader, project));
            }
            for (ComposeFile f : folder) {
                if (f == base || overrides.contains(f)) {
                    continue;
                }
                out.addAll(project(reader, base == null ? List.of(f) : List.of(base, f)));
            }
            if (base == null && !overrides.isEmpty()) {
                for (ComposeFile o : overrides) {
                    out.addAll(project(reader, List.of(o)));
                }
            }
        }
        return out;
    }

    /** The line of a parser's "file:line:column" position, 1 when it has none. */
    private static int lineOf(InputException e) {
        java.util.regex.Matcher m = Pattern.compile(":(\\d+):\\d+$").matcher(String.valueOf(e.location()));
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    private static String servicePointer(String svc) {
        return "/services/" + svc.replace("~", "~0").replace("/", "~1");
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The services of files merged in order (later over earlier), each judged in the topmost file that declares it. */
    private List<Workload> project(Reader reader, List<ComposeFile> files) {
        Map<String, List<Layer>> services = new LinkedHashMap<>();
        for (ComposeFile f : files) {
            f.doc().root().path("services").fieldNames().forEachRemaining(svc -> {
                List<Layer> layers = services.computeIfAbsent(svc, k -> new ArrayList<>());
                layers.addAll(0, reader.withExtends(f, svc, new HashSet<>()));
            });
        }
        Set<String> builtImages = new HashSet<>();
        services.forEach((svc, layers) -> {
            Optional<Value> image = first(layers, "image");
            if (first(layers, "build").isPresent() && image.isPresent()) {
                builtImages.add(image.get().node().asText());
            }
        });
        List<Workload> out = new ArrayList<>();
        services.forEach((svc, layers) -> out.add(service(reader, svc, layers, builtImages, files.get(0))));
        return out;
    }

    /** One file's mapping for a service, the topmost layer first when several are merged. */
    record Layer(ComposeFile file, String pointer) {
        JsonNode node() {
            return file.doc().root().at(pointer);
        }

        Location at(String sub) {
            return file.at(sub.isEmpty() ? pointer : pointer + "/" + sub);
        }
    }

    /** A value and the layer it was read from. */
    record Value(JsonNode node, Layer layer, String sub) {
        Location at() {
            return layer.at(sub);
        }
    }

    /** The value at {@code sub} (a JSON pointer below the service, e.g. {@code deploy/resources/limits/memory}). */
    private static Optional<Value> first(List<Layer> layers, String sub) {
        for (Layer l : layers) {
            JsonNode n = l.node().at("/" + sub);
            if (!n.isMissingNode() && !n.isNull()) {
                return Optional.of(new Value(n, l, sub));
            }
        }
        return Optional.empty();
    }

    private Workload service(Reader reader, String svc, List<Layer> layers, Set<String> builtImages, ComposeFile project) {
        // Named and placed where the project's first file declares it (docker-compose.yml, not its override).
        Layer top = layers.stream().filter(l -> l.file() == project && l.pointer().equals(servicePointer(svc)))
                .findFirst().orElse(layers.get(0));
        Location at = top.at("");
        Optional<Value> build = first(layers, "build");
        Optional<Value> image = first(layers, "image");
        String imageName = image.map(v -> v.node().asText()).orElse(null);
        boolean thirdParty = build.isEmpty() && (imageName == null || !builtImages.contains(imageName));
        String name = svc + " (" + top.file().path() + ")";

        String dockerfilePath = null;
        Setting<String> dockerUser = null;
        Setting<Workload.Health> dockerHealth = null;
        if (build.isPresent()) {
            Optional<BuildTarget> target = buildTarget(reader, build.get());
            if (target.isPresent() && target.get().stage() != null) {
                Dockerfile df = target.get().dockerfile();
                dockerfilePath = df.path();
                dockerUser = df.user(target.get().stage());
                dockerHealth = df.health(target.get().stage());
            } else {
                String why = target.map(BuildTarget::problem).orElse("its build context has no Dockerfile the audit can read");
                dockerUser = Setting.undecided("service " + svc + ": " + why, build.get().at());
                dockerHealth = Setting.undecided("service " + svc + ": " + why, build.get().at());
            }
        }

        Setting<String> user;
        Optional<Value> userValue = first(layers, "user");
        if (userValue.isPresent()) {
            String u = userValue.get().node().asText();
            user = u.contains("$") ? interpolated(u, userValue.get().at(), "user") : Setting.stated(u, userValue.get().at());
        } else if (dockerUser != null) {
            user = inherited(dockerUser);
        } else {
            user = new Setting.Defaulted<>("root", "no user:, and the image " + imageName
                    + " is not built here, so its default user is unknown to the audit", at);
        }
        // deploy.replicas as a plain number; an interpolated one (${API_REPLICAS}) is left unstated
        Integer replicas = first(layers, "deploy/replicas").map(Value::node)
                .filter(n -> n.isInt() || n.asText().strip().matches("\\d{1,6}"))
                .map(n -> Integer.valueOf(n.asText().strip())).orElse(null);
        return new Workload(name, Workload.Kind.COMPOSE, at, imageName, thirdParty, List.of(), user,
                Dockerfile.nonRootOf(user), limits(layers, at), health(layers, dockerHealth, at), logRotation(layers, at),
                dockerfilePath, replicas).withScheduled(ofeliaJobs(layers, at));
    }

    /** {@code ofelia.job-exec.<job>.schedule} / {@code .command} (and job-run, job-local) labels of a service. */
    private static final java.util.regex.Pattern OFELIA = java.util.regex.Pattern.compile(
            "ofelia\\.(job-exec|job-run|job-local)\\.([^.]+)\\.(schedule|command)");

    /**
     * The jobs ofelia (the Docker job scheduler) runs from this service's labels, each with its command as one shell
     * string and its schedule (ofelia's cron has a seconds field, or {@code @every 24h}).
     */
    private static List<Workload.Scheduled> ofeliaJobs(List<Layer> layers, Location at) {
        Optional<Value> labels = first(layers, "labels");
        if (labels.isEmpty()) {
            return List.of();
        }
        Map<String, String[]> jobs = new java.util.LinkedHashMap<>();
        Map<String, Location> where = new java.util.HashMap<>();
        JsonNode node = labels.get().node();
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        List<Location> places = new ArrayList<>();
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                entries.add(Map.entry(e.getKey(), e.getValue().asText()));
                places.add(labels.get().layer().at("labels/" + e.getKey().replace("~", "~0").replace("/", "~1")));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String text = node.get(i).asText();
                int eq = text.indexOf('=');
                if (eq > 0) {
                    entries.add(Map.entry(text.substring(0, eq), text.substring(eq + 1)));
                    places.add(labels.get().layer().at("labels/" + i));
                }
            }
        }
        for (int i = 0; i < entries.size(); i++) {
            java.util.regex.Matcher m = OFELIA.matcher(entries.get(i).getKey());
            if (m.matches()) {
                String job = m.group(1) + " " + m.group(2);
                String[] pair = jobs.computeIfAbsent(job, k -> new String[2]);
                pair[m.group(3).equals("schedule") ? 0 : 1] = entries.get(i).getValue();
                where.put(job + "/" + m.group(3), places.get(i));
            }
        }
        List<Workload.Scheduled> out = new ArrayList<>();
        jobs.forEach((job, pair) -> {
            if (pair[1] != null) {
                out.add(new Workload.Scheduled("ofelia " + job, List.of(pair[1]), Map.of(), pair[0],
                        where.getOrDefault(job + "/schedule", at), where.getOrDefault(job + "/command", at)));
            }
        });
        return out;
    }

    /** A Dockerfile's setting as the service's default: "from the Dockerfile" is the reason. */
    private static <T> Setting<T> inherited(Setting<T> fromDockerfile) {
        if (fromDockerfile instanceof Setting.Stated<T> s) {
            return new Setting.Defaulted<>(s.value(), "from its Dockerfile", s.at());
        }
        return fromDockerfile;
    }

    private static Setting<String> interpolated(String value, Location at, String key) {
        java.util.regex.Matcher m = INTERPOLATED.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (m.group(2) == null) {
                return Setting.undecided(key + ": " + value + " comes from the environment at deploy time", at);
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(m.group(2)));
        }
        m.appendTail(out);
        return Setting.stated(out.toString(), at);
    }

    private static Setting<Workload.Limits> limits(List<Layer> layers, Location at) {
        Optional<Value> cpu = first(layers, "deploy/resources/limits/cpus").or(() -> first(layers, "cpus"));
        Optional<Value> memory = first(layers, "deploy/resources/limits/memory").or(() -> first(layers, "mem_limit"));
        if (cpu.isEmpty() && memory.isEmpty()) {
            return Setting.missing(at);
        }
        for (Optional<Value> v : List.of(cpu, memory)) {
            if (v.isPresent() && v.get().node().asText().contains("$")) {
                Setting<String> s = interpolated(v.get().node().asText(), v.get().at(), v.get().sub());
                if (s instanceof Setting.Undecided<String> u) {
                    return Setting.undecided(u.why(), u.at());
                }
            }
        }
        Value where = memory.orElseGet(cpu::get);
        return Setting.stated(new Workload.Limits(cpu.map(v -> v.node().asText()).orElse(null),
                memory.map(v -> v.node().asText()).orElse(null)), where.at());
    }

    private static Setting<Workload.Health> health(List<Layer> layers, Setting<Workload.Health> fromDockerfile, Location at) {
        Optional<Value> disable = first(layers, "healthcheck/disable");
        if (disable.isPresent() && disable.get().node().asBoolean(false)) {
            return Setting.missing(disable.get().at());
        }
        Optional<Value> test = first(layers, "healthcheck/test");
        if (test.isPresent()) {
            JsonNode t = test.get().node();
            String first = t.isArray() ? t.path(0).asText() : t.asText();
            if (first.equalsIgnoreCase("NONE")) {
                return Setting.missing(test.get().at());
            }
            return Setting.stated(new Workload.Health(true, true, "healthcheck " + (t.isArray() ? join(t) : t.asText())),
                    test.get().at());
        }
        if (fromDockerfile != null) {
            return inherited(fromDockerfile);
        }
        return Setting.missing(at);
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.asText()));
        return String.join(" ", parts);
    }

    /**
     * Log rotation: the {@code local} driver rotates by default (20 MB x 5); {@code json-file} (Docker's default)
     * rotates only with {@code max-size}; {@code none} keeps no logs; drivers that ship logs away ({@code syslog},
     * {@code journald}, {@code fluentd}, {@code gelf}, {@code awslogs}...) keep no growing file in the container's
     * folder.
     */
    private static Setting<Workload.LogRotation> logRotation(List<Layer> layers, Location at) {
        Optional<Value> driver = first(layers, "logging/driver");
        String d = driver.map(v -> v.node().asText()).orElse("json-file");
        Optional<Value> maxSize = first(layers, "logging/options/max-size");
        Optional<Value> maxFile = first(layers, "logging/options/max-file");
        if (d.contains("$")) {
            return Setting.undecided("logging driver " + d + " comes from the environment", driver.get().at());
        }
        switch (d) {
            case "local":
                return maxSize.isPresent()
                        ? Setting.stated(new Workload.LogRotation(maxSize.get().node().asText(),
                        maxFile.map(v -> v.node().asText()).orElse(null), "the local driver"), maxSize.get().at())
                        : new Setting.Defaulted<>(new Workload.LogRotation("20m", "5", "the local driver"),
                        "the local logging driver rotates by default (20m x 5)", driver.get().at());
            case "json-file":
                if (maxSize.isEmpty()) {
                    return Setting.missing(driver.map(Value::at).orElse(at));
                }
                String size = maxSize.get().node().asText();
                if (size.contains("$")) {
                    Setting<String> s = interpolated(size, maxSize.get().at(), "max-size");
                    if (s instanceof Setting.Undecided<String> u) {
                        return Setting.undecided(u.why(), u.at());
                    }
                    size = s.known().orElse(size);
                }
                return Setting.stated(new Workload.LogRotation(size, maxFile.map(v -> v.node().asText()).orElse(null),
                        "the json-file driver"), maxSize.get().at());
            default:
                return Setting.stated(new Workload.LogRotation(null, null, "the " + d + " driver (no local log file grows)"),
                        driver.get().at());
        }
    }

    /** The Dockerfile and stage a {@code build:} produces, or why it could not be found. */
    record BuildTarget(Dockerfile dockerfile, Dockerfile.Stage stage, String problem) {
    }

    private static Optional<BuildTarget> buildTarget(Reader reader, Value build) {
        JsonNode b = build.node();
        String folder = RepoFiles.folderOf(build.layer().file().path());
        String context = b.isTextual() ? b.asText() : b.path("context").asText(".");
        String dockerfile = b.path("dockerfile").asText("Dockerfile");
        String target = b.path("target").asText(null);
        if (context.contains("://") || context.startsWith("git@")) {
            return Optional.of(new BuildTarget(null, null, "its build context " + context + " is a remote repository"));
        }
        String path = normalise(join(join(folder, context), dockerfile));
        if (path == null) {
            return Optional.of(new BuildTarget(null, null, "its Dockerfile lies outside the repository"));
        }
        Optional<Dockerfile> df = DockerfileSource.read(reader.root, path);
        if (df.isEmpty()) {
            return Optional.of(new BuildTarget(null, null, "no Dockerfile at " + path));
        }
        Optional<Dockerfile.Stage> stage = target == null ? df.get().finalStage() : df.get().stage(target);
        return Optional.of(new BuildTarget(df.get(), stage.orElse(null),
                stage.isPresent() ? null : "build target " + target + " is not a stage of " + path));
    }

    private static String join(String folder, String rel) {
        if (rel.startsWith("/")) {
            return rel;
        }
        return folder.isEmpty() ? rel : folder + "/" + rel;
    }

    /** {@code a/./b/../c} as {@code a/c}; null when it climbs out of the repository. */
    static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(p);
            }
        }
        return String.join("/", parts);
    }

    /** Reads each Compose file once per discovery, including those only named by {@code extends.file}. */
    private static final class Reader {
        private final Path root;
        private final Map<String, Optional<ComposeFile>> cache = new LinkedHashMap<>();
        /** Files that exist but are not YAML (or not readable), with why. */
        private final Map<String, InputException> failures = new LinkedHashMap<>();

        Reader(Path root) {
            this.root = root;
        }

        Optional<ComposeFile> file(String path) {
            return cache.computeIfAbsent(path, p -> {
                try {
                    String text = RepoFiles.readText(root.resolve(p), MAX_BYTES);
                    return text == null ? Optional.empty() : Optional.of(new ComposeFile(p, YamlDocument.parse(p, text)));
                } catch (InputException e) {
                    failures.put(p, e);
                    return Optional.empty();
                } catch (IOException | RuntimeException e) {
                    return Optional.empty();
                }
            });
        }

        /** The service's own mapping, then what it extends (recursively), topmost first. */
        List<Layer> withExtends(ComposeFile f, String svc, Set<String> seen) {
            List<Layer> out = new ArrayList<>();
            if (!seen.add(f.path() + "#" + svc)) {
                return out;
            }
            String pointer = servicePointer(svc);
            Layer own = new Layer(f, pointer);
            out.add(own);
            JsonNode ext = own.node().path("extends");
            String baseService = ext.isTextual() ? ext.asText() : ext.path("service").asText(null);
            if (baseService == null) {
                return out;
            }
            ComposeFile from = f;
            if (ext.hasNonNull("file")) {
                String path = normalise(join(RepoFiles.folderOf(f.path()), ext.path("file").asText()));
                Optional<ComposeFile> other = path == null ? Optional.empty() : file(path);
                if (other.isEmpty()) {
                    return out;
                }
                from = other.get();
            }
            if (from.doc().root().path("services").has(baseService)) {
                out.addAll(withExtends(from, baseService, seen));
            }
            return out;
        }
    }

    /** One parsed Compose file. */
    record ComposeFile(String path, YamlDocument doc) {
        boolean hasServices() {
            return doc.root().path("services").isObject();
        }

        /** The line of the key (or value) at {@code pointer}. */
        Location at(String pointer) {
            String where = doc.locate(pointer);
            String[] parts = where.substring(path.length()).split(":");
            int line = parts.length >= 2 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : 0;
            return Location.of(path, line);
        }
    }
}
