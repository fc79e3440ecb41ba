package dev.prodaudit.probe.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Status;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logger the API and the BullMQ worker load, judged for JSON output in production. */
class StructuredLoggingRuleTest {
    @TempDir
    Path repo;

    private static final String SERVER_CJS = """
            const express = require('express');
            const logger = require('./logger');
            const app = express();
            app.get('/health', (req, res) => res.json({ ok: true }));
            app.listen(3007, () => logger.info('listening'));
            """;

    private static final String WORKER_CJS = """
            const { Worker } = require('bullmq');
            const logger = require('./logger');
            new Worker('notion-sync', async (job) => logger.info({ jobId: job.id }, 'sync'), { connection: {} });
            """;

    @Test
    void commonJsWinstonWithCombinedJsonFormatPassesForTheApiAndTheWorker() {
        Outcome outcome = RuleRun.judge("structuredLogging", repo, Map.of(
                "src/server.js", SERVER_CJS,
                "src/worker.js", WORKER_CJS,
                "src/logger.js", """
                        const winston = require('winston');
                        module.exports = winston.createLogger({
                          level: process.env.LOG_LEVEL || 'info',
                          format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
                          transports: [new winston.transports.Console()],
                        });
                        """));
        assertEquals(Status.PASS, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().contains("winston createLogger at src/logger.js:2"), outcome.evidence());
        assertTrue(outcome.evidence().contains("format.json() at src/logger.js:4"), outcome.evidence());
    }

    @Test
    void winstonChoosingSimpleFormatWhenNodeEnvIsProductionFails() {
        Outcome outcome = RuleRun.judge("structuredLogging", repo, Map.of(
                "src/server.js", SERVER_CJS,
                "src/logger.js", """
                        const { createLogger, format, transports } = require('winston');
                        const { combine, timestamp, json, simple, colorize } = format;
                        const isProduction = process.env.NODE_ENV === 'production';
                        module.exports = createLogger({
                          format: isProduction ? combine(colorize(), simple()) : combine(timestamp(), json()),
                          transports: [new transports.Console()],
                        });
                        """));
        assertEquals(Status.FAIL, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().contains("src/logger.js:5"), outcome.evidence());
        assertTrue(outcome.evidence().matches(".*format\\.(colorize|simple)\\(\\).*production.*"), outcome.evidence());
    }

    @Test
    void winstonPrettyOnlyOutsideProductionPassesThroughADestructuredJson() {
        Outcome outcome = RuleRun.judge("structuredLogging", repo, Map.of(
                "src/server.js", SERVER_CJS,
                "src/logger.js", """
                        const { createLogger, format, transports } = require('winston');
                        const { json, simple } = format;
                        const devFormat = format.combine(format.colorize(), simple());
                        module.exports = createLogger({
                          format: process.env.NODE_ENV !== 'production' ? devFormat : json(),
                          transports: [new transports.Console()],
                        });
                        """));
        assertEquals(Status.PASS, outcome.status(), outcome.toString());
    }

    @Test
    void esmPinoWithAnUnguardedPrettyTransportFailsAndAGuardedOnePasses() {
        String server = """
                import express from 'express';
                import { logger } from './logger.js';
                const app = express();
                app.listen(3007, () => logger.info('up'));
                """;
        Outcome bad = RuleRun.judge("structuredLogging", repo, Map.of(
                "src/server.mjs", server,
                "src/logger.mjs", """
                        import pino from 'pino';
                        export const logger = pino({
                          level: 'info',
                          transport: { target: 'pino-pretty', options: { colorize: true } },
                        });
                        """));
        assertEquals(Status.FAIL, bad.status(), bad.toString());
        assertTrue(bad.evidence().contains("pino() at src/logger.mjs:2") && bad.evidence().contains("src/logger.mjs:4"),
                bad.evidence());

        Outcome good = RuleRun.judge("structuredLogging", repo, Map.of(
                "src/server.mjs", server,
                "src/logger.mjs", """
                        import pino from 'pino';
                        const transport = process.env.NODE_ENV === 'production' ? undefined : { target: 'pino-pretty' };
                        export const logger = pino({ level: 'info', transport });
                        """));
        assertEquals(Status.PASS, good.status(), good.toString());
        assertTrue(good.evidence().contains("only outside production"), good.evidence());
    }

    @Test
    void typeScriptApiLoggingWithConsoleOnlyFailsNamingTheLine() {
        Outcome outcome = RuleRun.judge("structuredLogging", repo, Map.of(
                "src/server.ts", """
                        import express, { Request, Response } from 'express';
                        const app = express();
                        app.get('/health', (req: Request, res: Response) => res.json({ ok: true }));
                        app.listen(3007, () => console.log('API listening on 3007'));
                        """));
        assertEquals(Status.FAIL, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().contains("the API (src/server.ts) creates no winston, pino or bunyan logger"),
                outcome.evidence());
        assertTrue(outcome.evidence().contains("console.log (src/server.ts:4)"), outcome.evidence());
    }

    @Test
    void aWorkerThatLoadsNoLoggerFailsAlthoughTheApiHasOne() {
        Outcome outcome = RuleRun.judge("structuredLogging", repo, Map.of(
                "src/server.js", SERVER_CJS,
                "src/logger.js", "module.exports = require('pino')();\n",
                "src/worker.js", """
                        const { Worker } = require('bullmq');
                        new Worker('notion-sync', async (job) => { console.log('syncing', job.id); });
                        """));
        assertEquals(Status.FAIL, outcome.status(), outcome.toString());
        assertTrue(outcome.evidence().startsWith("the worker (src/worker.js) creates no"), outcome.evidence());
        assertTrue(RuleRun.findings(outcome).stream().anyMatch(f -> f.startsWith("PASS src/logger.js:1")),
                RuleRun.findings(outcome).toString());
    }
}
