package dev.prodaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.engine.Result;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.probe.FindingAnchor;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.probe.Status;
import dev.prodaudit.testing.ProbeKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reporters ask the check's probe, not its type name, whether the fix applies under ERROR and which file a finding
 * without one sits on: a new family says so once, on its probe, and every report follows.
 */
class ProbeKnowledgeTest {

    /** The spec of the families below: a runbook to follow. */
    record RunbookSpec(String runbook) implements ProbeSpec {
    }

    /** A family whose ERROR means the project lacks something (the runbook file) and whose findings sit on the runbook. */
    static final class RunbookProbe implements Probe<RunbookSpec> {
        @Override
        public String type() {
            return "runbook";
        }

        @Override
        public Class<RunbookSpec> specType() {
            return RunbookSpec.class;
        }

        @Override
        public Outcome run(RunbookSpec spec, ProbeContext ctx) {
            return Outcome.error("no runbook at " + spec.runbook());
        }

        @Override
        public boolean remediationAppliesToError() {
            return true;
        }

        @Override
        public FindingAnchor anchor(RunbookSpec spec) {
            return new FindingAnchor.RepositoryFile(spec.runbook());
        }
    }

    /** The same family with the SPI's defaults: an ERROR says nothing about the fix, findings go on the configuration. */
    static final class PlainProbe implements Probe<RunbookSpec> {
        @Override
        public String type() {
            return "runbook";
        }

        @Override
        public Class<RunbookSpec> specType() {
            return RunbookSpec.class;
        }

        @Override
        public Outcome run(RunbookSpec spec, ProbeContext ctx) {
            return Outcome.error("cannot tell");
        }
    }

    private static Check check(Probe<RunbookSpec> probe) {
        return ProbeKit.check("ops.incident-runbook").title("An incident runbook exists")
                .remediation("Write docs/runbook.md: who is paged, how to roll back.")
                .probe(probe, new RunbookSpec("docs/runbook.md")).build();
    }

    private static AuditReport report(Check check) {
        Result error = new Result(check, Status.ERROR, "no runbook at docs/runbook.md", List.of(), 1);
        return new AuditReport("9.9.9-test", ReportFixtures.STARTED, 5,
                new AuditReport.RunInfo("audit.yaml", List.of("ops.yaml"), List.of(".env.production"), ".", Map.of()),
                List.of(error), List.of(), new Gate(Severity.HIGH, false));
    }

    @Test
    void theFixIsShownUnderErrorWhenTheProbeSaysItApplies() {
        String applies = ReportFixtures.render(new TextReporter(false), report(check(new RunbookProbe())));
        assertTrue(applies.contains("fix: Write docs/runbook.md"), applies);
        assertTrue(ReportFixtures.render(new MarkdownReporter(), report(check(new RunbookProbe()))).contains("**Fix:**"));
        assertTrue(ReportFixtures.render(new HtmlReporter(), report(check(new RunbookProbe()))).contains("<h4>Fix</h4>"));

        String silent = ReportFixtures.render(new TextReporter(false), report(check(new PlainProbe())));
        assertFalse(silent.contains("fix:"), silent);
        assertFalse(ReportFixtures.render(new MarkdownReporter(), report(check(new PlainProbe()))).contains("**Fix:**"));
        assertFalse(ReportFixtures.render(new HtmlReporter(), report(check(new PlainProbe()))).contains("<h4>Fix</h4>"));
    }

    @Test
    void aFindingWithoutAFileSitsWhereTheProbeAnchorsIt() {
        Check named = check(new RunbookProbe());
        assertEquals("docs/runbook.md", SarifReporter.anchor(report(named), named));
        Check plain = check(new PlainProbe());
        assertEquals("audit.yaml", SarifReporter.anchor(report(plain), plain));
    }
}
