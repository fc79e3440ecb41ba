package dev.prodaudit.repo.docker;

import java.util.List;
import java.util.Locale;

/**
 * One Dockerfile instruction after continuation lines are joined and comments dropped.
 *
 * @param keyword   upper-case ({@code FROM}, {@code USER}, ...)
 * @param arguments the rest of the instruction, its continuation lines joined with a space
 * @param line      the 1-based line the instruction starts on
 * @param heredocs  the bodies of {@code <<EOF} heredocs the instruction opens, in order
 */
public record Instruction(String keyword, String arguments, int line, List<String> heredocs) {

    public Instruction {
        keyword = keyword.toUpperCase(Locale.ROOT);
        heredocs = List.copyOf(heredocs);
    }

    public boolean is(String word) {
        return keyword.equals(word);
    }
}
