package dev.prodaudit.probe.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An error-tracking SDK initialised where the API and the worker start, not only a DSN in the env file. */
class ErrorTrackingTest {
    @TempDir
    Path repo;

    private static final String INSTRUMENT = """
            const Sentry = require('@sentry/node');
            Sentry.init({ dsn: process.env.SENTRY_DSN, tracesSampleRate: 0.1 });
            """;

    private static final String APP = """
            const express = require('express');
            const Sentry = require('@sentry/node');
            const app = express();
            app.get('/health', (req, res) => res.json({ ok: true }));
            Sentry.setupExpressErrorHandler(app);
            module.exports = app;
            """;

    @Test
    void commonJsApiAndWorkerBothRequiringTheInstrumentFilePass() {
        Outcome outcome = RuleRun.judge("errorTracking", repo, Map.of("SENTRY_DSN", "https://k@o1.ingest.sentry.io/1"),
                Map.of(
                        "src/instrument.js", INSTRUMENT,
                        "src/app.js", APP,
                        "src/server.js", "require('./instrument');\nconst app = require('./app');\napp.listen(3007);\n",
                        "src/worker.js", """
                                require('./instrument');
                                const { Worker } = require('bullmq');
                                new Worker('notion-sync', async (job) => job.data, { connection: {} });
                                """));
        assertEquals(Status.PASS, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().contains("the API (src/server.js) initialises error tracking: Sentry.init at"
                + " src/instrument.js:2"), outcome.evidence());
        assertTrue(RuleRun.findings(outcome).stream().anyMatch(f -> f.startsWith("PASS src/instrument.js:2 the worker (src/worker.js) initialises")),
                RuleRun.findings(outcome).toString());
        assertFalse(outcome.toString().contains("o1.ingest"), "the DSN is never shown");
    }

    @Test
    void aDsnInTheEnvWithoutSentryInitInTheWorkerFails() {
        Outcome outcome = RuleRun.judge("errorTracking", repo, Map.of("SENTRY_DSN", "https://k@o1.ingest.sentry.io/1"),
                Map.of(
                        "src/instrument.js", INSTRUMENT,
                        "src/app.js", APP,
                        "src/server.js", "require('./instrument');\nconst app = require('./app');\napp.listen(3007);\n",
                        "src/worker.js", """
                                const { Worker } = require('bullmq');
                                new Worker('notion-sync', async (job) => job.data, { connection: {} });
                                """));
        assertEquals(Status.FAIL, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().startsWith("SENTRY_DSN is set but no Sentry.init runs in the worker"
                + " (src/worker.js); Sentry.init at src/instrument.js:2 is not loaded by it"), outcome.evidence());
        assertFalse(outcome.toString().contains("o1.ingest"), "the DSN is never shown");
    }

    @Test
    void esmApiPreloadingTheInstrumentFromItsStartScriptPassesAndWithoutTheExpressHandlerWarns() {
        Outcome outcome = RuleRun.judge("errorTracking", repo, Map.of(
                "package.json", """
                        {"name": "api", "type": "module", "scripts": {"start": "node --import ./src/instrument.mjs src/server.mjs"}}
                        """,
                "src/instrument.mjs", "import * as Sentry from '@sentry/node';\nSentry.init({ dsn: process.env.SENTRY_DSN });\n",
                "src/server.mjs", """
                        import express from 'express';
                        const app = express();
                        app.get('/health', (req, res) => res.json({ ok: true }));
                        app.listen(3007);
                        """));
        assertEquals(Status.WARN, outcome.status(), outcome.toString());
        assertTrue(RuleRun.findings(outcome).contains("PASS src/instrument.mjs:2 the API (src/server.mjs) initialises"
                + " error tracking: Sentry.init at src/instrument.mjs:2"), RuleRun.findings(outcome).toString());
        assertTrue(outcome.evidence().contains("no Sentry.setupExpressErrorHandler(app)"), outcome.evidence());
    }

    @Test
    void typeScriptApiWithoutAnySdkFailsAndRollbarInTheAppPasses() {
        String server = """
                import express from 'express';
                import { tracker } from './tracking';
                const app = express();
                app.use(tracker.errorHandler());
                export default app;
                """;
        Outcome without = RuleRun.judge("errorTracking", repo, Map.of(
                "src/server.ts", server,
                "src/tracking.ts", "export const tracker = { errorHandler: () => (err: Error, req: any, res: any, next: any) => next(err) };\n"));
        assertEquals(Status.FAIL, without.status(), without.toString());
        assertTrue(without.evidence().startsWith("the API (src/server.ts) initialises no error tracking"),
                without.evidence());

        Outcome rollbar = RuleRun.judge("errorTracking", repo, Map.of(
                "src/server.ts", server,
                "src/tracking.ts", """
                        import Rollbar from 'rollbar';
                        export const tracker = new Rollbar({ accessToken: process.env.ROLLBAR_ACCESS_TOKEN, captureUncaught: true });
                        """));
        assertEquals(Status.PASS, rollbar.status(), rollbar.toString());
        assertTrue(rollbar.evidence().contains("new Rollbar at src/tracking.ts:2"), rollbar.evidence());
    }

    @Test
    void sentryDisabledInProductionFails() {
        Outcome outcome = RuleRun.judge("errorTracking", repo, Map.of(
                "src/instrument.js", """
                        const Sentry = require('@sentry/node');
                        Sentry.init({ dsn: process.env.SENTRY_DSN, enabled: process.env.NODE_ENV === 'development' });
                        """,
                "src/app.js", APP,
                "src/server.js", "require('./instrument');\nrequire('./app').listen(3007);\n"));
        assertEquals(Status.FAIL, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().contains("which is false in production"), outcome.evidence());
    }
}
