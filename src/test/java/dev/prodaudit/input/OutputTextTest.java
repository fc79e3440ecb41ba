package dev.prodaudit.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputTextTest {

    @Test
    void everyC0AndC1ControlAndDelIsEscapedInOneLineText() {
        for (int code = 0; code < 0xa0; code++) {
            final int c = code;
            boolean control = c < 0x20 || c >= 0x7f;
            String out = OutputText.oneLine("a" + (char) c + "b");
            if (control) {
                assertFalse(out.chars().anyMatch(ch -> ch < 0x20 || (ch >= 0x7f && ch < 0xa0)), () -> "U+" + Integer.toHexString(c));
                assertTrue(out.startsWith("a\\") && out.endsWith("b"), out);
            } else {
                assertEquals("a" + (char) c + "b", out);
            }
        }
        assertEquals("\\x1b[2J\\x07\\x00\\x08\\x9b\\x7f", OutputText.oneLine("\u001b[2J\u0007\u0000\b\u009b\u007f"));
        assertEquals("line\\r\\nresult: OK\\ttab", OutputText.oneLine("line\r\nresult: OK\ttab"));
    }

    @Test
    void blockTextKeepsLineBreaksAndTabsOnly() {
        assertEquals("step 1\n\tstep 2\\r\\x1b[2J", OutputText.block("step 1\n\tstep 2\r\u001b[2J"));
    }

    @Test
    void bidiOverridesLineSeparatorsAndLoneSurrogatesAreEscaped() {
        assertEquals("user\\u202eexe.txt", OutputText.oneLine("user\u202eexe.txt"));
        assertEquals("a\\u2028b\\u2029c\\u2066d", OutputText.oneLine("a\u2028b\u2029c\u2066d"));
        assertEquals("x\\ud800y", OutputText.oneLine("x\ud800y"));
        assertEquals("key 🔑 ok", OutputText.oneLine("key 🔑 ok"), "a valid surrogate pair is a character, kept");
    }

    @Test
    void cleanTextIsReturnedAsIsAndEscapingIsIdempotent() {
        String clean = "HTTP 200 OK; Strict-Transport-Security: max-age=63072000 — ünïcødé \\x1b stays";
        assertSame(clean, OutputText.oneLine(clean));
        String once = OutputText.oneLine("\u001b]0;title\u0007");
        assertEquals(once, OutputText.oneLine(once));
        assertNull(OutputText.oneLine(null));
    }
}
