package dev.prodaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CI job holds GITHUB_TOKEN in its process environment, not in the production env file: the audit reads the
 * providers' tokens from there without {@code processEnv: true}, masks them, and reads nothing else of that
 * environment.
 */
class ProviderCredentialsTest {
    private static final String TOKEN = "ghs_" + "Q7mZ2kP9xR4tV8wB1nC6yD3fH5jL0sG2aE9u";

    @Test
    void aCiJobsTokenIsReadFromTheProcessEnvironmentAndMasked(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".env.production"), "NODE_ENV=production\n");
        AuditSetup setup = AuditSetup.load(AuditSetup.Request.in(dir,
                Map.of("GITHUB_TOKEN", TOKEN, "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "HOME", "/root")));

        assertEquals(Optional.of(TOKEN), setup.env().get("GITHUB_TOKEN"));
        assertTrue(setup.env().isSecret("GITHUB_TOKEN"));
        assertEquals("token [redacted]", setup.redactor().apply("token " + TOKEN));
        // Everything else of the runner's environment stays out of the audited settings.
        assertEquals(Optional.empty(), setup.env().get("AWS_SECRET_ACCESS_KEY"));
        assertEquals(Optional.empty(), setup.env().get("HOME"));
    }

    @Test
    void anEnvFileThatSetsTheTokenWins(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".env.production"), "GITHUB_TOKEN=from-the-file-" + "x".repeat(20) + "\n");
        AuditSetup setup = AuditSetup.load(AuditSetup.Request.in(dir, Map.of("GITHUB_TOKEN", TOKEN)));
        assertEquals(Optional.of("from-the-file-" + "x".repeat(20)), setup.env().get("GITHUB_TOKEN"));
    }
}
