package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A present but unusable setting (target, duration, report path) is a configuration error: one line with
 * where it was written and a hint, exit 2, and nothing runs: no check, no report, not even with
 * --allow-errors. Before, a bad target became a per-check ERROR and --allow-errors exited 0.
 */
class ConfigErrorTest {

    /** Exit 2, exactly {@code expected} on stderr, nothing on stdout and no report file. */
    private static void assertConfigError(Fixture f, String expected, String... args) {
        List<String> withReport = new java.util.ArrayList<>(List.of(args));
        if (withReport.get(0).equals("run")) {
            withReport.addAll(List.of("--allow-errors", "--report", "json=reports/audit.json"));
        }
        CliRun run = f.audit(withReport.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("error: " + expected, run.err().strip());
        assertEquals("", run.out(), "no check ran, no report printed");
        assertFalse(Files.exists(f.dir.resolve("reports")), "no report written, not even its folder");
    }

    /** Replaces the line setting {@code name} in .env.production; returns that line's number. */
    private static int setEnv(Fixture f, String name, String value) throws IOException {
        Path env = f.dir.resolve(".env.production");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(env));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(name + "=")) {
                lines.set(i, name + "=" + value);
                Files.write(env, lines);
                return i + 1;
            }
        }
        lines.add(name + "=" + value);
        Files.write(env, lines);
        return lines.size();
    }

    // ---- targets ----

    @Test
    void aRedisUrlWithAnImpossiblePortInTheEnvFileStopsTheRunAtItsLine(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        int line = setEnv(f, "REDIS_URL", "rediss://default:kV9pXq2LmZ8rT4wN6yB3@redis.internal:99999");
        assertConfigError(f, ".env.production:" + line + ": REDIS_URL has port 99999, outside 1-65535"
                + " (hint: a port is a whole number from 1 to 65535)", "run");
        assertConfigError(f, ".env.production:" + line + ": REDIS_URL has port 99999, outside 1-65535"
                + " (hint: a port is a whole number from 1 to 65535)", "validate");
    }

    @Test
    void envDerivedUrlsOfTheWrongKindAreConfigurationErrors(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        int mongo = setEnv(f, "MONGODB_URI", "postgres://rag:pw@db.internal/rag");
        assertConfigError(f, ".env.production:" + mongo + ": MONGODB_URI must be a mongodb:// or mongodb+srv:// URI,"
                + " not postgres:// (hint: write it as mongodb://[user:password@]host[:port][,host[:port]...][/db]"
                + " or mongodb+srv://[user:password@]host[/db])", "run");
        setEnv(f, "MONGODB_URI", "mongodb://rag:pw@db.internal:27017/rag");
        int api = setEnv(f, "NEXT_PUBLIC_API_URL", "https://api.acme-rag.test:0/");
        assertConfigError(f, ".env.production:" + api + ": NEXT_PUBLIC_API_URL has port 0, outside 1-65535"
                + " (hint: a port is a whole number from 1 to 65535)", "run");
        setEnv(f, "NEXT_PUBLIC_API_URL", "https://api.acme-rag.test/");
        int qdrant = setEnv(f, "QDRANT_URL", "qdrant.internal:6333");
        assertConfigError(f, ".env.production:" + qdrant + ": QDRANT_URL is not an http:// or https:// URL"
                + " (hint: write it as https://host[:port][/path])", "run");
        setEnv(f, "QDRANT_URL", "https://qdrant.internal:6333");
        int mail = setEnv(f, "RESEND_FROM_EMAIL", "Acme <noreply@acme..test>");
        assertConfigError(f, ".env.production:" + mail + ": the domain of RESEND_FROM_EMAIL has an empty label"
                + " (two dots in a row) (hint: write the bare domain, e.g. example.com)", "run");
    }

    @Test
    void auditYamlTargetsAreCheckedAtTheirLineAndColumn(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.writeString(f.dir.resolve("audit.yaml"), """
                targets:
                  baseUrl: ftp://api.acme-rag.test
                """);
        assertConfigError(f, "audit.yaml:2:12: targets.baseUrl must be an http:// or https:// URL, not ftp://"
                + " (hint: write it as https://host[:port][/path])", "run");
        Files.writeString(f.dir.resolve("audit.yaml"), """
                targets:
                  tls: [api.acme-rag.test:443, "app.acme-rag.test:https"]
                """);
        assertConfigError(f, "audit.yaml:2:32: targets.tls.1 has a port that is not a number"
                + " (hint: a port is a whole number from 1 to 65535)", "run");
        Files.writeString(f.dir.resolve("audit.yaml"), """
                targets:
                  qdrant:
                    grpcPort: 70000
                """);
        assertConfigError(f, "audit.yaml:3:15: targets.qdrant.grpcPort has port 70000, outside 1-65535"
                + " (hint: a port is a whole number from 1 to 65535)", "run");
        Files.writeString(f.dir.resolve("audit.yaml"), """
                targets:
                  dnsServer: "1.1.1.1:fifty-three"
                """);
        assertConfigError(f, "audit.yaml:2:14: targets.dnsServer has a port that is not a number"
                + " (hint: a port is a whole number from 1 to 65535)", "run");
        Files.writeString(f.dir.resolve("audit.yaml"), """
                targets:
                  mailDomain: mail.acme rag.test
                """);
        assertConfigError(f, "audit.yaml:2:15: targets.mailDomain has 'acme rag', which is not a valid domain label"
                + " (hint: write the bare domain, e.g. example.com)", "run");
        Files.writeString(f.dir.resolve("audit.yaml"), """
                targets:
                  redis: ${REDIS_TLS_URL}
                """);
        setEnv(f, "REDIS_TLS_URL", "rediss://redis.internal:6378/cache");
        assertConfigError(f, "audit.yaml:2:10: targets.redis has a path that is not a database number such as /0"
                + " (hint: write it as redis://[[user]:password@]host[:port][/db] or rediss://...)", "run");
    }

    @Test
    void aCaFileMustExistAndHoldCertificates(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        String hint = " (hint: pass a PEM file of CA certificates (-----BEGIN CERTIFICATE-----))";
        assertConfigError(f, "--ca-file certs/ca.pem: the CA file does not exist" + hint, "run", "--ca-file", "certs/ca.pem");
        Files.writeString(f.dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        Files.writeString(f.dir.resolve("audit.yaml"), "targets:\n  caFile: ca.pem\n");
        assertConfigError(f, "audit.yaml:2:11: targets.caFile does not parse as PEM certificates" + hint, "run");
    }

    @Test
    void aBlankTargetStaysNotConfiguredAndTheRunGoesOn(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        setEnv(f, "REDIS_URL", "");
        CliRun run = f.audit("run", "--only", "infra.redis-persistence", "--format", "json");
        assertEquals("", run.err());
        assertTrue(run.out().contains("not configured: set REDIS_URL or targets.redis"), run.out());
    }

    // ---- durations ----

    @Test
    void zeroNegativeAndAbsurdDurationsAreRejectedByTheCliAuditYamlAndCatalogueAlike(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        assertConfigError(f, "--timeout -5s: timeout '-5s' is outside the allowed range 1ms to 1h (hint: e.g. --timeout 5s)",
                "run", "--timeout", "-5s");
        assertConfigError(f, "--timeout 99999999999999d: timeout '99999999999999d' is outside the allowed range 1ms to 1h"
                + " (hint: e.g. --timeout 5s)", "run", "--timeout", "99999999999999d");
        Files.writeString(f.dir.resolve("audit.yaml"), "timeout: -5s\n");
        assertConfigError(f, "audit.yaml:1:10: 'timeout': timeout '-5s' is outside the allowed range 1ms to 1h", "run");
        Files.writeString(f.dir.resolve("audit.yaml"), "checks:\n  app.node-env: {timeout: 0s}\n");
        assertConfigError(f, "audit.yaml:2:27: 'timeout': timeout '0s' is outside the allowed range 1ms to 1h", "run");
        Files.delete(f.dir.resolve("audit.yaml"));
        Files.writeString(f.dir.resolve("slow.yaml"), """
                section: Custom
                checks:
                  - id: custom.backup
                    title: Backups are recent
                    severity: high
                    rationale: r
                    remediation: f
                    timeout: 2h
                    probe: {type: redis, checks: [backup], maxBackupAge: 24h}
                """);
        assertConfigError(f, "slow.yaml:8:14: 'timeout': timeout '2h' is outside the allowed range 1ms to 1h",
                "run", "--catalogue", "slow.yaml");
        Files.writeString(f.dir.resolve("slow.yaml"), Files.readString(f.dir.resolve("slow.yaml"))
                .replace("timeout: 2h", "timeout: 5s").replace("24h", "99999999999999d"));
        assertConfigError(f, "slow.yaml:9:58: 'maxBackupAge': '99999999999999d' is longer than 100 years",
                "run", "--catalogue", "slow.yaml");
    }

    // ---- report paths ----

    @Test
    void reportPathsAreCheckedBeforeAnyCheckRuns(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.writeString(f.dir.resolve("reports.txt"), "a file where a folder is expected");
        CliRun run = f.audit("run", "--format", "json", "--output", "audit.json", "--report", "json=./audit.json");
        assertEquals(2, run.exitCode());
        assertEquals("error: --report json=./audit.json: writes to the same file as --output audit.json"
                + " (hint: give each report its own file)", run.err().strip());
        assertFalse(Files.exists(f.dir.resolve("audit.json")));
        run = f.audit("run", "--report", "sarif=reports.txt/audit.sarif");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().strip().startsWith("error: --report sarif=reports.txt/audit.sarif: cannot create the folder "),
                run.err());
        assertEquals("", run.out(), "no check ran");
        run = f.audit("run", "--report", "json=src");
        assertEquals("error: --report json=src: is a folder, not a file (hint: name a file inside it)", run.err().strip());
    }

    // ---- the bare command ----

    @Test
    void bareAuditPrintsTheUsageToStderrAndExits2(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        CliRun run = f.audit();
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("error: missing a command (hint: audit COMMAND, e.g. audit run)\nUsage: audit "),
                run.err());
        assertTrue(run.err().contains("validate") && run.err().contains("Exit codes:"), run.err());
        assertFalse(run.err().contains("picocli") || run.err().contains("Exception"), run.err());
    }
}
