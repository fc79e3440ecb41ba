package dev.prodaudit.input;

/**
 * Makes text from outside (server replies, headers, file contents, file names) safe to print: a control
 * character becomes a visible escape, so an endpoint cannot clear the terminal, move the cursor, ring the
 * bell or start a new line that forges "result: OK" in a report.
 * <ul>
 *   <li>C0 controls (U+0000-U+001F), DEL and C1 controls (U+0080-U+009F) become {@code \x1b}, {@code \x7f},
 *       {@code \x9b}; LF, CR and TAB become {@code \n}, {@code \r}, {@code \t};</li>
 *   <li>characters that reorder or break lines without being controls (bidi marks, embeddings, overrides, isolates,
 *       U+2028/U+2029) and unpaired surrogates become {@code \u202e}-style escapes;</li>
 *   <li>everything else, including a backslash, is kept: the escapes are for display and are not meant to be
 *       decoded again.</li>
 * </ul>
 * {@link #oneLine} is for evidence, findings, warnings, names and titles: a field that is one line in every
 * report stays one line. {@link #block} is for the multi-line texts of the user's own catalogue (rationale,
 * remediation): LF and TAB are kept there, since reporters indent each line and a line of them cannot reach
 * the left margin where the verdict is printed. Both are idempotent: their output contains nothing they escape.
 */
public final class OutputText {

    private OutputText() {
    }

    /** Text for a one-line field: every control character escaped, including LF, CR and TAB. */
    public static String oneLine(String text) {
        return escape(text, false);
    }

    /** Text for a multi-line field: LF and TAB kept, every other control character escaped. */
    public static String block(String text) {
        return escape(text, true);
    }

    /** True when {@link #oneLine} would change nothing. */
    public static boolean isClean(String text) {
        return text == null || firstUnsafe(text, false) < 0;
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text, keepLines);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (!unsafe(text, i, keepLines)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x100) {
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text, boolean keepLines) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (unsafe(text, i, keepLines)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the char at {@code i} (not the first half of a valid surrogate pair) must be escaped. */
    private static boolean unsafe(String text, int i, boolean keepLines) {
        char c = text.charAt(i);
        if (c < 0x20) {
            return !(keepLines && (c == '\n' || c == '\t'));
        }
        return (c >= 0x7f && c <= 0x9f)
                || c == 0x200e || c == 0x200f || c == 0x061c // bidi marks
                || (c >= 0x202a && c <= 0x202e) // bidi embeddings and overrides
                || (c >= 0x2066 && c <= 0x2069) // bidi isolates
                || c == 0x2028 || c == 0x2029 // line and paragraph separators
                || Character.isSurrogate(c); // unpaired: a pair was consumed by the caller
    }
}
