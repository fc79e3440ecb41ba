package dev.prodaudit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.engine.Gate;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.manual.ManualSpec;
import dev.prodaudit.testing.ProbeKit;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Audit reports built directly, for the reporter tests: {@link #sample} covers every status with findings with and
 * without file and line, hostile text and a redacted URL; {@link #realistic} is the BAD fixture project's run.
 */
final class ReportFixtures {
    static final Instant STARTED = Instant.parse("2026-11-25T10:00:00.123Z");
    static final String HOSTILE_TITLE = "Escaping <script>alert('t')</script> | `tick` & *stars* _under_ [link](x)";
    static final String HOSTILE_EVIDENCE = "<img src=x onerror=alert(1)> | a `b` c\nsecond line & \"quotes\" ]]> $x$";
    static final String REDACTED_URL = "redis://:[redacted]@cache.internal:6379";
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());

    private ReportFixtures() {
    }

    private static final String SECURITY = """
            section: Security Checklist
            checks:
              - id: security.jwt-secrets
                title: JWT secrets generated
                subsection: Secrets & Keys
                severity: critical
                tags: [secrets, jwt]
                rationale: A short or reused secret lets anyone mint tokens.
                remediation: |-
                  Generate two independent secrets of at least 48 random bytes:
                    JWT_ACCESS_SECRET=$(openssl rand -base64 48)
                  i.e. run `openssl rand -base64 48` once per secret.
                probe:
                  type: env
                  vars:
                    JWT_ACCESS_SECRET: {bytes: {min: 48, encoding: base64}}
                    JWT_REFRESH_SECRET: {bytes: {min: 48, encoding: base64}}
                  distinct: [[JWT_ACCESS_SECRET, JWT_REFRESH_SECRET]]
              - id: security.azure-openai-key
                title: Azure OpenAI key secured
                subsection: Secrets & Keys
                severity: critical
                tags: [secrets]
                rationale: A committed key is a leaked key.
                remediation: Rotate the key and remove it from history.
                probe:
                  type: git
                  secretsNotTracked: [AZURE_OPENAI_API_KEY]
              - id: security.escaping
                title: "%s"
                subsection: Network Security
                severity: medium
                tags: [test]
                rationale: "Hostile <b>rationale</b> & more"
                remediation: "Hostile fix: </pre><script>alert(2)</script> ``` | done"
                probe: {type: manual}
              - id: security.cors
                title: CORS configured
                subsection: Network Security
                severity: high
                tags: [http]
                rationale: Any site could call the API as the user.
                remediation: List the production origins in ALLOWED_ORIGINS.
                probe: {type: manual}
              - id: security.rate-limiting
                title: Rate limiting configured
                subsection: Authentication
                severity: critical
                tags: [http]
                rationale: Brute force.
                remediation: Limit login attempts per IP and account.
                probe: {type: manual, verify: Send 20 logins in a minute and expect 429.}
            """.formatted(HOSTILE_TITLE.replace("\"", "\\\""));

    private static final String INFRA = """
            section: Infrastructure Checklist
            checks:
              - id: infra.redis-password
                title: Redis password set
                subsection: Redis
                severity: medium
                tags: [redis]
                rationale: An open Redis is anyone's queue.
                remediation: Set requirepass and put the password in REDIS_URL.
                probe: {type: manual}
              - id: infra.non-root-user
                title: Non-root user
                subsection: Container/Server
                severity: high
                tags: [docker]
                rationale: Root in a container is close to root on the host.
                remediation: |-
                  Add to the Dockerfile:
                    USER node
                probe:
                  type: file
                  paths: [Dockerfile]
                  contains: 'USER'
              - id: infra.api-docs
                title: API documented
                severity: low
                tags: [docs]
                rationale: People need docs.
                remediation: Publish an OpenAPI file.
                probe: {type: manual}
              - id: infra.backups
                title: Backups configured
                subsection: Database
                severity: high
                tags: [backup]
                rationale: Data loss.
                remediation: Schedule daily snapshots.
                probe: {type: manual}
              - id: infra.dockerfile
                title: Dockerfile present
                subsection: Container/Server
                severity: info
                tags: [docker]
                rationale: Reproducible builds.
                remediation: Add a Dockerfile.
                probe:
                  type: file
                  paths: [Dockerfile]
            """;

    /** The checks of the sample catalogue, by id, bound through the real loader. */
    static Map<String, Check> sampleChecks() {
        try {
            Map<String, Check> checks = new LinkedHashMap<>();
            for (Check c : LOADER.parseFile("security.yaml", SECURITY)) {
                checks.put(c.id(), c);
            }
            for (Check c : LOADER.parseFile("infra.yaml", INFRA)) {
                checks.put(c.id(), c);
            }
            return checks;
        } catch (InputException e) {
            throw new IllegalStateException(e.oneLine(), e);
        }
    }

    static AuditReport.RunInfo runInfo() {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("baseUrl", "https://api.example.com");
        targets.put("redis", REDACTED_URL);
        return new AuditReport.RunInfo("audit.yaml", List.of("security.yaml", "infra.yaml"), List.of(".env.production"), ".",
                targets);
    }

    /** Every status once or more, at --fail-on high without --allow-errors. */
    static AuditReport sample() {
        return sample(new Gate(Severity.HIGH, false));
    }

    static AuditReport sample(Gate gate) {
        Map<String, Check> c = sampleChecks();
        List<Result> results = new ArrayList<>();
        results.add(new Result(c.get("security.jwt-secrets"), Status.FAIL,
                "JWT_ACCESS_SECRET: 16 chars, 12 bytes (base64); at least 48 bytes required (+1 more)",
                List.of(Finding.at(Status.FAIL, "JWT_ACCESS_SECRET: 16 chars, 12 bytes (base64); at least 48 bytes required",
                                ".env.production", 24),
                        Finding.of(Status.FAIL, "JWT_ACCESS_SECRET and JWT_REFRESH_SECRET hold the same value"),
                        Finding.at(Status.PASS, "JWT_REFRESH_SECRET: 64 chars, 48 bytes (base64)", ".env.production", 25)),
                12));
        results.add(new Result(c.get("security.azure-openai-key"), Status.FAIL,
                "the value of AZURE_OPENAI_API_KEY is committed in src/config.js:3; rotate it and remove it from history",
                List.of(Finding.at(Status.FAIL,
                        "the value of AZURE_OPENAI_API_KEY is committed in src/config.js:3; rotate it and remove it from history",
                        "src/config.js", 3)),
                40));
        results.add(new Result(c.get("security.escaping"), Status.WARN, HOSTILE_EVIDENCE,
                List.of(Finding.at(Status.WARN, "finding with <tags> & | pipes", "dir with space/file#1.txt", 7)), 3));
        results.add(new Result(c.get("security.cors"), Status.ERROR,
                "GET https://api.example.com/ failed: connection refused", List.of(), 1500));
        results.add(new Result(c.get("security.rate-limiting"), Status.MANUAL,
                "verify by hand: Send 20 logins in a minute and expect 429.", List.of(), 0));
        results.add(new Result(c.get("infra.redis-password"), Status.FAIL,
                REDACTED_URL + " accepts commands without AUTH",
                List.of(Finding.of(Status.FAIL, REDACTED_URL + " accepts commands without AUTH")), 25));
        results.add(new Result(c.get("infra.non-root-user"), Status.FAIL, "Dockerfile does not contain /USER/",
                List.of(new Finding(Status.FAIL, "Dockerfile does not contain /USER/", "Dockerfile", null)), 2));
        results.add(new Result(c.get("infra.api-docs"), Status.SKIP, "disabled in audit.yaml", List.of(), 0));
        results.add(new Result(c.get("infra.backups"), Status.WAIVED,
                "waived until 2026-12-31 by ops@example.com: restore drill scheduled (OPS-42)",
                List.of(Finding.of(Status.FAIL, "no backup job found")), 0));
        results.add(new Result(c.get("infra.dockerfile"), Status.PASS, "Dockerfile exists",
                List.of(new Finding(Status.PASS, "Dockerfile exists", "Dockerfile", null)), 1));
        return new AuditReport("9.9.9-test", STARTED, 1583, runInfo(), results,
                List.of(".env.production:29: duplicate key ENCRYPTION_KEY (line 28 is overridden; the last value wins)"), gate);
    }

    /** No checks at all (an --only that matched nothing). */
    static AuditReport empty() {
        return new AuditReport("9.9.9-test", STARTED, 3, runInfo(), List.of(), List.of(), new Gate(Severity.HIGH, false));
    }

    /**
     * The run of the BAD fixture project (src/test/resources/report/bad-run.json, a copy of the end-to-end JSON
     * report with placeholders such as {@code <port>} filled in): 95 checks of the built-in catalogue. The Check
     * records come from the built-in catalogue through the real loader where the id exists (a check the catalogue
     * no longer has is rebuilt from the JSON with a ManualSpec). A few results are changed so that every status
     * shows: an http check timed out (ERROR), one warns, a manual item is disabled (SKIP), one failure is waived.
     */
    static AuditReport realistic() {
        Map<String, Check> catalogue = new HashMap<>();
        try {
            for (Check c : new CatalogLoader(ProbeRegistry.load()).load(List.of(CatalogLoader.BUILTIN)).checks()) {
                catalogue.put(c.id(), c);
            }
        } catch (InputException e) {
            throw new IllegalStateException(e.oneLine(), e);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Path.of("src/test/resources/report/bad-run.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode j : root.get("checks")) {
            String id = j.get("id").asText();
            Check check = catalogue.get(id);
            if (check == null) {
                List<String> tags = new ArrayList<>();
                j.get("tags").forEach(t -> tags.add(t.asText()));
                check = ProbeKit.check(id).title(j.get("title").asText()).section(j.get("section").asText())
                        .subsection(j.get("subsection").isNull() ? null : j.get("subsection").asText())
                        .severity(Severity.parse(j.get("severity").asText())).rationale("")
                        .remediation(j.get("remediation").asText()).tags(tags)
                        .type(j.get("probe").asText(), new ManualSpec(null)).source("bad-run.json").build();
            }
            List<Finding> findings = new ArrayList<>();
            for (JsonNode f : j.get("findings")) {
                findings.add(new Finding(Status.valueOf(f.get("status").asText()), fill(f.get("message").asText()),
                        f.get("file").isNull() ? null : f.get("file").asText(),
                        f.get("line").isNull() ? null : f.get("line").asInt()));
            }
            Status status = Status.valueOf(j.get("status").asText());
            String evidence = fill(j.get("evidence").asText());
            switch (id) {
                case "monitoring.health-endpoint" -> {
                    status = Status.ERROR;
                    evidence = "GET https://localhost:8443/health timed out after 10s";
                    findings = List.of(Finding.of(Status.ERROR, evidence));
                }
                case "monitoring.request-tracing" -> {
                    status = Status.WARN;
                    evidence = "X-Request-Id is echoed but not generated when the client sends none";
                    findings = List.of(Finding.of(Status.WARN, evidence));
                }
                case "deploy.metrics-baseline" -> {
                    status = Status.SKIP;
                    evidence = "disabled in audit.yaml";
                }
                case "perf.rerank-cache" -> {
                    status = Status.WAIVED;
                    evidence = "waived until 2027-01-31 by ops@example.com: the rerank cache ships in 2.4 (OPS-123)";
                }
                default -> {
                }
            }
            long duration = status == Status.MANUAL || status == Status.SKIP ? 0 : 3 + Math.floorMod(id.hashCode(), 400);
            results.add(new Result(check, status, evidence, findings, duration));
        }
        List<String> warnings = new ArrayList<>();
        root.get("warnings").forEach(w -> warnings.add(fill(w.asText())));
        return new AuditReport("0.1.0", STARTED, 4210, runInfo(), results, warnings, new Gate(Severity.HIGH, false));
    }

    private static String fill(String s) {
        return s.replace("<port>", "8443");
    }

    /** A reporter's output as a string. */
    static String render(Reporter reporter, AuditReport report) {
        StringWriter out = new StringWriter();
        try {
            reporter.write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
