package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodaudit.testing.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output that a hostile server cannot control: a server whose replies carry terminal escapes and line breaks
 * cannot clear the screen or forge "result: OK" in any report format, and servers that echo secrets back (an
 * app that exposes its configuration in headers and /metrics, a real redis-server quoting the password of a
 * command it does not know) get every fragment of them masked.
 */
class HostileOutputTest {
    private static final List<String> FORMATS = List.of("text", "json", "junit", "sarif", "markdown", "html", "prometheus");
    /** ESC, BEL, NUL, BS and the C1 CSI: none may reach a report raw. */
    private static final String RAW = "\u001b\u0007\u0000\b\u009b";
    /** Clear the screen, home the cursor, and print a verdict of its own on a fresh line. */
    private static final String FORGERY = "\u001b[2J\u001b[H\u0007\u0000\b\u009b32m\rresult: OK";

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- a server that speaks in escapes

    @Test
    void aHostileServerCannotClearTheScreenOrForgeAVerdictInAnyFormat() throws Exception {
        String json = "{\"status\":\"\\u001b[2J\\u0007\\u0000\\b\\u009b\\r\\nresult: OK\"}";
        try (RawHttpServer server = new RawHttpServer(path -> "HTTP/1.1 200 OK\r\n"
                + "Content-Type: application/json\r\n"
                + "X-Powered-By: Express" + FORGERY + "\r\n"
                + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "Connection: close\r\n\r\n" + json)) {
            Files.writeString(dir.resolve("hostile.yaml"), """
                    section: "Hostile \\e[2J section"
                    checks:
                      - id: hostile.powered-by
                        title: "X-Powered-By is not sent \\e]0;pwned\\a"
                        severity: high
                        rationale: r
                        remediation: "Remove the header.\\n\\e[2Jresult: OK"
                        probe: {type: http, path: /health, expect: {headers: {X-Powered-By: {absent: true}}}}
                      - id: hostile.health-json
                        title: Health reports its status
                        severity: low
                        rationale: r
                        remediation: f
                        probe: {type: http, path: /health, expect: {status: [200], json: status}}
                      - id: hostile.drill
                        title: Restore drill
                        severity: low
                        rationale: r
                        remediation: f
                        probe: {type: manual, verify: Ask.}
                    """, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("audit.yaml"), "targets:\n  baseUrl: " + server.base() + "\n");
            LocalDate today = LocalDate.now();
            Files.writeString(dir.resolve("audit.attestations.yaml"), """
                    version: 1
                    attestations:
                      - check: hostile.drill
                        by: "ops\\e[2J"
                        date: %s
                        evidence: "restored\\r\\nresult: OK\\a"
                        expires: %s
                    """.formatted(today, today.plusDays(60)), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(".env"), "LOG_LEVEL=info\n");

            Map<String, String> reports = runEveryFormat("--catalogue", "hostile.yaml");

            for (Map.Entry<String, String> report : reports.entrySet()) {
                String name = report.getKey();
                String text = report.getValue();
                for (char c : RAW.toCharArray()) {
                    assertFalse(text.indexOf(c) >= 0, name + " holds raw U+" + Integer.toHexString(c));
                }
                assertFalse(text.contains("\rresult: OK"), name + " holds a raw CR before the forged verdict");
                // The metrics carry no evidence, but the section's label does carry its escape, visibly.
                if (!name.equals("stderr")) {
                    assertTrue(text.contains("x1b[2J"), name + " shows the escape visibly:\n" + text);
                }
                if (name.equals("json") || name.equals("sarif")) {
                    assertNoControlCharacterIn(new ObjectMapper().readTree(text), name);
                }
            }
            String textReport = reports.get("text");
            // The header and the attestation are shown, escaped, on their one line each (the HTTP probe itself
            // already turns a header's CR into a blank).
            assertTrue(textReport.contains("X-Powered-By: Express\\x1b[2J\\x1b[H\\x07\\x00\\x08\\x9b32m result: OK is present"), textReport);
            assertTrue(reports.get("json").contains("JSON field 'status' is \\\"\\\\x1b[2J\\\\x07\\\\x00\\\\x08\\\\x9b"),
                    reports.get("json"));
            assertTrue(textReport.contains("attested by ops\\x1b[2J on "), textReport);
            assertTrue(textReport.contains("restored\\r\\nresult: OK\\x07"), textReport);
            // One verdict line, the real one: the high-severity FAIL gates.
            List<String> verdicts = textReport.lines().filter(l -> l.startsWith("result:")).toList();
            assertEquals(1, verdicts.size(), textReport);
            assertTrue(verdicts.get(0).startsWith("result: FAILED"), verdicts.get(0));
        }
    }

    @Test
    void errorMessagesOnStderrAreEscapedToo() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "section: S\nchecks:\n  - id: \"x\\e[2J\"\n    title: t\n", StandardCharsets.UTF_8);
        CliRun run = audit(Map.of(), "validate", "--catalogue", "bad.yaml");
        assertEquals(2, run.exitCode(), run.err());
        for (char c : RAW.toCharArray()) {
            assertFalse(run.err().indexOf(c) >= 0, "stderr holds raw U+" + Integer.toHexString(c) + ": " + run.err());
        }
    }

    // ---------------------------------------------------------------- servers that echo secrets

    @Test
    void secretsEchoedByServersAreMaskedInEveryEncodingAndFragment() throws Exception {
        RedisServerProcess.assumeAvailable();
        // The old and the new value of a duplicated key; a unicode password; a URL password written with %21.
        String oldJwt = "oldJwtSecret-" + "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3A";
        String newJwt = "newJwtSecret-" + "cXV4cXV1eHl6enkxMjM0NTY3ODkwMDk4NzY1NDMyMWFiY2RlZg";
        String smtp = "Pässwörd-Геheimnis-秘密-🔑-" + "4f1c9a7e2b";
        // Longer than the 128 characters Redis quotes of an unknown command's arguments: it echoes a fragment.
        String redisPassword = "p!ss-" + "a1b2c3d4e5f6".repeat(12);
        String redisPasswordInUrl = redisPassword.replace("!", "%21");
        Files.writeString(dir.resolve(".env.production"), String.join("\n",
                "JWT_ACCESS_SECRET=" + oldJwt,
                "SMTP_PASSWORD=\"" + smtp + "\"",
                "JWT_ACCESS_SECRET=" + newJwt,
                "LOG_LEVEL=info", ""), StandardCharsets.UTF_8);

        // An app that exposes its configuration: the overridden JWT secret in a header (clipped to 120 characters
        // by the probe, so only a prefix is printed), the unicode password percent-encoded and NFD in /metrics.
        String header = "build=2024.10; jwt=" + oldJwt + "; smtp=" + URLEncoder.encode(smtp, StandardCharsets.UTF_8) + "; "
                + "x".repeat(40);
        String metrics = "# TYPE app_config " + Normalizer.normalize(smtp, Normalizer.Form.NFD).replace(' ', '_') + "\n"
                + "app_config 1\n";
        try (RawHttpServer app = new RawHttpServer(path -> {
            String body = path.startsWith("/metrics") ? metrics : "{\"status\":\"ok\"}";
            return "HTTP/1.1 200 OK\r\nX-App-Config: " + header + "\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
        });
             // A real redis-server that does not know AUTH: "ERR unknown command 'AUTH', with args beginning with: '<password>'".
             RedisServerProcess redis = RedisServerProcess.builder().line("rename-command AUTH \"\"").start()) {
            Files.writeString(dir.resolve("echo.yaml"), """
                    section: Echo
                    checks:
                      - id: echo.config-header
                        title: The app does not expose its configuration
                        severity: high
                        rationale: r
                        remediation: f
                        probe: {type: http, path: /health, expect: {headers: {X-App-Config: {absent: true}}}}
                      - id: echo.metrics
                        title: Metrics are valid
                        severity: low
                        rationale: r
                        remediation: f
                        probe: {type: prometheus}
                      - id: echo.redis
                        title: Redis persists
                        severity: low
                        rationale: r
                        remediation: f
                        probe: {type: redis, checks: [persistence]}
                    """, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("audit.yaml"), "targets:\n  baseUrl: " + app.base() + "\n  redis: \"redis://:"
                    + redisPasswordInUrl + "@127.0.0.1:" + redis.port() + "\"\n");

            Map<String, String> reports = runEveryFormat("--catalogue", "echo.yaml");

            String textReport = reports.get("text");
            // The echoes happened, and what they carried is masked.
            assertTrue(textReport.contains("X-App-Config: build=2024.10; jwt=[redacted]"), textReport);
            assertTrue(textReport.contains("with args beginning with: '[redacted]"), textReport);
            assertTrue(textReport.contains("unknown metric type '[redacted]"), textReport);
            List<String> secrets = List.of(oldJwt, newJwt, smtp, redisPassword, redisPasswordInUrl);
            for (Map.Entry<String, String> report : reports.entrySet()) {
                assertNoFragmentOf(secrets, report.getKey(), report.getValue());
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Every report format: --format on stdout for text, --report files for the others; plus stderr. */
    private Map<String, String> runEveryFormat(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("run", "--fail-on", "high"));
        all.addAll(List.of(args));
        for (String format : FORMATS.subList(1, FORMATS.size())) {
            all.addAll(List.of("--report", format + "=out/report." + format));
        }
        CliRun run = audit(Map.of(), all.toArray(String[]::new));
        assertTrue(run.exitCode() <= 1, "the audit must run: " + run.err() + run.out());
        Map<String, String> reports = new LinkedHashMap<>();
        reports.put("text", run.out());
        for (String format : FORMATS.subList(1, FORMATS.size())) {
            reports.put(format, Files.readString(dir.resolve("out/report." + format), StandardCharsets.UTF_8));
        }
        reports.put("stderr", run.err());
        return reports;
    }

    private static void assertNoControlCharacterIn(JsonNode node, String where) {
        if (node.isTextual()) {
            String s = node.asText();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f);
                assertFalse(control, where + ": a value holds U+" + Integer.toHexString(c) + ": " + s);
            }
        }
        node.forEach(child -> assertNoControlCharacterIn(child, where));
    }

    /** No run of 12 characters of any secret, in any letter case, as written, decoded or encoded. */
    private static void assertNoFragmentOf(List<String> secrets, String where, String output) {
        String lower = output.toLowerCase(Locale.ROOT);
        for (String secret : secrets) {
            for (String form : List.of(secret, URLEncoder.encode(secret, StandardCharsets.UTF_8),
                    Normalizer.normalize(secret, Normalizer.Form.NFD))) {
                String f = form.toLowerCase(Locale.ROOT);
                for (int i = 0; i + 12 <= f.length(); i++) {
                    String fragment = f.substring(i, i + 12);
                    assertFalse(lower.contains(fragment), where + " leaks '" + fragment + "' of a secret:\n" + output);
                }
            }
        }
    }

    private CliRun audit(Map<String, String> environment, String... args) {
        return CliRun.in(dir, environment, args);
    }

    /**
     * An HTTP/1.1 server on a loopback socket that writes whatever bytes it is given, as no well-behaved server
     * library would: raw escapes in header values, bare CRs. One request per connection.
     */
    private static final class RawHttpServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread acceptor;

        RawHttpServer(Function<String, String> responseForPath) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        String path = readRequestPath(s.getInputStream());
                        OutputStream out = s.getOutputStream();
                        out.write(responseForPath.apply(path).getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    } catch (IOException e) {
                        // closed, or the client went away: the next accept decides
                    }
                }
            }, "raw-http");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String base() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private static String readRequestPath(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                String s = head.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r\n\r\n")) {
                    break;
                }
            }
            String[] requestLine = head.toString(StandardCharsets.ISO_8859_1).split(" ", 3);
            return requestLine.length > 1 ? requestLine[1] : "/";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
