package dev.prodaudit.probe.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a platform the grammars' jars carry no native library for, every source check is an ERROR naming the platform.
 * The audit runs in a JVM of its own that believes it is on riscv64 (the tree-sitter loader picks its library by
 * os.arch), so the real loader fails the real way.
 */
class UnsupportedPlatformTest {
    @TempDir
    Path dir;

    @Test
    void sourceChecksSayTheyCannotRunHereInsteadOfGuessing() throws Exception {
        Files.writeString(dir.resolve("source.yaml"), """
                section: Source
                checks:
                  - {id: src.helmet, title: Helmet, severity: high, rationale: r, remediation: r,
                     probe: {type: source, require: helmet}}
                """, StandardCharsets.UTF_8);
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("src/app.js"), "const express = require('express');\nconst app = express();\n",
                StandardCharsets.UTF_8);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dos.arch=riscv64",
                "-cp", System.getProperty("java.class.path"), "dev.prodaudit.cli.Main", "run",
                "--catalogue", "source.yaml", "--repo", ".", "--color", "never"))
                .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the CLI did not finish");
        String report = Files.readString(out, StandardCharsets.UTF_8);
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), report + errors);
        assertTrue(report.contains("ERROR"), report);
        assertTrue(report.contains("source analysis unavailable on ") && report.contains("/riscv64"), report);
        assertFalse(report.contains("Exception") || errors.contains("Exception"), report + errors);
    }
}
