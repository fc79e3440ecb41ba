package dev.prodaudit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress line appears only at a terminal, only after a second, and is erased before the report. */
class ProgressTest {

    @Test
    void quietWhenNotATerminal() {
        assertNull(Progress.startIf(false, new PrintWriter(new StringWriter()), 10));
    }

    @Test
    void quietForRunsUnderASecond() {
        StringWriter err = new StringWriter();
        try (Progress p = Progress.startIf(true, new PrintWriter(err), 10)) {
            p.accept(null);
        }
        assertEquals("", err.toString());
    }

    @Test
    void countsCompletedChecksAfterASecondAndErasesItself() throws Exception {
        StringWriter err = new StringWriter();
        Progress p = Progress.startIf(true, new PrintWriter(err), 3);
        p.accept(null);
        Thread.sleep(1300);
        p.accept(null);
        Thread.sleep(300);
        p.close();
        String out = err.toString();
        assertTrue(out.contains("\raudit: 1/3 checks done"), out);
        assertTrue(out.contains("\raudit: 2/3 checks done"), out);
        String erased = "\r" + " ".repeat("audit: 2/3 checks done".length()) + "\r";
        assertTrue(out.endsWith(erased), out);
    }
}
