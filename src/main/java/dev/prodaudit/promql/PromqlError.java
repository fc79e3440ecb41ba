package dev.prodaudit.promql;

/**
 * An expression that is not valid PromQL. {@link #offset()} is the 0-based offset in the parsed text where the
 * problem is seen; {@link #line()} and {@link #column()} are 1-based within that text.
 */
public final class PromqlError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;
    private final int line;
    private final int column;
    private final String reason;

    PromqlError(String text, int offset, String reason) {
        this(offset, reason, lineAndColumn(text, offset));
    }

    private PromqlError(int offset, String reason, int[] lineAndColumn) {
        super((lineAndColumn[0] == 1 ? "column " + lineAndColumn[1]
                : "line " + lineAndColumn[0] + ", column " + lineAndColumn[1]) + ": " + reason);
        this.offset = offset;
        this.reason = reason;
        this.line = lineAndColumn[0];
        this.column = lineAndColumn[1];
    }

    /** The 1-based line and column of {@code offset} in {@code text}. */
    private static int[] lineAndColumn(String text, int offset) {
        int l = 1;
        int c = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                l++;
                c = 1;
            } else {
                c++;
            }
        }
        return new int[] {l, c};
    }

    public int offset() {
        return offset;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The problem without its position. */
    public String reason() {
        return reason;
    }
}
