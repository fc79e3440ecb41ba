package dev.prodaudit.audit;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code --only} / {@code --skip}: each selector names a check id (globs allowed: {@code security.*}),
 * an id prefix ({@code security}), a tag, or a section title (case-insensitive).
 */
public final class Selection {
    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_DASH = Pattern.compile("(^-|-$)");

    private Selection() {
    }

    public static List<Check> apply(List<Check> checks, List<String> only, List<String> skip) throws InputException {
        List<String> onlySel = split(only);
        List<String> skipSel = split(skip);
        for (String s : onlySel) {
            requireSomeMatch(checks, s, "--only");
        }
        for (String s : skipSel) {
            requireSomeMatch(checks, s, "--skip");
        }
        Predicate<Check> selected = selected(onlySel, skipSel);
        List<Check> out = new ArrayList<>();
        for (Check c : checks) {
            if (selected.test(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Which checks {@link #apply} keeps; null when it keeps every one (no selector given). */
    public static Predicate<Check> selector(List<String> only, List<String> skip) {
        List<String> onlySel = split(only);
        List<String> skipSel = split(skip);
        return onlySel.isEmpty() && skipSel.isEmpty() ? null : selected(onlySel, skipSel);
    }

    private static Predicate<Check> selected(List<String> onlySel, List<String> skipSel) {
        List<Predicate<Check>> only = onlySel.stream().map(Selection::matcher).toList();
        List<Predicate<Check>> skip = skipSel.stream().map(Selection::matcher).toList();
        return c -> (only.isEmpty() || anyMatches(only, c)) && !anyMatches(skip, c);
    }

    /** A loop, not a stream: it runs for every check of the catalogue, mostly over an empty list. */
    private static boolean anyMatches(List<Predicate<Check>> matchers, Check c) {
        for (Predicate<Check> m : matchers) {
            if (m.test(c)) {
                return true;
            }
        }
        return false;
    }

    private static void requireSomeMatch(List<Check> checks, String selector, String option) throws InputException {
        if (checks.stream().noneMatch(matcher(selector))) {
            throw new InputException(option + " " + selector, "matches no check id, tag or section",
                    "run 'audit list' to see ids, tags and sections");
        }
    }

    public static boolean matches(Check c, String selector) {
        return matcher(selector).test(c);
    }

    /**
     * Which checks {@code selector} names, its glob compiled once: a selector is tried on every check of the
     * catalogue, and compiling a pattern for each (the glob, the section's slug) was most of the time a one-check
     * run spent choosing its check.
     */
    private static Predicate<Check> matcher(String selector) {
        String s = selector.strip();
        if (s.contains("*")) {
            Pattern glob = Pattern.compile(Pattern.quote(s).replace("*", "\\E.*\\Q"));
            return c -> glob.matcher(c.id()).matches();
        }
        String lower = s.toLowerCase(Locale.ROOT);
        return c -> {
            String prefix = c.id().substring(0, c.id().indexOf('.'));
            return c.id().equals(s) || prefix.equals(s) || c.tags().contains(s)
                    || c.section().equalsIgnoreCase(s) || (c.subsection() != null && c.subsection().equalsIgnoreCase(s))
                    || slug(c.section()).equals(lower);
        };
    }

    private static String slug(String text) {
        return EDGE_DASH.matcher(NOT_IN_SLUG.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("-")).replaceAll("");
    }

    private static List<String> split(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }
}
