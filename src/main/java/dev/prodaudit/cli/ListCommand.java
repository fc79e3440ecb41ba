package dev.prodaudit.cli;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.catalog.InputException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit list}: the catalogue's checks, by section. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the checks of the catalogue.")
public final class ListCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--only", paramLabel = "SELECTOR", split = ",", description = "Only checks matching an id, prefix, tag or section.")
    List<String> only = new java.util.ArrayList<>();

    public ListCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InputException {
        AuditSetup setup = AuditSetup.load(common, terminal);
        List<Check> checks = Selection.apply(setup.catalog.checks(), only, List.of());
        int idWidth = checks.stream().mapToInt(c -> c.id().length()).max().orElse(2);
        String row = "  %-" + idWidth + "s  %-8s  %-6s  %s%n";
        String section = null;
        for (Check c : checks) {
            if (!Objects.equals(section, c.section())) {
                section = c.section();
                terminal.out().printf("%n%s%n", section);
            }
            terminal.out().printf(row, c.id(), c.severity().id(), c.probeType(),
                    c.title() + (c.enabled() ? "" : " (disabled)"));
        }
        long automatic = checks.stream().filter(c -> !c.probeType().equals("manual")).count();
        terminal.out().printf("%n%d checks (%d automatic, %d manual) from %s%n", checks.size(), automatic,
                checks.size() - automatic, String.join(", ", setup.catalog.sources()));
        return 0;
    }
}
