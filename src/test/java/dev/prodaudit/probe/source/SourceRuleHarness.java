package dev.prodaudit.probe.source;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.SourceIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Judges one source rule on an application given as path-to-text (the tests of the data-protection rules). */
final class SourceRuleHarness {
    private SourceRuleHarness() {
    }

    static Outcome judge(String rule, Map<String, String> files) {
        try (SharedClients clients = new SharedClients()) {
            ProbeContext ctx = new ProbeContext(Env.empty(), Path.of("."), Targets.none(), Duration.ofSeconds(5),
                    clients);
            return SourceProbe.judge(new SourceSpec(rule), SourceCode.of(ctx, SourceIndex.of(files)));
        }
    }

    static List<Finding> findings(Outcome outcome, Status status) {
        return outcome.findings().stream().filter(f -> f.status() == status).toList();
    }
}
