package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, section 1: a definite FAIL is never hidden by a part that could not decide. Each catalogue check below
 * combines what the env file shows with a live server that cannot be reached (a closed local port): the check is
 * FAIL, gates even with {@code --allow-errors}, and its evidence names both the failure and the undecided part, in
 * the JSON evidence and findings, the summary and the text report alike.
 */
class DefiniteFailTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A local port nothing listens on: connections are refused at once. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Fixture project(Path tmp, String env) throws Exception {
        Fixture f = Fixture.bad(tmp);
        Files.writeString(tmp.resolve(".env.production"), env, StandardCharsets.UTF_8);
        return f;
    }

    /** Runs one check with --allow-errors, as JSON and as text, and returns the check's JSON after the shared asserts. */
    private static JsonNode failsDespiteTheUndecidedPart(Fixture f, String id, String failure, String undecided) throws Exception {
        CliRun run = f.audit("run", "--only", id, "--allow-errors", "--format", "json");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        JsonNode report = JSON.readTree(run.out());
        JsonNode check = report.get("checks").get(0);
        assertEquals(id, check.get("id").asText());
        assertEquals("FAIL", check.get("status").asText(), check.toString());
        assertTrue(check.get("gating").asBoolean(), check.toString());
        String evidence = check.get("evidence").asText();
        assertTrue(evidence.contains(failure), evidence);
        assertTrue(evidence.contains(undecided), evidence);
        List<String> statuses = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        check.get("findings").forEach(x -> {
            statuses.add(x.get("status").asText());
            messages.add(x.get("message").asText());
        });
        assertTrue(statuses.contains("FAIL"), statuses.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains(failure)), messages.toString());
        JsonNode summary = report.get("summary");
        assertEquals(1, summary.get("fail").asInt(), summary.toString());
        assertEquals(0, summary.get("error").asInt(), summary.toString());
        assertEquals(1, summary.get("gating").asInt(), summary.toString());
        assertEquals(1, summary.get("exitCode").asInt(), summary.toString());

        CliRun text = f.audit("run", "--only", id, "--allow-errors");
        assertEquals(1, text.exitCode(), text.out());
        assertTrue(text.out().contains("FAIL"), text.out());
        assertTrue(text.out().contains(failure) && text.out().contains(undecided), text.out());
        assertTrue(text.out().contains("1 failed, 0 warnings, 0 errors"), text.out());
        return check;
    }

    @Test
    void aWildcardCorsOriginFailsWhenTheApiCannotBeReached(@TempDir Path tmp) throws Exception {
        int port = closedPort();
        Fixture f = project(tmp, "NODE_ENV=production\nALLOWED_ORIGINS=*\nNEXT_PUBLIC_API_URL=https://127.0.0.1:" + port + "\n");
        JsonNode check = failsDespiteTheUndecidedPart(f, "security.cors", "ALLOWED_ORIGINS looks like a placeholder: \"*\"",
                "cors part undecided: connection refused by 127.0.0.1:" + port);
        List<String> statuses = new ArrayList<>();
        check.get("findings").forEach(x -> statuses.add(x.get("status").asText()));
        assertTrue(statuses.contains("ERROR"), "the live preflight's finding says it could not decide: " + statuses);
    }

    @Test
    void aRedisUrlWithoutPasswordFailsWhenRedisCannotBeReached(@TempDir Path tmp) throws Exception {
        int port = closedPort();
        Fixture f = project(tmp, "NODE_ENV=production\nREDIS_URL=redis://127.0.0.1:" + port + "\n");
        failsDespiteTheUndecidedPart(f, "infra.redis-password", "the Redis URL carries no password",
                "live part undecided: whether Redis refuses unauthenticated clients is unknown");
    }

    @Test
    void aMongoUriWithoutCredentialsFailsWhenMongoCannotBeReached(@TempDir Path tmp) throws Exception {
        int port = closedPort();
        Fixture f = project(tmp, "NODE_ENV=production\nMONGODB_URI=mongodb://127.0.0.1:" + port + "/enterprise_rag?tls=true\n");
        failsDespiteTheUndecidedPart(f, "infra.mongodb-auth", "MONGODB_URI carries no credentials",
                "live part undecided: connection refused by 127.0.0.1:" + port);
    }

    /** An API on plain http is a FAIL of security.https-tls, not "not configured". */
    @Test
    void anApiOnPlainHttpFailsHttpsTls(@TempDir Path tmp) throws Exception {
        int port = closedPort();
        Fixture f = project(tmp, "NODE_ENV=production\nNEXT_PUBLIC_API_URL=http://127.0.0.1:" + port + "\n");
        CliRun run = f.audit("run", "--only", "security.https-tls", "--allow-errors", "--format", "json");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        JsonNode check = JSON.readTree(run.out()).get("checks").get(0);
        assertEquals("FAIL", check.get("status").asText(), check.toString());
        String evidence = check.get("evidence").asText();
        assertTrue(evidence.contains("the API is served over plain http: NEXT_PUBLIC_API_URL is http://127.0.0.1:" + port), evidence);
        assertTrue(!evidence.contains("not configured"), evidence);
        JsonNode first = check.get("findings").get(0);
        assertEquals(".env.production", first.get("file").asText());
        assertEquals(2, first.get("line").asInt());
    }
}
