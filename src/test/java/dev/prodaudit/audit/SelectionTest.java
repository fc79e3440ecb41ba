package dev.prodaudit.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import dev.prodaudit.testing.BuiltinCatalogue;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --only} and {@code --skip} on the built-in catalogue: each kind of selector, and one that names nothing. */
class SelectionTest {
    private static final List<Check> CHECKS = BuiltinCatalogue.load().checks();

    private static List<String> only(String... selectors) throws InputException {
        return Selection.apply(CHECKS, List.of(selectors), List.of()).stream().map(Check::id).toList();
    }

    @Test
    void anIdAGlobAndAnIdPrefixNameChecksByTheirIds() throws InputException {
        assertEquals(List.of("security.https-tls"), only("security.https-tls"));
        List<String> jwt = only("security.jwt-*");
        assertTrue(jwt.contains("security.jwt-secrets") && jwt.contains("security.jwt-access-expiry"), jwt::toString);
        assertTrue(jwt.stream().allMatch(id -> id.startsWith("security.jwt-")), jwt::toString);
        // "backup" is an id prefix and a tag: it names the checks of either.
        assertEquals(CHECKS.stream().filter(c -> c.id().startsWith("backup.") || c.tags().contains("backup"))
                .map(Check::id).toList(), only("backup"));
        assertTrue(only("backup").containsAll(CHECKS.stream().map(Check::id).filter(id -> id.startsWith("backup.")).toList()));
        // A glob is a glob of the whole id, nothing else of it a pattern.
        assertEquals(List.of("security.https-tls"), only("*.https-tls"));
        assertThrows(InputException.class, () -> only("security.https.tls*"));
    }

    @Test
    void aTagASectionItsSlugAndASubsectionNameTheChecksUnderThem() throws InputException {
        List<String> notion = only("notion");
        assertTrue(notion.contains("security.encryption-key") && notion.contains("security.notion-webhook-secret"),
                notion::toString);
        List<String> section = CHECKS.stream().filter(c -> c.section().equals("Backup & Recovery")).map(Check::id).toList();
        assertTrue(section.size() > 1, section::toString);
        assertEquals(section, only("Backup & Recovery"));
        assertEquals(section, only("backup & recovery"));
        assertEquals(section, only("backup-recovery"));
        List<String> strategy = only("Backup Strategy");
        assertTrue(!strategy.isEmpty() && section.containsAll(strategy), strategy::toString);
    }

    @Test
    void skipLeavesOutWhatItNamesAndCommasSeparateSelectors() throws InputException {
        List<String> kept = Selection.apply(CHECKS, List.of("security.jwt-*,security.https-tls"),
                List.of("security.jwt-access-*")).stream().map(Check::id).toList();
        assertTrue(kept.contains("security.https-tls") && kept.contains("security.jwt-secrets"), kept::toString);
        assertTrue(kept.stream().noneMatch(id -> id.startsWith("security.jwt-access-")), kept::toString);
    }

    @Test
    void aSelectorThatNamesNoCheckIsAnInvocationError() {
        InputException e = assertThrows(InputException.class, () -> only("securty.https-tls"));
        assertTrue(e.oneLine().contains("--only securty.https-tls") && e.oneLine().contains("matches no check"), e.oneLine());
    }
}
