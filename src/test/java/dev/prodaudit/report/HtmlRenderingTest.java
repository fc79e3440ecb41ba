package dev.prodaudit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the HTML report of a realistic run with headless Chromium: a screenshot that is the expected size, not
 * blank, and shows the FAIL red where the header is; and the DOM Chromium built, whose section table states the
 * report's counts. The page and screenshot are kept under target/report-screenshots/. CI installs chromium
 * (.ci/run); without /usr/bin/chromium the tests are skipped.
 */
class HtmlRenderingTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path ARTIFACTS = Path.of("target", "report-screenshots");
    static final int WIDTH = 1280;
    static final int HEIGHT = 2000;

    private static AuditReport report;
    private static Path page;

    @BeforeAll
    static void writePage() throws IOException {
        report = ReportFixtures.realistic();
        Files.createDirectories(ARTIFACTS);
        page = ARTIFACTS.resolve("prodaudit-report.html").toAbsolutePath();
        Files.writeString(page, ReportFixtures.render(new HtmlReporter(), report), StandardCharsets.UTF_8);
    }

    private static void assumeChromium() {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium is not installed at " + CHROMIUM
                + " (apt-get install -y chromium; CI installs it): the rendering tests are skipped");
    }

    /** Runs Chromium headless on the page with the given extra flags; returns its standard output. */
    private static String chromium(Path profile, String... extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Path stdout = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path stderr = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + Files.readString(stderr));
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(stderr));
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    @Test
    void screenshotShowsARenderedReport(@TempDir Path tmp) throws Exception {
        assumeChromium();
        Path png = ARTIFACTS.resolve("prodaudit-report.png").toAbsolutePath();
        Files.deleteIfExists(png);
        chromium(tmp.resolve("profile"), "--screenshot=" + png);
        assertTrue(Files.isRegularFile(png), "no screenshot at " + png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(WIDTH, image.getWidth());
        assertEquals(HEIGHT, image.getHeight());

        // Not blank: many distinct colours (quantised to 4 bits a channel), and the status colours among them.
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                colours.add((rgb >> 4) & 0x0f0f0f);
            }
        }
        assertTrue(colours.size() >= 40, "only " + colours.size() + " distinct colours: is the page blank?");

        int fail = rgb(HtmlReporter.FAIL_RGB);
        // The header (the verdict banner, failed) is FAIL red, and so are the FAIL counts of the section table.
        assertTrue(count(image, fail, 0, 0, WIDTH, 200) > 5_000, "the header is not FAIL red");
        assertTrue(count(image, fail, 0, 200, WIDTH, 800) > 2_000, "no FAIL red in the section table");
        assertTrue(count(image, rgb("#1a7f37"), 0, 0, WIDTH, 1000) > 50, "no PASS green");
        assertTrue(count(image, rgb("#0969da"), 0, 0, WIDTH, 1000) > 200, "no MANUAL blue");
        assertTrue(count(image, rgb("#8250df"), 0, 0, WIDTH, 1000) > 200, "no ERROR purple");
    }

    @Test
    void theRenderedDomStatesTheSummaryCounts(@TempDir Path tmp) throws Exception {
        assumeChromium();
        String dom = chromium(tmp.resolve("profile"), "--dump-dom");
        Files.writeString(ARTIFACTS.resolve("prodaudit-report.dom.html"), dom, StandardCharsets.UTF_8);
        assertTrue(dom.contains("<table class=\"summary\" id=\"summary\">"), "no section table in the DOM");
        assertEquals(HtmlReporterTest.expectedTable(report), HtmlReporterTest.summaryTable(dom));
        assertTrue(dom.contains("<h1><span class=\"verdict\">FAILED</span> 27 checks at or above high failed or could not run (exit 1)</h1>"),
                "verdict");
        assertTrue(dom.contains("data-status=\"FAIL\"><b>56</b>"), "FAIL tile");
    }

    private static int rgb(String hex) {
        return Integer.parseInt(hex.substring(1), 16);
    }

    private static boolean near(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 8) {
                return false;
            }
        }
        return true;
    }

    private static int count(BufferedImage image, int colour, int x0, int y0, int w, int h) {
        int n = 0;
        for (int y = y0; y < Math.min(y0 + h, image.getHeight()); y++) {
            for (int x = x0; x < Math.min(x0 + w, image.getWidth()); x++) {
                if (near(image.getRGB(x, y) & 0xffffff, colour)) {
                    n++;
                }
            }
        }
        return n;
    }
}
