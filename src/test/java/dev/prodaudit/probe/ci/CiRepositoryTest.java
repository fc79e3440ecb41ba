package dev.prodaudit.probe.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.config.CiSettings;
import dev.prodaudit.policy.RemoteUrls;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which provider, API and repository a git remote names. */
class CiRepositoryTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            git@github.com:acme/rag-api.git                          | github | https://api.github.com              | acme/rag-api
            https://github.com/acme/rag-api                          | github | https://api.github.com              | acme/rag-api
            https://x-access-token:ghs_abc@github.com/acme/rag-api.git | github | https://api.github.com            | acme/rag-api
            ssh://git@github.com/acme/rag-api.git                    | github | https://api.github.com              | acme/rag-api
            https://ghe.example.com/acme/rag-api                     | github | https://ghe.example.com/api/v3      | acme/rag-api
            git@ghe.example.com:acme/rag-api.git                     | github | https://ghe.example.com/api/v3      | acme/rag-api
            https://gitlab.com/acme/platform/rag-api.git             | gitlab | https://gitlab.com/api/v4           | acme/platform/rag-api
            git@gitlab.com:acme/rag-api.git                          | gitlab | https://gitlab.com/api/v4           | acme/rag-api
            https://gitlab.example.com/g/sub/p                       | gitlab | https://gitlab.example.com/api/v4   | g/sub/p
            ssh://git@gitlab.example.com:2222/g/sub/p.git            | gitlab | https://gitlab.example.com/api/v4   | g/sub/p
            http://gitlab.internal:8080/g/p.git                      | gitlab | http://gitlab.internal:8080/api/v4  | g/p
            """)
    void remotesNameProviderApiAndRepository(String remote, String provider, String api, String path) throws Exception {
        CiRepository r = CiRepository.resolve(CiSettings.NONE, RemoteUrls.shown(remote, java.nio.file.Path.of(".")));
        assertEquals(new CiRepository(provider, api, path), r);
    }

    @Test
    void auditYamlOverridesTheRemote() throws Exception {
        CiRepository r = CiRepository.resolve(new CiSettings("gitlab", "ops/rag", "https://git.acme.io/api/v4/", null),
                "https://github.com/acme/rag-api");
        assertEquals(new CiRepository("gitlab", "https://git.acme.io/api/v4", "ops/rag"), r);
    }

    @Test
    void noRemoteAndNoSettingsSaysWhatToSet() {
        CiRepository.Unresolved e = assertThrows(CiRepository.Unresolved.class,
                () -> CiRepository.resolve(CiSettings.NONE, "file:///work/app"));
        assertTrue(e.getMessage().contains("set ci.provider and ci.repository in audit.yaml"), e.getMessage());
        assertThrows(CiRepository.Unresolved.class,
                () -> CiRepository.resolve(CiSettings.NONE, "https://bitbucket.org/acme/rag-api.git"));
    }
}
