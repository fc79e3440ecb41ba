package dev.prodaudit.probe.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Headers;

/**
 * The rate-limit policy a response announces, from the IETF RateLimit header drafts as express-rate-limit sends
 * them: {@code RateLimit-Policy: 10;w=900} (drafts 6 and 7), {@code RateLimit-Policy: "name"; q=10; w=900; pk=...}
 * (draft 8 and later), {@code RateLimit: limit=10, remaining=9, reset=900} (draft 7), {@code RateLimit-Limit: 10}
 * (draft 6, possibly followed by policies) and the legacy {@code X-RateLimit-Limit: 10}. The partition key is
 * never shown.
 */
final class RateLimitHeaders {

    /** One announced quota: {@code limit} requests per {@code windowSeconds} (null when the header gives none). */
    record Quota(long limit, Long windowSeconds, String header) {
        String describe() {
            return limit + (windowSeconds == null ? " requests (window not announced)" : " requests per " + windowSeconds + " s")
                    + " (" + header + ")";
        }
    }

    /** What was read: the quotas, and header values that could not be parsed. */
    record Announced(List<Quota> quotas, List<String> unreadable) {
    }

    private RateLimitHeaders() {
    }

    static Announced read(Headers h) {
        List<Quota> quotas = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (String v : h.values("RateLimit-Policy")) {
            for (String item : v.split(",", -1)) {
                if (!item.isBlank() && !policyItem(item, "RateLimit-Policy", quotas)) {
                    unreadable.add("RateLimit-Policy");
                }
            }
        }
        for (String v : h.values("RateLimit")) {
            // draft 7: "limit=10, remaining=9, reset=900". Draft 8's RateLimit has no limit (it is in RateLimit-Policy).
            for (String part : v.split(",", -1)) {
                String[] kv = part.strip().split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("limit")) {
                    Long n = number(kv[1]);
                    if (n == null) {
                        unreadable.add("RateLimit");
                    } else {
                        quotas.add(new Quota(n, null, "RateLimit"));
                    }
                }
            }
        }
        for (String name : List.of("RateLimit-Limit", "X-RateLimit-Limit")) {
            for (String v : h.values(name)) {
                String[] items = v.split(",", -1);
                Long n = number(items[0]);
                if (n == null) {
                    unreadable.add(name);
                    continue;
                }
                quotas.add(new Quota(n, null, name));
                // Early drafts listed policies after the limit: "10, 10;w=1, 50;w=60".
                for (int i = 1; i < items.length; i++) {
                    if (!items[i].isBlank()) {
                        policyItem(items[i], name, quotas);
                    }
                }
            }
        }
        return new Announced(quotas, unreadable);
    }

    /** One policy item, "10;w=900" or "\"name\"; q=10; w=900; pk=:...:". False when it cannot be read. */
    private static boolean policyItem(String item, String header, List<Quota> out) {
        String[] members = item.strip().split(";", -1);
        Long limit = number(members[0]);
        Long window = null;
        for (int i = 1; i < members.length; i++) {
            String[] kv = members[i].strip().split("=", 2);
            if (kv.length != 2) {
                continue;
            }
            String key = kv[0].strip().toLowerCase(Locale.ROOT);
            if (key.equals("q")) {
                limit = number(kv[1]);
            } else if (key.equals("w")) {
                window = number(kv[1]);
            }
        }
        if (limit == null) {
            return false;
        }
        out.add(new Quota(limit, window, header));
        return true;
    }

    private static Long number(String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,15}")) {
            return null;
        }
        return Long.parseLong(t);
    }
}
