package dev.prodaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EnvTest {

    private static EnvFile file(String name, String text) {
        return EnvFile.parse(Path.of("/some/project").resolve(name), text);
    }

    @Test
    void firstFileWins() {
        EnvFile prod = file(".env.production", "A=prod\nB=prod-b\n");
        EnvFile base = file(".env", "# base\nA=base\nC=base-c\n");
        Env env = Env.of(List.of(prod, base), Map.of(), Set.of(), List.of());
        assertEquals(Optional.of("prod"), env.get("A"));
        assertEquals(Optional.of("prod-b"), env.get("B"));
        assertEquals(Optional.of("base-c"), env.get("C"));
        assertEquals(Optional.of(new Env.Source(".env.production", 1)), env.sourceOf("A"));
        assertEquals(Optional.of(new Env.Source(".env", 3)), env.sourceOf("C"));
        assertEquals(".env:3", env.sourceOf("C").orElseThrow().toString());
        assertEquals(List.of(prod, base), env.files());
    }

    @Test
    void processEnvironmentOnlyWhenGivenAndLast() {
        EnvFile prod = file(".env.production", "A=file\n");
        Env without = Env.of(List.of(prod), Map.of(), Set.of(), List.of());
        assertEquals(Optional.empty(), without.get("FROM_PROCESS"));

        Env with = Env.of(List.of(prod), Map.of("A", "process", "FROM_PROCESS", "p"), Set.of(), List.of());
        assertEquals(Optional.of("file"), with.get("A"));
        assertEquals(Optional.of("p"), with.get("FROM_PROCESS"));
        Env.Source src = with.sourceOf("FROM_PROCESS").orElseThrow();
        assertEquals(0, src.line());
        assertEquals("process environment", src.toString());
    }

    @Test
    void unsetVariable() {
        Env env = Env.of(List.of(file(".env", "A=1\n")), Map.of(), Set.of(), List.of());
        assertEquals(Optional.empty(), env.get("B"));
        assertEquals(Optional.empty(), env.sourceOf("B"));
    }

    @Test
    void emptyValueIsSet() {
        Env env = Env.of(List.of(file(".env", "A=\n")), Map.of(), Set.of(), List.of());
        assertEquals(Optional.of(""), env.get("A"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JWT_ACCESS_SECRET", "JWT_REFRESH_SECRET", "ENCRYPTION_KEY", "ENCRYPTION_KEY_V1",
            "ENCRYPTION_KEY_V12", "QDRANT_API_KEY", "RESEND_API_KEY", "SENTRY_DSN", "AZURE_OPENAI_API_KEY",
            "NOTION_CLIENT_SECRET", "NOTION_WEBHOOK_SECRET", "LANGSMITH_API_KEY", "DB_PASSWORD", "GITHUB_TOKEN",
            "PRIVATE_KEY", "KEY", "APIKEY", "jwt_access_secret"})
    void secretNames(String name) {
        assertTrue(Env.empty().isSecret(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOTION_TOKEN_MONITOR_ENABLED", "NOTION_TOKEN_EMAIL_NOTIFICATIONS", "JWT_ACCESS_EXPIRY",
            "JWT_REFRESH_EXPIRY", "MONGODB_URI", "REDIS_URL", "QDRANT_URL", "NOTION_CLIENT_ID", "ENCRYPTION_KEY_VERSION",
            "TOKEN_CHECK_INTERVAL_HOURS", "NODE_ENV", "LOG_LEVEL", "RESEND_FROM_EMAIL", "AZURE_OPENAI_ENDPOINT",
            "NOTION_API_RATE_LIMIT", "MONKEY"})
    void notSecretNames(String name) {
        assertFalse(Env.empty().isSecret(name), name);
    }

    @Test
    void userMarkedSecrets() {
        Env env = Env.of(List.of(), Map.of(), Set.of("NOTION_CLIENT_ID"), List.of());
        assertTrue(env.isSecret("NOTION_CLIENT_ID"));
        assertFalse(env.isSecret("LOG_LEVEL"));
    }

    @Test
    void secretsMapHoldsNonBlankSecretValuesOnly() {
        EnvFile f = file(".env.production", "JWT_ACCESS_SECRET=aaa-secret\nQDRANT_API_KEY=\nLOG_LEVEL=info\n"
                + "NOTION_TOKEN_MONITOR_ENABLED=true\nCUSTOM=xyz123\n");
        Env env = Env.of(List.of(f), Map.of("GITHUB_TOKEN", "from-process"), Set.of("CUSTOM"), List.of());
        assertEquals(Map.of("JWT_ACCESS_SECRET", "aaa-secret", "CUSTOM", "xyz123", "GITHUB_TOKEN", "from-process"),
                env.secrets());
        assertEquals(List.of("aaa-secret", "", "info", "true", "xyz123", "from-process"), env.allValues());
    }

    @Test
    void hasSources() {
        assertFalse(Env.empty().hasSources());
        assertFalse(Env.of(List.of(), Map.of(), Set.of(), List.of(".env.production")).hasSources());
        assertTrue(Env.of(List.of(file(".env", "")), Map.of(), Set.of(), List.of()).hasSources());
        assertTrue(Env.of(List.of(), Map.of("A", "1"), Set.of(), List.of()).hasSources());
    }

    @Test
    void missingFilesAndWarnings() {
        EnvFile a = file(".env.production", "A=1\nA=2\n");
        EnvFile b = file(".env", "garbage line\n");
        Env env = Env.of(List.of(a, b), Map.of(), Set.of(), List.of(".env.local"));
        assertEquals(List.of(".env.local"), env.missingFiles());
        assertEquals(2, env.warnings().size());
        assertTrue(env.warnings().get(0).startsWith(".env.production:2"), env.warnings().get(0));
        assertTrue(env.warnings().get(1).startsWith(".env:1"), env.warnings().get(1));
    }

    @Test
    void toStringShowsNamesNotValues() {
        Env env = Env.of(List.of(file(".env", "JWT_ACCESS_SECRET=top-secret-value\n")), Map.of(), Set.of(), List.of());
        String s = env.toString();
        assertTrue(s.contains("JWT_ACCESS_SECRET"));
        assertFalse(s.contains("top-secret-value"));
    }
}
