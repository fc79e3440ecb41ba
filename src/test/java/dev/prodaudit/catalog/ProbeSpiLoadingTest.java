package dev.prodaudit.catalog;

import dev.prodaudit.input.InputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.policy.Attestations;
import dev.prodaudit.policy.AttestationsLoader;
import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.probe.SpecBinder;
import dev.prodaudit.probe.env.EnvProbe;
import dev.prodaudit.probe.env.EnvSpec;
import dev.prodaudit.probe.manual.ManualProbe;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalogue loader and the attestation loader learn what they need from the probe SPI: a family of a new name
 * that is manual can be attested, and a family whose parameters hold a probe binds it through {@link SpecBinder},
 * with its errors at file:line:col, with no special case in the loader.
 */
class ProbeSpiLoadingTest {

    record WalkthroughSpec(String steps) implements ProbeSpec {
    }

    /** A manual family that is not called "manual": a walkthrough a person follows. */
    static final class WalkthroughProbe implements Probe<WalkthroughSpec> {
        @Override
        public String type() {
            return "walkthrough";
        }

        @Override
        public Class<WalkthroughSpec> specType() {
            return WalkthroughSpec.class;
        }

        @Override
        public boolean manual() {
            return true;
        }

        @Override
        public Outcome run(WalkthroughSpec spec, ProbeContext ctx) {
            return Outcome.manual("walk through: " + spec.steps());
        }
    }

    record UnlessSpec(BoundProbe probe, String reason) implements ProbeSpec {
    }

    /** A family that wraps one other probe ({@code probe:}) with a reason: its child is bound like any probe. */
    static final class UnlessProbe implements Probe<UnlessSpec> {
        @Override
        public String type() {
            return "unless";
        }

        @Override
        public Class<UnlessSpec> specType() {
            return UnlessSpec.class;
        }

        @Override
        public <E extends Exception> UnlessSpec bind(JsonNode params, String path, SpecBinder<E> binder) throws E {
            if (!params.has("probe")) {
                throw binder.keyError(path, "'unless' needs 'probe'", null);
            }
            return new UnlessSpec(binder.probe(params.get("probe"), path + "/probe"), params.path("reason").asText(null));
        }

        @Override
        public Outcome run(UnlessSpec spec, ProbeContext ctx) {
            return Outcome.manual(spec.reason());
        }
    }

    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.of(
            List.of(new WalkthroughProbe(), new UnlessProbe(), new EnvProbe(), new ManualProbe())));

    private static final String WALKTHROUGH = """
            section: Operations
            checks:
              - id: ops.restore-drill
                title: A restore drill was run this quarter
                severity: high
                rationale: An untested backup is a hope.
                remediation: Restore last night's backup into staging.
                attestation: {maxAge: 92d}
                probe: {type: walkthrough, steps: restore into staging and compare row counts}
            """;

    @Test
    void aManualFamilyOfAnyNameTakesAnAttestationRuleAndAnAttestation() throws Exception {
        Check drill = LOADER.parseFile("ops.yaml", WALKTHROUGH).get(0);
        assertTrue(drill.manual());
        assertEquals(92, drill.attestation().maxAgeDays());

        LocalDate today = LocalDate.of(2026, 11, 25);
        Attestations a = new AttestationsLoader(List.of(drill), today).parse("attestations.yaml", """
                version: 1
                attestations:
                  - check: ops.restore-drill
                    by: alice@example.com
                    date: 2026-11-20
                    evidence: https://wiki.example.com/ops/restore-drill-2026-q4
                    expires: 2027-02-01
                """);
        assertEquals(1, a.attestations().size());
    }

    @Test
    void anAutomaticFamilyRefusesAnAttestationRuleWhateverItsName() {
        InputException e = assertThrows(InputException.class, () -> LOADER.parseFile("ops.yaml",
                WALKTHROUGH.replace("{type: walkthrough, steps: restore into staging and compare row counts}",
                        "{type: env, vars: {BACKUP_BUCKET: {}}}")));
        assertEquals("ops.yaml:8:5: 'attestation' applies only to manual checks "
                + "(hint: this check is decided by its env probe; remove 'attestation')", e.oneLine());
    }

    @Test
    void aFamilyHoldingAProbeBindsItThroughTheSpi() throws Exception {
        Check c = LOADER.parseFile("ops.yaml", """
                section: Operations
                checks:
                  - id: ops.backup-bucket
                    title: Backups go to a bucket
                    severity: high
                    rationale: r
                    remediation: m
                    probe:
                      type: unless
                      reason: the bucket is provisioned by Terraform
                      probe: {type: env, vars: {BACKUP_BUCKET: {minLength: 3}}}
                """).get(0);
        UnlessSpec spec = assertInstanceOf(UnlessSpec.class, c.spec());
        assertEquals("env", spec.probe().type());
        assertInstanceOf(EnvSpec.class, spec.probe().spec());

        InputException e = assertThrows(InputException.class, () -> LOADER.parseFile("ops.yaml", """
                section: Operations
                checks:
                  - id: ops.backup-bucket
                    title: Backups go to a bucket
                    severity: high
                    rationale: r
                    remediation: m
                    probe:
                      type: unless
                      probe: {type: env, vars: {BACKUP_BUCKET: {minLenght: 3}}}
                """));
        assertTrue(e.oneLine().startsWith("ops.yaml:10:49: unknown key 'minLenght'"), e.oneLine());
    }
}
