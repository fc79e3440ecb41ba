package dev.prodaudit.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The {@code partialFingerprints} value of a SARIF result: code scanning matches a result to an existing alert by it,
 * so it must stay the same for the same finding across runs and when lines move, and differ between findings.
 * It hashes the check id, the file the finding is about (without its line) and the message with what moves from run
 * to run taken out: "file:line" references, "line N", commit ids, and every other number (lengths, ages, counts, ports).
 */
final class Fingerprints {
    /** Versioned, so a change of the recipe starts new fingerprints instead of matching old ones wrongly. */
    static final String KEY = "prodaudit/v1";

    /** "src/app.js:12", "src/app.js:12:5", ".env.production:29": the line (and column) of a file reference. */
    private static final Pattern FILE_LINE = Pattern.compile("(\\S):\\d+(?::\\d+)?\\b");
    private static final Pattern LINE_WORD = Pattern.compile("(?i)\\b(lines?)\\s+\\d+(?:\\s*(?:-|–|to|and)\\s*\\d+)?");
    /**
     * Commit ids and other hex digests ("committed in da63925"): a rewritten history or a new commit moves them. Any
     * run of 7 to 64 hex digits counts, letters only included: one abbreviated commit id in a thousand ("bdfaecb") has
     * no digit, and a word such as "defaced" set aside as an id costs nothing.
     */
    private static final Pattern HEX_ID = Pattern.compile("\\b[0-9a-f]{7,64}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private Fingerprints() {
    }

    /** Lowercase hex SHA-256 of check id, file and normalised message. */
    static String of(String checkId, String file, String message) {
        String identity = checkId + "\n" + (file == null ? "" : file) + "\n" + normalised(message);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The message without line references and numbers, whitespace collapsed. */
    static String normalised(String message) {
        String text = message == null ? "" : message;
        text = FILE_LINE.matcher(text).replaceAll("$1");
        text = LINE_WORD.matcher(text).replaceAll("$1 #");
        text = HEX_ID.matcher(text).replaceAll("<id>");
        text = NUMBER.matcher(text).replaceAll("#");
        return SPACE.matcher(text).replaceAll(" ").strip();
    }
}
