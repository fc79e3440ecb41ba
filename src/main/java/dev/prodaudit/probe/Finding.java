package dev.prodaudit.probe;


/**
 * One observation behind an outcome, optionally pinned to a file and line of the audited repository
 * (relative path). Never carries a secret value.
 */
public record Finding(Status status, String message, String file, Integer line) {

    public static Finding of(Status status, String message) {
        return new Finding(status, message, null, null);
    }

    public static Finding at(Status status, String message, String file, int line) {
        return new Finding(status, message, file, line);
    }

    public String where() {
        if (file == null) {
            return null;
        }
        return line == null ? file : file + ":" + line;
    }
}
