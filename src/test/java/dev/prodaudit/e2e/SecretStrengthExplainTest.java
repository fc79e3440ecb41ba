package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `audit explain` tells how the JWT and encryption-key rules judge a secret: by its bytes, in bytes. */
class SecretStrengthExplainTest {

    @Test
    void jwtSecretsExplainTheBytesAndTheRandomnessTests(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        CliRun explain = f.audit("explain", "security.jwt-secrets");
        assertEquals(0, explain.exitCode(), explain.err());
        String out = explain.out().replaceAll("\\s+", " ");
        assertTrue(out.contains("The probe judges the bytes, not the characters"), out);
        assertTrue(out.contains("at least 48 bytes (`openssl rand -hex 64` passes too)"), out);
        assertTrue(out.contains("not the value of .env.example, a README or a test fixture"), out);
        assertTrue(out.contains("JWT_ACCESS_SECRET: {randomBytes: {min: 48}}") || out.contains("randomBytes: min: 48"), out);
    }

    @Test
    void encryptionKeyExplainsItsThirtyTwoBytes(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        CliRun explain = f.audit("explain", "security.encryption-key");
        assertEquals(0, explain.exitCode(), explain.err());
        String out = explain.out().replaceAll("\\s+", " ");
        assertTrue(out.contains("decodes the 64 hex characters and judges the 32 bytes"), out);
        assertTrue(out.contains("encoding: hex"), out);
    }
}
