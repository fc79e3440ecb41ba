package dev.prodaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.input.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** audit.yaml's {@code ci:}: where CI results live and which job names count, validated at file:line:column. */
class CiConfigTest {
    @TempDir
    Path dir;

    private AuditConfig load(String yaml) throws Exception {
        Files.writeString(dir.resolve("audit.yaml"), yaml);
        return ConfigLoader.load(null, dir);
    }

    @Test
    void theSectionOverridesProviderRepositoryApiAndJobNames() throws Exception {
        AuditConfig c = load("""
                ci:
                  provider: gitlab
                  repository: acme/platform/rag-api
                  apiUrl: https://git.acme.io/api/v4
                  jobs:
                    tests: ["jest*", "api-tests"]
                """);
        assertEquals("gitlab", c.ci().provider());
        assertEquals("acme/platform/rag-api", c.ci().repository());
        assertEquals("https://git.acme.io/api/v4", c.ci().apiUrl());
        assertEquals(List.of("jest*", "api-tests"), c.ci().jobs().tests());
        assertEquals(CiSettings.Jobs.DEFAULT_BUILD, c.ci().jobs().build(), "a stage not written keeps its defaults");
    }

    @Test
    void withoutTheSectionEverythingComesFromTheRemoteAndDefaults() throws Exception {
        assertEquals(CiSettings.NONE, load("failOn: high\n").ci());
    }

    @Test
    void anUnknownProviderIsOneLineAtItsPlace() {
        InputException e = assertThrows(InputException.class, () -> load("ci:\n  provider: bitbucket\n"));
        assertEquals("audit.yaml:2:13: 'provider' must be github or gitlab; found 'bitbucket' "
                + "(hint: leave it out to take the provider from the git remote)", e.oneLine());
    }

    @Test
    void badRepositoryApiUrlAndEmptyJobListsAreRejected() {
        InputException repo = assertThrows(InputException.class,
                () -> load("ci:\n  provider: github\n  repository: acme/platform/rag-api\n"));
        assertTrue(repo.oneLine().startsWith("audit.yaml:3:15: a GitHub repository is owner/name"), repo.oneLine());
        InputException api = assertThrows(InputException.class,
                () -> load("ci:\n  apiUrl: https://user:pw@ghe.example.com/api/v3\n"));
        assertTrue(api.oneLine().startsWith("audit.yaml:2:11: 'apiUrl' must be an http(s) URL"), api.oneLine());
        InputException jobs = assertThrows(InputException.class, () -> load("ci:\n  jobs:\n    smoke: []\n"));
        assertTrue(jobs.oneLine().startsWith("audit.yaml:3:12: 'smoke' names no job"), jobs.oneLine());
        InputException key = assertThrows(InputException.class, () -> load("ci:\n  provder: github\n"));
        assertTrue(key.oneLine().startsWith("audit.yaml:2:3:"), key.oneLine());
    }
}
