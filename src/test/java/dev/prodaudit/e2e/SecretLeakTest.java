package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.ServiceUrl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leak: every output of every command, on fixtures full of known secret values (including
 * one committed to the repository and passwords inside service URLs), is searched for each value.
 */
class SecretLeakTest {

    /** Every secret value of a fixture's env file: secret-named variables and passwords inside URLs. */
    private static Map<String, String> secretsOf(Path envFile) throws Exception {
        EnvFile file = EnvFile.read(envFile);
        Env env = Env.of(List.of(file), Map.of(), Set.of(), List.of());
        Map<String, String> secrets = new LinkedHashMap<>(env.secrets());
        file.entries().forEach((name, entry) -> ServiceUrl.parse(entry.value())
                .filter(ServiceUrl::hasPassword)
                .ifPresent(url -> secrets.put(name + " password", url.password())));
        secrets.values().removeIf(v -> v.length() < 8);
        return secrets;
    }

    private static List<String> everyOutput(Fixture f, Path dir) throws Exception {
        List<String> outputs = new ArrayList<>();
        List<String[]> invocations = List.of(
                new String[] {"run"},
                new String[] {"run", "--color", "always"},
                new String[] {"run", "--format", "json", "--report", "json=leak/report.json", "--report", "text=leak/report.txt",
                        "--report", "junit=leak/report.xml", "--report", "sarif=leak/report.sarif",
                        "--report", "markdown=leak/report.md", "--report", "html=leak/report.html"},
                new String[] {"run", "--format", "sarif"},
                new String[] {"run", "--format", "junit"},
                new String[] {"run", "--format", "markdown"},
                new String[] {"run", "--format", "html"},
                new String[] {"run", "--debug", "--fail-on", "low"},
                new String[] {"run", "--allow-errors", "--timeout", "1ms"},
                new String[] {"list"},
                new String[] {"validate"},
                new String[] {"explain", "security.jwt-secrets"},
                new String[] {"explain", "infra.mongodb-auth"},
                new String[] {"run", "--env-file", "missing.env", "--debug"});
        for (String[] args : invocations) {
            CliRun run = f.audit(args);
            if (args[0].equals("run") && args.length > 2 && args[2].equals("json")) {
                assertTrue(run.exitCode() <= 1, "the audit itself must run: " + run.err());
            }
            outputs.add(String.join(" ", args) + " stdout:\n" + run.out());
            outputs.add(String.join(" ", args) + " stderr:\n" + run.err());
        }
        outputs.add("report.json:\n" + Files.readString(dir.resolve("leak/report.json"), StandardCharsets.UTF_8));
        for (String name : List.of("report.txt", "report.xml", "report.sarif", "report.md", "report.html")) {
            outputs.add(name + ":\n" + Files.readString(dir.resolve("leak/" + name), StandardCharsets.UTF_8));
        }
        return outputs;
    }

    private static void assertNoSecretIn(List<String> outputs, Map<String, String> secrets) {
        assertTrue(secrets.size() >= 8, "the fixture should be full of secrets, found " + secrets.keySet());
        for (String output : outputs) {
            for (Map.Entry<String, String> s : secrets.entrySet()) {
                assertFalse(output.contains(s.getValue()), "the value of " + s.getKey() + " leaked into "
                        + output.lines().findFirst().orElse(""));
                // Nor any 12-character run of it (the redactor's guarantee, and what the history findings keep to).
                // Placeholders are left out: "your-qdrant-api-key" shares "qdrant-api-k" with a check id.
                for (int i = 0; !s.getValue().startsWith("your-") && i + 12 <= s.getValue().length(); i++) {
                    int at = output.indexOf(s.getValue().substring(i, i + 12));
                    assertFalse(at >= 0, "a fragment of " + s.getKey() + " leaked into "
                            + output.lines().findFirst().orElse("") + " near offset " + at + ": "
                            + (at < 0 ? "" : output.substring(Math.max(0, at - 40), Math.min(output.length(), at + 50))
                                    .replace(s.getValue().substring(i, i + 12), "<fragment>")));
                }
            }
        }
    }

    @Test
    void badProjectLeaksNothing(@TempDir Path tmp) throws Exception {
        try (LiveApp app = LiveApp.bad()) {
            Fixture bad = Fixture.bad(tmp);
            app.writeConfig(tmp);
            Map<String, String> secrets = secretsOf(tmp.resolve(".env.production"));
            // The session cookie the live app sets: the header probes see it and must not print it.
            secrets.put("connect.sid cookie", LiveApp.BAD_SESSION_ID);
            // The committed key is among them, so the git probe had something real to find and not print.
            assertTrue(Files.readString(tmp.resolve("src/config.js")).contains(secrets.get("AZURE_OPENAI_API_KEY")));
            // And a secret that is only in history: committed, then removed.
            Files.writeString(tmp.resolve("src/jwt.js"), "module.exports = '" + secrets.get("JWT_REFRESH_SECRET") + "';\n");
            bad.git("add", "src/jwt.js");
            bad.git("commit", "-q", "-m", "jwt");
            bad.git("rm", "-q", "src/jwt.js");
            bad.git("commit", "-q", "-m", "jwt from env");
            List<String> outputs = everyOutput(bad, tmp);
            assertTrue(outputs.stream().anyMatch(o -> o.contains("JWT_REFRESH_SECRET")
                    && o.contains("at src/jwt.js:1; it stays in git history")), "the history walk found it");
            assertNoSecretIn(outputs, secrets);
        }
    }

    @Test
    void goodProjectLeaksNothing(@TempDir Path tmp) throws Exception {
        try (LiveApp app = LiveApp.good()) {
            Fixture good = Fixture.good(tmp);
            app.writeConfig(tmp); // the live stores use the env file's own passwords and keys
            assertNoSecretIn(everyOutput(good, tmp), secretsOf(tmp.resolve(".env.production")));
        }
    }
}
