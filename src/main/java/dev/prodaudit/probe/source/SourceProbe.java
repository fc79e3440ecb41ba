package dev.prodaudit.probe.source;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code type: source}: a rule judged on the application's own JavaScript and TypeScript (parsed with tree-sitter,
 * imports resolved across files, Express apps assembled). The sources are parsed once per run, in parallel, and
 * shared by every source check. Where tree-sitter has no native library (a platform its jars do not cover) every
 * source check is an ERROR naming the platform, never a guess.
 */
public final class SourceProbe implements Probe<SourceSpec> {

    @Override
    public String type() {
        return "source";
    }

    @Override
    public Class<SourceSpec> specType() {
        return SourceSpec.class;
    }

    @Override
    public Set<Evidence> evidence(SourceSpec spec) {
        return Set.of(Evidence.CODE);
    }

    @Override
    public List<String> decides(SourceSpec spec) {
        return SourceRules.named(spec.require()).map(r -> List.of(r.explains())).orElse(List.of());
    }

    @Override
    public Outcome run(SourceSpec spec, ProbeContext ctx) {
        if (!Files.isDirectory(ctx.repository())) {
            return Outcome.error("repository folder " + ctx.repository() + " does not exist");
        }
        SourceCode code;
        try {
            code = SourceCode.of(ctx);
        } catch (java.io.UncheckedIOException e) {
            return Outcome.error("cannot list " + ctx.repository() + ": " + e.getCause().getMessage());
        }
        return judge(spec, code);
    }

    /** The verdict of {@code spec}'s rule on {@code code}. */
    static Outcome judge(SourceSpec spec, SourceCode code) {
        if (code.index().unavailable().isPresent()) {
            return Outcome.error(code.index().unavailable().get());
        }
        if (code.index().modules().isEmpty()) {
            return Outcome.error("no JavaScript or TypeScript source found (node_modules, build output, minified files"
                    + " and tests are not read)");
        }
        var rule = SourceRules.named(spec.require());
        if (rule.isEmpty()) {
            return Outcome.error("source rule " + spec.require() + " is not available in this version");
        }
        List<Finding> findings = rule.get().judge(code);
        return Outcome.from(findings);
    }
}
