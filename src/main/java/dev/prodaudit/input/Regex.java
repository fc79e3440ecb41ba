package dev.prodaudit.input;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A regular expression from the catalogue, compiled when the catalogue loads so a bad one is a load error. */
public record Regex(String source, Pattern pattern) {

    @JsonCreator
    public static Regex of(String source) {
        try {
            return new Regex(source, Pattern.compile(source, Pattern.MULTILINE));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
    }

    /** Whether the pattern occurs anywhere in {@code text} (unanchored, like grep). */
    public boolean foundIn(String text) {
        return pattern.matcher(text).find();
    }

    @JsonValue
    @Override
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "/" + source + "/";
    }
}
