package dev.prodaudit.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Express apps assembled across files, in CommonJS, ES modules and TypeScript. */
class ExpressModelTest {

    private static final String RATE = """
            const rateLimit = require('express-rate-limit');
            const WINDOW = 15 * 60 * 1000;
            const authLimiter = rateLimit({ windowMs: WINDOW, max: Number(process.env.AUTH_MAX ?? 10) });
            module.exports = { authLimiter };
            """;

    @Test
    void commonJsRoutersMountedUnderPrefixesGetTheirFullPathsAndChains() {
        SourceIndex index = SourceIndex.of(Map.of(
                "src/app.js", """
                        const express = require('express');
                        const helmet = require('helmet');
                        const authRoutes = require('./routes/auth');
                        const app = express();
                        app.set('trust proxy', 1);
                        app.use(helmet());
                        app.use('/api/auth', authRoutes);
                        app.use(express.json());
                        module.exports = app;
                        """,
                "src/routes/auth.js", """
                        const express = require('express');
                        const { authLimiter } = require('../middleware/rate');
                        const router = express.Router();
                        router.post('/login', authLimiter, async (req, res) => res.json({}));
                        router.route('/register').post(authLimiter, (req, res) => res.json({}));
                        router.post('/forgot-password', (req, res) => res.json({}));
                        module.exports = router;
                        """,
                "src/middleware/rate.js", RATE));
        Resolver resolver = new Resolver(index);
        ExpressModel model = ExpressModel.of(resolver);
        assertEquals(1, model.apps().size());
        assertEquals(List.of("POST /api/auth/login", "POST /api/auth/register", "POST /api/auth/forgot-password"),
                model.routes().stream().map(r -> r.method() + " " + r.path()).toList());
        ExpressModel.Route login = model.routes("POST", "/login").get(0);
        assertEquals("src/routes/auth.js:4", login.where());
        assertEquals(List.of("app", "route"), login.chain().stream().map(ExpressModel.Middleware::level).toList());
        Resolver.Origin limiter = login.chain().get(1).origin();
        Resolver.Origin.Defined call = assertInstanceOf(Resolver.Origin.Defined.class, limiter);
        assertEquals("src/middleware/rate.js:3", call.node().where());
        Resolver.Origin.FromPackage factory = assertInstanceOf(Resolver.Origin.FromPackage.class,
                resolver.resolve(call.module(), call.node().child("function")));
        assertEquals("express-rate-limit", factory.packageName());
        assertTrue(factory.isMain());
        // express.json() was registered after the mount: it does not run before the router's routes
        assertEquals(1, model.routes("POST", "/forgot-password").get(0).chain().size());
        assertEquals(1, model.settings("trust proxy").size());
    }

    @Test
    void esModulesAndTypeScriptResolveNamedImportsAndDefaultExports() {
        SourceIndex index = SourceIndex.of(Map.of(
                "src/server.ts", """
                        import express, { Router } from 'express';
                        import { rateLimit } from 'express-rate-limit';
                        import authRouter from './routes/auth.js';
                        const app = express();
                        const api: Router = Router();
                        api.use('/auth', authRouter);
                        app.use('/api', api);
                        export default app;
                        """,
                "src/routes/auth.ts", """
                        import { Router, Request, Response } from 'express';
                        import { loginLimiter } from '../middleware/limits';
                        const router = Router();
                        router.post('/login', loginLimiter, (req: Request, res: Response) => { res.json({}); });
                        export default router;
                        """,
                "src/middleware/limits.ts", """
                        import { rateLimit } from 'express-rate-limit';
                        export const loginLimiter = rateLimit({ windowMs: 900_000, limit: 5 });
                        """));
        Resolver resolver = new Resolver(index);
        ExpressModel model = ExpressModel.of(resolver);
        ExpressModel.Route login = model.routes("POST", "/login").get(0);
        assertEquals("/api/auth/login", login.path());
        Resolver.Origin.Defined call = assertInstanceOf(Resolver.Origin.Defined.class, login.chain().get(0).origin());
        Values values = new Values(resolver);
        Node options = call.node().child("arguments").namedChildren().get(0);
        Node windowMs = options.namedChildren().get(0).child("value");
        assertEquals(new Value.Number(900_000), values.eval(call.module(), windowMs));
    }

    @Test
    void valuesFromTheEnvironmentKeepTheirVariableAndDefault() {
        SourceIndex index = SourceIndex.of(Map.of("src/middleware/rate.js", RATE));
        Module m = index.module("src/middleware/rate.js").orElseThrow();
        Values values = new Values(new Resolver(index));
        Node options = m.root().find("object").get(0);
        Value windowMs = values.eval(m, options.namedChildren().get(0).child("value"));
        Value max = values.eval(m, options.namedChildren().get(1).child("value"));
        assertEquals(new Value.Number(900_000), windowMs);
        Value.FromEnv env = assertInstanceOf(Value.FromEnv.class, max);
        assertEquals("AUTH_MAX", env.variable());
        assertEquals(new Value.Number(10), env.fallback());
        assertEquals(new Value.Number(25), env.given("25"));
        assertEquals("from env AUTH_MAX, default 10", env.toString());
    }
}
