package dev.prodaudit.source;

import java.util.Locale;
import java.util.Optional;

/** The grammar a source file is read with, chosen by its extension. */
public enum Language {
    /** JavaScript, JSX included ({@code .js .cjs .mjs .jsx}). */
    JAVASCRIPT,
    /** TypeScript without JSX ({@code .ts .mts .cts}). */
    TYPESCRIPT,
    /** TypeScript with JSX ({@code .tsx}). */
    TSX;

    public static Optional<Language> of(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.endsWith(".d.ts")) {
            return Optional.empty(); // declarations: types only, nothing runs
        }
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "js", "cjs", "mjs", "jsx" -> Optional.of(JAVASCRIPT);
            case "ts", "mts", "cts" -> Optional.of(TYPESCRIPT);
            case "tsx" -> Optional.of(TSX);
            default -> Optional.empty();
        };
    }
}
