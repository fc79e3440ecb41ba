package dev.prodaudit.cli;

import dev.prodaudit.audit.AuditSetup;
import dev.prodaudit.input.InputException;
import dev.prodaudit.config.ConfigLoader;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.TargetKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code audit init}: writes a commented audit.yaml for the repository in the working directory. It looks
 * for the env file and says which targets it names; values stay in the env file (the config refers to
 * them as ${VAR}), so the written file never holds a secret.
 */
public final class InitCommand implements Subcommand {
    private final Terminal terminal;
    private final CommandModel model;

    public InitCommand(Terminal terminal) {
        this.terminal = terminal;
        this.model = CommandModel.of(this, "init",
                        "Write a commented audit.yaml for this repository (detects the env file and the targets it names).")
                .text("--output", "FILE", "audit.yaml", "Where to write (default: audit.yaml).")
                .flag("--force", "Overwrite an existing file.");
    }

    @Override
    public CommandModel model() {
        return model;
    }

    @Override
    public Integer call() throws InputException {
        String output = model.text("--output");
        boolean force = model.flag("--force");
        Path dir = terminal.workDir();
        Path target = dir.resolve(output);
        if (Files.exists(target) && !force) {
            throw new InputException(output, "already exists", "pass --force to overwrite it");
        }
        String envName = null;
        Map<String, EnvFile.Entry> vars = Map.of();
        for (String candidate : AuditSetup.DEFAULT_ENV_FILES) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                try {
                    vars = EnvFile.read(p, candidate).entries();
                    envName = candidate;
                    break;
                } catch (IOException e) {
                    throw new InputException(candidate, "cannot read env file: " + e.getMessage(), null);
                }
            }
        }
        String yaml = render(dir.getFileName() == null ? "this repository" : dir.getFileName().toString(), envName, vars,
                Files.isDirectory(dir.resolve(".git")));
        try {
            Files.writeString(target, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(output, "cannot write: " + e.getMessage(), null);
        }
        ConfigLoader.load(target, dir); // what init writes must load: fail loudly here, not at the first run
        List<String> found = new ArrayList<>();
        Map<String, EnvFile.Entry> named = vars;
        for (TargetKind kind : TargetKind.values()) {
            if (kind.variable().filter(v -> isSet(named, v)).isPresent()) {
                found.add(kind.key());
            }
        }
        terminal.out().println("wrote " + output + (envName == null ? " (no env file found)" : " for " + envName)
                + (found.isEmpty() ? "" : "; targets named there: " + String.join(", ", found)));
        terminal.out().println("next: review it, then run: audit validate && audit run");
        return 0;
    }

    private static boolean isSet(Map<String, EnvFile.Entry> vars, String name) {
        EnvFile.Entry e = vars.get(name);
        return e != null && !e.value().isBlank();
    }

    private static String where(Map<String, EnvFile.Entry> vars, String envName, String var) {
        return isSet(vars, var) ? "set in " + envName : "not set" + (envName == null ? "" : " in " + envName);
    }

    static String render(String repoName, String envName, Map<String, EnvFile.Entry> vars, boolean gitRepo) {
        StringBuilder y = new StringBuilder();
        y.append("# prodaudit configuration for ").append(repoName).append(", written by `audit init`.\n");
        y.append("# Every key is optional; `audit validate` checks this file. Reference: README.md, \"Configuration\".\n");
        y.append("# Values stay in the env file: ${VAR} reads them from there (then from the process environment).\n");
        y.append("version: 1\n\n");
        if (envName != null) {
            y.append("# The env file to audit (found here). More than one: the first that sets a variable wins.\n");
            y.append("envFiles: [").append(envName).append("]\n");
        } else {
            y.append("# No .env.production or .env here: name the production env file to audit.\n");
            y.append("# envFiles: [.env.production]\n");
        }
        y.append("\n# The repository the git and file checks read").append(gitRepo ? "" : " (this folder is not a git repository)")
                .append(".\nrepository: .\n\n");
        y.append("# Exit 1 when a check of this severity or above fails: critical, high, medium, low, info, none.\n");
        y.append("failOn: high\n# timeout: 10s       # per check\n# concurrency: 8\n\n");
        y.append("targets:\n");
        for (TargetKind kind : TargetKind.values()) {
            boolean active = kind.initActiveWhenSet() && kind.variable().filter(v -> isSet(vars, v)).isPresent();
            String note = kind.initNote() + kind.variable().map(v -> "; " + v + " " + where(vars, envName, v)).orElse("");
            y.append(active ? "  " : "  # ").append(String.format("%-36s", kind.initYaml())).append("# ").append(note)
                    .append('\n');
        }
        y.append("  # caFile: internal-ca.pem           # also trust these CAs for TLS and HTTPS checks\n\n");
        y.append("# Per check, by id (`audit list` shows them): disable, change severity or timeout, override probe parameters.\n");
        y.append("# checks:\n#   docs.api-documented:\n#     enabled: false\n#   app.debug-logging-disabled:\n#     severity: high\n");
        y.append("#   security.jwt-access-expiry:\n#     probe:\n#       vars:\n#         JWT_ACCESS_EXPIRY: {duration: {max: 10m}}\n");
        return y.toString();
    }
}
