package dev.prodaudit.probe.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import dev.prodaudit.source.SourceIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login, register and password-reset routes of small real-world Express apps, and the limiters before them. */
class AuthRateLimitTest {

    @TempDir
    Path repository;

    // ------------------------------------------------------------ CommonJS, routers across files

    private static final String CJS_APP = """
            const express = require('express');
            const helmet = require('helmet');
            const authRoutes = require('./routes/auth');
            const app = express();
            app.set('trust proxy', 1);
            app.use(helmet());
            app.use(express.json());
            app.use('/api/auth', authRoutes);
            module.exports = app;
            """;

    private static final String CJS_RATE = """
            const rateLimit = require('express-rate-limit');

            const authLimiter = rateLimit({
              windowMs: 15 * 60 * 1000,
              max: 10,
              standardHeaders: 'draft-7',
              legacyHeaders: false,
            });

            module.exports = { authLimiter };
            """;

    @Test
    void commonJsRoutesAcrossFilesEachRunTheAuthLimiter() throws IOException {
        List<Finding> findings = judge(Map.of(
                "src/app.js", CJS_APP,
                "src/middleware/rate.js", CJS_RATE,
                "src/routes/auth.js", """
                        const express = require('express');
                        const { authLimiter } = require('../middleware/rate');
                        const auth = require('../controllers/auth');
                        const router = express.Router();
                        router.post('/login', authLimiter, auth.login);
                        router.post('/register', authLimiter, auth.register);
                        router.post('/forgot-password', authLimiter, auth.forgotPassword);
                        router.get('/me', auth.me);
                        module.exports = router;
                        """));
        assertEquals(Status.PASS, status(findings), findings.toString());
        assertEquals(3, findings.size(), findings.toString());
        assertEquals("router.post('/login') in src/routes/auth.js:5 (POST /api/auth/login) is limited by `authLimiter`"
                + " (src/middleware/rate.js:3, 10 per 15 min)", findings.get(0).message());
        assertEquals("src/routes/auth.js", findings.get(0).file());
        assertEquals(5, findings.get(0).line());
    }

    @Test
    void aLimiterOnRegisterOnlyLeavesLoginAndResetOpen() throws IOException {
        List<Finding> findings = judge(Map.of(
                "src/app.js", CJS_APP,
                "src/middleware/rate.js", CJS_RATE,
                "src/routes/auth.js", """
                        const express = require('express');
                        const { authLimiter } = require('../middleware/rate');
                        const auth = require('../controllers/auth');
                        const router = express.Router();

                        router.post('/login', auth.login);
                        router.post('/register', authLimiter, auth.register);
                        router.post('/reset-password/:token', auth.resetPassword);
                        module.exports = router;
                        """));
        assertEquals(Status.FAIL, status(findings));
        assertEquals("router.post('/login') in src/routes/auth.js:6 (POST /api/auth/login) has no limiter; limiter"
                + " `authLimiter` (src/middleware/rate.js:3, 10 per 15 min) is mounted on POST /api/auth/register only",
                findings.get(0).message());
        assertTrue(findings.get(2).message().startsWith("router.post('/reset-password/:token') in src/routes/auth.js:8"
                + " (POST /api/auth/reset-password/:token) has no limiter"), findings.get(2).message());
        assertEquals(Status.PASS, findings.get(1).status());
    }

    // ------------------------------------------------------------ ES modules

    @Test
    void esModuleNamedImportOfRateLimit() throws IOException {
        Map<String, String> files = Map.of(
                "src/server.mjs", """
                        import express from 'express';
                        import authRouter from './routes/auth.mjs';
                        const app = express();
                        app.set('trust proxy', 'loopback');
                        app.use('/api/auth', authRouter);
                        app.listen(3007);
                        """,
                "src/routes/auth.mjs", """
                        import { Router } from 'express';
                        import { rateLimit } from 'express-rate-limit';
                        import { login, signup } from '../controllers/auth.mjs';

                        const loginLimiter = rateLimit({ windowMs: 900_000, limit: LIMIT });
                        const router = Router();
                        router.post('/signin', loginLimiter, login);
                        router.post('/signup', loginLimiter, signup);
                        export default router;
                        """);
        List<Finding> strict = judge(replace(files, "src/routes/auth.mjs", "LIMIT", "5"));
        assertEquals(Status.PASS, status(strict), strict.toString());
        assertTrue(strict.get(0).message().contains("`loginLimiter` (src/routes/auth.mjs:5, 5 per 15 min)"),
                strict.get(0).message());

        List<Finding> loose = judge(replace(files, "src/routes/auth.mjs", "LIMIT", "100"));
        assertEquals(Status.FAIL, status(loose));
        assertEquals("router.post('/signin') in src/routes/auth.mjs:7 (POST /api/auth/signin) is limited only by"
                + " `loginLimiter` (src/routes/auth.mjs:5, 100 per 15 min): looser than 10 requests per 15 min",
                loose.get(0).message());
    }

    // ------------------------------------------------------------ TypeScript

    @Test
    void typeScriptRouteChainsAndATooShortWindow() throws IOException {
        Map<String, String> files = Map.of(
                "src/index.ts", """
                        import express, { Express } from 'express';
                        import { authRouter } from './routes/auth.routes';
                        const app: Express = express();
                        app.set('trust proxy', 1);
                        app.use(express.json());
                        app.use('/api/v1/auth', authRouter);
                        export default app;
                        """,
                "src/routes/auth.routes.ts", """
                        import { Router, Request, Response } from 'express';
                        import { limits } from '../config/limits';
                        import rateLimit from 'express-rate-limit';

                        export const authRouter: Router = Router();
                        const limiter = rateLimit({ windowMs: limits.windowMinutes * 60 * 1000, limit: limits.attempts });
                        authRouter.route('/login').post(limiter, async (req: Request, res: Response) => {
                          res.json({ ok: true });
                        });
                        """,
                "src/config/limits.ts", """
                        export const limits = { windowMinutes: MINUTES, attempts: 10 } as const;
                        """);
        List<Finding> good = judge(replace(files, "src/config/limits.ts", "MINUTES", "15"));
        assertEquals(Status.PASS, status(good), good.toString());
        assertTrue(good.get(0).message().startsWith("authRouter.route('/login').post in src/routes/auth.routes.ts:7"
                + " (POST /api/v1/auth/login) is limited by `limiter` (src/routes/auth.routes.ts:6, 10 per 15 min)"),
                good.get(0).message());

        List<Finding> shortWindow = judge(replace(files, "src/config/limits.ts", "MINUTES", "5"));
        assertEquals(Status.FAIL, status(shortWindow));
        assertTrue(shortWindow.get(0).message().contains("`limiter` (src/routes/auth.routes.ts:6, 10 per 5 min):"
                + " looser than 10 requests per 15 min"), shortWindow.get(0).message());
    }

    @Test
    void aLongerWindowIsStricterThanTheChecklistAndPasses() throws IOException {
        List<Finding> findings = judge(Map.of(
                "src/app.js", CJS_APP,
                "src/routes/auth.js", """
                        const router = require('express').Router();
                        const rateLimit = require('express-rate-limit');
                        const hourly = rateLimit({ windowMs: 60 * 60 * 1000, max: 10 });
                        router.post('/login', hourly, (req, res) => res.json({}));
                        module.exports = router;
                        """));
        assertEquals(Status.PASS, status(findings), findings.toString());
        assertTrue(findings.get(0).message().contains("10 per 1 h"), findings.get(0).message());
    }

    @Test
    void theLibraryDefaultsAreFivePerMinuteAndFail() throws IOException {
        List<Finding> findings = judge(Map.of(
                "src/app.js", CJS_APP,
                "src/routes/auth.js", """
                        const router = require('express').Router();
                        router.post('/login', require('express-rate-limit')(), (req, res) => res.json({}));
                        module.exports = router;
                        """));
        assertEquals(Status.FAIL, status(findings));
        assertTrue(findings.get(0).message().contains("5 per 1 min; limit is express-rate-limit's default; window is"
                + " express-rate-limit's default"), findings.get(0).message());
    }

    // ------------------------------------------------------------ global limiters and registration order

    private static final String GLOBAL_APP = """
            const express = require('express');
            const rateLimit = require('express-rate-limit');
            const authRoutes = require('./routes/auth');
            const app = express();
            app.set('trust proxy', 1);
            const limiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10 });
            FIRST
            SECOND
            module.exports = app;
            """;

    private static final String PLAIN_ROUTES = """
            const router = require('express').Router();
            router.post('/login', (req, res) => res.json({}));
            module.exports = router;
            """;

    @Test
    void aGlobalLimiterRegisteredBeforeTheRoutesCounts() throws IOException {
        List<Finding> findings = judge(Map.of(
                "src/app.js", GLOBAL_APP.replace("FIRST", "app.use(limiter);").replace("SECOND", "app.use('/api/auth', authRoutes);"),
                "src/routes/auth.js", PLAIN_ROUTES));
        assertEquals(Status.PASS, status(findings), findings.toString());
        assertTrue(findings.get(0).message().contains("is limited by `limiter` (src/app.js:6, 10 per 15 min)"));
    }

    @Test
    void aLimiterRegisteredAfterTheRouterMountDoesNotCount() throws IOException {
        List<Finding> findings = judge(Map.of(
                "src/app.js", GLOBAL_APP.replace("FIRST", "app.use('/api/auth', authRoutes);").replace("SECOND", "app.use(limiter);"),
                "src/routes/auth.js", PLAIN_ROUTES));
        assertEquals(Status.FAIL, status(findings));
        assertEquals("router.post('/login') in src/routes/auth.js:2 (POST /api/auth/login) has no limiter; limiter"
                + " `limiter` (src/app.js:6) is registered with app.use at src/app.js:8 after the routes are mounted, so"
                + " it does not run for them", findings.get(0).message());
    }

    // ------------------------------------------------------------ values from the environment

    private static final Map<String, String> ENV_LIMIT = Map.of(
            "src/app.js", CJS_APP,
            "src/routes/auth.js", """
                    const router = require('express').Router();
                    const rateLimit = require('express-rate-limit');
                    const authLimiter = rateLimit({
                      windowMs: Number(process.env.AUTH_WINDOW_MINUTES || 15) * 60 * 1000,
                      max: parseInt(process.env.AUTH_RATE_LIMIT_MAX ?? '10', 10),
                    });
                    router.post('/login', authLimiter, (req, res) => res.json({}));
                    module.exports = router;
                    """);

    @Test
    void aLimitFromEnvIsJudgedAsTheEnvFileSetsIt() throws IOException {
        List<Finding> unset = judge(ENV_LIMIT);
        assertEquals(Status.PASS, status(unset), unset.toString());
        assertTrue(unset.get(0).message().contains("10 per 15 min; limit from env AUTH_RATE_LIMIT_MAX, default 10, not set"
                + " in the env file; window from env AUTH_WINDOW_MINUTES"), unset.get(0).message());

        List<Finding> raised = judge(ENV_LIMIT, Map.of("AUTH_RATE_LIMIT_MAX", "50"));
        assertEquals(Status.FAIL, status(raised));
        assertTrue(raised.get(0).message().contains("`authLimiter` (src/routes/auth.js:3, 50 per 15 min; limit from env"
                + " AUTH_RATE_LIMIT_MAX, default 10, as the env file sets it"), raised.get(0).message());
    }

    // ------------------------------------------------------------ replicas, stores and the proxy

    private static final String REDIS_RATE = """
            const rateLimit = require('express-rate-limit');
            const { RedisStore } = require('rate-limit-redis');
            const { redis } = require('../redis');
            const authLimiter = rateLimit({
              windowMs: 15 * 60 * 1000,
              limit: 10,
              STORE
            });
            module.exports = { authLimiter };
            """;

    private Map<String, String> storeApp(String store) {
        return Map.of("src/app.js", CJS_APP,
                "src/middleware/rate.js", REDIS_RATE.replace("STORE", store),
                "src/routes/auth.js", """
                        const router = require('express').Router();
                        const { authLimiter } = require('../middleware/rate');
                        router.post('/login', authLimiter, (req, res) => res.json({}));
                        module.exports = router;
                        """);
    }

    @Test
    void severalReplicasWithAnInMemoryStoreWarn() throws IOException {
        Files.writeString(repository.resolve("docker-compose.yml"), """
                services:
                  api:
                    build: .
                    deploy:
                      replicas: 3
                  worker:
                    build: .
                    command: node src/worker.js
                """);
        Files.writeString(repository.resolve("Dockerfile"), "FROM node:20-alpine\nUSER node\nCMD [\"node\", \"src/app.js\"]\n");
        List<Finding> memory = judge(storeApp(""));
        assertEquals(Status.WARN, status(memory), memory.toString());
        Finding warn = memory.stream().filter(f -> f.status() == Status.WARN).findFirst().orElseThrow();
        assertTrue(warn.message().startsWith("limiter `authLimiter` (src/middleware/rate.js:4) keeps an in-memory store"
                + " (express-rate-limit's MemoryStore, the default) with 3 replicas (api (docker-compose.yml)"),
                warn.message());

        List<Finding> redis = judge(storeApp("store: new RedisStore({ sendCommand: (...args) => redis.call(...args) }),"));
        assertEquals(Status.PASS, status(redis), redis.toString());
    }

    @Test
    void aKubernetesDeploymentsReplicasCountToo() throws IOException {
        Files.createDirectories(repository.resolve("deploy/k8s"));
        Files.writeString(repository.resolve("deploy/k8s/api.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: rag-api
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: rag-api}}
                  template:
                    metadata: {labels: {app: rag-api}}
                    spec:
                      containers:
                        - name: api
                          image: registry.example.com/rag-api:1.4.0
                """);
        List<Finding> findings = judge(storeApp(""));
        assertEquals(Status.WARN, status(findings), findings.toString());
        assertTrue(findings.get(1).message().contains("with 2 replicas (Deployment/rag-api, deploy/k8s/api.yaml:2)"),
                findings.get(1).message());
    }

    @Test
    void oneReplicaNeedsNoSharedStore() throws IOException {
        Files.writeString(repository.resolve("docker-compose.yml"), "services:\n  api:\n    build: .\n");
        assertEquals(Status.PASS, status(judge(storeApp(""))));
    }

    @Test
    void anIpKeyedLimiterWithoutTrustProxyWarns() throws IOException {
        Map<String, String> files = new HashMap<>(storeApp(""));
        files.put("src/app.js", CJS_APP.replace("app.set('trust proxy', 1);\n", ""));
        List<Finding> findings = judge(files);
        assertEquals(Status.WARN, status(findings));
        assertEquals("limiter `authLimiter` (src/middleware/rate.js:4) keys on the client IP but no app calls"
                + " app.set('trust proxy', ...): behind the TLS proxy every client"
                + " shares the proxy's IP, so one client's attempts lock out all", findings.get(1).message());
    }

    // ------------------------------------------------------------ rate-limiter-flexible

    private static final String FLEXIBLE = """
            const { RateLimiterRedis, RateLimiterMemory } = require('rate-limiter-flexible');
            const redisClient = require('../redis');

            const loginLimiter = new LIMITER;

            async function loginRateLimit(req, res, next) {
              try {
                await loginLimiter.consume(req.ip);
                next();
              } catch (rejected) {
                res.status(429).json({ error: 'Too many login attempts' });
              }
            }
            module.exports = { loginRateLimit };
            """;

    private Map<String, String> flexibleApp(String limiter) {
        return Map.of("src/app.js", CJS_APP,
                "src/middleware/loginLimit.js", FLEXIBLE.replace("LIMITER", limiter),
                "src/routes/auth.js", """
                        const router = require('express').Router();
                        const { loginRateLimit } = require('../middleware/loginLimit');
                        router.post('/login', loginRateLimit, (req, res) => res.json({}));
                        module.exports = router;
                        """);
    }

    @Test
    void aRateLimiterFlexibleConsumeMiddlewareCounts() throws IOException {
        List<Finding> redis = judge(flexibleApp(
                "RateLimiterRedis({ storeClient: redisClient, keyPrefix: 'login', points: 5, duration: 15 * 60 })"));
        assertEquals(Status.PASS, status(redis), redis.toString());
        assertTrue(redis.get(0).message().contains("is limited by `loginLimiter` (src/middleware/loginLimit.js:4, 5 per 15 min)"),
                redis.get(0).message());

        List<Finding> loose = judge(flexibleApp("RateLimiterMemory({ points: 100, duration: 60 })"));
        assertEquals(Status.FAIL, status(loose));
        assertTrue(loose.get(0).message().contains("100 per 1 min): looser than 10 requests per 15 min"),
                loose.get(0).message());
    }

    // ------------------------------------------------------------ nothing to judge

    @Test
    void noLoginRouteWarnsAndSaysWhatWasLookedFor() throws IOException {
        List<Finding> findings = judge(Map.of(
                "src/app.js", CJS_APP,
                "src/routes/auth.js", """
                        const router = require('express').Router();
                        router.post('/session', (req, res) => res.json({}));
                        module.exports = router;
                        """));
        assertEquals(Status.WARN, status(findings));
        assertEquals(1, findings.size());
        assertTrue(findings.get(0).message().startsWith("no login route found: looked for POST (or app.all) routes"
                + " ending in /login, /signin, /sign-in, /log-in among 1 routes of 1 Express app(s)"),
                findings.get(0).message());
    }

    @Test
    void noExpressAppWarns() throws IOException {
        List<Finding> findings = judge(Map.of("src/worker.js", "const { Worker } = require('bullmq');\nnew Worker('q', async () => {});\n"));
        assertEquals(Status.WARN, status(findings));
        assertTrue(findings.get(0).message().startsWith("no Express app found"), findings.get(0).message());
    }

    // ------------------------------------------------------------ helpers

    private List<Finding> judge(Map<String, String> files) throws IOException {
        return judge(files, Map.of());
    }

    private List<Finding> judge(Map<String, String> files, Map<String, String> env) throws IOException {
        try (SharedClients clients = new SharedClients()) {
            ProbeContext ctx = new ProbeContext(Env.of(List.of(), env, Set.of(), List.of()), repository, Targets.none(),
                    Duration.ofSeconds(10), clients);
            return new AuthRateLimit().judge(SourceCode.of(ctx, SourceIndex.of(files)));
        }
    }

    private static Status status(List<Finding> findings) {
        return Outcome.from(findings).status();
    }

    private static Map<String, String> replace(Map<String, String> files, String path, String from, String to) {
        Map<String, String> out = new HashMap<>(files);
        out.put(path, files.get(path).replace(from, to));
        return out;
    }
}
