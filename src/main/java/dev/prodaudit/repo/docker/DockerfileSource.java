package dev.prodaudit.repo.docker;

import dev.prodaudit.repo.RepoFiles;
import dev.prodaudit.repo.Workload;
import dev.prodaudit.repo.WorkloadSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every Dockerfile of the repository: files named {@code *Dockerfile*} or {@code *.dockerfile} (any case) whose first
 * instruction other than ARG is FROM, so that {@code Dockerfile.md} or a {@code dockerfile-lint.json} is not taken for
 * one. Each yields the workload of its final stage.
 */
public final class DockerfileSource implements WorkloadSource {
    /** Bigger than any real Dockerfile; larger files are not read. */
    private static final long MAX_BYTES = 1024 * 1024;
    static final List<String> GLOBS = List.of("**/*Dockerfile*", "**/*dockerfile*", "**/*DockerFile*");

    @Override
    public List<Workload> discover(Path root, RepoFiles files) {
        List<Workload> out = new ArrayList<>();
        for (String path : files.match(GLOBS)) {
            read(root, path).flatMap(Dockerfile::workload).ifPresent(out::add);
        }
        return out;
    }

    /** The Dockerfile at {@code path}, if it is one (readable text whose first instruction is FROM). */
    public static Optional<Dockerfile> read(Path root, String path) {
        String text;
        try {
            text = RepoFiles.readText(root.resolve(path), MAX_BYTES);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (text == null || !Dockerfile.looksLikeDockerfile(DockerfileParser.parse(text))) {
            return Optional.empty();
        }
        return Optional.of(Dockerfile.parse(path, text));
    }
}
