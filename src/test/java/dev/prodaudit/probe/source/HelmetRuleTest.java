package dev.prodaudit.probe.source;

import static dev.prodaudit.probe.source.WebRulesKit.at;
import static dev.prodaudit.probe.source.WebRulesKit.judge;
import static dev.prodaudit.probe.source.WebRulesKit.verdicts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where helmet() runs in Express apps across files, and which of its headers the options switch off. */
class HelmetRuleTest {

    private static final String AUTH_ROUTES = """
            const express = require('express');
            const router = express.Router();
            router.post('/login', (req, res) => res.json({}));
            router.post('/register', (req, res) => res.json({}));
            module.exports = router;
            """;

    @Test
    void helmetMountedFirstInACommonJsAppCoversTheRoutersMountedAfterIt() {
        Outcome o = judge("helmet", Map.of(
                "src/app.js", """
                        const express = require('express');
                        const helmet = require('helmet');
                        const authRoutes = require('./routes/auth');
                        const app = express();
                        app.use(helmet());
                        app.use(express.json());
                        app.get('/health', (req, res) => res.json({ status: 'ok' }));
                        app.use('/api/auth', authRoutes);
                        module.exports = app;
                        """,
                "src/routes/auth.js", AUTH_ROUTES));
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals("helmet() (src/app.js:5) runs before all 3 routes", o.evidence());
    }

    @Test
    void routesRegisteredBeforeHelmetAreListedEachWithItsLine() {
        Outcome o = judge("helmet", Map.of(
                "src/app.js", """
                        const express = require('express');
                        const helmet = require('helmet');
                        const authRoutes = require('./routes/auth');
                        const app = express();
                        app.get('/health', (req, res) => res.json({ status: 'ok' }));
                        app.use('/api/auth', authRoutes);
                        app.use(helmet());
                        app.get('/api/me', (req, res) => res.json({}));
                        module.exports = app;
                        """,
                "src/routes/auth.js", AUTH_ROUTES));
        assertEquals(Status.FAIL, o.status());
        assertEquals(List.of("FAIL src/app.js:5", "FAIL src/routes/auth.js:3", "FAIL src/routes/auth.js:4"), verdicts(o));
        assertTrue(at(o, "src/app.js:5").message().startsWith("GET /health (src/app.js:5) runs without helmet():"
                + " it is registered before helmet() (src/app.js:7)"), o.findings().toString());
    }

    @Test
    void esModuleOptionsThatSwitchOffCspHstsAndFramingFailNamingTheHeader() {
        Outcome o = judge("helmet", Map.of(
                "src/server.mjs", """
                        import express from 'express';
                        import helmet from 'helmet';
                        const app = express();
                        app.use(helmet({
                          contentSecurityPolicy: false,
                          hsts: false,
                          frameguard: false,
                          crossOriginEmbedderPolicy: false,
                        }));
                        app.get('/api/items', (req, res) => res.json([]));
                        """));
        assertEquals(Status.FAIL, o.status());
        assertEquals(List.of("FAIL src/server.mjs:5", "FAIL src/server.mjs:6", "FAIL src/server.mjs:7",
                "PASS src/server.mjs:4"), verdicts(o));
        assertTrue(at(o, "src/server.mjs:5").message().equals(
                "helmet({ contentSecurityPolicy: false }) at src/server.mjs:5 turns off Content-Security-Policy"));
        assertTrue(at(o, "src/server.mjs:6").message().endsWith("turns off Strict-Transport-Security"));
        assertTrue(at(o, "src/server.mjs:7").message().endsWith("turns off X-Frame-Options"));
    }

    @Test
    void typeScriptHelmetConfiguredInItsOwnModuleCountsAndItsCurrentOptionNamesAreJudged() {
        String app = """
                import express from 'express';
                import { securityHeaders } from './middleware/security';
                import { apiRouter } from './routes/api';
                const app = express();
                app.use(securityHeaders);
                app.use('/api', apiRouter);
                export default app;
                """;
        String api = """
                import { Router } from 'express';
                export const apiRouter = Router();
                apiRouter.get('/documents', (req, res) => { res.json([]); });
                """;
        Outcome good = judge("helmet", Map.of("src/app.ts", app, "src/routes/api.ts", api,
                "src/middleware/security.ts", """
                        import helmet from 'helmet';
                        export const securityHeaders = helmet({
                          contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"] } },
                          strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
                        });
                        """));
        assertEquals(Status.PASS, good.status(), good.evidence());
        Outcome bad = judge("helmet", Map.of("src/app.ts", app, "src/routes/api.ts", api,
                "src/middleware/security.ts", """
                        import helmet from 'helmet';
                        const disabled = false;
                        export const securityHeaders = helmet({ strictTransportSecurity: disabled, xFrameOptions: false });
                        """));
        assertEquals(List.of("FAIL src/middleware/security.ts:3", "FAIL src/middleware/security.ts:3",
                "PASS src/middleware/security.ts:3"), verdicts(bad));
        assertTrue(WebRulesKit.has(bad, Status.FAIL, "helmet({ strictTransportSecurity: false })"));
    }

    @Test
    void helmetOnlyOnTheApiRouterLeavesTheAppsOwnRoutesUncovered() {
        Outcome o = judge("helmet", Map.of("src/app.js", """
                const express = require('express');
                const helmet = require('helmet');
                const app = express();
                const api = express.Router();
                api.use(helmet());
                api.get('/items', (req, res) => res.json([]));
                app.use('/api', api);
                app.get('/', (req, res) => res.send('<h1>hello</h1>'));
                """));
        assertEquals(List.of("FAIL src/app.js:8"), verdicts(o));
    }

    @Test
    void noHelmetAtAllFails() {
        Outcome o = judge("helmet", Map.of("src/app.js", """
                const express = require('express');
                const app = express();
                app.get('/health', (req, res) => res.json({}));
                """));
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().startsWith("helmet() is never called: the Express app (src/app.js:2)"), o.evidence());
    }
}
