package dev.prodaudit.cli;

import dev.prodaudit.audit.AuditSetup;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command that reads the catalogue shares. */
public final class CommonOptions {

    @Option(names = "--catalogue", paramLabel = "PATH",
            description = "Catalogue file or folder; repeatable. Replaces the built-in catalogue; "
                    + "name 'builtin' among them to extend it instead.")
    List<String> catalogues = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: ./audit.yaml if present).")
    String config;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Env file to audit; repeatable, first wins (default: .env.production, then .env).")
    List<String> envFiles = new ArrayList<>();

    @Option(names = "--repo", paramLabel = "DIR", description = "Repository to audit (default: the current directory).")
    String repository;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "Also trust these CA certificates (PEM) for TLS and HTTPS checks.")
    String caFile;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    /** Where the audit looks, as these options say it, for the application service. */
    AuditSetup.Request setupRequest(Terminal terminal) {
        return new AuditSetup.Request(terminal.workDir(), terminal.environment(), config, repository, envFiles,
                catalogues, caFile);
    }
}
