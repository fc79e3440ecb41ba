package dev.prodaudit.cli;

import dev.prodaudit.config.TargetKind;
import dev.prodaudit.input.BundledFiles;
import dev.prodaudit.source.NativeLibraries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's training run: audits the example projects shipped in the jar (the careless and the careful RAG
 * platform of the end-to-end tests) with every report format, so that the class-data archive recorded from this run
 * holds the classes a real audit loads: the parsers of Dockerfiles, Compose, JavaScript and lockfiles, git, the
 * reporters, and the clients of every live service up to their first connection.
 *
 * <p>Nothing outside the scratch folder is read or written and no other host is contacted: every target is a
 * loopback port this process holds bound but not listening, so every connection is refused at once, except the TLS
 * endpoints ({@code targets.tls}), which are a TLS server of this process ({@link TrainingTlsServer}) whose
 * certificate is the audit's {@code caFile}, so that the handshakes of a real TLS check are recorded too. No
 * process-environment variable reaches the audit.
 *
 * <p>Usage: {@code java -XX:ArchiveClassesAtExit=A -cp prodaudit.jar dev.prodaudit.cli.TrainingRun SCRATCH [NATIVE]},
 * where SCRATCH is an empty folder the caller removes afterwards. Given NATIVE, a folder, it first copies this
 * platform's tree-sitter libraries into it ({@link NativeLibraries}); the launcher names that folder in the
 * {@value NativeLibraries#PROPERTY} property of this run and of every later one, so the training loads them as
 * those runs will. Exits 0 whatever the audits found.
 */
public final class TrainingRun {
    static final String PROJECTS = "prodaudit/training";

    private TrainingRun() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 1 && args.length != 2) {
            System.err.println("usage: TrainingRun SCRATCH_FOLDER [NATIVE_LIBRARY_FOLDER]");
            System.exit(2);
        }
        if (args.length == 2) {
            NativeLibraries.extract(Path.of(args[1]));
        }
        // As Main does first thing (its warm-up sets the TLS policy), so that the TLS check's handshakes for TLS 1.0
        // and 1.1 are attempted here too.
        Main.startWarmUp().run();
        train(Path.of(args[0]).toAbsolutePath());
        System.exit(0);
    }

    /** Audits each shipped project in its own folder below {@code scratch}, reports beside them; returns the folders. */
    static List<Path> train(Path scratch) throws IOException, InterruptedException {
        List<BundledFiles.Bundled> files = BundledFiles.under(PROJECTS).orElse(List.of());
        List<String> projects = files.stream().map(f -> f.path().substring(0, f.path().indexOf('/'))).distinct().toList();
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        List<Path> trained = new ArrayList<>();
        // Bound, never listening: a connection to it is refused, and no other process can take the port meanwhile.
        try (Socket refusing = new Socket(); TrainingTlsServer tls = TrainingTlsServer.start(scratch.resolve("training-ca.pem"))) {
            refusing.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String endpoint = InetAddress.getLoopbackAddress().getHostAddress() + ":" + refusing.getLocalPort();
            for (String project : projects) {
                Path dir = scratch.resolve(project);
                write(files, project, dir);
                commit(dir);
                Files.writeString(dir.resolve("audit.yaml"), auditYaml(endpoint, tls.endpoint(), tls.caFile()));
                Terminal terminal = new Terminal(dir, Map.of(), nowhere, nowhere, false);
                List<String> run = new ArrayList<>(List.of("run", "--no-progress", "--timeout", "2s"));
                for (String format : List.of("json", "junit", "sarif", "markdown", "html", "prometheus")) {
                    run.add("--report");
                    run.add(format + "=" + scratch.resolve(project + "-report." + format));
                }
                Main.run(terminal, run.toArray(String[]::new));
                Main.run(terminal, "list");
                // A run of one check, as an engineer runs one before a release: the selection's own path.
                Main.run(terminal, "run", "--no-progress", "--timeout", "2s", "--only", "security.https-tls", "--format", "json");
                trained.add(dir);
            }
        }
        return trained;
    }

    /** The project's files ("dot-x" names ".x": build tools drop dotfiles from resources). */
    private static void write(List<BundledFiles.Bundled> files, String project, Path dir) throws IOException {
        for (BundledFiles.Bundled file : files) {
            if (!file.path().startsWith(project + "/")) {
                continue;
            }
            Path to = dir.resolve(file.path().substring(project.length() + 1));
            String name = to.getFileName().toString();
            if (name.startsWith("dot-")) {
                to = to.resolveSibling("." + name.substring(4));
            }
            Files.createDirectories(to.getParent());
            Files.write(to, file.bytes());
        }
    }

    /** Commits the project, so the git checks read a history; without git the folder stays a plain folder. */
    private static void commit(Path dir) throws InterruptedException {
        for (List<String> command : List.of(List.of("init", "-q"), List.of("add", "-A"),
                List.of("-c", "user.name=prodaudit", "-c", "user.email=training@prodaudit.invalid", "-c", "commit.gpgsign=false",
                        "-c", "core.hooksPath=/dev/null", "commit", "-q", "--no-verify", "-m", "example project"))) {
            List<String> git = new ArrayList<>(List.of("git"));
            git.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(git).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            // The user's git configuration stays out (no hooks, templates or signing of theirs run here).
            pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
            pb.environment().put("GIT_TERMINAL_PROMPT", "0");
            try {
                Process p = pb.start();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return;
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Every target at the refusing endpoint, in the form its kind is written, except the TLS endpoints: those are
     * {@code tlsEndpoint}, trusted through {@code caFile}.
     */
    static String auditYaml(String endpoint, String tlsEndpoint, Path caFile) {
        String port = endpoint.substring(endpoint.lastIndexOf(':') + 1);
        StringBuilder yaml = new StringBuilder("version: 1\ntargets:\n");
        for (TargetKind kind : TargetKind.values()) {
            String value = switch (kind) {
                case BASE_URL, FRONTEND_URL, NPM_REGISTRY, ATLAS_API, PROMETHEUS, ALERTMANAGER -> "\"http://" + endpoint + "\"";
                case TLS -> "[\"" + tlsEndpoint + "\"]";
                case MONGODB -> "\"mongodb://" + endpoint + "/training\"";
                case REDIS -> "\"redis://" + endpoint + "\"";
                case QDRANT -> "{url: \"http://" + endpoint + "\", grpcPort: " + port + "}";
                case MAIL_DOMAIN -> "training.invalid";
                case DNS_SERVER -> "\"" + endpoint + "\"";
            };
            yaml.append("  ").append(kind.key()).append(": ").append(value).append('\n');
        }
        yaml.append("  caFile: '").append(caFile.toString().replace("'", "''")).append("'\n");
        // The registry, not `npm audit`: npm would start a Node process and ask its own registry.
        yaml.append("checks:\n  deploy.dependencies-updated:\n    probe: {audit: registry}\n");
        // The HTTPS check's redirect part asks the API's host on port 80 unless told otherwise: another process's
        // port on this machine, so it is sent to the refusing one.
        yaml.append("  security.https-tls:\n    probe: {probes: [{type: https-redirect, port: ").append(port).append("}]}\n");
        return yaml.toString();
    }
}
