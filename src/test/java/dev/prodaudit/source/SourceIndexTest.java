package dev.prodaudit.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.repo.RepoFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GOOD end-to-end fixture's application (an Express API in CommonJS with a TypeScript BullMQ worker), indexed as
 * a run indexes a repository: from disk, with the dependency folder, build output, a minified bundle and tests beside
 * it that are not the application's own code.
 */
class SourceIndexTest {
    private static final Path GOOD = Path.of("src/test/resources/fixtures/good");

    @TempDir
    Path repo;

    /**
     * The fixture's own sources, listed independently of the index: every JS/TS file under its src folder, and its
     * database migrations (migrate-mongo's configuration and migrations/) which are the application's code too.
     */
    private Set<String> fixtureSources;

    @BeforeEach
    void copyTheGoodProjectWithWhatARepositoryAlsoHolds() throws IOException {
        fixtureSources = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(GOOD)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String rel = GOOD.relativize(file).toString().replace('\\', '/');
                Path to = repo.resolve(rel);
                Files.createDirectories(to.getParent());
                Files.copy(file, to);
                if ((rel.startsWith("src/") || rel.startsWith("migrations/") || rel.equals("migrate-mongo-config.js"))
                        && rel.matches(".*\\.(js|ts)$")) {
                    fixtureSources.add(rel);
                }
            }
        }
        write("node_modules/express/index.js", "'use strict';\nmodule.exports = require('./lib/express');\n");
        write("dist/server.js", "\"use strict\";\nconst app = require('./app');\napp.listen(3007);\n");
        write("src/public/chat-widget.js", "(function(){var a=1;" + "a+=1;".repeat(400) + "window.w=a})();\n");
        write("src/public/vendor.min.js", "!function(){console.log('bundled')}();\n");
        write("src/routes/auth.test.js", "const request = require('supertest');\ntest('login', () => {});\n");
        write("src/services/llm.spec.ts", "import { describe, it } from 'vitest';\ndescribe('llm', () => it('streams'));\n");
        write("test/e2e/chat.js", "const { expect } = require('chai');\n");
        write("src/__tests__/rag.js", "jest.mock('../services/llm');\n");
    }

    private void write(String path, String text) throws IOException {
        Path to = repo.resolve(path);
        Files.createDirectories(to.getParent());
        Files.writeString(to, text);
    }

    private SourceIndex index() throws IOException {
        return SourceIndex.build(repo, RepoFiles.scan(repo));
    }

    @Test
    void everyApplicationFileIsParsedWithoutSyntaxErrorsAndNothingElse() throws IOException {
        SourceIndex index = index();
        assertTrue(index.unavailable().isEmpty(), () -> index.unavailable().orElseThrow());
        assertTrue(fixtureSources.size() >= 10, "the fixture is a whole application: " + fixtureSources);
        assertEquals(fixtureSources, index.modules().keySet(),
                "dependencies, build output, minified bundles and tests are not the application's code");
        assertEquals(List.of(), index.unparsable());
        List<String> withErrors = index.modules().values().stream().filter(m -> m.tree().hasErrors())
                .map(Module::path).toList();
        assertEquals(List.of(), withErrors, "fixture files tree-sitter had to recover from");
        assertTrue(index.module("src/workers/sync.worker.ts").isPresent(), "the TypeScript worker is parsed");
    }

    @Test
    void everyRelativeImportResolvesToAModuleOfTheIndex() throws IOException {
        SourceIndex index = index();
        Map<String, String> unresolved = new TreeMap<>();
        List<String> resolved = new ArrayList<>();
        for (Module module : index.modules().values()) {
            for (String specifier : module.specifiers()) {
                if (!specifier.startsWith(".")) {
                    continue;
                }
                index.resolve(module, specifier).ifPresentOrElse(
                        target -> resolved.add(module.path() + " " + specifier + " -> " + target.path()),
                        () -> unresolved.put(module.path(), specifier));
            }
        }
        assertEquals(Map.of(), unresolved);
        // Extension added, folder index, and a CommonJS module imported from TypeScript.
        assertTrue(resolved.contains("src/app.js ./routes/auth -> src/routes/auth.js"), resolved::toString);
        assertTrue(resolved.contains("src/server.js ./config -> src/config/index.js"), resolved::toString);
        assertTrue(resolved.contains("src/workers/sync.worker.ts ../models/documentSource -> src/models/documentSource.js"),
                resolved::toString);
        Set<String> importedModules = resolved.stream().map(r -> r.substring(r.indexOf(" -> ") + 4))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> entryPoints = new TreeSet<>(fixtureSources);
        entryPoints.removeAll(importedModules);
        // migrate-mongo loads its configuration and the migrations itself: entry points of their own.
        assertEquals(Set.of("src/server.js", "src/workers/sync.worker.ts", "migrate-mongo-config.js",
                "migrations/20250110093000-add-workspace-status.js", "migrations/20250301081500-backfill-message-ttl.js"), entryPoints,
                "every module but the API's, the worker's and migrate-mongo's entry points is imported by another");
    }

    @Test
    void theApiIsAssembledFromItsRoutersAcrossFiles() throws IOException {
        ExpressModel express = ExpressModel.of(new Resolver(index()));
        Set<String> routes = express.routes().stream().map(r -> r.method() + " " + r.path())
                .collect(Collectors.toCollection(TreeSet::new));
        for (String expected : List.of("POST /api/auth/login", "POST /api/auth/register", "POST /api/auth/forgot-password",
                "POST /api/auth/reset-password", "POST /api/chat/conversations/:id/stream", "GET /api/documents",
                "DELETE /api/documents/:id", "GET /health")) {
            assertTrue(routes.contains(expected), expected + " in " + routes);
        }
        ExpressModel.Route login = express.routes("POST", "/api/auth/login").get(0);
        assertEquals("src/routes/auth.js:39", login.where());
        assertFalse(login.chain().isEmpty());
    }

    @Test
    void theBadProjectInEsModulesParsesAndResolvesToo() throws IOException {
        Path bad = Path.of("src/test/resources/fixtures/bad");
        SourceIndex index = SourceIndex.build(bad, RepoFiles.scan(bad));
        assertTrue(index.modules().size() >= 10, index.modules()::toString);
        assertEquals(List.of(), index.modules().values().stream().filter(m -> m.tree().hasErrors()).map(Module::path).toList());
        for (Module module : index.modules().values()) {
            for (String specifier : module.specifiers()) {
                if (specifier.startsWith(".")) {
                    assertTrue(index.resolve(module, specifier).isPresent(), module.path() + " imports " + specifier);
                }
            }
        }
        assertEquals(List.of("POST /api/auth/register", "POST /api/auth/login", "POST /api/auth/forgot-password",
                "POST /api/auth/reset-password"), ExpressModel.of(new Resolver(index)).routes().stream()
                .filter(r -> r.path().startsWith("/api/auth/")).map(r -> r.method() + " " + r.path()).toList());
    }
}
