package dev.prodaudit.probe.ci;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Job-name patterns of one stage: case-insensitive globs ({@code *} any run of characters, {@code ?} one), matched
 * against the whole name, so {@code test*} takes "Tests (node 20)" and not "contest".
 */
final class JobNames {
    private final List<String> globs;
    private final List<Pattern> patterns;

    JobNames(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = globs.stream().map(JobNames::compile).toList();
    }

    boolean matches(String name) {
        String n = name.strip();
        return patterns.stream().anyMatch(p -> p.matcher(n).matches());
    }

    /** The globs as findings list them: {@code test*, *unit*, ci}. */
    String shown() {
        return String.join(", ", globs);
    }

    private static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.strip().toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }
}
