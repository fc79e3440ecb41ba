package dev.prodaudit.repo;

/** Where a fact was read: a repository-relative path and a 1-based line (0 when the whole file is meant). */
public record Location(String file, int line) {

    public Location {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("a location names a file");
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be 0 (the whole file) or positive: " + line);
        }
    }

    public static Location of(String file, int line) {
        return new Location(file, line);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line;
    }
}
