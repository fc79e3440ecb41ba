package dev.prodaudit.probe.dns;

import dev.prodaudit.testing.DnsResponder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.Targets;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DNS checks through the real engine: a resolver that never answers costs one timeout, not one per check. */
class DnsRunnerTest {
    private static final ProbeRegistry REGISTRY = ProbeRegistry.load();

    private static List<Check> twentyDnsChecks() throws Exception {
        StringBuilder yaml = new StringBuilder("section: Mail\nchecks:\n");
        String[] variants = {"records: [spf, dkim, dmarc], spfNames: [\"send.{domain}\"], spfInclude: amazonses.com",
                "records: [dmarc]", "records: [dkim], dkimSelector: s1", "records: [spf]"};
        for (int i = 0; i < 20; i++) {
            yaml.append("""
                      - id: mail.dns-%d
                        title: DNS %d
                        severity: high
                        rationale: because
                        remediation: fix it
                        probe: {type: dns, %s}
                    """.formatted(i, i, variants[i % variants.length]));
        }
        return new CatalogLoader(REGISTRY).parseFile("mail.yaml", yaml.toString());
    }

    private static List<Result> run(List<Check> checks, String dnsServer) {
        return run(checks, dnsServer, Duration.ofSeconds(1));
    }

    private static List<Result> run(List<Check> checks, String dnsServer, Duration timeout) {
        Targets targets = DnsProbeTest.targets("example.com", dnsServer);
        Runner runner = new Runner(REGISTRY, 8, timeout, Redactor.of(Env.empty(), List.of()));
        try (SharedClients clients = new SharedClients()) {
            return runner.run(checks, budget -> new ProbeContext(Env.empty(), Path.of("."), targets, budget, clients), r -> { });
        }
    }

    @Test
    void twentyChecksAgainstASilentResolverCostOneTimeout() throws Exception {
        // The wall-clock side of this claim is measured by bench/hung-targets.sh, not asserted here.
        List<Check> checks = twentyDnsChecks();
        try (DnsResponder silent = DnsResponder.silent()) {
            // 2 s: the probe's own budget (1.8 s) then ends the first wave well before the engine's watchdog would.
            List<Result> results = run(checks, silent.server(), Duration.ofSeconds(2));
            assertEquals(20, results.size());
            for (Result r : results) {
                assertEquals(Status.ERROR, r.status(), r.check().id() + ": " + r.evidence());
                // The probe's budget, not the watchdog's "timed out after 2000 ms".
                assertTrue(r.evidence().startsWith("timed out after 1800 ms"), r.check().id() + ": " + r.evidence());
            }
            // The first wave (8 slots) asked; every later check was told of the hung resolver without asking.
            long told = results.stream().filter(r -> r.evidence().contains("did not answer an earlier check in this run")).count();
            assertTrue(told >= 12, told + " checks were short-circuited");
            assertTrue(silent.queries() <= 8, silent.queries() + " queries");
        }
    }

    @Test
    void twentyChecksAgainstALiveResolverAllGetAnswers() throws Exception {
        List<Check> checks = twentyDnsChecks();
        try (DnsResponder dns = DnsResponder.answering()) {
            dns.txt("send.example.com", "v=spf1 include:amazonses.com -all");
            dns.txt("example.com", "v=spf1 -all");
            dns.longTxt("resend._domainkey.example.com", "p=" + DnsProbeTest.rsaKey(2048));
            dns.longTxt("s1._domainkey.example.com", "p=" + DnsProbeTest.rsaKey(2048));
            dns.txt("_dmarc.example.com", "v=DMARC1; p=reject");
            List<Result> results = run(checks, dns.server());
            for (Result r : results) {
                assertEquals(Status.PASS, r.status(), r.check().id() + ": " + r.evidence());
            }
        }
    }
}
