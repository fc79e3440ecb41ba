package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.cli.Main;
import dev.prodaudit.cli.Terminal;
import dev.prodaudit.config.TargetKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit explain ID} names the live targets the check reaches, from the target table: where each is set,
 * its value now (a URL's password masked as in the run header) and where that came from, or that it is not
 * configured in the words the check itself would use.
 */
class ExplainTargetsTest {
    private static final String REDIS_PASSWORD = "Sup3rS3cretRedisPass";

    private record Run(int exitCode, String out, String err) {
        /** The target lines of the header block (the probe's own {@code target:} key, further down, is not one). */
        List<String> targetLines() {
            return out.lines().takeWhile(l -> !l.isBlank()).filter(l -> l.startsWith("  target:")).map(String::strip)
                    .toList();
        }
    }

    private static Run explain(Path dir, String id) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new Terminal(dir, Map.of(), new PrintWriter(out), new PrintWriter(err), false),
                "explain", id);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path project(Path dir, String... envLines) throws IOException {
        Files.writeString(dir.resolve(".env.production"), String.join("\n", envLines) + "\n");
        return dir;
    }

    @Test
    void aRedisCheckNamesRedisWithItsPasswordMaskedAndItsSource(@TempDir Path tmp) throws IOException {
        Path dir = project(tmp, "NODE_ENV=production",
                "REDIS_URL=redis://:" + REDIS_PASSWORD + "@cache.internal:6378");

        Run run = explain(dir, "infra.redis-password");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("target:    redis — REDIS_URL or targets.redis in audit.yaml; "
                + "now redis://:[redacted]@cache.internal:6378 (from REDIS_URL at .env.production:2)"), run.targetLines());
        assertFalse(run.out().contains(REDIS_PASSWORD), run.out());
        assertFalse(run.out().contains(REDIS_PASSWORD.substring(0, 12)), run.out());
    }

    @Test
    void aRedisCheckWithoutRedisSaysNotConfiguredInTheTablesWords(@TempDir Path tmp) throws IOException {
        Path dir = project(tmp, "NODE_ENV=production");

        Run run = explain(dir, "infra.redis-password");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("target:    redis — " + TargetKind.REDIS.notConfigured()), run.targetLines());
    }

    @Test
    void anAuditYamlTargetIsNamedAtItsLine(@TempDir Path tmp) throws IOException {
        Path dir = project(tmp, "NODE_ENV=production");
        Files.writeString(dir.resolve("audit.yaml"), "targets:\n  redis: redis://:" + REDIS_PASSWORD + "@10.0.0.5\n");

        Run run = explain(dir, "infra.redis-password");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("target:    redis — REDIS_URL or targets.redis in audit.yaml; "
                + "now redis://:[redacted]@10.0.0.5 (from targets.redis at audit.yaml:2:10)"), run.targetLines());
        assertFalse(run.out().contains(REDIS_PASSWORD), run.out());
    }

    @Test
    void anHttpCheckOnTheFrontEndNamesTheFrontEndOnly(@TempDir Path tmp) throws IOException {
        Path dir = project(tmp, "NEXT_PUBLIC_API_URL=https://api.example.com");

        Run run = explain(dir, "perf.cdn");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("target:    frontendUrl — " + TargetKind.FRONTEND_URL.notConfigured()), run.targetLines());
    }

    @Test
    void aCompositeCheckNamesEachPartsTargetOnceInOrder(@TempDir Path tmp) throws IOException {
        Path dir = project(tmp, "NEXT_PUBLIC_API_URL=https://api.example.com");

        Run run = explain(dir, "security.https-tls");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(
                "target:    tls — targets.tls in audit.yaml; now api.example.com:443 "
                        + "(from the https hosts of targets.baseUrl and targets.frontendUrl)",
                "target:    baseUrl — NEXT_PUBLIC_API_URL or targets.baseUrl in audit.yaml; now https://api.example.com "
                        + "(from NEXT_PUBLIC_API_URL at .env.production:1)"), run.targetLines());
    }

    @Test
    void anEnvCheckReachesNoTargetAndSaysNone(@TempDir Path tmp) throws IOException {
        Path dir = project(tmp, "REDIS_URL=redis://:" + REDIS_PASSWORD + "@cache.internal:6378");

        Run run = explain(dir, "security.jwt-secrets");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(), run.targetLines());
        assertTrue(run.out().contains("type: env"), run.out());
    }

    @Test
    void aSourceCheckSaysHowItsRuleDecidesAndAnEnvCheckAddsNothing(@TempDir Path tmp) throws IOException {
        Path dir = project(tmp, "NODE_ENV=production");

        Run source = explain(dir, "security.pii-masking");
        Run env = explain(dir, "security.jwt-secrets");

        assertEquals(0, source.exitCode(), source.err());
        String decides = source.out().substring(source.out().indexOf("How it decides"));
        assertTrue(decides.contains("mask") && decides.contains("file:line"), source.out());
        assertFalse(env.out().contains("How it decides"), env.out());
    }
}
