package dev.prodaudit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.input.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {
    private static final Path PATH = Path.of(".env.production");

    private static EnvFile parse(String text) {
        return EnvFile.parse(PATH, text);
    }

    private static String value(EnvFile f, String key) {
        EnvFile.Entry e = f.entries().get(key);
        return e == null ? null : e.value();
    }

    private static int line(EnvFile f, String key) {
        return f.entries().get(key).line();
    }

    /** Every warning of {@code f} must be free of every given value. */
    private static void assertNoValuesInWarnings(EnvFile f, String... values) {
        for (String w : f.warnings()) {
            for (String v : values) {
                assertFalse(w.contains(v), () -> "warning leaks a value: " + w);
            }
        }
    }

    @Test
    void simpleAssignmentsAndLineNumbers() {
        EnvFile f = parse("A=1\nB=two\nC=three four\n");
        assertEquals(Map.of("A", "1", "B", "two", "C", "three four"),
                Map.of("A", value(f, "A"), "B", value(f, "B"), "C", value(f, "C")));
        assertEquals(1, line(f, "A"));
        assertEquals(2, line(f, "B"));
        assertEquals(3, line(f, "C"));
        assertEquals(List.of("A", "B", "C"), List.copyOf(f.entries().keySet()));
        assertTrue(f.warnings().isEmpty());
        assertEquals(PATH, f.path());
    }

    @Test
    void commentsAndBlankLinesAreSkippedButCounted() {
        EnvFile f = parse("# a comment\n\n   \n\t# indented comment\nA=1\n\n#B=2\nC=3");
        assertEquals(2, f.entries().size());
        assertEquals("1", value(f, "A"));
        assertEquals(5, line(f, "A"));
        assertNull(f.entries().get("B"));
        assertEquals("3", value(f, "C"));
        assertEquals(8, line(f, "C"));
        assertTrue(f.warnings().isEmpty());
    }

    @Test
    void exportPrefixIsDropped() {
        EnvFile f = parse("export A=1\nexport\tB=2\n  export   C = 3\nexportD=4\n");
        assertEquals("1", value(f, "A"));
        assertEquals("2", value(f, "B"));
        assertEquals("3", value(f, "C"));
        // "export" glued to the key is part of the key.
        assertEquals("4", value(f, "exportD"));
        assertEquals(3, line(f, "C"));
    }

    @Test
    void singleQuotesAreLiteral() {
        EnvFile f = parse("A='a\\nb \\\" # not a comment'\nB='  padded  '\n");
        assertEquals("a\\nb \\\" # not a comment", value(f, "A"));
        assertEquals("  padded  ", value(f, "B"));
    }

    @Test
    void doubleQuotesExpandEscapes() {
        EnvFile f = parse("A=\"l1\\nl2\\rx\\ty\\\\z\\\"q\\\"\"\nB=\"keep \\x unknown\"\nC=\"# not a comment\"\n");
        assertEquals("l1\nl2\rx\ty\\z\"q\"", value(f, "A"));
        assertEquals("keep \\x unknown", value(f, "B"));
        assertEquals("# not a comment", value(f, "C"));
        assertEquals(2, line(f, "B"));
        assertEquals(3, line(f, "C"));
        assertTrue(f.warnings().isEmpty(), f.warnings()::toString);
    }

    @Test
    void escapedBackslashBeforeClosingQuoteEndsTheValue() {
        EnvFile f = parse("A=\"dir\\\\\"\nB=2\n");
        assertEquals("dir\\", value(f, "A"));
        assertEquals("2", value(f, "B"));
        assertEquals(2, line(f, "B"));
    }

    @Test
    void backticksAreLiteral() {
        EnvFile f = parse("A=`it's \"quoted\" \\n`\nB=2\n");
        assertEquals("it's \"quoted\" \\n", value(f, "A"));
        assertEquals("2", value(f, "B"));
    }

    @Test
    void multiLineDoubleQuotedValueKeepsLineNumbersOfLaterKeys() {
        String text = "A=1\n"
                + "KEY=\"-----BEGIN KEY-----\n"
                + "line two\n"
                + "line three\n"
                + "-----END KEY-----\"\n"
                + "NEXT=after\n"
                + "\n"
                + "LAST=x\n";
        EnvFile f = parse(text);
        assertEquals("-----BEGIN KEY-----\nline two\nline three\n-----END KEY-----", value(f, "KEY"));
        assertEquals(2, line(f, "KEY"));
        assertEquals(6, line(f, "NEXT"));
        assertEquals("after", value(f, "NEXT"));
        assertEquals(8, line(f, "LAST"));
        assertTrue(f.warnings().isEmpty());
    }

    @Test
    void multiLineSingleQuotedValue() {
        EnvFile f = parse("A='x\ny'\nB=1\n");
        assertEquals("x\ny", value(f, "A"));
        assertEquals(3, line(f, "B"));
    }

    @Test
    void crlfLineEnds() {
        EnvFile f = parse("A=1\r\nB=\"x\r\ny\"\r\n# c\r\nC=three \r\n");
        assertEquals("1", value(f, "A"));
        assertEquals("x\ny", value(f, "B"));
        assertEquals("three", value(f, "C"));
        assertEquals(2, line(f, "B"));
        assertEquals(5, line(f, "C"));
    }

    @Test
    void utf8ByteOrderMarkIsIgnored() {
        EnvFile f = parse("\uFEFFFIRST=1\nSECOND=2\n");
        assertEquals("1", value(f, "FIRST"));
        assertEquals(1, line(f, "FIRST"));
        assertTrue(f.warnings().isEmpty());
    }

    @Test
    void byteOrderMarkThroughRead(@TempDir Path dir) throws Exception {
        Path p = dir.resolve(".env");
        byte[] body = "FIRST=é\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Files.write(p, bytes);
        EnvFile f = EnvFile.read(p);
        assertEquals("é", value(f, "FIRST"));
        assertEquals(p, f.path());
    }

    @Test
    void unquotedValueWithTrailingComment() {
        EnvFile f = parse("A=value   # the comment\nB=  spaced value  \n");
        assertEquals("value", value(f, "A"));
        assertEquals("spaced value", value(f, "B"));
    }

    @Test
    void unquotedValueEndsAtHashLikeDotenv16() {
        EnvFile f = parse("A=abc#def\nURL=https://host/#frag\nB=2\n");
        assertEquals("abc", value(f, "A"));
        assertEquals("https://host/", value(f, "URL"));
        assertEquals(3, line(f, "B"));
    }

    @Test
    void quotedValueFollowedByComment() {
        EnvFile f = parse("A=\"x # y\" # comment\nB='z' \n");
        assertEquals("x # y", value(f, "A"));
        assertEquals("z", value(f, "B"));
        assertTrue(f.warnings().isEmpty());
    }

    @Test
    void emptyValues() {
        EnvFile f = parse("A=\nB=   \nC=\"\"\nD=''\nE= # only a comment\nF=");
        for (String k : List.of("A", "B", "C", "D", "E", "F")) {
            assertEquals("", value(f, k), k);
        }
        assertEquals(6, line(f, "F"));
        assertTrue(f.warnings().isEmpty());
    }

    @Test
    void colonForm() {
        EnvFile f = parse("A: value\nB:other\nC : \"q\"\n");
        assertEquals("value", value(f, "A"));
        assertEquals("other", value(f, "B"));
        assertEquals("q", value(f, "C"));
    }

    @Test
    void keysMayContainDotsAndDashes() {
        EnvFile f = parse("my.key-1=v\n");
        assertEquals("v", value(f, "my.key-1"));
    }

    @Test
    void duplicateKeysLastWinsAndWarningNamesKeyAndLinesButNotValues() {
        String first = "first-secret-value-1234";
        String second = "second-secret-value-5678";
        EnvFile f = parse("OTHER=1\nDUP=" + first + "\n\nDUP=\"" + second + "\"\n");
        assertEquals(second, value(f, "DUP"));
        assertEquals(4, line(f, "DUP"));
        assertEquals(1, f.warnings().size());
        String w = f.warnings().get(0);
        assertTrue(w.contains("DUP"), w);
        assertTrue(w.contains(".env.production:4"), w);
        assertTrue(w.contains("line 2"), w);
        assertNoValuesInWarnings(f, first, second);
    }

    @Test
    void malformedLinesWarnWithoutValues() {
        String secretish = "s3cr3t-looking-text";
        EnvFile f = parse("A=1\nthis is not " + secretish + "\n=" + secretish + "\nLONELY\nB=2\n");
        assertEquals("1", value(f, "A"));
        assertEquals("2", value(f, "B"));
        assertEquals(5, line(f, "B"));
        assertEquals(3, f.warnings().size(), f.warnings()::toString);
        assertTrue(f.warnings().get(0).startsWith(".env.production:2:"), f.warnings().get(0));
        assertTrue(f.warnings().get(0).contains("not a KEY=value line"));
        assertTrue(f.warnings().get(1).startsWith(".env.production:3:"));
        assertTrue(f.warnings().get(2).startsWith(".env.production:4:"));
        assertNoValuesInWarnings(f, secretish);
    }

    @Test
    void textAfterClosingQuoteWarnsWithoutValue() {
        EnvFile f = parse("A=\"kept\"trailing-junk-value\nB=1\n");
        assertEquals("kept", value(f, "A"));
        assertEquals(2, line(f, "B"));
        assertEquals(1, f.warnings().size());
        assertTrue(f.warnings().get(0).contains(".env.production:1"));
        assertNoValuesInWarnings(f, "trailing-junk-value", "kept");
    }

    @Test
    void unterminatedQuoteIsReadAsUnquotedAndWarns() {
        EnvFile f = parse("A='unterminated-value\nB=1\n");
        assertEquals("'unterminated-value", value(f, "A"));
        assertEquals("1", value(f, "B"));
        assertEquals(2, line(f, "B"));
        assertEquals(1, f.warnings().size());
        assertTrue(f.warnings().get(0).contains("unterminated"));
        assertNoValuesInWarnings(f, "unterminated-value");
    }

    @Test
    void entryToStringHidesValue() {
        EnvFile f = parse("SECRET=hidden-value-xyz\n");
        assertFalse(f.entries().get("SECRET").toString().contains("hidden-value-xyz"));
    }

    @Test
    void invalidUtf8NamesTheLineInsteadOfTheDecoderError(@TempDir Path dir) throws IOException {
        Path p = dir.resolve(".env.production");
        Files.write(p, new byte[] {'#', ' ', 'p', 'r', 'o', 'd', '\n', 'A', '=', (byte) 0xC3, (byte) 0x28, '\n'});
        InputException e = assertThrows(InputException.class, () -> EnvFile.read(p, ".env.production"));
        assertEquals(".env.production:2:3: file is not valid UTF-8 at line 2 (hint: save the file as UTF-8)", e.oneLine());
    }

    @Test
    void readParsesAFile(@TempDir Path dir) throws Exception {
        Path p = dir.resolve(".env.production");
        Files.writeString(p, "# prod\nA=1\nB=\"two\"\n", StandardCharsets.UTF_8);
        EnvFile f = EnvFile.read(p);
        assertEquals("1", value(f, "A"));
        assertEquals(3, line(f, "B"));
    }

    @Test
    void missingFileIsAnIOException(@TempDir Path dir) {
        assertThrows(IOException.class, () -> EnvFile.read(dir.resolve("nope")));
    }

    @Test
    void emptyText() {
        EnvFile f = parse("");
        assertTrue(f.entries().isEmpty());
        assertTrue(f.warnings().isEmpty());
    }
}
