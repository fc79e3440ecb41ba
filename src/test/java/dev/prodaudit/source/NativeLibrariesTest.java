package dev.prodaudit.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tree-sitter libraries copied out of the jar, under the names the binding looks for. */
class NativeLibrariesTest {
    @TempDir
    Path dir;

    @Test
    void eachPlatformTheBindingShipsIsNamedAsItsJarNamesIt() {
        assertEquals(Optional.of("x86_64-linux-gnu-tree-sitter-javascript.so"),
                NativeLibraries.fileName("tree-sitter-javascript", "Linux", "amd64"));
        assertEquals(Optional.of("aarch64-linux-gnu-tree-sitter.so"), NativeLibraries.fileName("tree-sitter", "Linux", "aarch64"));
        assertEquals(Optional.of("aarch64-macos-tree-sitter-tsx.dylib"), NativeLibraries.fileName("tree-sitter-tsx", "Mac OS X", "aarch64"));
        assertEquals(Optional.of("x86_64-windows-tree-sitter-typescript.dll"),
                NativeLibraries.fileName("tree-sitter-typescript", "Windows 11", "amd64"));
    }

    @Test
    void aPlatformTheBindingDoesNotShipHasNoName() {
        assertEquals(Optional.empty(), NativeLibraries.fileName("tree-sitter", "Linux", "riscv64"));
        assertEquals(Optional.empty(), NativeLibraries.fileName("tree-sitter", "FreeBSD", "amd64"));
    }

    /** Every library this machine's parser loads is copied byte for byte, and a second copy replaces the first. */
    @Test
    void thisPlatformsLibrariesAreCopiedWhole() throws IOException {
        List<Path> written = NativeLibraries.extract(dir.resolve("native"));
        assertEquals(NativeLibraries.LIBRARIES.size(), written.size(), written.toString());
        for (Path file : written) {
            assertEquals(dir.resolve("native/lib"), file.getParent());
            try (InputStream shipped = getClass().getClassLoader().getResourceAsStream("lib/" + file.getFileName())) {
                assertArrayEquals(shipped.readAllBytes(), Files.readAllBytes(file), file.toString());
            }
        }
        Files.writeString(written.get(0), "damaged");
        assertEquals(written, NativeLibraries.extract(dir.resolve("native")));
        try (InputStream shipped = getClass().getClassLoader().getResourceAsStream("lib/" + written.get(0).getFileName())) {
            assertArrayEquals(shipped.readAllBytes(), Files.readAllBytes(written.get(0)));
        }
    }
}
