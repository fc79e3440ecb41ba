package dev.prodaudit.probe.source;

import dev.prodaudit.config.Env;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.repo.RepoFiles;
import dev.prodaudit.repo.Workloads;
import dev.prodaudit.source.ExpressModel;
import dev.prodaudit.source.Module;
import dev.prodaudit.source.Resolver;
import dev.prodaudit.source.SourceIndex;
import dev.prodaudit.source.Value;
import dev.prodaudit.source.Values;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * What a rule reads: the run's parsed sources with their resolver, evaluator and Express model (each built once per
 * run and shared by every source check), the env file, and the workloads model when a rule needs the deployment
 * (replica counts).
 */
final class SourceCode {
    private final ProbeContext ctx;
    private final SourceIndex index;
    private final Resolver resolver;
    private final Values values;
    private final ExpressModel express;

    private SourceCode(ProbeContext ctx, SourceIndex index, ExpressModel express, Resolver resolver) {
        this.ctx = ctx;
        this.index = index;
        this.resolver = resolver;
        this.values = new Values(resolver);
        this.express = express;
    }

    /** The run's sources of the audited repository, parsed on first use. */
    static SourceCode of(ProbeContext ctx) {
        String key = ctx.repository().toAbsolutePath().toString();
        // The parse runs on a thread of its own, not on the thread of the first check that asks: a check whose
        // deadline passes stops waiting (and times out alone); the parse goes on for the checks still waiting.
        IndexBuild build = ctx.clients().get("source-index:" + key, IndexBuild.class, () -> new IndexBuild(
                CompletableFuture.supplyAsync(() -> SourceIndex.build(ctx.repository(), RepoFiles.of(ctx)),
                        runnable -> {
                            Thread t = new Thread(runnable, "prodaudit-source-index");
                            t.setDaemon(true);
                            t.start();
                        })));
        SourceIndex index;
        try {
            index = build.parsed().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped waiting for the sources to be parsed", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("parsing the sources failed", e.getCause());
        }
        Resolver resolver = new Resolver(index);
        ExpressModel express = ctx.clients().get("express-model:" + key, ExpressModel.class,
                () -> ExpressModel.of(resolver));
        return new SourceCode(ctx, index, express, resolver);
    }

    /** The run's parse of the sources, shared by every source check while it is under way and after. */
    private record IndexBuild(CompletableFuture<SourceIndex> parsed) {
    }

    /** Sources given directly (tests of a single rule). */
    static SourceCode of(ProbeContext ctx, SourceIndex index) {
        Resolver resolver = new Resolver(index);
        return new SourceCode(ctx, index, ExpressModel.of(resolver), resolver);
    }

    SourceIndex index() {
        return index;
    }

    Resolver resolver() {
        return resolver;
    }

    Values values() {
        return values;
    }

    ExpressModel express() {
        return express;
    }

    Env env() {
        return ctx.env();
    }

    ProbeContext context() {
        return ctx;
    }

    /** The value an expression has in production: an env-derived value judged against the env file. */
    Value production(Module module, dev.prodaudit.source.Node expression) {
        Value v = values.eval(module, expression);
        if (v instanceof Value.FromEnv env) {
            return env.given(ctx.env() == null ? null : ctx.env().get(env.variable()).orElse(null));
        }
        return v;
    }

    /** The workloads model of the repository (shared with the workloads checks), when it can be built. */
    Optional<Workloads> workloads() {
        try {
            return Optional.of(Workloads.of(ctx));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
