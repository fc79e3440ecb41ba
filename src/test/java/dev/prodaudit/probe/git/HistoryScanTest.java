package dev.prodaudit.probe.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The walk's reading of {@code git log --patch} output, however the pipe cuts it: a value split between two reads
 * is found, and searches sharing a walk each find what they find alone.
 */
class HistoryScanTest {
    private static final String AZURE = "0f3b9c2d4e5a6b7c8d9e0f1a2b3c4d5e";
    private static final String RESEND = "re_Zt8Qw2Lp_Vb7Nc4Xm1Kj9Hg6Fd3Sa5Qe";
    /** Two commits as the walk's own git log prints them (--format=%x01%h%x1f%as%x1f%an, --unified=0). */
    private static final String LOG = "\u0001a1b2c3d\u001f2025-03-15\u001fBob Fixer\n\n"
            + "diff --git a/config/azure.env b/config/azure.env\n"
            + "--- a/config/azure.env\n+++ b/config/azure.env\n"
            + "@@ -1 +1 @@\n-AZURE_OPENAI_API_KEY=" + AZURE + "\n+AZURE_OPENAI_API_KEY=\n"
            + "\u0001e4f5a6b\u001f2025-03-14\u001fAlice Example\n\n"
            + "diff --git a/config/azure.env b/config/azure.env\n"
            + "new file mode 100644\n--- /dev/null\n+++ b/config/azure.env\n"
            + "@@ -0,0 +1,3 @@\n+# keys\n+AZURE_OPENAI_API_KEY=" + AZURE + "\n+RESEND_API_KEY=" + RESEND + "\n";

    private static HistoryScan.Search search(String name, String value) {
        return new HistoryScan.Search(KnownSecrets.of(Map.of(name, List.of(value))), LineRules.NONE);
    }

    private static List<List<HistoryScan.Hits>> read(InputStream in, List<HistoryScan.Search> searches) throws IOException {
        HistoryScan scan = new HistoryScan(searches);
        scan.read(in);
        return scan.reports(0, false, false, 0, null).stream().map(HistoryScan.Report::secretHits).toList();
    }

    @Test
    void aValueSplitBetweenReadsIsFoundWhereverTheCutFalls() throws IOException {
        byte[] log = LOG.getBytes(StandardCharsets.UTF_8);
        List<HistoryScan.Search> searches = List.of(search("AZURE_OPENAI_API_KEY", AZURE));
        List<List<HistoryScan.Hits>> whole = read(new ByteArrayInputStream(log), searches);
        assertEquals(1, whole.get(0).size(), whole.toString());
        assertEquals("e4f5a6b (2025-03-14, Alice Example)", whole.get(0).get(0).oldest().get(0).commit().toString());
        assertEquals(2, whole.get(0).get(0).oldest().get(0).line());
        Random random = new Random(23);
        for (int run = 0; run < 300; run++) {
            assertEquals(whole, read(new Trickle(log, random), searches), "run " + run);
        }
    }

    @Test
    void searchesSharingAWalkEachFindWhatTheyFindAlone() throws IOException {
        byte[] log = LOG.getBytes(StandardCharsets.UTF_8);
        HistoryScan.Search azure = search("AZURE_OPENAI_API_KEY", AZURE);
        HistoryScan.Search resend = search("RESEND_API_KEY", RESEND);
        List<List<HistoryScan.Hits>> together = read(new Trickle(log, new Random(5)), List.of(azure, resend));
        assertEquals(read(new ByteArrayInputStream(log), List.of(azure)).get(0), together.get(0));
        assertEquals(read(new ByteArrayInputStream(log), List.of(resend)).get(0), together.get(1));
        assertEquals("RESEND_API_KEY", together.get(1).get(0).label());
        assertEquals(3, together.get(1).get(0).oldest().get(0).line());
    }

    /** A pipe that hands over 1 to 13 bytes a read. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int at;

        Trickle(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.random = random;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(13)), bytes.length - at);
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }
}
