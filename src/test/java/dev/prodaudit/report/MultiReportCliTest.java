package dev.prodaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodaudit.cli.Main;
import dev.prodaudit.cli.Terminal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit run --report junit=... --report sarif=... --report markdown=... --report html=...}: the CLI writes
 * all four beside the text report, from one run, and no secret of the env file reaches any of them. The files are
 * kept under target/report-samples/ for a look.
 */
class MultiReportCliTest {
    private static final String JWT_SECRET = "s3cr3t-Jwt-Value-42";
    private static final String REDIS_PASSWORD = "hunter2-redis-pass";

    private static final String CATALOGUE = """
            section: Security Checklist
            checks:
              - id: security.jwt-secrets
                title: JWT secrets generated
                subsection: Secrets & Keys
                severity: critical
                tags: [secrets]
                rationale: Short secrets can be brute-forced.
                remediation: |-
                  Generate a long random secret:
                    JWT_ACCESS_SECRET=$(openssl rand -base64 48)
                probe:
                  type: env
                  vars:
                    JWT_ACCESS_SECRET: {bytes: {min: 48, encoding: base64}}
              - id: security.redis-tls
                title: Redis over TLS
                subsection: Network Security
                severity: medium
                tags: [redis]
                rationale: Passwords cross the network.
                remediation: Use rediss://.
                probe:
                  type: env
                  vars:
                    REDIS_URL: {url: {schemes: [rediss]}}
              - id: security.rate-limiting
                title: Rate limiting configured
                severity: high
                rationale: Brute force.
                remediation: Limit logins.
                probe: {type: manual, verify: Send 20 logins and expect 429.}
            """;

    private static final String INFRA = """
            section: Infrastructure Checklist
            checks:
              - id: infra.non-root-user
                title: Non-root user
                subsection: Container/Server
                severity: high
                rationale: Root in a container.
                remediation: Add USER node to the Dockerfile.
                probe:
                  type: file
                  paths: [Dockerfile]
                  contains: '(?m)^USER\\s+\\w+'
              - id: infra.node-env
                title: NODE_ENV is production
                severity: high
                rationale: Dev mode leaks stack traces.
                remediation: Set NODE_ENV=production.
                probe:
                  type: env
                  vars:
                    NODE_ENV: {oneOf: [production]}
            """;

    @Test
    void fourReportsFromOneRunAndNoSecretInAny(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("checks-security.yaml"), CATALOGUE);
        Files.writeString(dir.resolve("checks-infra.yaml"), INFRA);
        Files.writeString(dir.resolve(".env.production"), "NODE_ENV=production\nJWT_ACCESS_SECRET=" + JWT_SECRET
                + "\nREDIS_URL=redis://:" + REDIS_PASSWORD + "@cache.internal:6379\n");
        Files.writeString(dir.resolve("Dockerfile"), "FROM node:20\nCMD [\"node\", \"server.js\"]\n");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new Terminal(dir, Map.of(), new PrintWriter(out), new PrintWriter(err), false), "run",
                "--catalogue", "checks-security.yaml", "--catalogue", "checks-infra.yaml", "--env-file", ".env.production",
                "--report", "junit=reports/audit.xml", "--report", "sarif=reports/audit.sarif",
                "--report", "markdown=reports/audit.md", "--report", "html=reports/audit.html", "--report", "json=reports/audit.json");
        assertEquals(1, code, out + "\n" + err);
        assertTrue(out.toString().contains("FAIL    JWT secrets generated"), out.toString());

        Path reports = dir.resolve("reports");
        Path samples = Path.of("target", "report-samples");
        Files.createDirectories(samples);
        for (String name : List.of("audit.xml", "audit.sarif", "audit.md", "audit.html", "audit.json")) {
            Path file = reports.resolve(name);
            assertTrue(Files.isRegularFile(file), name + " not written");
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertFalse(text.isBlank(), name);
            assertFalse(text.contains(JWT_SECRET), "the JWT secret leaked into " + name);
            assertFalse(text.contains(REDIS_PASSWORD), "the Redis password leaked into " + name);
            Files.writeString(samples.resolve(name), text, StandardCharsets.UTF_8);
        }
        assertFalse(out.toString().contains(JWT_SECRET));

        // The same run in each: the JSON's counts are what the others say.
        JsonNode json = new ObjectMapper().readTree(reports.resolve("audit.json").toFile());
        int failed = json.at("/summary/fail").asInt();
        assertTrue(failed >= 2, json.at("/summary").toString());
        String xml = Files.readString(reports.resolve("audit.xml"));
        JunitReporterTest.validate(xml);
        assertTrue(xml.contains("<testsuites name=\"prodaudit\" tests=\"5\" failures=\"" + failed + "\""), xml);
        JsonNode sarif = new ObjectMapper().readTree(reports.resolve("audit.sarif").toFile());
        assertEquals(failed, sarif.at("/runs/0/properties/summary/fail").asInt());
        assertEquals(5, sarif.at("/runs/0/tool/driver/rules").size());
        String md = Files.readString(reports.resolve("audit.md"));
        assertTrue(md.startsWith("## ❌ Production audit: FAILED"), md);
        String html = Files.readString(reports.resolve("audit.html"));
        assertEquals(failed, HtmlReporterTest.summaryTable(html).get("").get(dev.prodaudit.probe.Status.FAIL));
    }

    @Test
    void formatAndOutputWorkForEveryNewFormat(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("checks.yaml"), CATALOGUE);
        Files.writeString(dir.resolve(".env.production"), "JWT_ACCESS_SECRET=" + JWT_SECRET + "\n");
        for (String format : List.of("junit", "sarif", "markdown", "html")) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new Terminal(dir, Map.of(), new PrintWriter(out), new PrintWriter(err), false), "run",
                    "--catalogue", "checks.yaml", "--format", format);
            assertEquals(1, code, format + ": " + err);
            assertFalse(out.toString().isBlank(), format);
            assertFalse(out.toString().contains(JWT_SECRET), format);
        }
        StringWriter err = new StringWriter();
        int code = Main.run(new Terminal(dir, Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err), false), "run",
                "--catalogue", "checks.yaml", "--report", "pdf=x.pdf");
        assertEquals(2, code);
        assertTrue(err.toString().contains("junit, sarif, markdown, html"), err.toString());
    }
}
