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

/** {@code audit list}: the catalogue's checks, by section. */
public final class ListCommand implements Subcommand {
    /**
     * Holds the mapper, built when {@code list --format json} runs: {@code audit --help} and {@code audit completion}
     * construct every command, and a constant of this class would start Jackson for them too.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Terminal terminal;
    private final CommandModel model;

    public ListCommand(Terminal terminal) {
        this.terminal = terminal;
        this.model = CommonOptions.addTo(CommandModel.of(this, "list", "List the checks of the catalogue."))
                .separated("--only", "SELECTOR", "Only checks matching an id, prefix, tag or section.")
                .text("--format", "FORMAT", "text",
                        "text (by section, for people), json (one object per check, for tooling) or markdown "
                                + "(a table of what decides each check, as README shows it).");
    }

    @Override
    public CommandModel model() {
        return model;
    }

    @Override
    public Integer call() throws InputException, IOException {
        String format = model.text("--format");
        if (!format.equals("text") && !format.equals("json") && !format.equals("markdown")) {
            throw new InputException("--format " + format, "unknown list format '" + format + "'", "text, json or markdown");
        }
        AuditSetup setup = AuditSetup.load(CommonOptions.setupRequest(model, terminal));
        List<Check> checks = Selection.apply(setup.catalog().checks(), model.list("--only"), List.of());
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
