package dev.prodaudit.probe.file;

import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.input.Regex;
import dev.prodaudit.input.TimeSpan;
import java.util.List;

/**
 * {@code type: file}: files of the repository matched by glob ({@code **}/Dockerfile also matches the
 * top-level Dockerfile).
 *
 * @param exists      some file must match (default true); false: none may
 * @param nonEmpty    every matching file has content
 * @param contains    some matching file contains the regex
 * @param notContains no matching file contains the regex (each hit is a finding with file:line)
 * @param newerThan   the newest matching file changed within this span, dated by its last commit or a date in its
 *                    name or front matter (see {@link dev.prodaudit.repo.GitDates}), never by a clone's mtime
 * @param encrypted   every matching file looks encrypted: no plaintext KEY=value lines
 */
public record FileSpec(List<String> paths, Boolean exists, Boolean nonEmpty, Regex contains, Regex notContains,
                       TimeSpan newerThan, Boolean encrypted) implements ProbeSpec {

    public FileSpec {
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException("'paths' must list at least one glob");
        }
        paths = List.copyOf(paths);
        for (String p : paths) {
            if (p.startsWith("/") || p.contains("..")) {
                throw new IllegalArgumentException("paths are globs relative to the repository: '" + p + "'");
            }
            dev.prodaudit.repo.RepoFiles.checkGlob(p);
        }
    }

    boolean mustExist() {
        return exists == null || exists;
    }
}
