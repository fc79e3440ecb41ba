package dev.prodaudit.probe.source;

import static dev.prodaudit.probe.source.WebRulesKit.judge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cors() options of Express apps, from the allow-list in the environment to origins that trust every site. */
class CorsRuleTest {

    private static Outcome app(String file, String source) {
        return judge("cors", Map.of(file, source));
    }

    @Test
    void commonJsOriginFromAConfigModuleReadingAllowedOriginsPasses() {
        Outcome o = judge("cors", Map.of(
                "src/app.js", """
                        const express = require('express');
                        const cors = require('cors');
                        const config = require('./config');
                        const app = express();
                        app.use(cors({ origin: config.allowedOrigins, credentials: true }));
                        """,
                "src/config/index.js", """
                        module.exports = {
                          port: Number(process.env.PORT ?? 3007),
                          allowedOrigins: (process.env.ALLOWED_ORIGINS || '').split(',').map((o) => o.trim()).filter(Boolean),
                        };
                        """));
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals("cors() at src/app.js:5 allows the origins from env ALLOWED_ORIGINS (src/config/index.js:3),"
                + " with credentials", o.evidence());
    }

    @Test
    void esModuleOriginFunctionCheckingAnEnvListPasses() {
        Outcome o = app("src/server.mjs", """
                import express from 'express';
                import cors from 'cors';
                const allowed = process.env.ALLOWED_ORIGINS?.split(',') ?? [];
                const corsOptions = {
                  origin(origin, callback) {
                    if (!origin || allowed.includes(origin)) return callback(null, true);
                    callback(new Error('Not allowed by CORS'));
                  },
                  credentials: true,
                };
                const app = express();
                app.use(cors(corsOptions));
                """);
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().contains("from env ALLOWED_ORIGINS (src/server.mjs:3), tested in the origin function"
                + " at src/server.mjs:5"), o.evidence());
    }

    @Test
    void noOptionsMeansEveryOriginGetsAStar() {
        Outcome o = app("src/app.js", """
                const express = require('express');
                const cors = require('cors');
                const app = express();
                app.use(cors());
                """);
        assertEquals(Status.FAIL, o.status());
        assertEquals("cors() at src/app.js:4 has no options: the cors package then answers every origin with"
                + " Access-Control-Allow-Origin: *", o.evidence());
    }

    @Test
    void originTrueWithCredentialsLetsAnySiteReadAuthenticatedAnswers() {
        Outcome o = app("src/app.js", """
                const cors = require('cors');
                const app = require('express')();
                app.use(cors({
                  origin: true,
                  credentials: true,
                }));
                """);
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().contains("has origin: true (src/app.js:4), which reflects every request's Origin"),
                o.evidence());
        assertTrue(o.evidence().contains("with credentials: true (src/app.js:5) any website can send requests"
                + " carrying the user's cookies or auth and read the answers"), o.evidence());
    }

    @Test
    void aStarWithCredentialsIsCalledOutForBreakingLoggedInCalls() {
        Outcome o = app("src/app.js", """
                const cors = require('cors');
                const app = require('express')();
                app.use(cors({ origin: '*', credentials: true }));
                """);
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().contains("browsers refuse credentialed answers carrying '*'"), o.evidence());
    }

    @Test
    void typeScriptOriginFunctionThatAlwaysSaysYesFails() {
        Outcome o = judge("cors", Map.of(
                "src/app.ts", """
                        import express from 'express';
                        import cors, { CorsOptions } from 'cors';
                        import { corsOptions } from './cors';
                        const app = express();
                        app.use(cors(corsOptions));
                        """,
                "src/cors.ts", """
                        import { CorsOptions } from 'cors';
                        export const corsOptions: CorsOptions = {
                          origin: (origin: string | undefined, cb: (err: Error | null, allow?: boolean) => void) => cb(null, true),
                          credentials: true,
                        };
                        """));
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().contains("has an origin function (src/cors.ts:3) that calls cb with true for every"
                + " origin without testing it"), o.evidence());
    }

    @Test
    void anEnvOriginThatFallsBackToAStarFailsWhenTheEnvFileDoesNotSetIt() {
        Outcome o = app("src/app.js", """
                const cors = require('cors');
                const app = require('express')();
                app.use(cors({ origin: process.env.CORS_ORIGIN || '*' }));
                """);
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().contains("which is '*' with the env file's setting"), o.evidence());
    }

    @Test
    void originsFixedInTheCodeAreAWarning() {
        Outcome o = app("src/app.js", """
                const cors = require('cors');
                const app = require('express')();
                app.use(cors({ origin: ['https://app.example.com', 'https://admin.example.com'] }));
                """);
        assertEquals(Status.WARN, o.status());
        assertTrue(o.evidence().contains("fixed in the code rather than read from ALLOWED_ORIGINS"), o.evidence());
    }

    @Test
    void aStarHeaderWrittenByHandFails() {
        Outcome o = app("src/app.js", """
                const app = require('express')();
                app.use((req, res, next) => { res.setHeader('Access-Control-Allow-Origin', '*'); next(); });
                """);
        assertEquals(Status.FAIL, o.status());
        assertEquals("Access-Control-Allow-Origin is set to '*' by hand at src/app.js:2: every website may call the API",
                o.evidence());
    }
}
