package dev.prodaudit.probe.dependencies;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An npm version range as package.json writes it (node-semver's grammar): {@code ||} alternatives of space-separated
 * comparators, each {@code <, <=, >, >=, =} or bare, with {@code ^} and {@code ~} shorthands, x-ranges ({@code 1.x},
 * {@code 1.2.*}, {@code *}, partial versions) and hyphen ranges ({@code 1.2 - 2.3}). A prerelease version satisfies a
 * range only when a comparator names a prerelease of the same major.minor.patch, as npm decides by default.
 */
final class SemverRange {
    private static final Pattern VERSION = Pattern.compile(
            "^v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?$");
    private static final Pattern PARTIAL = Pattern.compile(
            "^v?(\\d+|[xX*])(?:\\.(\\d+|[xX*])(?:\\.(\\d+|[xX*])(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?)?)?$");
    private static final Pattern COMPARATOR = Pattern.compile("^(<=|>=|<|>|=|\\^|~>?)?\\s*(.*)$");

    /** A full version, with its prerelease identifiers (empty for a release). */
    record Version(long major, long minor, long patch, List<String> pre) implements Comparable<Version> {
        static Optional<Version> parse(String text) {
            Matcher m = VERSION.matcher(text.strip());
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new Version(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."))));
        }

        boolean prerelease() {
            return !pre.isEmpty();
        }

        @Override
        public int compareTo(Version o) {
            int c = Long.compare(major, o.major);
            c = c != 0 ? c : Long.compare(minor, o.minor);
            c = c != 0 ? c : Long.compare(patch, o.patch);
            if (c != 0) {
                return c;
            }
            if (pre.isEmpty() || o.pre.isEmpty()) {
                return Boolean.compare(pre.isEmpty(), o.pre.isEmpty());
            }
            for (int i = 0; i < Math.min(pre.size(), o.pre.size()); i++) {
                String a = pre.get(i);
                String b = o.pre.get(i);
                boolean an = a.chars().allMatch(Character::isDigit);
                boolean bn = b.chars().allMatch(Character::isDigit);
                int d = an && bn ? Long.compare(Long.parseLong(a), Long.parseLong(b)) : an ? -1 : bn ? 1 : a.compareTo(b);
                if (d != 0) {
                    return d;
                }
            }
            return Integer.compare(pre.size(), o.pre.size());
        }

        boolean sameTuple(Version o) {
            return major == o.major && minor == o.minor && patch == o.patch;
        }
    }

    private record Comparator(String op, Version version) {
        boolean test(Version v) {
            int c = v.compareTo(version);
            return switch (op) {
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> c == 0;
            };
        }
    }

    private final List<List<Comparator>> alternatives;

    private SemverRange(List<List<Comparator>> alternatives) {
        this.alternatives = alternatives;
    }

    /** The range, or empty when it is not a semver range (a git URL, a tarball, {@code file:}, a dist-tag). */
    static Optional<SemverRange> parse(String range) {
        List<List<Comparator>> alternatives = new ArrayList<>();
        for (String alternative : range.strip().split("\\s*\\|\\|\\s*", -1)) {
            Optional<List<Comparator>> set = set(alternative.strip());
            if (set.isEmpty()) {
                return Optional.empty();
            }
            alternatives.add(set.get());
        }
        return Optional.of(new SemverRange(alternatives));
    }

    boolean satisfiedBy(Version v) {
        for (List<Comparator> set : alternatives) {
            if (set.stream().allMatch(c -> c.test(v)) && (!v.prerelease()
                    || set.stream().anyMatch(c -> c.version.prerelease() && c.version.sameTuple(v)))) {
                return true;
            }
        }
        return false;
    }

    private static Optional<List<Comparator>> set(String text) {
        List<Comparator> out = new ArrayList<>();
        if (text.isEmpty()) {
            out.add(new Comparator(">=", new Version(0, 0, 0, List.of())));
            return Optional.of(out);
        }
        String[] hyphen = text.split("\\s+-\\s+");
        if (hyphen.length == 2) {
            Optional<List<Comparator>> low = xRange(">=", hyphen[0]);
            Optional<List<Comparator>> high = xRange("<=", hyphen[1]);
            if (low.isEmpty() || high.isEmpty()) {
                return Optional.empty();
            }
            out.addAll(low.get());
            out.addAll(high.get());
            return Optional.of(out);
        }
        // "> 1.2" is one comparator: glue an operator to the version that follows it.
        String glued = text.replaceAll("(<=|>=|<|>|=|\\^|~>?)\\s+", "$1");
        for (String token : glued.split("\\s+")) {
            Matcher m = COMPARATOR.matcher(token);
            if (!m.matches()) {
                return Optional.empty();
            }
            String op = m.group(1) == null ? "" : m.group(1);
            Optional<List<Comparator>> part = switch (op) {
                case "^" -> caret(m.group(2));
                case "~", "~>" -> tilde(m.group(2));
                default -> xRange(op, m.group(2));
            };
            if (part.isEmpty()) {
                return Optional.empty();
            }
            out.addAll(part.get());
        }
        return Optional.of(out);
    }

    /** The numbers of a partial version: null for a missing or wildcard part. */
    private record Partial(Long major, Long minor, Long patch, List<String> pre) {
        static Optional<Partial> parse(String text) {
            Matcher m = PARTIAL.matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
            Long major = number(m.group(1));
            Long minor = major == null ? null : number(m.group(2));
            Long patch = minor == null ? null : number(m.group(3));
            List<String> pre = patch == null || m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
            return Optional.of(new Partial(major, minor, patch, pre));
        }

        private static Long number(String s) {
            return s == null || s.equalsIgnoreCase("x") || s.equals("*") ? null : Long.parseLong(s);
        }

        Version floor() {
            return new Version(major == null ? 0 : major, minor == null ? 0 : minor, patch == null ? 0 : patch, pre);
        }
    }

    private static Version v(long major, long minor, long patch) {
        return new Version(major, minor, patch, List.of());
    }

    /** The lowest prerelease of a version: "&lt; 2.0.0-0" excludes 2.0.0's prereleases, as node-semver does. */
    private static Version lowest(long major, long minor, long patch) {
        return new Version(major, minor, patch, List.of("0"));
    }

    private static Optional<List<Comparator>> xRange(String op, String text) {
        Optional<Partial> parsed = Partial.parse(text);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Partial p = parsed.get();
        if (p.major == null) {
            return Optional.of(op.equals("<") || op.equals(">") ? List.of(new Comparator("<", v(0, 0, 0)))
                    : List.of(new Comparator(">=", v(0, 0, 0))));
        }
        if (p.patch != null) {
            return Optional.of(List.of(new Comparator(op.isEmpty() ? "=" : op, p.floor())));
        }
        // A partial version: 1.2 means >=1.2.0 <1.3.0-0, 1 means >=1.0.0 <2.0.0-0.
        Version low = p.floor();
        Version next = p.minor == null ? lowest(p.major + 1, 0, 0) : lowest(p.major, p.minor + 1, 0);
        return Optional.of(switch (op) {
            case ">" -> List.of(new Comparator(">=", next));
            case ">=" -> List.of(new Comparator(">=", low));
            case "<" -> List.of(new Comparator("<", lowest(low.major(), low.minor(), low.patch())));
            case "<=" -> List.of(new Comparator("<", next));
            default -> List.of(new Comparator(">=", low), new Comparator("<", next));
        });
    }

    private static Optional<List<Comparator>> caret(String text) {
        Optional<Partial> parsed = Partial.parse(text);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Partial p = parsed.get();
        if (p.major == null) {
            return Optional.of(List.of(new Comparator(">=", v(0, 0, 0))));
        }
        Version low = p.floor();
        Version high;
        if (p.major > 0 || p.minor == null) {
            high = lowest(p.major + 1, 0, 0);
        } else if (p.minor > 0 || p.patch == null) {
            high = lowest(0, p.minor + 1, 0);
        } else {
            high = lowest(0, 0, p.patch + 1);
        }
        return Optional.of(List.of(new Comparator(">=", low), new Comparator("<", high)));
    }

    private static Optional<List<Comparator>> tilde(String text) {
        Optional<Partial> parsed = Partial.parse(text);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Partial p = parsed.get();
        if (p.major == null) {
            return Optional.of(List.of(new Comparator(">=", v(0, 0, 0))));
        }
        Version high = p.minor == null ? lowest(p.major + 1, 0, 0) : lowest(p.major, p.minor + 1, 0);
        return Optional.of(List.of(new Comparator(">=", p.floor()), new Comparator("<", high)));
    }
}
