package dev.prodaudit.probe.dns;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Small text helpers for DNS record values. */
final class Text {
    private Text() {
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /**
     * Tag-value lists as DMARC (RFC 7489 §6.3) and DKIM (RFC 6376 §3.2) write them: {@code k=v; k=v}, tag
     * names case-insensitive (kept in lower case), values trimmed; the first occurrence of a tag wins.
     */
    static Map<String, String> tags(String record) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : p.substring(eq + 1).strip();
            tags.putIfAbsent(key, value);
        }
        return tags;
    }

    /** The first tag of a tag list, as written ({@code v=DMARC1}), or "". */
    static String firstTag(String record) {
        String first = record.split(";", 2)[0].strip();
        int eq = first.indexOf('=');
        return eq < 0 ? first : first.substring(0, eq).strip() + "=" + first.substring(eq + 1).strip();
    }
}
