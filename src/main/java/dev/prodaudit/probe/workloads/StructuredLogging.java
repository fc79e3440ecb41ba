package dev.prodaudit.probe.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.probe.JsonReader;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.repo.RepoFiles;
import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Workload;
import dev.prodaudit.repo.Workloads;
import dev.prodaudit.repo.docker.Dockerfile;
import dev.prodaudit.repo.docker.DockerfileSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code require: structuredLogging}: each application image's own package.json (the nearest one at or above its
 * Dockerfile, else the repository's) must depend on a JSON logger, and its logger must be built to write JSON:
 * winston with {@code format.json()}, pino without a pretty transport outside development, or bunyan (JSON by
 * default). An image whose final stage is a static web server (the front end behind nginx) logs no application
 * events and is not judged.
 *
 * <p>The logger construction is found with bounded regular expressions over the package's own .js/.ts sources (at
 * most {@value #MAX_SOURCES} files of up to 1 MiB, dependency and build folders excluded). That is a stop-gap: the
 * next issue brings a real JavaScript parser, and this class is where it goes.
 */
final class StructuredLogging {
    private static final int MAX_SOURCES = 2000;
    private static final long MAX_BYTES = 1024 * 1024;
    private static final List<String> LOGGERS = List.of("pino", "winston", "bunyan");
    private static final Pattern STATIC_SERVER = Pattern.compile("(^|/)(nginx|httpd|caddy|lighttpd)([:@]|$)|static");
    private static final Pattern WINSTON_CREATE = Pattern.compile("\\bcreateLogger\\s*\\(");
    private static final Pattern WINSTON_JSON = Pattern.compile("\\bformat\\s*\\.\\s*json\\s*\\(|\\bjson\\s*\\(\\s*\\)");
    private static final Pattern PINO_CREATE = Pattern.compile("\\bpino\\s*\\(");
    private static final Pattern PINO_PRETTY = Pattern.compile("pino-pretty|prettyPrint\\s*:\\s*true");
    private static final Pattern PRODUCTION_GUARD = Pattern.compile("NODE_ENV|isProduction|isDev|production|development");

    private StructuredLogging() {
    }

    static List<Finding> judge(Path root, RepoFiles files, Workloads model) {
        Map<String, Workload> packages = new LinkedHashMap<>();
        List<Finding> out = new ArrayList<>();
        for (Workload w : model.applications()) {
            if (w.dockerfile() == null) {
                continue;
            }
            String base = DockerfileSource.read(root, w.dockerfile()).flatMap(Dockerfile::finalStage)
                    .map(Dockerfile.Stage::base).orElse("");
            if (STATIC_SERVER.matcher(base.toLowerCase(Locale.ROOT)).find()) {
                out.add(WorkloadsProbe.finding(Status.SKIP, w.name() + " serves static files from " + base
                        + "; not judged", w.at()));
                continue;
            }
            String pkg = RepoFiles.nearestPackageJson(root, RepoFiles.folderOf(w.dockerfile()));
            if (pkg == null) {
                out.add(WorkloadsProbe.finding(Status.ERROR, "part undecided: " + w.name()
                        + " has no package.json at or above its folder", w.at()));
            } else {
                packages.putIfAbsent(pkg, w);
            }
        }
        if (packages.isEmpty() && out.isEmpty() && Files.isRegularFile(root.resolve("package.json"))) {
            packages.put("package.json", null);
        }
        for (Map.Entry<String, Workload> e : packages.entrySet()) {
            out.add(judgePackage(root, files, e.getKey(), e.getValue()));
        }
        return out;
    }


    private static Finding judgePackage(Path root, RepoFiles files, String pkg, Workload w) {
        String who = w == null ? pkg : pkg + " of " + w.name();
        JsonNode manifest;
        try {
            manifest = JsonReader.readTree(root.resolve(pkg));
        } catch (IOException e) {
            return WorkloadsProbe.finding(Status.ERROR, "part undecided: " + pkg + " is not valid JSON", Location.of(pkg, 0));
        }
        String logger = null;
        for (String name : LOGGERS) {
            if (manifest.path("dependencies").has(name)) {
                logger = name;
                break;
            }
        }
        if (logger == null) {
            return WorkloadsProbe.finding(Status.FAIL, who + " depends on no JSON logger (pino, winston or bunyan)",
                    Location.of(pkg, 0));
        }
        if (logger.equals("bunyan")) {
            return WorkloadsProbe.finding(Status.PASS, who + " logs with bunyan (JSON by default)", Location.of(pkg, 0));
        }
        String dir = RepoFiles.folderOf(pkg);
        List<String> sources = files.match(List.of((dir.isEmpty() ? "" : dir + "/") + "**/*.{js,mjs,cjs,ts,mts,cts}"))
                .stream().filter(p -> !p.contains("/dist/") && !p.contains("/build/") && !p.startsWith("dist/")
                        && !p.startsWith("build/") && !p.contains(".test.") && !p.contains(".spec."))
                .limit(MAX_SOURCES).toList();
        Pattern create = logger.equals("winston") ? WINSTON_CREATE : PINO_CREATE;
        Location construction = null;
        for (String src : sources) {
            String text;
            try {
                text = RepoFiles.readText(root.resolve(src), MAX_BYTES);
            } catch (IOException e) {
                continue;
            }
            if (text == null) {
                continue;
            }
            Matcher m = create.matcher(text);
            if (!m.find()) {
                continue;
            }
            construction = Location.of(src, RepoFiles.lineOf(text, m.start()));
            if (logger.equals("winston")) {
                Matcher json = WINSTON_JSON.matcher(text);
                if (json.find()) {
                    Location at = Location.of(src, RepoFiles.lineOf(text, json.start()));
                    return WorkloadsProbe.finding(Status.PASS, who + " logs JSON with winston format.json() (" + at + ")", at);
                }
            } else {
                Matcher pretty = PINO_PRETTY.matcher(text);
                if (!pretty.find()) {
                    return WorkloadsProbe.finding(Status.PASS, who + " logs JSON with pino (" + construction + ")", construction);
                }
                int line = RepoFiles.lineOf(text, pretty.start());
                String[] lines = text.split("\n", -1);
                String around = String.join("\n", List.of(lines).subList(Math.max(0, line - 6), Math.min(lines.length, line + 2)));
                Location at = Location.of(src, line);
                if (PRODUCTION_GUARD.matcher(around).find()) {
                    return WorkloadsProbe.finding(Status.PASS, who + " logs JSON with pino; the pretty transport at " + at
                            + " is for development only", construction);
                }
                return WorkloadsProbe.finding(Status.FAIL, who + " sends pino through pino-pretty in every environment ("
                        + at + ")", at);
            }
        }
        if (construction != null) {
            return WorkloadsProbe.finding(Status.FAIL, who + " builds a winston logger without format.json() ("
                    + construction + ")", construction);
        }
        return WorkloadsProbe.finding(Status.ERROR, "part undecided: " + who + " depends on " + logger
                + " but no logger construction was found in its sources", Location.of(pkg, 0));
    }
}
