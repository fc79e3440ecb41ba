package dev.prodaudit.probe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.all.AllProbe;
import dev.prodaudit.probe.all.AllSpec;
import dev.prodaudit.testing.BuiltinCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped security.rate-limiting check: the limiter found in the source decides, the live headers corroborate.
 * A POST-only login the read-only GET cannot see is a note under a source PASS; live headers announcing a looser
 * policy than the code still fail the check.
 */
class RateLimitCorroborationTest {
    private static final Check CHECK = BuiltinCatalogue.load().checks().stream()
            .filter(c -> c.id().equals("security.rate-limiting")).findFirst().orElseThrow();

    @TempDir
    Path repo;

    @BeforeEach
    void expressApp() throws IOException {
        Files.createDirectories(repo.resolve("src/routes"));
        Files.writeString(repo.resolve("src/app.js"), """
                const express = require('express');
                const authRoutes = require('./routes/auth');
                const app = express();
                app.set('trust proxy', 1);
                app.use(express.json());
                app.use('/api/auth', authRoutes);
                module.exports = app;
                """);
    }

    private void routes(String loginChain) throws IOException {
        Files.writeString(repo.resolve("src/routes/auth.js"), """
                const router = require('express').Router();
                const rateLimit = require('express-rate-limit');
                const authLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 10, standardHeaders: 'draft-7' });
                router.post('/login', CHAIN(req, res) => res.json({ token: 't' }));
                router.post('/register', authLimiter, (req, res) => res.status(201).json({}));
                module.exports = router;
                """.replace("CHAIN", loginChain));
    }

    private Outcome run(Function<RecordedRequest, MockResponse> api) throws IOException {
        try (MockWebServer server = HttpTestSupport.server(false, api); SharedClients clients = new SharedClients()) {
            return new AllProbe().run((AllSpec) CHECK.spec(), HttpTestSupport.ctx(
                    HttpTestSupport.targets(HttpTestSupport.base(server), null, null), Env.of(java.util.List.of(),
                            Map.of(), java.util.Set.of(), java.util.List.of()), repo, Duration.ofSeconds(10), clients));
        }
    }

    /** Express without a GET /api/auth/login: 404, and the POST-only limiter never runs. */
    private static MockResponse postOnly(RecordedRequest r) {
        return HttpTestSupport.respond(404, "Cannot GET /api/auth/login", "Content-Type", "text/html");
    }

    @Test
    void codeSaysLimitedAndTheGetCannotSeeIsAPassWithANote() throws IOException {
        routes("authLimiter, ");
        Outcome o = run(RateLimitCorroborationTest::postOnly);
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().startsWith("router.post('/login') in src/routes/auth.js:4 (POST /api/auth/login) is"
                + " limited by `authLimiter` (src/routes/auth.js:3, 10 per 15 min)"), o.evidence());
        assertTrue(o.evidence().contains("; note: rate limit not visible from a read-only request: GET "), o.evidence());
        assertTrue(o.evidence().contains("/api/auth/login answered 404 without rate-limit headers"), o.evidence());
        assertTrue(o.evidence().endsWith("(corroboration only: the source part decides)"), o.evidence());
        Finding note = o.findings().get(o.findings().size() - 1);
        assertEquals(Status.PASS, note.status());
        assertTrue(note.message().startsWith("note: rate limit not visible"), note.message());
        assertFalse(o.findings().stream().anyMatch(f -> f.status() == Status.WARN), o.findings().toString());
    }

    @Test
    void anUnprotectedLoginStillFailsWhateverTheGetSees() throws IOException {
        routes("");
        Outcome o = run(RateLimitCorroborationTest::postOnly);
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().startsWith("router.post('/login') in src/routes/auth.js:4 (POST /api/auth/login) has no"
                + " limiter; limiter `authLimiter` (src/routes/auth.js:3, 10 per 15 min) is mounted on POST"
                + " /api/auth/register only"), o.evidence());
        // the live part's warning keeps its status: nothing was corroborated
        assertTrue(o.findings().stream().anyMatch(f -> f.status() == Status.WARN
                && f.message().startsWith("rate limit not visible")), o.findings().toString());
    }

    @Test
    void liveHeadersLooserThanTheCodeStillFail() throws IOException {
        routes("authLimiter, ");
        Outcome o = run(r -> HttpTestSupport.respond(200, "{}", "RateLimit-Policy", "100;w=900",
                "RateLimit", "limit=100, remaining=99, reset=900"));
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().contains("announcing 100 requests per 900 s (RateLimit-Policy), looser than at most 10 requests per 900 s"),
                o.evidence());
    }

    @Test
    void liveHeadersThatAgreePassWithoutANote() throws IOException {
        routes("authLimiter, ");
        Outcome o = run(r -> HttpTestSupport.respond(429, "{}", "RateLimit-Policy", "10;w=900"));
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertFalse(o.evidence().contains("note:"), o.evidence());
    }
}
