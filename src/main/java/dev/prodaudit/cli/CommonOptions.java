package dev.prodaudit.cli;

import dev.prodaudit.audit.AuditSetup;

/** Options every command that reads the catalogue shares. */
final class CommonOptions {

    private CommonOptions() {
    }

    /** Adds the shared options to {@code model}. */
    static CommandModel addTo(CommandModel model) {
        return model
                .repeatable("--catalogue", "PATH", "Catalogue file or folder; repeatable. Replaces the built-in catalogue; "
                        + "name 'builtin' among them to extend it instead.")
                .text("--config", "FILE", "Config file (default: ./audit.yaml if present).")
                .repeatable("--env-file", "FILE",
                        "Env file to audit; repeatable, first wins (default: .env.production, then .env).")
                .text("--repo", "DIR", "Repository to audit (default: the current directory).")
                .text("--ca-file", "PEM", "Also trust these CA certificates (PEM) for TLS and HTTPS checks.")
                .flag("--debug", "Print stack traces for errors.");
    }

    /** Where the audit looks, as the shared options of {@code model} say it, for the application service. */
    static AuditSetup.Request setupRequest(CommandModel model, Terminal terminal) {
        return new AuditSetup.Request(terminal.workDir(), terminal.environment(), model.text("--config"),
                model.text("--repo"), model.list("--env-file"), model.list("--catalogue"), model.text("--ca-file"));
    }
}
