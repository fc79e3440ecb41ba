package dev.prodaudit.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {

    private static final List<String> GLOBS = List.of(
            "**/Dockerfile", "**/*Dockerfile*", "**/*.dockerfile", "**/compose*.yml", "**/docker-compose*.y*ml",
            "docs/**/*.md", "docs/**", "**/runbooks/**", "k8s/**/*.yaml", "deploy/**/*.{yaml,yml}",
            "*.md", "README*", "src/**/*.{js,mjs,cjs,ts}", "**/*.[jt]s", "**/*.[!j]s", "**/file?.txt",
            "**/.env*", ".env.{production,prod}", "a/**/b/**/c.txt", "**/x/y.md", "lit\\*eral.txt",
            "**/[Dd]ockerfile", "**/{api,worker}/package.json", "charts/*/values.yaml");

    private static final List<String> PATHS = List.of(
            "Dockerfile", "api/Dockerfile", "worker/Dockerfile.prod", "build/app.dockerfile", "Dockerfile.dev",
            "compose.yml", "ops/compose.override.yml", "docker-compose.yaml", "docker-compose.prod.yml",
            "docs/a.md", "docs/ops/b.md", "docs/ops/deep/c.md", "doc/a.md", "runbooks/restore.md",
            "ops/runbooks/db/restore.md", "k8s/api.yaml", "k8s/base/api.yaml", "deploy/x.yml", "deploy/a/b.yaml",
            "README.md", "README", "sub/README.md", "src/index.js", "src/a/b.mjs", "src/a/b.ts", "src/a/b.tsx",
            "lib/x.js", "lib/x.ts", "lib/x.cs", "file1.txt", "a/file22.txt", ".env", ".env.production",
            "apps/.env.local", ".env.prod", "a/b/c.txt", "a/q/b/r/c.txt", "a/bc.txt", "x/y.md", "p/x/y.md",
            "px/y.md", "lit*eral.txt", "litXeral.txt", "dockerfile", "a/dockerfile", "api/package.json",
            "worker/package.json", "web/package.json", "charts/api/values.yaml", "charts/api/sub/values.yaml");

    @Test
    void everyGlobMatchesWhatTheJdkMatcherMatchesWithZeroOrMoreFolders() {
        for (String glob : GLOBS) {
            Glob compiled = Glob.compile(glob);
            for (String path : PATHS) {
                boolean jdk = Glob.zeroOrMoreFolders(glob).stream().anyMatch(
                        variant -> FileSystems.getDefault().getPathMatcher("glob:" + variant).matches(Path.of(path)));
                String name = path.substring(path.lastIndexOf('/') + 1);
                assertEquals(jdk, compiled.matches(path, name), glob + " against " + path);
            }
        }
    }

    @Test
    void anyFolderMeansTheTopFolderToo() {
        assertTrue(Glob.compile("**/Dockerfile").matches("Dockerfile", "Dockerfile"));
        assertTrue(Glob.compile("docs/**/*.md").matches("docs/a.md", "a.md"));
        assertTrue(Glob.compile("**/x/y.md").matches("x/y.md", "y.md"));
    }

    @Test
    void theLiteralEveryMatchContainsSkipsAnAnyFolderSlash() {
        assertEquals("Dockerfile", Glob.longestLiteral("**/*Dockerfile*"));
        assertEquals("x/y.md", Glob.longestLiteral("**/x/y.md"));
        assertEquals("deploy/", Glob.longestLiteral("deploy/**/*.{yaml,yml}"));
        assertEquals(".", Glob.longestLiteral("**/*.[jt]s"));
    }

    @Test
    void aMalformedGlobSaysWhy() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Glob.compile("docs/[abc.md")).getMessage().contains("never closes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Glob.compile("docs/{a,b.md")).getMessage().contains("never closes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Glob.compile("{a,{b,c}}")).getMessage().contains("nests"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Glob.compile("a[/]b")).getMessage().contains("'/' inside"));
    }
}
