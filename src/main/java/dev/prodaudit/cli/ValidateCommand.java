package dev.prodaudit.cli;

import dev.prodaudit.audit.Audit;
import dev.prodaudit.audit.AuditSetup;
import dev.prodaudit.input.InputException;

/** {@code audit validate}: loads config and catalogue without running anything. */
public final class ValidateCommand implements Subcommand {
    private final Terminal terminal;
    private final CommandModel model;

    public ValidateCommand(Terminal terminal) {
        this.terminal = terminal;
        this.model = CommonOptions.addTo(CommandModel.of(this, "validate",
                "Check the catalogue and config for errors (exit 2 on the first one) without running checks."));
    }

    @Override
    public CommandModel model() {
        return model;
    }

    @Override
    public Integer call() throws InputException {
        AuditSetup setup = AuditSetup.load(CommonOptions.setupRequest(model, terminal));
        // The attestations file is input too: the same strict reading as `audit run`.
        Audit.loadAttestations(setup, terminal.workDir(), null);
        terminal.out().printf("ok: %d checks in %d catalogue file(s)%s%n", setup.catalog().checks().size(),
                setup.catalog().sources().size(),
                setup.config().file() == null ? "" : ", config " + Audit.relative(terminal.workDir(), setup.config().file()));
        return 0;
    }
}
