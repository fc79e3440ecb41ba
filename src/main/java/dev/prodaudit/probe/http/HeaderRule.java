package dev.prodaudit.probe.http;

import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.input.Regex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import okhttp3.Headers;

/**
 * What one response header must satisfy. An empty rule means: present. Values of headers that may carry
 * secrets (Set-Cookie, Authorization, anything naming a token, key or session) are never shown.
 *
 * @param present must be present (default true); false makes an absent header pass
 * @param absent  must be absent (e.g. X-Powered-By)
 * @param matches a regex that must occur in the value (all values joined with ", ")
 * @param min     the value as a whole number is at least this; with {@code matches}, its first group is the number
 * @param max     the value as a whole number is at most this
 */
public record HeaderRule(Boolean present, Boolean absent, Regex matches, Long min, Long max) {

    static final HeaderRule PRESENT = new HeaderRule(null, null, null, null, null);

    public HeaderRule {
        if (Boolean.TRUE.equals(absent) && (Boolean.TRUE.equals(present) || matches != null || min != null || max != null)) {
            throw new IllegalArgumentException("'absent: true' cannot be combined with present, matches, min or max");
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("'min' is greater than 'max'");
        }
    }

    /** Judges the header {@code name} of a response. */
    Finding check(String name, Headers headers) {
        List<String> values = headers.values(name);
        String shown = values.isEmpty() ? name : Show.header(name, values);
        if (Boolean.TRUE.equals(absent)) {
            return values.isEmpty()
                    ? Finding.of(Status.PASS, name + " is absent")
                    : Finding.of(Status.FAIL, shown + " is present; it must be absent");
        }
        if (values.isEmpty()) {
            return Boolean.FALSE.equals(present)
                    ? Finding.of(Status.PASS, name + " is absent (optional)")
                    : Finding.of(Status.FAIL, name + " is missing");
        }
        String joined = String.join(", ", values);
        String numberText = joined.strip();
        if (matches != null) {
            Matcher m = matches.pattern().matcher(joined);
            if (!m.find()) {
                return Finding.of(Status.FAIL, shown + " does not match " + matches);
            }
            if (m.groupCount() >= 1 && m.group(1) != null) {
                numberText = m.group(1).strip();
            }
        }
        if (min != null || max != null) {
            long n;
            try {
                n = Long.parseLong(numberText);
            } catch (NumberFormatException e) {
                return Finding.of(Status.FAIL, shown + " is not a whole number" + (matches != null ? " where " + matches + " matched" : ""));
            }
            if (min != null && n < min) {
                return Finding.of(Status.FAIL, shown + ": " + n + " is below the minimum " + min);
            }
            if (max != null && n > max) {
                return Finding.of(Status.FAIL, shown + ": " + n + " is above the maximum " + max);
            }
        }
        return Finding.of(Status.PASS, shown);
    }

    /** What the rule asks for, for messages: "Cache-Control matching /max-age=(\d+)/ (at least 1)". */
    String describe(String name) {
        if (Boolean.TRUE.equals(absent)) {
            return name + " absent";
        }
        StringBuilder s = new StringBuilder(name);
        if (matches != null) {
            s.append(" matching ").append(matches);
        }
        if (min != null && max != null) {
            s.append(" (between ").append(min).append(" and ").append(max).append(')');
        } else if (min != null) {
            s.append(" (at least ").append(min).append(')');
        } else if (max != null) {
            s.append(" (at most ").append(max).append(')');
        }
        return s.toString();
    }

    /** At least one of {@code rules} holds: one finding, naming every rule that held, or all that were asked for. */
    static Finding checkAny(Map<String, HeaderRule> rules, Headers headers) {
        List<String> held = new ArrayList<>();
        List<String> asked = new ArrayList<>();
        rules.forEach((name, rule) -> {
            HeaderRule r = rule == null ? PRESENT : rule;
            Finding f = r.check(name, headers);
            // An optional header that is missing passes its own rule but shows nothing here.
            boolean holds = f.status() == Status.PASS && (!headers.values(name).isEmpty() || Boolean.TRUE.equals(r.absent()));
            if (holds) {
                held.add(f.message());
            }
            asked.add(r.describe(name));
        });
        if (held.isEmpty()) {
            return Finding.of(Status.FAIL, "none of " + String.join(", ", asked) + " is in the response");
        }
        return Finding.of(Status.PASS, String.join("; ", held));
    }
}
