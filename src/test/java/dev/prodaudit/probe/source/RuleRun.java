package dev.prodaudit.probe.source;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.source.SourceIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One source rule judged on sources given inline, with an env and the repository's package.json files. */
final class RuleRun {
    private RuleRun() {
    }

    static Outcome judge(String rule, Path repository, Map<String, String> env, Map<String, String> sources) {
        for (Map.Entry<String, String> e : sources.entrySet()) {
            if (e.getKey().endsWith("package.json")) {
                try {
                    Path file = repository.resolve(e.getKey());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, e.getValue());
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            }
        }
        try (SharedClients clients = new SharedClients()) {
            ProbeContext ctx = new ProbeContext(Env.of(List.of(), env, Set.of(), List.of()), repository,
                    Targets.none(), Duration.ofSeconds(5), clients);
            SourceCode code = SourceCode.of(ctx, SourceIndex.of(sources));
            return SourceProbe.judge(new SourceSpec(rule), code);
        }
    }

    static Outcome judge(String rule, Path repository, Map<String, String> sources) {
        return judge(rule, repository, Map.of(), sources);
    }

    /** "STATUS path:line message" of every finding, for assertions that name what was found where. */
    static List<String> findings(Outcome outcome) {
        return outcome.findings().stream().map(f -> f.status() + " " + f.file() + ":" + f.line() + " " + f.message())
                .toList();
    }
}
