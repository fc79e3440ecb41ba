package dev.prodaudit.input;

/**
 * Bad input from the user: a catalogue, config or env file that cannot be used. Printed as one line,
 * {@code file:line:column: message (hint: ...)}, and the CLI exits 2.
 */
public final class InputException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String location;
    private final String hint;

    public InputException(String location, String message, String hint) {
        super(message);
        this.location = location;
        this.hint = hint;
    }

    public static InputException at(String file, int line, int column, String message, String hint) {
        return new InputException(file + ":" + line + ":" + column, message, hint);
    }

    public String location() {
        return location;
    }

    public String hint() {
        return hint;
    }

    /** The one line the user sees. */
    public String oneLine() {
        StringBuilder out = new StringBuilder();
        if (location != null) {
            out.append(location).append(": ");
        }
        out.append(getMessage());
        if (hint != null && !hint.isBlank()) {
            out.append(" (hint: ").append(hint).append(')');
        }
        return out.toString();
    }
}
