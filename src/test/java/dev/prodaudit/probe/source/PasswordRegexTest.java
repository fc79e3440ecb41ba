package dev.prodaudit.probe.source;

import static dev.prodaudit.probe.source.PasswordRegex.Requirement.DIGIT;
import static dev.prodaudit.probe.source.PasswordRegex.Requirement.LENGTH;
import static dev.prodaudit.probe.source.PasswordRegex.Requirement.LOWER;
import static dev.prodaudit.probe.source.PasswordRegex.Requirement.SYMBOL;
import static dev.prodaudit.probe.source.PasswordRegex.Requirement.UPPER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prodaudit.probe.source.PasswordRegex.Requirement;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The strong-password patterns found in real code, and what each really demands of a password. */
class PasswordRegexTest {

    private static Set<Requirement> demands(String pattern, String flags) {
        return PasswordRegex.analyse(pattern, flags).kinds();
    }

    @Test
    void theUsualLookaheadPatternsDemandAllFiveParts() {
        Set<Requirement> all = EnumSet.allOf(Requirement.class);
        assertEquals(all, demands("^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d)(?=.*[@$!%*?&])[A-Za-z\\d@$!%*?&]{8,}$", ""));
        assertEquals(all, demands("^(?=.*?[A-Z])(?=.*?[a-z])(?=.*?[0-9])(?=.*?[#?!@$%^&*-]).{8,}$", ""));
        assertEquals(all, demands("^.*(?=.{8,})(?=.*\\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[\\W_]).*$", ""));
        assertEquals(all, demands("^(?=\\S*[a-z])(?=\\S*[A-Z])(?=\\S*\\d)(?=\\S*[^\\w\\s])\\S{8,}$", ""));
        assertEquals(all, demands("^(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])(?=\\D*\\d)(?=.*[^A-Za-z0-9]).{12,64}$", ""));
    }

    @Test
    void aPatternThatOnlyAllowsCharactersDemandsOnlyItsLength() {
        assertEquals(EnumSet.of(LENGTH), demands("^[A-Za-z\\d@$!%*?&]{8,}$", ""));
        assertEquals(EnumSet.noneOf(Requirement.class), demands("^[A-Za-z\\d@$!%*?&]{6,}$", ""));
        assertEquals(6, PasswordRegex.analyse("^(?=.*[A-Z]).{6,}$", "").minLength());
    }

    @Test
    void oneClassPerPatternAsZodAndJoiChainsWriteThem() {
        assertEquals(EnumSet.of(UPPER), demands("[A-Z]", ""));
        assertEquals(EnumSet.of(LOWER), demands("[a-z]", ""));
        assertEquals(EnumSet.of(DIGIT), demands("[0-9]", ""));
        assertEquals(EnumSet.of(DIGIT), demands("\\d", ""));
        assertEquals(EnumSet.of(SYMBOL), demands("[^A-Za-z0-9]", ""));
        assertEquals(EnumSet.of(SYMBOL), demands("[!@#$%^&*(),.?\":{}|<>]", ""));
        assertEquals(EnumSet.of(SYMBOL), demands("\\W", ""));
    }

    @Test
    void caseInsensitivePatternsDoNotDemandACase() {
        assertEquals(EnumSet.of(DIGIT, LENGTH), demands("^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d).{8,}$", "i"));
    }
}
