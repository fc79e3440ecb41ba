package dev.prodaudit.cli;

import dev.prodaudit.audit.AuditSetup;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.prodaudit.input.Binder;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.config.TargetResolver;
import dev.prodaudit.input.InputException;
import java.io.PrintWriter;
import java.util.List;

/** {@code audit explain ID}: everything about one check. */
public final class ExplainCommand implements Subcommand {
    /**
     * Holds the mapper, built when {@code explain} prints a probe: {@code audit --help} and {@code audit completion}
     * construct every command, and a constant of this class would start Jackson for them too.
     */
    private static final class Yaml {
        static final YAMLMapper MAPPER = new YAMLMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build());
    }

    private final Terminal terminal;
    private final CommandModel model;

    public ExplainCommand(Terminal terminal) {
        this.terminal = terminal;
        this.model = CommonOptions.addTo(CommandModel.of(this, "explain",
                        "Show what a check verifies, why, how to fix it, its probe and the targets it reaches."))
                .parameter(0, "ID", "The check id, e.g. security.jwt-secrets.");
    }

    @Override
    public CommandModel model() {
        return model;
    }

    @Override
    public Integer call() throws InputException, JsonProcessingException {
        String id = model.parameter(0);
        AuditSetup.Request request = CommonOptions.setupRequest(model, terminal);
        AuditSetup setup = AuditSetup.load(request);
        Check c = setup.catalog().find(id).orElse(null);
        if (c == null) {
            List<String> ids = setup.catalog().checks().stream().map(Check::id).toList();
            String near = Binder.closest(id, ids);
            throw new InputException(null, "no check with id '" + id + "'",
                    near != null ? "did you mean '" + near + "'?" : "run 'audit list' to see the ids");
        }
        PrintWriter out = terminal.out();
        out.println(c.title());
        out.println("  id:        " + c.id());
        out.println("  section:   " + c.heading());
        out.println("  severity:  " + c.severity().id());
        if (!c.tags().isEmpty()) {
            out.println("  tags:      " + String.join(", ", c.tags()));
        }
        out.println("  defined:   " + c.source());
        for (TargetKind kind : c.targets()) {
            out.println("  target:    " + targetLine(kind, setup, request));
        }
        if (!c.enabled()) {
            out.println("  disabled in " + setup.config().file());
        }
        out.println();
        out.println("Why");
        indent(out, c.rationale());
        out.println();
        out.println("Fix");
        indent(out, c.remediation());
        out.println();
        out.println("Probe");
        indent(out, Yaml.MAPPER.writeValueAsString(c.probeNode()).strip());
        List<String> decides = c.decides();
        if (!decides.isEmpty()) {
            out.println();
            out.println("How it decides");
            decides.forEach(line -> indent(out, line));
        }
        return 0;
    }

    /**
     * One target of the check, named from the target table: where it is set, and its value now (redacted as in the
     * run header) with where that came from; or, absent, what the check will say.
     */
    private static String targetLine(TargetKind kind, AuditSetup setup, AuditSetup.Request request) {
        String state = setup.shownTarget(kind)
                .map(shown -> kind.setBy() + "; now " + shown + " (from "
                        + TargetResolver.sourceOf(kind, setup.config(), setup.env(), request.environment()) + ")")
                .orElse(kind.absentExplained());
        return setup.redactor().apply(kind.key() + " — " + state);
    }

    private static void indent(PrintWriter out, String text) {
        text.lines().forEach(l -> out.println("  " + l));
    }
}
