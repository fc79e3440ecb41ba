package dev.prodaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class InterpolationTest {
    private static final Map<String, String> VARS = new HashMap<>();

    static {
        VARS.put("HOST", "api.example.io");
        VARS.put("PORT", "3007");
        VARS.put("EMPTY", "");
        VARS.put("PRICE", "$5 \\ cheap");
    }

    private static final Function<String, String> LOOKUP = VARS::get;

    private static String resolve(String text) {
        return Interpolation.resolve(text, LOOKUP);
    }

    @Test
    void replacesReferences() {
        assertEquals("https://api.example.io:3007/health", resolve("https://${HOST}:${PORT}/health"));
        assertEquals("api.example.io", resolve("${HOST}"));
    }

    @Test
    void fallbackAppliesWhenUnsetOrEmpty() {
        assertEquals("localhost", resolve("${MISSING:-localhost}"));
        assertEquals("dflt", resolve("${EMPTY:-dflt}"));
        assertEquals("api.example.io", resolve("${HOST:-localhost}"));
        assertEquals("redis://localhost:6378", resolve("${REDIS:-redis://localhost:6378}"));
        assertEquals("", resolve("${MISSING:-}"));
    }

    @Test
    void unsetWithoutFallbackIsEmpty() {
        assertEquals("", resolve("${MISSING}"));
        assertEquals("https://:3007", resolve("https://${MISSING}:${PORT}"));
        assertEquals("", resolve("${EMPTY}"));
    }

    @Test
    void doubleDollarIsALiteralDollar() {
        assertEquals("cost $5", resolve("cost $$5"));
        assertEquals("${HOST}", resolve("$${HOST}"));
        assertEquals("$api.example.io", resolve("$$${HOST}"));
    }

    @Test
    void replacementTextIsLiteral() {
        // '$' and '\' in a value must not be read as regex group references.
        assertEquals("$5 \\ cheap", resolve("${PRICE}"));
    }

    @Test
    void otherDollarsAreLeftAlone() {
        assertEquals("$HOST and $ and ${1BAD} and ${unterminated", resolve("$HOST and $ and ${1BAD} and ${unterminated"));
    }

    @Test
    void textWithoutReferences() {
        assertEquals("plain", resolve("plain"));
        assertNull(Interpolation.resolve(null, LOOKUP));
        assertEquals("", resolve(""));
    }
}
