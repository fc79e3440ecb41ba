package dev.prodaudit.cli;

import dev.prodaudit.audit.AuditSetup;
import dev.prodaudit.audit.Selection;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit list}: the catalogue's checks, by section. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the checks of the catalogue.")
public final class ListCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Terminal terminal;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--only", paramLabel = "SELECTOR", split = ",", description = "Only checks matching an id, prefix, tag or section.")
    List<String> only = new java.util.ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (by section, for people) or json (one object per check, for tooling).")
    String format;

    public ListCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InputException, IOException {
        if (!format.equals("text") && !format.equals("json")) {
            throw new InputException("--format " + format, "unknown list format '" + format + "'", "text or json");
        }
        AuditSetup setup = AuditSetup.load(common.setupRequest(terminal));
        List<Check> checks = Selection.apply(setup.catalog().checks(), only, List.of());
        if (format.equals("json")) {
            terminal.out().println(json(checks, setup.catalog().sources()));
            return 0;
        }
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
        long automatic = checks.stream().filter(c -> !c.manual()).count();
        terminal.out().printf("%n%d checks (%d automatic, %d manual) from %s%n", checks.size(), automatic,
                checks.size() - automatic, String.join(", ", setup.catalog().sources()));
        return 0;
    }

    /**
     * The stable shape ops tooling reads: {@code {"catalogues": [...], "checks": [{"id", "title", "section",
     * "subsection", "severity", "probeType", "tags", "enabled"}]}}, in catalogue order.
     */
    static String json(List<Check> checks, List<String> sources) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode catalogues = root.putArray("catalogues");
        sources.forEach(catalogues::add);
        ArrayNode list = root.putArray("checks");
        for (Check c : checks) {
            ObjectNode o = list.addObject();
            o.put("id", c.id());
            o.put("title", c.title());
            o.put("section", c.section());
            o.put("subsection", c.subsection());
            o.put("severity", c.severity().id());
            o.put("probeType", c.probeType());
            ArrayNode tags = o.putArray("tags");
            c.tags().forEach(tags::add);
            o.put("enabled", c.enabled());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
