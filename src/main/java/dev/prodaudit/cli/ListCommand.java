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
    /**
     * Holds the mapper, built when {@code list --format json} runs: picocli instantiates every subcommand for any
     * invocation, and a constant of this class would start Jackson for {@code audit --version} too.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Terminal terminal;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--only", paramLabel = "SELECTOR", split = ",", description = "Only checks matching an id, prefix, tag or section.")
    List<String> only = new java.util.ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (by section, for people), json (one object per check, for tooling) or markdown "
                    + "(a table of what decides each check, as README shows it).")
    String format;

    public ListCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws InputException, IOException {
        if (!format.equals("text") && !format.equals("json") && !format.equals("markdown")) {
            throw new InputException("--format " + format, "unknown list format '" + format + "'", "text, json or markdown");
        }
        AuditSetup setup = AuditSetup.load(common.setupRequest(terminal));
        List<Check> checks = Selection.apply(setup.catalog().checks(), only, List.of());
        if (format.equals("json")) {
            terminal.out().println(json(checks, setup.catalog().sources()));
            return 0;
        }
        if (format.equals("markdown")) {
            terminal.out().print(markdown(checks));
            return 0;
        }
        int idWidth = checks.stream().mapToInt(c -> c.id().length()).max().orElse(2);
        int typeWidth = checks.stream().mapToInt(c -> c.probeType().length()).max().orElse(4);
        int byWidth = checks.stream().mapToInt(c -> decidedBy(c, "+", false).length()).max().orElse(4);
        String row = "  %-" + idWidth + "s  %-8s  %-" + typeWidth + "s  %-" + byWidth + "s  %s%n";
        String section = null;
        for (Check c : checks) {
            if (!Objects.equals(section, c.section())) {
                section = c.section();
                terminal.out().printf("%n%s%n", section);
            }
            terminal.out().printf(row, c.id(), c.severity().id(), c.probeType(), decidedBy(c, "+", false),
                    c.title() + (c.enabled() ? "" : " (disabled)"));
        }
        long automatic = checks.stream().filter(c -> !c.manual()).count();
        terminal.out().printf("%n%d checks (%d automatic, %d manual) from %s%n", checks.size(), automatic,
                checks.size() - automatic, String.join(", ", setup.catalog().sources()));
        return 0;
    }

    /** What decides a check, e.g. "code+live" (ids) or "code, live service" (labels). */
    static String decidedBy(Check c, String separator, boolean labels) {
        return c.evidence().stream().map(e -> labels ? e.label() : e.id())
                .collect(java.util.stream.Collectors.joining(separator));
    }

    /**
     * README's "What decides each item": one row per check with what decides it and the live targets it reaches, by
     * their audit.yaml key and the variable that configures them.
     */
    static String markdown(List<Check> checks) {
        StringBuilder out = new StringBuilder("| Check | Severity | Decided by | Live targets |\n|---|---|---|---|\n");
        for (Check c : checks) {
            String targets = c.targets().stream()
                    .map(t -> "`" + t.key() + "`" + t.variable().map(v -> " (" + v + ")").orElse(""))
                    .collect(java.util.stream.Collectors.joining(", "));
            out.append("| `").append(c.id()).append("` ").append(c.title().replace("|", "\\|"))
                    .append(" | ").append(c.severity().id())
                    .append(" | ").append(decidedBy(c, ", ", true))
                    .append(" | ").append(targets.isEmpty() ? "" : targets).append(" |\n");
        }
        return out.toString();
    }

    /**
     * The stable shape ops tooling reads: {@code {"catalogues": [...], "checks": [{"id", "title", "section",
     * "subsection", "severity", "probeType", "evidence", "tags", "enabled"}]}}, in catalogue order.
     */
    static String json(List<Check> checks, List<String> sources) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
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
            ArrayNode evidence = o.putArray("evidence");
            c.evidence().forEach(e -> evidence.add(e.id()));
            ArrayNode tags = o.putArray("tags");
            c.tags().forEach(tags::add);
            o.put("enabled", c.enabled());
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
