package dev.prodaudit.cli;

import dev.prodaudit.audit.Audit;
import dev.prodaudit.audit.AuditSetup;
import dev.prodaudit.input.InputException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code audit validate}: loads config and catalogue without running anything. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the catalogue and config for errors (exit 2 on the first one) without running checks.")
public final class ValidateCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    CommonOptions common = new CommonOptions();

    public ValidateCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InputException {
        AuditSetup setup = AuditSetup.load(common.setupRequest(terminal));
        // The attestations file is input too: the same strict reading as `audit run`.
        Audit.loadAttestations(setup, terminal.workDir(), null);
        terminal.out().printf("ok: %d checks in %d catalogue file(s)%s%n", setup.catalog().checks().size(),
                setup.catalog().sources().size(),
                setup.config().file() == null ? "" : ", config " + Audit.relative(terminal.workDir(), setup.config().file()));
        return 0;
    }
}
