package dev.prodaudit.probe.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvProbeTest {
    /**
     * Values standing in for secrets come from a fixed seed, fresh for each test: a run is reproducible, and a
     * verdict cannot hang on a draw (a generated key with no digit, say).
     */
    private final Random random = new Random(20261203L);
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());
    private static final String ENV_FILE = ".env.production";

    @TempDir
    Path tempDir;

    // ---------------------------------------------------------------- helpers

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** {@code openssl rand -base64 n}. */
    String base64(int bytes) {
        return Base64.getEncoder().encodeToString(randomBytes(bytes));
    }

    /** {@code openssl rand -hex n}. */
    String hex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    /** Random letters and digits, for secrets that must look like API keys. */
    String alnum(int chars) {
        String abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chars; i++) {
            sb.append(abc.charAt(random.nextInt(abc.length())));
        }
        return sb.toString();
    }

    /**
     * Binds a probe through the real catalogue loader. {@code body} is the probe mapping without
     * {@code type}, as YAML lines at column 0.
     */
    static EnvSpec spec(String body) throws InputException {
        String indented = body.lines().map(l -> "      " + l).collect(Collectors.joining("\n"));
        String yaml = "section: Test\n"
                + "checks:\n"
                + "  - id: test.env-check\n"
                + "    title: Env check\n"
                + "    severity: high\n"
                + "    rationale: because\n"
                + "    remediation: fix it\n"
                + "    probe:\n"
                + "      type: env\n"
                + indented + "\n";
        List<Check> checks = LOADER.parseFile("t.yaml", yaml);
        assertEquals(1, checks.size());
        assertEquals("env", checks.get(0).probeType());
        return assertInstanceOf(EnvSpec.class, checks.get(0).spec());
    }

    /** A spec with one variable and its rule in YAML flow style, e.g. {@code rule("A", "{minLength: 3}")}. */
    static EnvSpec rule(String name, String flowRule) throws InputException {
        return spec("vars:\n  " + name + ": " + flowRule);
    }

    static Env env(String text) {
        return Env.of(List.of(EnvFile.parse(Path.of(ENV_FILE), text)), Map.of(), Set.of(), List.of());
    }

    Outcome run(EnvSpec spec, Env env) {
        ProbeContext ctx = new ProbeContext(env, tempDir, Targets.none(), Duration.ofSeconds(5), new SharedClients());
        Outcome outcome = new EnvProbe().run(spec, ctx);
        assertTrue(outcome.status() == Status.PASS || !outcome.findings().isEmpty() || outcome.status() == Status.ERROR,
                "a non-passing outcome explains itself");
        return outcome;
    }

    Outcome run(EnvSpec spec, String envText) {
        return run(spec, env(envText));
    }

    Outcome run(String name, String flowRule, String envText) throws InputException {
        return run(rule(name, flowRule), envText);
    }

    static String messages(Outcome o) {
        return o.findings().stream().map(Finding::message).collect(Collectors.joining(" | "));
    }

    static void assertStatus(Status expected, Outcome o) {
        assertEquals(expected, o.status(), () -> "evidence: " + o.evidence() + "; findings: " + messages(o));
    }

    /** Evidence and every finding contain {@code fact}. */
    static void assertMentions(Outcome o, String fact) {
        assertTrue(o.evidence().contains(fact) || messages(o).contains(fact),
                () -> "'" + fact + "' not in: " + o.evidence() + " || " + messages(o));
    }

    static void assertNotMentioned(Outcome o, String text) {
        assertFalse(o.evidence().contains(text) || messages(o).contains(text),
                () -> "'" + text + "' found in: " + o.evidence() + " || " + messages(o));
    }

    /** The central promise: no secret value in the evidence nor in any finding. */
    static void assertNoLeak(Outcome o, String... secrets) {
        for (String s : secrets) {
            assertFalse(o.evidence() != null && o.evidence().contains(s), () -> "evidence leaks a secret: " + o.evidence());
            for (Finding f : o.findings()) {
                assertFalse(f.message().contains(s), () -> "finding leaks a secret: " + f.message());
                assertFalse(f.file() != null && f.file().contains(s), () -> "finding file leaks a secret: " + f.file());
            }
        }
    }

    static Finding only(Outcome o) {
        assertEquals(1, o.findings().size(), () -> messages(o));
        return o.findings().get(0);
    }

    // ---------------------------------------------------------------- presence

    @Nested
    class Presence {
        @Test
        void noEnvFileAtAllIsAnError() throws InputException {
            Env none = Env.of(List.of(), Map.of(), Set.of(), List.of(".env.production", ".env"));
            Outcome o = run(rule("NODE_ENV", "{oneOf: [production]}"), none);
            assertStatus(Status.ERROR, o);
            assertTrue(o.evidence().contains("no env file found"), o.evidence());
            assertTrue(o.evidence().contains(".env.production, .env"), o.evidence());
            assertTrue(o.findings().isEmpty());
        }

        @Test
        void emptyEnvFileIsNotAnError() throws InputException {
            Outcome o = run("NODE_ENV", "{oneOf: [production]}", "# nothing here\n");
            assertStatus(Status.FAIL, o);
            assertEquals("NODE_ENV is not set", only(o).message());
        }

        @Test
        void processEnvironmentAloneIsASource() throws InputException {
            Env env = Env.of(List.of(), Map.of("NODE_ENV", "production"), Set.of(), List.of(".env.production"));
            Outcome o = run(rule("NODE_ENV", "{oneOf: [production]}"), env);
            assertStatus(Status.PASS, o);
            // The process environment has no line to point at.
            assertNull(only(o).file());
        }

        @Test
        void requiredByDefault() throws InputException {
            Outcome o = run("AZURE_OPENAI_LLM_DEPLOYMENT", "{}", "OTHER=1\n");
            assertStatus(Status.FAIL, o);
            Finding f = only(o);
            assertEquals("AZURE_OPENAI_LLM_DEPLOYMENT is not set", f.message());
            assertNull(f.file());
            assertEquals("AZURE_OPENAI_LLM_DEPLOYMENT is not set", o.evidence());
        }

        @Test
        void emptyRuleMeansPresent() throws InputException {
            EnvSpec s = spec("vars:\n  AZURE_OPENAI_LLM_DEPLOYMENT: {}\n");
            assertStatus(Status.FAIL, run(s, "OTHER=1\n"));
            Outcome o = run(s, "AZURE_OPENAI_LLM_DEPLOYMENT=gpt-4o-prod\n");
            assertStatus(Status.PASS, o);
            assertEquals("AZURE_OPENAI_LLM_DEPLOYMENT is set to \"gpt-4o-prod\"", only(o).message());
        }

        @Test
        void presentSecretIsDescribedNotShown() throws InputException {
            String key = alnum(32);
            Outcome o = run("AZURE_OPENAI_API_KEY", "{}", "AZURE_OPENAI_API_KEY=" + key + "\n");
            assertStatus(Status.PASS, o);
            assertEquals("AZURE_OPENAI_API_KEY is set (secret, 32 chars)", only(o).message());
            assertNoLeak(o, key);
        }

        @Test
        void optionalUnsetPasses() throws InputException {
            Outcome o = run("SENTRY_DSN", "{required: false, url: {schemes: [https]}}", "OTHER=1\n");
            assertStatus(Status.PASS, o);
            assertEquals("SENTRY_DSN is not set (optional)", only(o).message());
        }

        @Test
        void optionalSetIsStillJudged() throws InputException {
            Outcome o = run("SENTRY_DSN", "{required: false, url: {schemes: [https]}}",
                    "SENTRY_DSN=http://" + hex(16) + "@sentry.acme.io/4\n");
            assertStatus(Status.FAIL, o);
            assertMentions(o, "uses http://; expected https://");
        }

        @Test
        void emptyRequiredFailsAtItsLine() throws InputException {
            Outcome o = run("QDRANT_API_KEY", "{minLength: 20}", "# qdrant\nQDRANT_URL=https://q.acme.io\nQDRANT_API_KEY=\n");
            assertStatus(Status.FAIL, o);
            Finding f = only(o);
            assertEquals("QDRANT_API_KEY is empty", f.message());
            assertEquals(ENV_FILE, f.file());
            assertEquals(3, f.line());
            assertEquals(".env.production:3", f.where());
        }

        @Test
        void blankQuotedValueIsEmpty() throws InputException {
            Outcome o = run("NOTION_CLIENT_ID", "{}", "NOTION_CLIENT_ID=\"   \"\n");
            assertStatus(Status.FAIL, o);
            assertEquals("NOTION_CLIENT_ID is empty", only(o).message());
        }

        @Test
        void emptyOptionalPasses() throws InputException {
            Outcome o = run("SENTRY_DSN", "{required: false}", "SENTRY_DSN=\n");
            assertStatus(Status.PASS, o);
            assertEquals("SENTRY_DSN is empty", only(o).message());
            assertEquals(1, only(o).line());
        }
    }

    // ---------------------------------------------------------------- defaults

    @Nested
    class Defaults {
        @Test
        void unsetUsesTheAppDefaultAndSaysSo() throws InputException {
            Outcome o = run("LOG_LEVEL", "{oneOf: [info, warn], default: info}", "NODE_ENV=production\n");
            assertStatus(Status.PASS, o);
            Finding f = only(o);
            assertTrue(f.message().startsWith("LOG_LEVEL is \"info\""), f.message());
            assertTrue(f.message().contains("unset; the app's default applies"), f.message());
            assertNull(f.file(), "an unset variable has no line");
        }

        @Test
        void aBadDefaultFailsAndSaysTheVariableIsUnset() throws InputException {
            Outcome o = run("LOG_LEVEL", "{oneOf: [info, warn], default: debug}", "NODE_ENV=production\n");
            assertStatus(Status.FAIL, o);
            assertMentions(o, "LOG_LEVEL is \"debug\"; expected one of [info, warn]");
            assertMentions(o, "unset; the app's default applies");
        }

        @Test
        void booleanDefault() throws InputException {
            Outcome o = run("RAG_CACHE_ENABLED", "{boolean: true, default: \"true\"}", "NODE_ENV=production\n");
            assertStatus(Status.PASS, o);
            assertMentions(o, "RAG_CACHE_ENABLED is true");
            assertMentions(o, "the app's default applies");
        }

        @Test
        void aSetValueOverridesTheDefault() throws InputException {
            Outcome o = run("LOG_LEVEL", "{oneOf: [info, warn], default: info}", "LOG_LEVEL=debug\n");
            assertStatus(Status.FAIL, o);
            Finding f = only(o);
            assertEquals("LOG_LEVEL is \"debug\"; expected one of [info, warn]", f.message());
            assertEquals(1, f.line());

            Outcome ok = run("LOG_LEVEL", "{oneOf: [info, warn], default: info}", "LOG_LEVEL=warn\n");
            assertStatus(Status.PASS, ok);
            assertNotMentioned(ok, "default");
        }

        @Test
        void defaultWithOptional() throws InputException {
            Outcome o = run("RERANK_CACHE_TTL", "{required: false, integer: {min: 60}, default: \"300\"}", "A=1\n");
            assertStatus(Status.PASS, o);
            assertMentions(o, "RERANK_CACHE_TTL is 300");
            assertMentions(o, "default applies");
        }
    }

    // ---------------------------------------------------------------- placeholders

    @Nested
    class Placeholders {
        @ParameterizedTest
        @ValueSource(strings = {"changeme", "CHANGEME", "change-me", "change_this", "replace_me", "your-api-key",
                "your_notion_secret", "<your key here>", "prefix-<token>", "xxxx", "XXXXXXXX", "aaaaaaaa", "00000000",
                "placeholder", "todo", "example", "dummy", "test", "secret", "password", "sk-xxx", "re_xxx", "...",
                "********", "${NOTION_SECRET}", "https://example.com/hook", "12345678"})
        void placeholdersFail(String value) throws InputException {
            Outcome o = run("NOTION_CLIENT_ID", "{}", "NOTION_CLIENT_ID=" + value + "\n");
            assertStatus(Status.FAIL, o);
            Finding f = only(o);
            assertEquals("NOTION_CLIENT_ID looks like a placeholder: \"" + value + "\"", f.message());
            assertEquals(ENV_FILE, f.file());
            assertEquals(1, f.line());
        }

        @ParameterizedTest
        @ValueSource(strings = {"changeme", "your-jwt-secret", "<secret>", "xxxxxxxxxxxx", "aaaaaaaa"})
        void secretPlaceholdersFailWithoutShowingTheValue(String value) throws InputException {
            Outcome o = run("JWT_ACCESS_SECRET", "{}", "JWT_ACCESS_SECRET=" + value + "\n");
            assertStatus(Status.FAIL, o);
            assertEquals("JWT_ACCESS_SECRET looks like a placeholder (secret, " + value.length() + " chars)",
                    only(o).message());
            assertNoLeak(o, value);
        }

        @Test
        void realValuesAreNotPlaceholders() throws InputException {
            for (String v : List.of("gpt-4o-prod", "text-embedding-3-small", "documents", "2024-02-15-preview")) {
                assertStatus(Status.PASS, run("AZURE_OPENAI_LLM_DEPLOYMENT", "{}", "AZURE_OPENAI_LLM_DEPLOYMENT=" + v));
            }
            String secret = base64(48);
            Outcome o = run("JWT_ACCESS_SECRET", "{}", "JWT_ACCESS_SECRET=" + secret);
            assertStatus(Status.PASS, o);
            assertNoLeak(o, secret);
        }

        @Test
        void placeholderCheckCanBeTurnedOff() throws InputException {
            Outcome o = run("QDRANT_COLLECTION_NAME", "{notPlaceholder: false}", "QDRANT_COLLECTION_NAME=test\n");
            assertStatus(Status.PASS, o);
            assertEquals("QDRANT_COLLECTION_NAME is set to \"test\"", only(o).message());
        }
    }

    // ---------------------------------------------------------------- text rules

    @Nested
    class TextRules {
        @Test
        void minLength() throws InputException {
            String shortSecret = hex(4);
            Outcome bad = run("NOTION_WEBHOOK_SECRET", "{minLength: 16}", "NOTION_WEBHOOK_SECRET=" + shortSecret + "\n");
            assertStatus(Status.FAIL, bad);
            assertEquals("NOTION_WEBHOOK_SECRET is 8 chars; at least 16 required", only(bad).message());
            assertEquals(1, only(bad).line());
            assertNoLeak(bad, shortSecret);

            String longSecret = hex(16);
            Outcome ok = run("NOTION_WEBHOOK_SECRET", "{minLength: 16}", "NOTION_WEBHOOK_SECRET=" + longSecret + "\n");
            assertStatus(Status.PASS, ok);
            assertEquals("NOTION_WEBHOOK_SECRET is set (secret, 32 chars)", only(ok).message());
            assertNoLeak(ok, longSecret);

            String exact = hex(8);
            assertStatus(Status.PASS, run("NOTION_WEBHOOK_SECRET", "{minLength: 16}", "NOTION_WEBHOOK_SECRET=" + exact));
        }

        @Test
        void patternOnSecret() throws InputException {
            String good = "re_" + alnum(24);
            Outcome ok = run("RESEND_API_KEY", "{pattern: '^re_[A-Za-z0-9_]{8,}$'}", "RESEND_API_KEY=" + good + "\n");
            assertStatus(Status.PASS, ok);
            assertNoLeak(ok, good);

            String bad = "rk_" + alnum(24);
            Outcome o = run("RESEND_API_KEY", "{pattern: '^re_[A-Za-z0-9_]{8,}$'}", "RESEND_API_KEY=" + bad + "\n");
            assertStatus(Status.FAIL, o);
            assertEquals("RESEND_API_KEY (secret, 27 chars) does not match /^re_[A-Za-z0-9_]{8,}$/", only(o).message());
            assertNoLeak(o, bad, bad.substring(3));
        }

        @Test
        void patternOnSetting() throws InputException {
            String rule = "{pattern: '^\\d{4}-\\d{2}-\\d{2}(-preview)?$'}";
            assertStatus(Status.PASS, run("AZURE_OPENAI_API_VERSION", rule, "AZURE_OPENAI_API_VERSION=2024-02-15-preview"));
            Outcome o = run("AZURE_OPENAI_API_VERSION", rule, "AZURE_OPENAI_API_VERSION=latest");
            assertStatus(Status.FAIL, o);
            assertTrue(only(o).message().startsWith("AZURE_OPENAI_API_VERSION \"latest\" does not match /"),
                    only(o).message());
        }

        @Test
        void patternIsUnanchoredLikeGrep() throws InputException {
            assertStatus(Status.PASS, run("LANGSMITH_PROJECT", "{pattern: prod}", "LANGSMITH_PROJECT=rag-prod-eu"));
        }

        @Test
        void oneOfSingle() throws InputException {
            Outcome ok = run("NODE_ENV", "{oneOf: [production]}", "NODE_ENV=production\n");
            assertStatus(Status.PASS, ok);
            assertEquals("NODE_ENV is \"production\"", only(ok).message());
            assertEquals("NODE_ENV is \"production\"", ok.evidence());

            Outcome bad = run("NODE_ENV", "{oneOf: [production]}", "NODE_ENV=development\n");
            assertStatus(Status.FAIL, bad);
            assertEquals("NODE_ENV is \"development\"; expected \"production\"", only(bad).message());
        }

        @Test
        void oneOfSeveralIsCaseSensitive() throws InputException {
            assertStatus(Status.PASS, run("RERANK_PROVIDER", "{oneOf: [llm, cohere, none]}", "RERANK_PROVIDER=cohere"));
            Outcome o = run("RERANK_PROVIDER", "{oneOf: [llm, cohere, none]}", "RERANK_PROVIDER=Cohere");
            assertStatus(Status.FAIL, o);
            assertEquals("RERANK_PROVIDER is \"Cohere\"; expected one of [llm, cohere, none]", only(o).message());
        }

        @Test
        void oneOfOnSecretDoesNotShowTheValue() throws InputException {
            String v = alnum(20);
            Outcome o = run("SOME_TOKEN", "{oneOf: [a-fixed-token-value]}", "SOME_TOKEN=" + v);
            assertStatus(Status.FAIL, o);
            assertEquals("SOME_TOKEN is (secret, 20 chars); expected \"a-fixed-token-value\"", only(o).message());
            assertNoLeak(o, v);
        }

        @Test
        void forcedSecretIsNeverShown() throws InputException {
            String v = alnum(24);
            Outcome o = run("NOTION_CLIENT_ID", "{secret: true}", "NOTION_CLIENT_ID=" + v);
            assertStatus(Status.PASS, o);
            assertEquals("NOTION_CLIENT_ID is set (secret, 24 chars)", only(o).message());
            assertNoLeak(o, v);
        }

        @Test
        void longValuesAreShortened() throws InputException {
            String v = "x-" + "abcdefghij".repeat(10);
            Outcome o = run("LANGSMITH_PROJECT", "{}", "LANGSMITH_PROJECT=" + v);
            assertStatus(Status.PASS, o);
            assertTrue(only(o).message().endsWith("...\""), only(o).message());
            assertFalse(only(o).message().contains(v));
        }
    }

    // ---------------------------------------------------------------- typed rules

    @Nested
    class Booleans {
        @Test
        void exactTrue() throws InputException {
            Outcome o = run("ENFORCE_TENANT_ISOLATION", "{boolean: true}", "ENFORCE_TENANT_ISOLATION=true\n");
            assertStatus(Status.PASS, o);
            assertEquals("ENFORCE_TENANT_ISOLATION is true", only(o).message());
        }

        @ParameterizedTest
        @ValueSource(strings = {"TRUE", "True", "1", "yes", "on", "enabled"})
        void almostTrueFails(String value) throws InputException {
            Outcome o = run("ENFORCE_TENANT_ISOLATION", "{boolean: true}", "ENFORCE_TENANT_ISOLATION=" + value + "\n");
            assertStatus(Status.FAIL, o);
            assertEquals("ENFORCE_TENANT_ISOLATION is \"" + value + "\"; write exactly \"true\"", only(o).message());
        }

        @Test
        void wrongBoolean() throws InputException {
            Outcome o = run("ENFORCE_TENANT_ISOLATION", "{boolean: true}", "ENFORCE_TENANT_ISOLATION=false\n");
            assertStatus(Status.FAIL, o);
            assertEquals("ENFORCE_TENANT_ISOLATION is false; expected true", only(o).message());
        }

        @Test
        void expectFalse() throws InputException {
            assertStatus(Status.PASS, run("LOG_RETRIEVAL_TRACE", "{boolean: false}", "LOG_RETRIEVAL_TRACE=false"));
            assertStatus(Status.FAIL, run("LOG_RETRIEVAL_TRACE", "{boolean: false}", "LOG_RETRIEVAL_TRACE=true"));
            Outcome o = run("LOG_RETRIEVAL_TRACE", "{boolean: false}", "LOG_RETRIEVAL_TRACE=0");
            assertStatus(Status.FAIL, o);
            assertMentions(o, "write exactly \"false\"");
        }

        @Test
        void secretBooleanIsNotShown() throws InputException {
            Outcome o = run("FEATURE_FLAG_TOKEN", "{boolean: true}", "FEATURE_FLAG_TOKEN=false");
            assertStatus(Status.FAIL, o);
            assertEquals("FEATURE_FLAG_TOKEN is (secret, 5 chars); expected true", only(o).message());
            Outcome ok = run("FEATURE_FLAG_TOKEN", "{boolean: true}", "FEATURE_FLAG_TOKEN=true");
            assertEquals("FEATURE_FLAG_TOKEN is (secret, 4 chars)", only(ok).message());
        }

        @Test
        void quotedBooleanIsTheSameString() throws InputException {
            assertStatus(Status.PASS, run("ENFORCE_TENANT_ISOLATION", "{boolean: true}", "ENFORCE_TENANT_ISOLATION=\"true\""));
        }
    }

    @Nested
    class Integers {
        static final String RULE = "{integer: {min: 1000, max: 300000}}";

        @Test
        void inRange() throws InputException {
            Outcome o = run("LLM_INVOKE_TIMEOUT", RULE, "LLM_INVOKE_TIMEOUT=60000\n");
            assertStatus(Status.PASS, o);
            assertEquals("LLM_INVOKE_TIMEOUT is 60000", only(o).message());
            assertStatus(Status.PASS, run("LLM_INVOKE_TIMEOUT", RULE, "LLM_INVOKE_TIMEOUT=1000"));
            assertStatus(Status.PASS, run("LLM_INVOKE_TIMEOUT", RULE, "LLM_INVOKE_TIMEOUT=300000"));
        }

        @Test
        void outOfRange() throws InputException {
            Outcome high = run("LLM_INVOKE_TIMEOUT", RULE, "LLM_INVOKE_TIMEOUT=300001\n");
            assertStatus(Status.FAIL, high);
            assertEquals("LLM_INVOKE_TIMEOUT is 300001; expected between 1000 and 300000", only(high).message());
            Outcome low = run("LLM_INVOKE_TIMEOUT", RULE, "LLM_INVOKE_TIMEOUT=999\n");
            assertStatus(Status.FAIL, low);
            assertMentions(low, "is 999; expected between 1000 and 300000");
        }

        @Test
        void openEnded() throws InputException {
            Outcome min = run("EMBEDDING_MAX_CONCURRENCY", "{integer: {min: 1}}", "EMBEDDING_MAX_CONCURRENCY=0");
            assertStatus(Status.FAIL, min);
            assertMentions(min, "expected at least 1");
            Outcome max = run("NOTION_API_RATE_LIMIT", "{integer: {max: 3}}", "NOTION_API_RATE_LIMIT=4");
            assertStatus(Status.FAIL, max);
            assertMentions(max, "expected at most 3");
            assertStatus(Status.PASS, run("NOTION_API_RATE_LIMIT", "{integer: {max: 3}}", "NOTION_API_RATE_LIMIT=-2"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"60s", "1.5", "1e3", "sixty", "60 000"})
        void notAWholeNumber(String value) throws InputException {
            Outcome o = run("LLM_INVOKE_TIMEOUT", RULE, "LLM_INVOKE_TIMEOUT=" + value);
            assertStatus(Status.FAIL, o);
            assertEquals("LLM_INVOKE_TIMEOUT is \"" + value + "\"; expected a whole number", only(o).message());
        }

        @Test
        void secretIntegerIsNotShown() throws InputException {
            String pin = String.valueOf(100_000_000 + random.nextInt(800_000_000));
            Outcome bad = run("SUPPORT_PIN", "{secret: true, integer: {max: 99}}", "SUPPORT_PIN=" + pin);
            assertStatus(Status.FAIL, bad);
            assertEquals("SUPPORT_PIN is (secret, 9 chars); expected at most 99", only(bad).message());
            assertNoLeak(bad, pin);
            Outcome ok = run("SUPPORT_PIN", "{secret: true, integer: {min: 1}}", "SUPPORT_PIN=" + pin);
            assertStatus(Status.PASS, ok);
            assertNoLeak(ok, pin);
        }
    }

    @Nested
    class Durations {
        @Test
        void withinMax() throws InputException {
            Outcome o = run("JWT_ACCESS_EXPIRY", "{duration: {max: 15m}}", "JWT_ACCESS_EXPIRY=15m\n");
            assertStatus(Status.PASS, o);
            assertEquals("JWT_ACCESS_EXPIRY is 15m", only(o).message());
            for (String v : List.of("10m", "900s", "0.25h", "5 minutes")) {
                assertStatus(Status.PASS, run("JWT_ACCESS_EXPIRY", "{duration: {max: 15m}}", "JWT_ACCESS_EXPIRY=" + v));
            }
            assertStatus(Status.PASS, run("JWT_REFRESH_EXPIRY", "{duration: {max: 7d}}", "JWT_REFRESH_EXPIRY=7d"));
            assertStatus(Status.PASS, run("JWT_REFRESH_EXPIRY", "{duration: {max: 7d}}", "JWT_REFRESH_EXPIRY=1w"));
            assertStatus(Status.PASS, run("JWT_REFRESH_EXPIRY", "{duration: {max: 7d}}", "JWT_REFRESH_EXPIRY=168 hours"));
        }

        @Test
        void overMax() throws InputException {
            Outcome o = run("JWT_ACCESS_EXPIRY", "{duration: {max: 15m}}", "JWT_ACCESS_EXPIRY=1h\n");
            assertStatus(Status.FAIL, o);
            assertEquals("JWT_ACCESS_EXPIRY is 1h; expected at most 15m", only(o).message());
            assertEquals(1, only(o).line());

            Outcome r = run("JWT_REFRESH_EXPIRY", "{duration: {max: 7d}}", "JWT_REFRESH_EXPIRY=30d\n");
            assertStatus(Status.FAIL, r);
            assertEquals("JWT_REFRESH_EXPIRY is 30d; expected at most 7d", only(r).message());
            Outcome hours = run("JWT_ACCESS_EXPIRY", "{duration: {max: 15m}}", "JWT_ACCESS_EXPIRY=2 hours\n");
            assertEquals("JWT_ACCESS_EXPIRY is 2 hours (2h); expected at most 15m", only(hours).message());
            assertStatus(Status.FAIL, run("JWT_REFRESH_EXPIRY", "{duration: {max: 7d}}", "JWT_REFRESH_EXPIRY=2w"));
            assertStatus(Status.FAIL, run("JWT_REFRESH_EXPIRY", "{duration: {max: 7d}}", "JWT_REFRESH_EXPIRY=1y"));
        }

        @Test
        void underMin() throws InputException {
            Outcome o = run("RAG_CACHE_TTL", "{duration: {min: 1m, max: 1d, unitless: seconds}}", "RAG_CACHE_TTL=30s");
            assertStatus(Status.FAIL, o);
            assertEquals("RAG_CACHE_TTL is 30s; expected between 1m and 1d", only(o).message());
            Outcome m = run("RAG_CACHE_TTL", "{duration: {min: 1m}}", "RAG_CACHE_TTL=59s");
            assertStatus(Status.FAIL, m);
            assertMentions(m, "expected at least 1m");
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1h", "0", "0s", "-15m"})
        void negativeOrZeroSpansFailEvenUnderAMaximum(String value) throws InputException {
            Outcome o = run("JWT_ACCESS_EXPIRY", "{duration: {max: 15m}}", "JWT_ACCESS_EXPIRY=" + value);
            assertStatus(Status.FAIL, o);
            assertEquals("JWT_ACCESS_EXPIRY is " + value + "; expected a positive time span", only(o).message());
        }

        @ParameterizedTest
        @ValueSource(strings = {"fifteen minutes", "15 mins please", "15mm", "1h30m", "PT15M"})
        void notADuration(String value) throws InputException {
            Outcome o = run("JWT_ACCESS_EXPIRY", "{duration: {max: 15m}}", "JWT_ACCESS_EXPIRY=" + value);
            assertStatus(Status.FAIL, o);
            assertEquals("JWT_ACCESS_EXPIRY is \"" + value + "\"; expected a time span such as 900, 15m, 2h or 7d",
                    only(o).message());
        }

        @Test
        void unitlessIsMillisecondsToJsonwebtokenAndWarns() throws InputException {
            Outcome o = run("JWT_ACCESS_EXPIRY", "{duration: {max: 15m}}", "JWT_ACCESS_EXPIRY=900\n");
            assertStatus(Status.WARN, o);
            assertEquals(2, o.findings().size());
            Finding warn = o.findings().get(0);
            assertEquals(Status.WARN, warn.status());
            assertEquals("JWT_ACCESS_EXPIRY is 900 without a unit, read as 900ms (a string without a unit is "
                    + "milliseconds to jsonwebtoken); write the unit, e.g. 15m", warn.message());
            assertEquals(ENV_FILE, warn.file());
            assertEquals(1, warn.line());
            assertEquals(warn.message(), o.evidence());
            Finding pass = o.findings().get(1);
            assertEquals(Status.PASS, pass.status());
            assertEquals("JWT_ACCESS_EXPIRY is 900 (900ms)", pass.message());
        }

        @Test
        void unitlessOverMaxFailsRatherThanWarns() throws InputException {
            // 3600000 ms = 1h
            Outcome o = run("JWT_ACCESS_EXPIRY", "{duration: {max: 15m}}", "JWT_ACCESS_EXPIRY=3600000");
            assertStatus(Status.FAIL, o);
            assertEquals("JWT_ACCESS_EXPIRY is 3600000 (1h); expected at most 15m", only(o).message());
        }

        @Test
        void unitlessSeconds() throws InputException {
            String rule = "{duration: {max: 15m, unitless: seconds}}";
            Outcome o = run("JWT_ACCESS_EXPIRY", rule, "JWT_ACCESS_EXPIRY=900\n");
            assertStatus(Status.WARN, o);
            assertEquals("JWT_ACCESS_EXPIRY is 900 without a unit, read as 15m; write the unit, e.g. 15m",
                    o.findings().get(0).message());
            assertNotMentioned(o, "jsonwebtoken");
            assertEquals("JWT_ACCESS_EXPIRY is 900 (15m)", o.findings().get(1).message());

            Outcome over = run("JWT_ACCESS_EXPIRY", rule, "JWT_ACCESS_EXPIRY=3600");
            assertStatus(Status.FAIL, over);
            assertEquals("JWT_ACCESS_EXPIRY is 3600 (1h); expected at most 15m", only(over).message());
        }

        @Test
        void unitlessMillisecondsSpelledOut() throws InputException {
            Outcome o = run("JWT_ACCESS_EXPIRY", "{duration: {max: 15m, unitless: ms}}", "JWT_ACCESS_EXPIRY=900");
            assertStatus(Status.WARN, o);
            assertMentions(o, "read as 900ms");
        }

        @Test
        void warnWithoutMaxSuggests15m() throws InputException {
            Outcome o = run("JWT_ACCESS_EXPIRY", "{duration: {}}", "JWT_ACCESS_EXPIRY=900");
            assertStatus(Status.WARN, o);
            assertMentions(o, "e.g. 15m");
        }

        @Test
        void secretDurationIsNotShown() throws InputException {
            String v = (100_000 + random.nextInt(800_000)) + "";
            Outcome bad = run("SESSION_PEPPER", "{secret: true, duration: {max: 1s}}", "SESSION_PEPPER=" + v + "s");
            assertStatus(Status.FAIL, bad);
            assertEquals("SESSION_PEPPER is (secret, 7 chars); expected at most 1s", only(bad).message());
            assertNoLeak(bad, v);
            Outcome warn = run("SESSION_PEPPER", "{secret: true, duration: {}}", "SESSION_PEPPER=" + v);
            assertStatus(Status.WARN, warn);
            assertEquals("SESSION_PEPPER is (secret, 6 chars) without a unit, read as milliseconds (a string without a unit"
                    + " is milliseconds to jsonwebtoken); write the unit, e.g. 15m", warn.evidence());
            assertEquals("SESSION_PEPPER is (secret, 6 chars)", warn.findings().get(1).message());
            assertNoLeak(warn, v);
            Outcome ok = run("SESSION_PEPPER", "{secret: true, duration: {unitless: seconds}}", "SESSION_PEPPER=" + v + "ms");
            assertStatus(Status.PASS, ok);
            assertNoLeak(ok, v);
        }
    }

    // ---------------------------------------------------------------- key material

    @Nested
    class KeyMaterial {
        static final String JWT_RULE = "{bytes: {min: 48, encoding: base64}, minEntropy: 4.5}";

        @Test
        void opensslBase64Of48BytesPasses() throws InputException {
            String secret = base64(48);
            assertEquals(64, secret.length());
            Outcome o = run("JWT_ACCESS_SECRET", JWT_RULE, "JWT_ACCESS_SECRET=" + secret + "\n");
            assertStatus(Status.PASS, o);
            Finding f = only(o);
            assertTrue(f.message().startsWith("JWT_ACCESS_SECRET: 64 chars, 48 bytes (base64), entropy "), f.message());
            assertEquals(ENV_FILE, f.file());
            assertEquals(1, f.line());
            assertNoLeak(o, secret);
        }

        @Test
        void base64Of32BytesFails() throws InputException {
            String secret = base64(32);
            Outcome o = run("JWT_ACCESS_SECRET", "{bytes: {min: 48}}", "JWT_ACCESS_SECRET=" + secret + "\n");
            assertStatus(Status.FAIL, o);
            assertEquals("JWT_ACCESS_SECRET: 44 chars, 32 bytes (base64); at least 48 bytes required", only(o).message());
            assertNoLeak(o, secret);
        }

        @Test
        void urlSafeAndUnpaddedBase64AreAccepted() throws InputException {
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(50));
            Outcome o = run("JWT_REFRESH_SECRET", "{bytes: {min: 48}}", "JWT_REFRESH_SECRET=" + secret);
            assertStatus(Status.PASS, o);
            assertMentions(o, "50 bytes (base64)");
            assertNoLeak(o, secret);
        }

        @Test
        void notBase64Fails() throws InputException {
            String secret = hex(20) + "!?%";
            Outcome o = run("JWT_ACCESS_SECRET", "{bytes: {min: 48}}", "JWT_ACCESS_SECRET=" + secret);
            assertStatus(Status.FAIL, o);
            assertEquals("JWT_ACCESS_SECRET is not valid base64 (43 chars); generate it with: openssl rand -base64 48",
                    only(o).message());
            assertNoLeak(o, secret);
        }

        @Test
        void base64OfImpossibleLengthFails() throws InputException {
            String secret = base64(48) + "A"; // 65 chars: length % 4 == 1 cannot be base64
            Outcome o = run("JWT_ACCESS_SECRET", "{bytes: {min: 48}}", "JWT_ACCESS_SECRET=" + secret);
            assertStatus(Status.FAIL, o);
            assertMentions(o, "is not valid base64 (65 chars)");
            assertNoLeak(o, secret);
        }

        @Test
        void hexEncoding() throws InputException {
            String rule = "{bytes: {min: 32, encoding: hex}}";
            String good = hex(32);
            Outcome ok = run("ENCRYPTION_KEY", rule, "ENCRYPTION_KEY=" + good);
            assertStatus(Status.PASS, ok);
            assertEquals("ENCRYPTION_KEY: 64 chars, 32 bytes (hex)", only(ok).message());
            assertNoLeak(ok, good);

            String shortKey = hex(16);
            Outcome small = run("ENCRYPTION_KEY", rule, "ENCRYPTION_KEY=" + shortKey);
            assertStatus(Status.FAIL, small);
            assertEquals("ENCRYPTION_KEY: 32 chars, 16 bytes (hex); at least 32 bytes required", only(small).message());
            assertNoLeak(small, shortKey);

            String notHex = base64(32);
            Outcome bad = run("ENCRYPTION_KEY", rule, "ENCRYPTION_KEY=" + notHex);
            assertStatus(Status.FAIL, bad);
            assertTrue(only(bad).message().startsWith("ENCRYPTION_KEY is not valid hex (44 chars); generate it with: openssl rand -hex 32"),
                    only(bad).message());
            assertNoLeak(bad, notHex);

            String odd = hex(32) + "a";
            Outcome oddOutcome = run("ENCRYPTION_KEY", rule, "ENCRYPTION_KEY=" + odd);
            assertStatus(Status.FAIL, oddOutcome);
            assertMentions(oddOutcome, "not valid hex (65 chars)");
            assertNoLeak(oddOutcome, odd);
        }

        @Test
        void rawEncoding() throws InputException {
            String rule = "{bytes: {min: 16, encoding: raw}}";
            String good = alnum(16);
            Outcome ok = run("NOTION_CLIENT_SECRET", rule, "NOTION_CLIENT_SECRET=" + good);
            assertStatus(Status.PASS, ok);
            assertEquals("NOTION_CLIENT_SECRET: 16 chars, 16 bytes (raw)", only(ok).message());
            String small = alnum(15);
            Outcome bad = run("NOTION_CLIENT_SECRET", rule, "NOTION_CLIENT_SECRET=" + small);
            assertStatus(Status.FAIL, bad);
            assertMentions(bad, "15 bytes (raw); at least 16 bytes required");
            assertNoLeak(ok, good);
            assertNoLeak(bad, small);
        }

        @Test
        void hexLength() throws InputException {
            String rule = "{hexLength: 64, minEntropy: 3.0}";
            String good = hex(32);
            Outcome ok = run("ENCRYPTION_KEY", rule, "ENCRYPTION_KEY=" + good + "\n");
            assertStatus(Status.PASS, ok);
            assertTrue(only(ok).message().startsWith("ENCRYPTION_KEY: 64 hex chars (32 bytes), entropy "), only(ok).message());
            assertNoLeak(ok, good);

            String shortKey = hex(16);
            Outcome small = run("ENCRYPTION_KEY", rule, "ENCRYPTION_KEY=" + shortKey + "\n");
            assertStatus(Status.FAIL, small);
            assertEquals("ENCRYPTION_KEY is 32 hex chars (16 bytes); expected 64 (32 bytes)", only(small).message());
            assertNoLeak(small, shortKey);

            String b64 = base64(48);
            Outcome notHex = run("ENCRYPTION_KEY", rule, "ENCRYPTION_KEY=" + b64 + "\n");
            assertStatus(Status.FAIL, notHex);
            assertEquals("ENCRYPTION_KEY is not hexadecimal (64 chars); expected 64 hex characters", only(notHex).message());
            assertNoLeak(notHex, b64);
        }

        @Test
        void previousKeyDuringRotation() throws InputException {
            String current = hex(32);
            String previous = hex(32);
            EnvSpec s = spec("vars:\n  ENCRYPTION_KEY: {hexLength: 64}\n  ENCRYPTION_KEY_V1: {hexLength: 64, required: false}\n"
                    + "  ENCRYPTION_KEY_VERSION: {integer: {min: 1}}\n"
                    + "distinct: [[ENCRYPTION_KEY, ENCRYPTION_KEY_V1]]");
            Outcome o = run(s, "ENCRYPTION_KEY=" + current + "\nENCRYPTION_KEY_V1=" + previous + "\nENCRYPTION_KEY_VERSION=2\n");
            assertStatus(Status.PASS, o);
            assertMentions(o, "ENCRYPTION_KEY_VERSION is 2");
            assertNoLeak(o, current, previous);

            Outcome same = run(s, "ENCRYPTION_KEY=" + current + "\nENCRYPTION_KEY_V1=" + current + "\nENCRYPTION_KEY_VERSION=2\n");
            assertStatus(Status.FAIL, same);
            assertMentions(same, "ENCRYPTION_KEY and ENCRYPTION_KEY_V1 hold the same value");
            assertNoLeak(same, current);
        }

        @Test
        void minEntropy() throws InputException {
            String random = base64(48);
            Outcome ok = run("JWT_ACCESS_SECRET", "{minEntropy: 4.5}", "JWT_ACCESS_SECRET=" + random);
            assertStatus(Status.PASS, ok);
            assertTrue(only(ok).message().matches("JWT_ACCESS_SECRET: entropy \\d\\.\\d bits/char"), only(ok).message());
            assertNoLeak(ok, random);

            String low = "0123".repeat(16); // 2.0 bits per character, passes every length rule
            Outcome bad = run("JWT_ACCESS_SECRET", "{bytes: {min: 48}, minEntropy: 4.5}", "JWT_ACCESS_SECRET=" + low);
            assertStatus(Status.FAIL, bad);
            assertEquals("JWT_ACCESS_SECRET has entropy 2.0 bits/char; at least 4.5 expected of a random value",
                    only(bad).message());
            assertNoLeak(bad, low);
        }

        @Test
        void legacyMinEntropyStillMeasuresCharactersSoHexFailsIt() throws InputException {
            // Kept for user catalogues: bits per character of the text, which hex can never push above 4.
            String hexSecret = hex(32);
            Outcome o = run("JWT_ACCESS_SECRET", JWT_RULE, "JWT_ACCESS_SECRET=" + hexSecret);
            assertStatus(Status.FAIL, o);
            assertMentions(o, "has entropy");
            assertNoLeak(o, hexSecret);
        }

        @Test
        void minEntropyAndRandomBytesTogetherAreALoadError() {
            InputException e = assertThrows(InputException.class,
                    () -> rule("JWT_ACCESS_SECRET", "{minEntropy: 4.5, randomBytes: {min: 48}}"));
            assertTrue(e.getMessage().contains("keep only 'randomBytes'"), e.getMessage());
        }

        @Test
        void severalProblemsAreAllReported() throws InputException {
            String weak = "abcabcabcabc";
            Outcome o = run("JWT_ACCESS_SECRET", "{minLength: 32, bytes: {min: 48}, minEntropy: 4.5}", "JWT_ACCESS_SECRET=" + weak);
            assertStatus(Status.FAIL, o);
            assertEquals(3, o.findings().size(), messages(o));
            assertTrue(o.evidence().endsWith("(+2 more)"), o.evidence());
            assertTrue(o.findings().stream().allMatch(f -> f.line() != null && f.line() == 1));
            assertNoLeak(o, weak);
        }
    }

    // ---------------------------------------------------------------- urls

    @Nested
    class Urls {
        @Test
        void httpsUrl() throws InputException {
            Outcome o = run("AZURE_OPENAI_ENDPOINT", "{url: {schemes: [https], localhost: false}}",
                    "AZURE_OPENAI_ENDPOINT=https://acme-prod.openai.azure.com/\n");
            assertStatus(Status.PASS, o);
            assertEquals("AZURE_OPENAI_ENDPOINT is https://acme-prod.openai.azure.com", only(o).message());
        }

        @Test
        void portIsShown() throws InputException {
            Outcome o = run("QDRANT_URL", "{url: {}}", "QDRANT_URL=https://qdrant.acme.io:6333");
            assertStatus(Status.PASS, o);
            assertEquals("QDRANT_URL is https://qdrant.acme.io:6333", only(o).message());
        }

        @Test
        void wrongScheme() throws InputException {
            Outcome o = run("NEXT_PUBLIC_WS_URL", "{url: {schemes: [wss, https]}}", "NEXT_PUBLIC_WS_URL=ws://app.acme.io/socket");
            assertStatus(Status.FAIL, o);
            assertEquals("NEXT_PUBLIC_WS_URL uses ws://; expected wss:// or https://", only(o).message());
            assertStatus(Status.PASS, run("NEXT_PUBLIC_WS_URL", "{url: {schemes: [wss, https]}}", "NEXT_PUBLIC_WS_URL=wss://app.acme.io/socket"));
            assertStatus(Status.PASS, run("NEXT_PUBLIC_WS_URL", "{url: {schemes: [wss, https]}}", "NEXT_PUBLIC_WS_URL=WSS://app.acme.io/socket"));
        }

        @Test
        void credentialsRequired() throws InputException {
            String rule = "{url: {schemes: [mongodb, mongodb+srv], credentials: true, localhost: false}}";
            String password = alnum(24);
            Outcome ok = run("MONGODB_URI", rule, "MONGODB_URI=mongodb+srv://rag-app:" + password + "@cluster0.abcde.mongodb.net/enterprise_rag?retryWrites=true\n");
            assertStatus(Status.PASS, ok);
            assertEquals("MONGODB_URI is mongodb+srv://user:***@cluster0.abcde.mongodb.net", only(ok).message());
            assertNoLeak(ok, password);

            Outcome none = run("MONGODB_URI", rule, "MONGODB_URI=mongodb://db.acme.internal:27017/enterprise_rag\n");
            assertStatus(Status.FAIL, none);
            assertTrue(only(none).message().startsWith("MONGODB_URI carries no credentials;"), only(none).message());

            Outcome userOnly = run("MONGODB_URI", rule, "MONGODB_URI=mongodb://rag-app@db.acme.internal:27017/enterprise_rag\n");
            assertStatus(Status.FAIL, userOnly);
            assertMentions(userOnly, "carries no password");

            Outcome emptyPassword = run("MONGODB_URI", rule, "MONGODB_URI=mongodb://rag-app:@db.acme.internal:27017/enterprise_rag\n");
            assertStatus(Status.FAIL, emptyPassword);
            assertMentions(emptyPassword, "carries no password");
        }

        @Test
        void redisPasswordWithoutUser() throws InputException {
            String password = alnum(32);
            Outcome o = run("REDIS_URL", "{url: {schemes: [redis, rediss], credentials: true, localhost: false}}",
                    "REDIS_URL=rediss://:" + password + "@cache.acme.internal:6380\n");
            assertStatus(Status.PASS, o);
            assertEquals("REDIS_URL is rediss://user:***@cache.acme.internal:6380", only(o).message());
            assertNoLeak(o, password);
        }

        @Test
        void replicaSetUriWithSeveralHosts() throws InputException {
            String rule = "{url: {schemes: [mongodb, mongodb+srv], credentials: true, localhost: false}}";
            String password = alnum(24);
            Outcome o = run("MONGODB_URI", rule, "MONGODB_URI=mongodb://rag-app:" + password
                    + "@db1.acme.internal:27017,db2.acme.internal:27017,db3.acme.internal:27017/enterprise_rag?replicaSet=rs0\n");
            assertStatus(Status.PASS, o);
            assertEquals("MONGODB_URI is mongodb://user:***@db1.acme.internal:27017,db2.acme.internal:27017,db3.acme.internal:27017",
                    only(o).message());
            assertNoLeak(o, password);

            Outcome local = run("MONGODB_URI", rule, "MONGODB_URI=mongodb://rag-app:" + password
                    + "@db1.acme.internal:27017,localhost:27018/enterprise_rag?replicaSet=rs0\n");
            assertStatus(Status.FAIL, local);
            assertMentions(local, "points at localhost");
            assertNoLeak(local, password);

            Outcome noCreds = run("MONGODB_URI", rule, "MONGODB_URI=mongodb://db1.acme.internal:27017,db2.acme.internal:27017/rag\n");
            assertStatus(Status.FAIL, noCreds);
            assertMentions(noCreds, "carries no credentials");
        }

        @Test
        void passwordInAFailingUrlIsNotShown() throws InputException {
            String password = alnum(24);
            Outcome o = run("MONGODB_URI", "{url: {schemes: [mongodb], localhost: false}}",
                    "MONGODB_URI=mongodb://rag-app:" + password + "@localhost:27017/enterprise_rag\n");
            assertStatus(Status.FAIL, o);
            assertEquals("MONGODB_URI points at localhost; expected a production host", only(o).message());
            assertNoLeak(o, password);

            Outcome notAUrl = run("MONGODB_URI", "{url: {}}", "MONGODB_URI=mongodb://rag-app:" + password + "@db one\n");
            assertStatus(Status.FAIL, notAUrl);
            assertMentions(notAUrl, "expected an absolute URL");
            assertNoLeak(notAUrl, password);
        }

        @Test
        void credentialsForbidden() throws InputException {
            String password = alnum(16);
            Outcome o = run("FRONTEND_URL", "{url: {schemes: [https], credentials: false}}",
                    "FRONTEND_URL=https://admin:" + password + "@app.acme.io\n");
            assertStatus(Status.FAIL, o);
            assertEquals("FRONTEND_URL embeds credentials in the URL", only(o).message());
            assertNoLeak(o, password);
            assertStatus(Status.FAIL, run("FRONTEND_URL", "{url: {credentials: false}}", "FRONTEND_URL=https://admin@app.acme.io"));
            assertStatus(Status.PASS, run("FRONTEND_URL", "{url: {credentials: false}}", "FRONTEND_URL=https://app.acme.io"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://localhost:6333", "http://LOCALHOST", "http://127.0.0.1:6333", "http://127.1.2.3",
                "http://[::1]:6333", "http://0.0.0.0:6333", "http://qdrant.localhost"})
        void loopbackHostsFail(String url) throws InputException {
            Outcome o = run("QDRANT_URL", "{url: {localhost: false}}", "QDRANT_URL=" + url);
            assertStatus(Status.FAIL, o);
            assertMentions(o, "expected a production host");
            assertStatus(Status.PASS, run("QDRANT_URL", "{url: {}}", "QDRANT_URL=" + url));
        }

        @Test
        void hostPattern() throws InputException {
            String rule = "{url: {host: '.*\\.acme\\.io'}}";
            assertStatus(Status.PASS, run("NEXT_PUBLIC_API_URL", rule, "NEXT_PUBLIC_API_URL=https://api.acme.io"));
            Outcome o = run("NEXT_PUBLIC_API_URL", rule, "NEXT_PUBLIC_API_URL=https://api.acme.io.evil.com");
            assertStatus(Status.FAIL, o);
            assertEquals("NEXT_PUBLIC_API_URL host api.acme.io.evil.com does not match /.*\\.acme\\.io/", only(o).message());
        }

        @Test
        void notAnAbsoluteUrl() throws InputException {
            Outcome o = run("FRONTEND_URL", "{url: {}}", "FRONTEND_URL=app.acme.io/login");
            assertStatus(Status.FAIL, o);
            assertEquals("FRONTEND_URL is \"app.acme.io/login\"; expected an absolute URL such as https://host", only(o).message());
            for (String v : List.of("https://app acme.io", "https://", "https://app.acme.io:99999", "https://app.acme.io:port")) {
                Outcome bad = run("FRONTEND_URL", "{url: {}}", "FRONTEND_URL=" + v);
                assertStatus(Status.FAIL, bad);
                assertMentions(bad, "expected an absolute URL such as https://host");
            }
        }

        @Test
        void secretDsnIsNotShown() throws InputException {
            String publicKey = hex(16);
            String dsn = "https://" + publicKey + "@o123456.ingest.sentry.io/4504";
            Outcome o = run("SENTRY_DSN", "{url: {schemes: [https]}}", "SENTRY_DSN=" + dsn);
            assertStatus(Status.PASS, o);
            assertEquals("SENTRY_DSN is https://o123456.ingest.sentry.io", only(o).message());
            assertNoLeak(o, publicKey, dsn);

            Outcome http = run("SENTRY_DSN", "{url: {schemes: [https]}}", "SENTRY_DSN=" + dsn.replace("https", "http"));
            assertStatus(Status.FAIL, http);
            assertNoLeak(http, publicKey);

            Outcome broken = run("SENTRY_DSN", "{url: {}}", "SENTRY_DSN=" + publicKey + " not a url");
            assertStatus(Status.FAIL, broken);
            assertMentions(broken, "(secret, ");
            assertNoLeak(broken, publicKey);
        }
    }

    // ---------------------------------------------------------------- e-mail

    @Nested
    class Emails {
        static final String RULE = "{email: {forbiddenDomains: [resend.dev, example.com, localhost, gmail.com]}}";

        @Test
        void productionSender() throws InputException {
            Outcome o = run("RESEND_FROM_EMAIL", RULE, "RESEND_FROM_EMAIL=noreply@mail.acme.io\n");
            assertStatus(Status.PASS, o);
            assertEquals("RESEND_FROM_EMAIL sends from mail.acme.io", only(o).message());
        }

        @Test
        void nameAndAddressForm() throws InputException {
            Outcome o = run("RESEND_FROM_EMAIL", RULE, "RESEND_FROM_EMAIL=\"Acme RAG <noreply@acme.io>\"\n");
            assertStatus(Status.PASS, o);
            assertEquals("RESEND_FROM_EMAIL sends from acme.io", only(o).message());

            Outcome forbidden = run("RESEND_FROM_EMAIL", RULE, "RESEND_FROM_EMAIL=Acme <onboarding@resend.dev>\n");
            assertStatus(Status.FAIL, forbidden);
            assertMentions(forbidden, "sends from resend.dev, which cannot be a production sender domain");
        }

        @Test
        void placeholderInsideTheAngleBracketsIsStillCaught() throws InputException {
            Outcome o = run("RESEND_FROM_EMAIL", RULE, "RESEND_FROM_EMAIL=Acme <your-email@your-domain.com>\n");
            assertStatus(Status.FAIL, o);
            assertMentions(o, "looks like a placeholder");
        }

        @Test
        void forbiddenDomain() throws InputException {
            Outcome o = run("RESEND_FROM_EMAIL", RULE, "RESEND_FROM_EMAIL=onboarding@resend.dev\n");
            assertStatus(Status.FAIL, o);
            assertEquals("RESEND_FROM_EMAIL sends from resend.dev, which cannot be a production sender domain", only(o).message());
            assertEquals(1, only(o).line());
        }

        @Test
        void forbiddenDomainCoversSubdomainsAndCase() throws InputException {
            Outcome sub = run("RESEND_FROM_EMAIL", RULE, "RESEND_FROM_EMAIL=me@mail.GMAIL.com\n");
            assertStatus(Status.FAIL, sub);
            assertMentions(sub, "sends from mail.gmail.com");
            Outcome lookalike = run("RESEND_FROM_EMAIL", RULE, "RESEND_FROM_EMAIL=me@notgmail.com\n");
            assertStatus(Status.PASS, lookalike);
        }

        @ParameterizedTest
        @ValueSource(strings = {"noreply", "noreply@", "@acme.io", "no reply@acme.io", "noreply@acme", "Acme <noreply>"})
        void invalidAddress(String value) throws InputException {
            Outcome o = run("RESEND_FROM_EMAIL", RULE, "RESEND_FROM_EMAIL=" + value + "\n");
            assertStatus(Status.FAIL, o);
            assertMentions(o, "not an e-mail address");
        }

        @Test
        void domainPattern() throws InputException {
            String rule = "{email: {domain: '(.+\\.)?acme\\.io'}}";
            assertStatus(Status.PASS, run("RESEND_FROM_EMAIL", rule, "RESEND_FROM_EMAIL=noreply@mail.acme.io"));
            Outcome o = run("RESEND_FROM_EMAIL", rule, "RESEND_FROM_EMAIL=noreply@acme.com");
            assertStatus(Status.FAIL, o);
            assertEquals("RESEND_FROM_EMAIL domain acme.com does not match /(.+\\.)?acme\\.io/", only(o).message());
        }
    }

    // ---------------------------------------------------------------- lists

    @Nested
    class Lists {
        static final String RULE = "{list: {minItems: 1, forbidden: [\"*\"], item: {url: {schemes: [https], localhost: false}}}}";

        @Test
        void validOrigins() throws InputException {
            Outcome o = run("ALLOWED_ORIGINS", RULE, "ALLOWED_ORIGINS=https://app.acme.io, https://admin.acme.io\n");
            assertStatus(Status.PASS, o);
            assertEquals("ALLOWED_ORIGINS: 2 item(s), all valid", only(o).message());
        }

        @Test
        void wildcardIsForbidden() throws InputException {
            Outcome o = run("ALLOWED_ORIGINS", RULE, "ALLOWED_ORIGINS=https://app.acme.io,*\n");
            assertStatus(Status.FAIL, o);
            assertEquals("ALLOWED_ORIGINS[2] is \"*\", which is not allowed", only(o).message());
            assertEquals(1, only(o).line());
        }

        @Test
        void loneWildcard() throws InputException {
            Outcome o = run("ALLOWED_ORIGINS", RULE, "ALLOWED_ORIGINS=*\n");
            assertStatus(Status.FAIL, o);
            assertMentions(o, "ALLOWED_ORIGINS[1] is \"*\", which is not allowed");
        }

        @Test
        void eachItemIsJudgedAndLabelled() throws InputException {
            Outcome o = run("ALLOWED_ORIGINS", RULE,
                    "ALLOWED_ORIGINS=https://app.acme.io,http://localhost:3000,https://admin.acme.io,ftp://files.acme.io\n");
            assertStatus(Status.FAIL, o);
            List<String> msgs = o.findings().stream().map(Finding::message).toList();
            assertTrue(msgs.contains("ALLOWED_ORIGINS[2] uses http://; expected https://"), msgs::toString);
            assertTrue(msgs.contains("ALLOWED_ORIGINS[2] points at localhost; expected a production host"), msgs::toString);
            assertTrue(msgs.contains("ALLOWED_ORIGINS[4] uses ftp://; expected https://"), msgs::toString);
            assertEquals(3, msgs.size(), msgs::toString);
            assertTrue(o.evidence().startsWith("ALLOWED_ORIGINS[2] uses http://"), o.evidence());
            assertTrue(o.evidence().endsWith("(+2 more)"), o.evidence());
        }

        @Test
        void minItems() throws InputException {
            Outcome o = run("ALLOWED_ORIGINS", "{list: {minItems: 2}}", "ALLOWED_ORIGINS=https://app.acme.io,, ,\n");
            assertStatus(Status.FAIL, o);
            assertEquals("ALLOWED_ORIGINS lists 1 item(s); at least 2 expected", only(o).message());
        }

        @Test
        void customSeparator() throws InputException {
            Outcome o = run("ALLOWED_ORIGINS", "{list: {separator: ';', minItems: 2, item: {url: {schemes: [https]}}}}",
                    "ALLOWED_ORIGINS=https://a.acme.io; https://b.acme.io\n");
            assertStatus(Status.PASS, o);
            assertMentions(o, "2 item(s), all valid");
            Outcome comma = run("ALLOWED_ORIGINS", "{list: {separator: ';', minItems: 2}}", "ALLOWED_ORIGINS=https://a.acme.io,https://b.acme.io\n");
            assertStatus(Status.FAIL, comma);
            assertMentions(comma, "lists 1 item(s)");
        }

        @Test
        void itemPlaceholders() throws InputException {
            Outcome o = run("ALLOWED_ORIGINS", "{list: {item: {}}}", "ALLOWED_ORIGINS=https://app.acme.io,https://your-domain.com,changeme\n");
            assertStatus(Status.FAIL, o);
            assertMentions(o, "ALLOWED_ORIGINS[3] looks like a placeholder: \"changeme\"");
        }

        @Test
        void secretListItemsAreNotShown() throws InputException {
            String a = alnum(20);
            String b = alnum(20);
            Outcome o = run("LEGACY_API_KEYS", "{list: {minItems: 3, forbidden: [\"" + b + "\"], item: {minLength: 30}}}",
                    "LEGACY_API_KEYS=" + a + "," + b + "\n");
            assertStatus(Status.FAIL, o);
            assertMentions(o, "LEGACY_API_KEYS[2] is (secret, 20 chars), which is not allowed");
            assertMentions(o, "LEGACY_API_KEYS[1] is 20 chars; at least 30 required");
            assertMentions(o, "lists 2 item(s); at least 3 expected");
            assertNoLeak(o, a, b);
        }
    }

    // ---------------------------------------------------------------- distinct

    @Nested
    class Distinct {
        static final String SPEC = "vars:\n"
                + "  JWT_ACCESS_SECRET: {bytes: {min: 48, encoding: base64}, minEntropy: 4.5}\n"
                + "  JWT_REFRESH_SECRET: {bytes: {min: 48, encoding: base64}, minEntropy: 4.5}\n"
                + "distinct: [[JWT_ACCESS_SECRET, JWT_REFRESH_SECRET]]";

        @Test
        void differentSecretsPass() throws InputException {
            String access = base64(48);
            String refresh = base64(48);
            Outcome o = run(spec(SPEC), "JWT_ACCESS_SECRET=" + access + "\nJWT_REFRESH_SECRET=" + refresh + "\n");
            assertStatus(Status.PASS, o);
            assertEquals(3, o.findings().size());
            assertEquals("JWT_ACCESS_SECRET, JWT_REFRESH_SECRET differ", o.findings().get(2).message());
            assertEquals(1, o.findings().get(0).line());
            assertEquals(2, o.findings().get(1).line());
            assertNoLeak(o, access, refresh);
        }

        @Test
        void sameSecretFails() throws InputException {
            String secret = base64(48);
            Outcome o = run(spec(SPEC), "JWT_ACCESS_SECRET=" + secret + "\nJWT_REFRESH_SECRET='" + secret + "'\n");
            assertStatus(Status.FAIL, o);
            assertEquals("JWT_ACCESS_SECRET and JWT_REFRESH_SECRET hold the same value", o.evidence());
            assertNoLeak(o, secret);
        }

        @Test
        void unsetOrEmptyMembersDoNotCountAsEqual() throws InputException {
            EnvSpec s = spec("vars:\n  A_SECRET: {required: false}\n  B_SECRET: {required: false}\n  C_SECRET: {required: false}\n"
                    + "distinct: [[A_SECRET, B_SECRET, C_SECRET]]");
            assertStatus(Status.PASS, run(s, "A_SECRET=\nB_SECRET=\n"));
            String v = hex(16);
            Outcome o = run(s, "A_SECRET=" + hex(16) + "\nB_SECRET=" + v + "\nC_SECRET=" + v + "\n");
            assertStatus(Status.FAIL, o);
            assertMentions(o, "B_SECRET and C_SECRET hold the same value");
            assertNoLeak(o, v);
        }
    }

    // ---------------------------------------------------------------- locations and outcome

    @Nested
    class Locations {
        @Test
        void findingsCarryFileAndLine() throws InputException {
            String text = "# production\n"
                    + "NODE_ENV=production\n"
                    + "JWT_ACCESS_SECRET=\"-----BEGIN-----\n"
                    + "line\n"
                    + "-----END-----\"\n"
                    + "\n"
                    + "export LOG_LEVEL=debug\n";
            EnvSpec s = spec("vars:\n  NODE_ENV: {oneOf: [production]}\n  LOG_LEVEL: {oneOf: [info, warn]}\n  JWT_ACCESS_SECRET: {}");
            Outcome o = run(s, text);
            assertStatus(Status.FAIL, o);
            assertEquals(3, o.findings().size());
            Finding nodeEnv = o.findings().get(0);
            assertEquals(Status.PASS, nodeEnv.status());
            assertEquals(".env.production:2", nodeEnv.where());
            Finding logLevel = o.findings().get(1);
            assertEquals(Status.FAIL, logLevel.status());
            assertEquals(ENV_FILE, logLevel.file());
            assertEquals(7, logLevel.line());
            Finding jwt = o.findings().get(2);
            assertEquals(3, jwt.line());
            assertEquals("LOG_LEVEL is \"debug\"; expected one of [info, warn]", o.evidence());
        }

        @Test
        void theFileThatSetTheVariableIsNamed() throws InputException {
            EnvFile prod = EnvFile.parse(Path.of("deploy/.env.production"), "NODE_ENV=production\n");
            EnvFile base = EnvFile.parse(Path.of(".env"), "A=1\nB=2\nLOG_LEVEL=info\n");
            Env env = Env.of(List.of(prod, base), Map.of(), Set.of(), List.of());
            EnvSpec s = spec("vars:\n  NODE_ENV: {oneOf: [production]}\n  LOG_LEVEL: {oneOf: [info]}");
            Outcome o = run(s, env);
            assertStatus(Status.PASS, o);
            assertEquals(".env.production:1", o.findings().get(0).where());
            assertEquals(".env:3", o.findings().get(1).where());
        }

        @Test
        void allPassingEvidenceIsTheFirstFindingWithACount() throws InputException {
            EnvSpec s = spec("vars:\n  NODE_ENV: {oneOf: [production]}\n  LOG_LEVEL: {oneOf: [info]}");
            Outcome o = run(s, "NODE_ENV=production\nLOG_LEVEL=info\n");
            assertStatus(Status.PASS, o);
            assertEquals("NODE_ENV is \"production\" (+1 more)", o.evidence());
        }
    }

    // ---------------------------------------------------------------- YAML binding

    @Nested
    class Binding {
        @Test
        void rulesBindToTypedRecords() throws InputException {
            EnvSpec s = spec("vars:\n"
                    + "  A: {required: false, default: x, secret: true, notPlaceholder: false, minLength: 3, pattern: '^x',"
                    + " oneOf: [x, y], boolean: true, integer: {min: 1, max: 2}, duration: {min: 1s, max: 2h, unitless: seconds},"
                    + " bytes: {min: 4, encoding: hex}, hexLength: 8, minEntropy: 2.5,"
                    + " url: {schemes: [https], credentials: false, localhost: false, host: 'a\\.b'},"
                    + " email: {domain: 'x', forbiddenDomains: [y]},"
                    + " list: {separator: ';', minItems: 2, forbidden: ['*'], item: {minLength: 1}}}\n"
                    + "distinct: [[A, B]]");
            EnvRule r = s.vars().get("A");
            assertEquals(false, r.required());
            assertEquals("x", r.fallback());
            assertEquals(true, r.secret());
            assertEquals(false, r.notPlaceholder());
            assertEquals(3, r.minLength());
            assertEquals("^x", r.pattern().source());
            assertEquals(List.of("x", "y"), r.oneOf());
            assertEquals(true, r.bool());
            assertEquals(new EnvRule.IntRange(1L, 2L), r.integer());
            assertEquals(Duration.ofSeconds(1), r.duration().min().duration());
            assertEquals(Duration.ofHours(2), r.duration().max().duration());
            assertEquals(EnvRule.Unitless.SECONDS, r.duration().unitless());
            assertEquals(new EnvRule.BytesRule(4, EnvRule.Encoding.HEX), r.bytes());
            assertEquals(8, r.hexLength());
            assertEquals(2.5, r.minEntropy());
            assertEquals(List.of("https"), r.url().schemes());
            assertEquals("a\\.b", r.url().host().source());
            assertEquals(List.of("y"), r.email().forbiddenDomains());
            assertEquals(";", r.list().separator());
            assertEquals(List.of("*"), r.list().forbidden());
            assertEquals(1, r.list().item().minLength());
            assertEquals(List.of(List.of("A", "B")), s.distinct());
        }

        @Test
        void randomBytesBindsToItsRecord() throws InputException {
            EnvSpec s = spec("vars:\n  K: {randomBytes: {min: 32, max: 32, encoding: hex}}\n  J: {randomBytes: {min: 48}}");
            assertEquals(new EnvRule.RandomBytesRule(32, 32, EnvRule.Encoding.HEX), s.vars().get("K").randomBytes());
            assertEquals(new EnvRule.RandomBytesRule(48, null, null), s.vars().get("J").randomBytes());
        }

        @Test
        void defaultsOfNestedRules() throws InputException {
            EnvRule r = spec("vars:\n  A: {bytes: {min: 48}, list: {}, email: {}}").vars().get("A");
            assertEquals(EnvRule.Encoding.BASE64, r.bytes().encoding());
            assertEquals(",", r.list().separator());
            assertTrue(r.list().forbidden().isEmpty());
            assertTrue(r.email().forbiddenDomains().isEmpty());
        }

        @Test
        void invalidRulesAreLoadErrors() {
            List<String> bad = List.of(
                    "vars:\n  A: {minLen: 3}",
                    "vars:\n  A: {oneOf: []}",
                    "vars:\n  A: {hexLength: 0}",
                    "vars:\n  A: {minEntropy: 9}",
                    "vars:\n  A: {integer: {min: 5, max: 1}}",
                    "vars:\n  A: {duration: {min: 2h, max: 1h}}",
                    "vars:\n  A: {duration: {max: soon}}",
                    "vars:\n  A: {duration: {unitless: minutes}}",
                    "vars:\n  A: {bytes: {min: 0}}",
                    "vars:\n  A: {bytes: {min: 4, encoding: base32}}",
                    "vars:\n  A: {randomBytes: {min: 0}}",
                    "vars:\n  A: {randomBytes: {min: 32, max: 16}}",
                    "vars:\n  A: {randomBytes: {max: 16}}",
                    "vars:\n  A: {randomBytes: {min: 32, encoding: base32}}",
                    "vars:\n  A: {pattern: '('}",
                    "vars: {}",
                    "vars:\n  A: {}\ndistinct: [[A]]",
                    "vars:\n  A: {minLength: many}");
            List<String> accepted = new ArrayList<>();
            for (String body : bad) {
                try {
                    spec(body);
                    accepted.add(body);
                } catch (InputException expected) {
                    assertTrue(expected.location().startsWith("t.yaml:"), expected.location());
                }
            }
            assertTrue(accepted.isEmpty(), () -> "accepted: " + accepted);
        }

        @Test
        void unknownKeySuggestsTheRightOne() {
            InputException e = assertThrows(InputException.class, () -> spec("vars:\n  A: {minLenght: 3}"));
            assertTrue(e.getMessage().contains("minLenght"), e.getMessage());
            assertTrue(String.valueOf(e.hint()).contains("minLength"), e.hint());
        }
    }
}
