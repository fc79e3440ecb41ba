package dev.prodaudit.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Files named by package.json (main, start script) resolve like imports written in its folder. */
class SourceIndexResolveFromTest {
    @Test
    void aPackageJsonPathResolvesFromItsFolderWithExtensionsAndIndexFiles() {
        SourceIndex index = SourceIndex.of(Map.of(
                "api/src/server.ts", "import './instrument';\n",
                "api/src/instrument.mjs", "export {};\n",
                "worker/index.js", "module.exports = {};\n"));
        assertEquals("api/src/server.ts", index.resolveFrom("api", "./src/server.js").orElseThrow().path());
        assertEquals("api/src/instrument.mjs", index.resolveFrom("api", "./src/instrument").orElseThrow().path());
        assertEquals("worker/index.js", index.resolveFrom("", "./worker").orElseThrow().path());
        assertTrue(index.resolveFrom("api", "dd-trace/init").isEmpty(), "a package is not a file of the repository");
    }
}
