package dev.prodaudit.probe.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The credential rules' one-pass keyword search, held to asking each keyword of the lower-cased text in turn. */
class KeywordsTest {
    /** Overlapping words, prefixes and suffixes of each other: where a naive automaton loses a match. */
    private static final List<String> WORDS = List.of("key", "token", "secret", "secret_", "passw", "://", "re_",
            "sk-", "eyj", "private key", "azure", "cognitive", "ocp-apim", "jqqj99", "ke", "eke");

    @Test
    void everyKeywordOfARandomTextIsFoundInAnyLetterCase() {
        Keywords keywords = new Keywords(WORDS);
        Random random = new Random(14);
        String alphabet = "keyKEYtoknTOKNsecrtSECRT_pawPAW:/-jJqQ9azurAZURcognitvCOGNITVp ";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(random.nextInt(4) == 0 ? WORDS.get(random.nextInt(WORDS.size())).toUpperCase(Locale.ROOT)
                        : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            String s = text.toString();
            assertEquals(naive(s, s.length()), keywords.in(s, s.length()), s);
            int end = s.isEmpty() ? 0 : random.nextInt(s.length());
            assertEquals(naive(s, end), keywords.in(s, end), s + " up to " + end);
        }
    }

    @Test
    void theCorpusLinesGiveWhatAskingEachKeywordGives() {
        Keywords keywords = new Keywords(WORDS);
        for (List<String> lines : CredentialCorpus.generate().files().values()) {
            for (String line : lines) {
                assertEquals(naive(line, line.length()), keywords.in(line, line.length()), line);
            }
        }
    }

    /** Only ASCII letters fold, as in a regex's (?i): the Kelvin sign is no 'k', and other characters restart. */
    @Test
    void onlyAsciiLettersFold() {
        Keywords keywords = new Keywords(List.of("key", "azure"));
        assertEquals(0, keywords.in("\u212Aey", 3));
        String broken = "AZ\u00e9URE AZURe";
        assertEquals(0b10, keywords.in(broken, broken.length()), "é breaks the first, not the second");
        assertEquals(0, keywords.in(broken, 6), "the first only");
        assertEquals(0b11, keywords.in("Azure_Key", 9));
    }

    @Test
    void keywordsAreLowerCaseAscii() {
        assertThrows(IllegalArgumentException.class, () -> new Keywords(List.of("Key")));
        assertThrows(IllegalArgumentException.class, () -> new Keywords(List.of("")));
        assertThrows(IllegalArgumentException.class, () -> new Keywords(List.of("cl\u00e9")));
    }

    private static long naive(String text, int end) {
        String lower = text.substring(0, end).toLowerCase(Locale.ROOT);
        long bits = 0;
        for (int i = 0; i < WORDS.size(); i++) {
            if (lower.contains(WORDS.get(i))) {
                bits |= 1L << i;
            }
        }
        return bits;
    }
}
