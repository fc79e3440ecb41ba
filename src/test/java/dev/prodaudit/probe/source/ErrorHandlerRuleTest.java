package dev.prodaudit.probe.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Express error handler answers without the stack or the raw message in production. */
class ErrorHandlerRuleTest {
    @TempDir
    Path repo;

    private static final String APP_CJS = """
            const express = require('express');
            const { errorHandler } = require('./middleware/errors');
            const app = express();
            app.get('/health', (req, res) => res.json({ ok: true }));
            app.use(errorHandler);
            module.exports = app;
            """;

    @Test
    void commonJsHandlerSendingTheStackOnlyOutsideProductionPasses() {
        Outcome outcome = RuleRun.judge("errorHandler", repo, Map.of(
                "src/app.js", APP_CJS,
                "src/middleware/errors.js", """
                        const logger = require('../logger');
                        function errorHandler(err, req, res, next) {
                          logger.error({ err }, 'request failed');
                          const status = err.status || 500;
                          res.status(status).json({
                            error: status >= 500 ? 'Something went wrong, please retry' : err.expose ? err.message : 'Bad request',
                            ...(process.env.NODE_ENV !== 'production' && { stack: err.stack }),
                          });
                        }
                        module.exports = { errorHandler };
                        """));
        assertEquals(Status.PASS, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().startsWith("the error handler at src/middleware/errors.js:2 (registered at"
                + " src/app.js:5) answers without err.stack or err.message in production"), outcome.evidence());
    }

    @Test
    void commonJsHandlerSendingTheStackFails() {
        Outcome outcome = RuleRun.judge("errorHandler", repo, Map.of(
                "src/app.js", APP_CJS,
                "src/middleware/errors.js", """
                        exports.errorHandler = (err, req, res, next) => {
                          res.status(err.status || 500).json({ error: err.message, stack: err.stack });
                        };
                        """));
        assertEquals(Status.FAIL, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().matches("the error handler at src/middleware/errors.js:1 answers with"
                + " err\\.(message|stack) \\(src/middleware/errors.js:2\\) when NODE_ENV is production"), outcome.evidence());
    }

    @Test
    void esmInlineHandlerLeakingTheMessageThroughAVariableFailsAndAnEarlyProductionReturnPasses() {
        Outcome bad = RuleRun.judge("errorHandler", repo, Map.of("src/app.mjs", """
                import express from 'express';
                const app = express();
                app.use((err, req, res, next) => {
                  const detail = `Request failed: ${err.message}`;
                  res.status(500).send({ detail });
                });
                export default app;
                """));
        assertEquals(Status.FAIL, bad.status(), bad.toString());
        assertTrue(bad.evidence().contains("err.message (src/app.mjs:4)"), bad.evidence());

        Outcome good = RuleRun.judge("errorHandler", repo, Map.of("src/app.mjs", """
                import express from 'express';
                const app = express();
                app.use((err, req, res, next) => {
                  if (process.env.NODE_ENV === 'production') {
                    return res.status(500).json({ error: 'Internal server error' });
                  }
                  res.status(500).json({ error: err.message, stack: err.stack });
                });
                export default app;
                """));
        assertEquals(Status.PASS, good.status(), good.toString());
        assertTrue(good.evidence().contains("only outside production (src/app.mjs:7)"), good.evidence());
    }

    @Test
    void typeScriptAppWithoutAnErrorHandlerWarnsAndATypedFactoryHandlerIsJudged() {
        Outcome none = RuleRun.judge("errorHandler", repo, Map.of("src/server.ts", """
                import express, { Request, Response } from 'express';
                const app = express();
                app.get('/health', (req: Request, res: Response) => res.json({ ok: true }));
                export default app;
                """));
        assertEquals(Status.WARN, none.status(), none.toString());
        assertTrue(none.evidence().startsWith("no Express error handler (a four-parameter function registered with"
                + " app.use) on the app created at src/server.ts:2"), none.evidence());

        Outcome factory = RuleRun.judge("errorHandler", repo, Map.of(
                "src/server.ts", """
                        import express from 'express';
                        import { errors } from './errors';
                        const app = express();
                        app.use(errors());
                        export default app;
                        """,
                "src/errors.ts", """
                        import { NextFunction, Request, Response } from 'express';
                        export function errors() {
                          return (err: Error, req: Request, res: Response, next: NextFunction) => {
                            res.status(500).json({ error: err.message });
                          };
                        }
                        """));
        assertEquals(Status.FAIL, factory.status(), factory.toString());
        assertTrue(factory.evidence().contains("err.message (src/errors.ts:4)"), factory.evidence());
    }
}
