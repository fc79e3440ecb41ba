package dev.prodaudit.repo.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.repo.RepoFiles;
import dev.prodaudit.repo.Location;
import dev.prodaudit.repo.Setting;
import dev.prodaudit.repo.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compose projects: override files, extends, build links and third-party images. */
class ComposeSourceTest {
    @TempDir
    Path repo;

    private void write(String rel, String text) throws IOException {
        Path p = repo.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private List<Workload> discover() throws IOException {
        return new ComposeSource().discover(repo, RepoFiles.scan(repo));
    }

    private static Workload named(List<Workload> all, String name) {
        return all.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError(all));
    }

    @Test
    void theOverrideFileMergesOverTheBaseFile() throws IOException {
        write("deploy/docker-compose.yml", """
                services:
                  api:
                    image: ghcr.io/acme/api:1
                    build: ../api
                    logging:
                      driver: json-file
                  redis:
                    image: redis:7
                """);
        write("deploy/docker-compose.override.yml", """
                services:
                  api:
                    logging:
                      options:
                        max-size: 10m
                """);
        write("api/Dockerfile", "FROM node:20\nUSER node\n");
        List<Workload> all = discover();
        assertEquals(2, all.size(), all.toString());
        Workload api = named(all, "api (deploy/docker-compose.yml)");
        assertEquals(Location.of("deploy/docker-compose.override.yml", 5), api.logRotation().at());
        assertEquals("api/Dockerfile", api.dockerfile());
        assertEquals(Location.of("api/Dockerfile", 2), api.user().at());
        assertTrue(named(all, "redis (deploy/docker-compose.yml)").thirdParty());
    }

    @Test
    void extendsInTheSameFileAndFromAnotherFile() throws IOException {
        write("common.yml", """
                services:
                  base:
                    deploy:
                      resources:
                        limits: {cpus: "1", memory: 1g}
                """);
        write("compose.yaml", """
                services:
                  node:
                    extends: {file: common.yml, service: base}
                    healthcheck:
                      test: ["CMD", "true"]
                  worker:
                    build: .
                    extends: node
                    user: "1000"
                """);
        write("Dockerfile", "FROM node:20\n");
        Workload worker = named(discover(), "worker (compose.yaml)");
        assertEquals(new Workload.Limits("1", "1g"), worker.limits().known().orElseThrow());
        assertEquals(Location.of("common.yml", 5), worker.limits().at());
        assertEquals(Location.of("compose.yaml", 5), worker.health().at());
        assertEquals(true, worker.nonRoot().known().orElseThrow());
    }

    @Test
    void aBuildTargetPicksThatStageAndAMissingDockerfileIsUndecided() throws IOException {
        write("compose.yml", """
                services:
                  api:
                    build: {context: ., target: runtime}
                  ghost:
                    build: ./nowhere
                """);
        write("Dockerfile", "FROM node:20 AS runtime\nUSER node\nFROM node:20 AS debug\n");
        List<Workload> all = discover();
        assertEquals(true, named(all, "api (compose.yml)").nonRoot().known().orElseThrow());
        assertInstanceOf(Setting.Undecided.class, named(all, "ghost (compose.yml)").nonRoot());
    }

    @Test
    void anImageFromTheEnvironmentWithoutDefaultIsUndecided() throws IOException {
        write("compose.yml", """
                services:
                  api:
                    build: .
                    user: ${APP_UID}
                    mem_limit: ${API_MEM:-512m}
                    cpus: 1
                """);
        write("Dockerfile", "FROM node:20\n");
        Workload api = discover().get(0);
        assertInstanceOf(Setting.Undecided.class, api.nonRoot());
        assertEquals(new Workload.Limits("1", "${API_MEM:-512m}"), api.limits().known().orElseThrow());
    }

    @Test
    void aComposeFileThatIsNotYamlIsAnUndecidedWorkloadWithTheParsersPosition() throws IOException {
        write("docker-compose.yml", """
                services:
                  api:
                    image: ghcr.io/acme/api:1
                   user: node
                """);
        List<Workload> all = discover();
        assertEquals(1, all.size(), all.toString());
        Workload broken = all.get(0);
        assertEquals("compose file docker-compose.yml", broken.name());
        Setting.Undecided<Boolean> nonRoot = assertInstanceOf(Setting.Undecided.class, broken.nonRoot());
        assertTrue(nonRoot.why().startsWith("cannot be read: docker-compose.yml:4:"), nonRoot.why());
        assertEquals(Location.of("docker-compose.yml", 4), nonRoot.at());
        assertInstanceOf(Setting.Undecided.class, broken.limits());
    }

    @Test
    void aValidComposeFileWithoutServicesDeclaresNothing() throws IOException {
        write("compose.yaml", "name: empty\nvolumes:\n  data: {}\n");
        assertEquals(List.of(), discover());
    }
}
