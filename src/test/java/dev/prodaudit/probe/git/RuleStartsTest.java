package dev.prodaudit.probe.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The generic assignment rule's and the URI rule's regexes, tried only where their start finders
 * ({@link CredentialRules#genericStart}, {@link CredentialRules#uriStart}) say a match may start, find what each
 * regex's own search finds: the same matches, at the same places, with the same groups.
 */
class RuleStartsTest {
    private static final String[] GENERIC_PIECES = {"a", "Z", "0", "_", ".", "-", "secret", "KEY", "Token", "passwd",
        "PassWord", "passw", "ke", "y", " ", "\t", "\"", "'", "`", ":", "=", ":=", "=>", "/", "+", "~", "(", ",", "é",
        "ſecret", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "aB3dE5gH7jK9mN1pQ3sT5v"};
    private static final String[] URI_PIECES = {"mongodb", "MongoDB+SRV", "+srv", "redis", "rediss", "AMQP", "amqps",
        "postgres", "PostgreSQL", "mysql", "mysqlx", "http", "HTTPS", "ftp", "ftps", "x", "9", "+", "://", ":", "/",
        "@", "user", "p4ss", "w0rd", "db.example.test", "[::1]", " ", "\"", "'", "<", "_", "-", ".", "%40", "é",
        "://u:p@h", "://user:p4ss@db.example.test:27017/app", "://:pw@host", "://user:@host", "://u@h", "://u:p"};

    /** Every match of {@code pattern} in {@code line} as (start, end, groups), by its own search or from {@code starts}. */
    private static List<String> matches(Pattern pattern, CredentialRules.Starts starts, String line) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(line);
        for (int from = 0; CredentialRules.next(m, starts, line, from); from = Math.max(m.end(), m.start() + 1)) {
            StringBuilder groups = new StringBuilder(m.start() + "-" + m.end());
            for (int g = 1; g <= m.groupCount(); g++) {
                groups.append(' ').append(m.group(g));
            }
            out.add(groups.toString());
        }
        return out;
    }

    /** Random lines of {@code pieces}; returns how many matches the regex found in them. */
    private static int sameOnRandomLines(Pattern pattern, CredentialRules.Starts starts, String[] pieces, long seed) {
        Random random = new Random(seed);
        int found = 0;
        for (int n = 0; n < 30_000; n++) {
            StringBuilder line = new StringBuilder();
            for (int i = random.nextInt(24); i > 0; i--) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            String s = line.toString();
            List<String> expected = matches(pattern, null, s);
            assertEquals(expected, matches(pattern, starts, s), s);
            found += expected.size();
        }
        return found;
    }

    @Test
    void randomAssignmentsAreFoundAsTheGenericRegexFindsThem() {
        // Runs that end in a word or just miss one, names of 59 to 62 characters before a word, any letter case.
        int found = sameOnRandomLines(CredentialRules.GENERIC_PATTERN, CredentialRules::genericStart, GENERIC_PIECES, 1402);
        assertTrue(found > 1_000, "only " + found + " matches: the generator makes too few assignments to compare");
    }

    @Test
    void randomUrisAreFoundAsTheUriRegexFindsThem() {
        // Schemes alone, after letters, digits or '+', in any letter case, with and without a user and password.
        int found = sameOnRandomLines(CredentialRules.URI_PASSWORD_PATTERN, CredentialRules::uriStart, URI_PIECES, 1403);
        assertTrue(found > 1_000, "only " + found + " matches: the generator makes too few URIs to compare");
    }

    @Test
    void theRepositorysOwnSourcesGiveWhatTheRegexesFind() throws IOException {
        int generic = 0;
        int uris = 0;
        int lines = 0;
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".env")
                    || p.toString().endsWith(".yaml") || p.toString().endsWith(".js")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    List<String> expected = matches(CredentialRules.GENERIC_PATTERN, null, line);
                    assertEquals(expected, matches(CredentialRules.GENERIC_PATTERN, CredentialRules::genericStart, line), file + ": " + line);
                    generic += expected.size();
                    expected = matches(CredentialRules.URI_PASSWORD_PATTERN, null, line);
                    assertEquals(expected, matches(CredentialRules.URI_PASSWORD_PATTERN, CredentialRules::uriStart, line), file + ": " + line);
                    uris += expected.size();
                    lines++;
                }
            }
        }
        assertTrue(lines > 50_000 && generic > 50 && uris > 50, lines + " lines, " + generic + " assignments, " + uris + " URIs");
    }

    @Test
    void onlyTheStartOfANameEndingInAWordIsAStart() {
        String line = "const apiKeyHolder = 1; export API_KEY=\"s3cr3tV4lu3s3cr3tV4lu3\"; my.db-password: x";
        assertEquals(line.indexOf("API_KEY"), CredentialRules.genericStart(line, 0));
        assertEquals(line.indexOf("my.db-password"), CredentialRules.genericStart(line, line.indexOf("API_KEY") + 1));
        assertEquals(-1, CredentialRules.genericStart(line, line.indexOf("my.db-password") + 1));
        // The regex allows 60 characters before the word.
        assertEquals(-1, CredentialRules.genericStart("a".repeat(60) + "_token=abc", 0));
        assertEquals(0, CredentialRules.genericStart("a".repeat(59) + "_token=abc", 0));
    }

    @Test
    void onlyTheStartOfASchemeLongRunBeforeColonSlashSlashIsAStart() {
        String line = "see x://a, then mongodb+srv://u:p@h and 123456789012https://u:p@h";
        assertEquals(line.indexOf("mongodb+srv"), CredentialRules.uriStart(line, 0));
        assertEquals(-1, CredentialRules.uriStart(line, line.indexOf("mongodb+srv") + 1));
    }
}
