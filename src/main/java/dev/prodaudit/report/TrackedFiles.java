package dev.prodaudit.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What git tracks in the audited repository, as far as reports need it: GitHub code scanning shows a result only
 * on a file of the analysed commit, so a finding about an untracked file (the env file) is shown on a tracked one.
 *
 * @param paths     repository-relative paths git tracks
 * @param templates for each tracked {@code .env.example}, the line that sets each variable (the last one, as dotenv reads it)
 */
public record TrackedFiles(Set<String> paths, Map<String, Map<String, Integer>> templates) {
    /** The template beside a file, then at the repository root, as a name of the tracked env example. */
    public static final String TEMPLATE_NAME = ".env.example";

    public TrackedFiles {
        paths = Set.copyOf(paths);
        Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
        templates.forEach((file, keys) -> copy.put(file, Collections.unmodifiableMap(new LinkedHashMap<>(keys))));
        templates = Collections.unmodifiableMap(copy);
    }

    public boolean tracks(String path) {
        return paths.contains(path);
    }

    /** Where a variable of an untracked file is documented: its line in the nearest tracked {@code .env.example}. */
    public Optional<Line> templateLine(String untrackedFile, String variable) {
        int slash = untrackedFile.lastIndexOf('/');
        String beside = slash < 0 ? TEMPLATE_NAME : untrackedFile.substring(0, slash + 1) + TEMPLATE_NAME;
        for (String template : beside.equals(TEMPLATE_NAME) ? new String[] {TEMPLATE_NAME} : new String[] {beside, TEMPLATE_NAME}) {
            Integer line = templates.getOrDefault(template, Map.of()).get(variable);
            if (line != null) {
                return Optional.of(new Line(template, line));
            }
        }
        return Optional.empty();
    }

    /** The variables documented in any template, to recognise them in a finding's message. */
    public boolean documents(String variable) {
        return templates.values().stream().anyMatch(keys -> keys.containsKey(variable));
    }

    /** A line of a tracked file. */
    public record Line(String file, int line) {
    }
}
