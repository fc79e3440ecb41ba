package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.testing.BuiltinCatalogue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit init} writes a config that loads and names the targets; {@code audit completion} a script. */
class InitAndCompletionTest {

    @Test
    void initWritesACommentedConfigThatLoadsAndHoldsNoSecret(@TempDir Path tmp) throws Exception {
        Fixture good = Fixture.good(tmp);
        CliRun init = good.audit("init");
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(init.out().startsWith("wrote audit.yaml for .env.production; targets named there: baseUrl, frontendUrl, "
                + "mongodb, redis, qdrant, mailDomain"), init.out());
        String yaml = Files.readString(tmp.resolve("audit.yaml"));
        assertTrue(yaml.contains("envFiles: [.env.production]"), yaml);
        assertTrue(yaml.contains("  mongodb: ${MONGODB_URI}"), yaml);
        assertTrue(yaml.contains("# checks:"), yaml);
        // Values stay in the env file: no URL, host or password from it is copied into the config.
        assertFalse(yaml.contains("rag_app") || yaml.contains("mongo-0.db.internal") || yaml.contains("acme-rag.test"), yaml);

        CliRun validate = good.audit("validate");
        assertEquals(0, validate.exitCode(), validate.err());
        assertEquals("ok: " + BuiltinCatalogue.load().size() + " checks in 9 catalogue file(s), config audit.yaml", validate.out().strip());
        JsonNode run = new ObjectMapper().readTree(good.audit("run", "--format", "json", "--only", "app.node-env").out());
        assertEquals("audit.yaml", run.get("config").get("configFile").asText());
        assertTrue(run.get("config").get("targets").get("mongodb").asText().startsWith("mongodb://rag_app:[redacted]@"));

        CliRun again = good.audit("init");
        assertEquals(2, again.exitCode());
        assertTrue(again.err().contains("audit.yaml: already exists (hint: pass --force to overwrite it)"), again.err());
        assertEquals(0, good.audit("init", "--force").exitCode());
    }

    @Test
    void initWithoutAnEnvFileSaysSo(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        Files.delete(tmp.resolve(".env.production"));
        CliRun init = f.audit("init", "--output", "other.yaml");
        assertEquals(0, init.exitCode(), init.err());
        assertTrue(init.out().startsWith("wrote other.yaml (no env file found)"), init.out());
        assertTrue(Files.readString(tmp.resolve("other.yaml")).contains("# envFiles: [.env.production]"));
    }

    @Test
    void completionPrintsABashScriptCoveringCommandsAndOptions(@TempDir Path tmp) throws Exception {
        Fixture f = Fixture.good(tmp);
        CliRun run = f.audit("completion");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("complete -F _complete_audit"), run.out().lines().limit(5).toList().toString());
        for (String word : new String[] {"run", "list", "explain", "validate", "init", "--fail-on", "--only", "--report"}) {
            assertTrue(run.out().contains(word), word);
        }
        // The script is valid bash.
        Path script = tmp.resolve("audit-completion.bash");
        Files.writeString(script, run.out());
        Process bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes());
        assertEquals(0, bash.waitFor(), output);
    }
}
