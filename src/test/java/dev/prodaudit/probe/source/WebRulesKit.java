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

/** Runs one source rule, as the catalogue names it, on an application given as path-to-text. */
final class WebRulesKit {
    private WebRulesKit() {
    }

    static Outcome judge(String rule, Map<String, String> sources) {
        try (SharedClients clients = new SharedClients()) {
            ProbeContext ctx = new ProbeContext(Env.empty(), Path.of("."), Targets.none(), Duration.ofSeconds(5), clients);
            return SourceProbe.judge(new SourceSpec(rule), SourceCode.of(ctx, SourceIndex.of(sources)));
        }
    }

    /** "STATUS file:line" of each finding, in order. */
    static List<String> verdicts(Outcome o) {
        return o.findings().stream().map(f -> f.status() + " " + f.where()).toList();
    }

    /** The one finding at {@code where}. */
    static Finding at(Outcome o, String where) {
        return o.findings().stream().filter(f -> where.equals(f.where())).findFirst()
                .orElseThrow(() -> new AssertionError("no finding at " + where + " in " + o.findings()));
    }

    static boolean has(Outcome o, Status status, String text) {
        return o.findings().stream().anyMatch(f -> f.status() == status && f.message().contains(text));
    }
}
