package dev.prodaudit.probe.mongodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;

/**
 * Compares an expected index with what {@code listIndexes} reports for its collection: the same keys in the same
 * order with the same directions, and the same {@code unique} and {@code expireAfterSeconds}. An index with the right
 * keys but other options, or with the right fields in another order or direction, is <em>mismatched</em>; nothing
 * close is <em>missing</em>.
 */
final class IndexCheck {

    /** One index as {@code listIndexes} reports it. */
    record Actual(String name, Map<String, Object> keys, boolean unique, Long expireAfterSeconds) {

        @SuppressWarnings("unchecked")
        static Actual from(Document d) {
            Object key = d.get("key");
            Map<String, Object> keys = new LinkedHashMap<>();
            if (key instanceof Map<?, ?> m) {
                ((Map<String, Object>) m).forEach(keys::put);
            }
            Object ttl = d.get("expireAfterSeconds");
            return new Actual(d.getString("name"), keys, Boolean.TRUE.equals(d.get("unique")),
                    ttl instanceof Number n ? Long.valueOf(n.longValue()) : null);
        }
    }

    /** A missing or mismatched index: the finding's text. */
    record Problem(boolean missing, String message) {
    }

    private IndexCheck() {
    }

    /**
     * @param actual the collection's indexes, or null when the collection does not exist
     * @return null when an index matches exactly
     */
    static Problem compare(MongoSpec.Index expected, List<Actual> actual, String database) {
        if (actual == null) {
            return new Problem(true, describe(expected) + " is missing: collection " + expected.collection()
                    + " does not exist in " + database);
        }
        List<Actual> sameKeys = actual.stream().filter(a -> sameKeys(expected.keys(), a.keys())).toList();
        if (!sameKeys.isEmpty()) {
            for (Actual a : sameKeys) {
                if (optionDifferences(expected, a).isEmpty()) {
                    return null;
                }
            }
            return new Problem(false, show(expected) + ": " + String.join(", ", optionDifferences(expected, sameKeys.get(0))));
        }
        for (Actual a : actual) {
            if (new ArrayList<>(a.keys().keySet()).equals(new ArrayList<>(expected.keys().keySet()))) {
                return new Problem(false, show(expected) + ": found " + keys(a.keys()) + " (direction differs)");
            }
        }
        for (Actual a : actual) {
            if (a.keys().keySet().equals(expected.keys().keySet())) {
                return new Problem(false, show(expected) + ": found " + keys(a.keys()) + " (key order differs)");
            }
        }
        return new Problem(true, describe(expected) + " is missing");
    }

    private static List<String> optionDifferences(MongoSpec.Index e, Actual a) {
        List<String> out = new ArrayList<>();
        if (e.unique() && !a.unique()) {
            out.add("not unique, expected unique");
        } else if (!e.unique() && a.unique()) {
            out.add("unique, expected not unique");
        }
        Long want = e.expireAfterSeconds();
        Long have = a.expireAfterSeconds();
        if (want == null && have != null) {
            out.add("expireAfterSeconds " + have + ", expected no TTL");
        } else if (want != null && have == null) {
            out.add("no expireAfterSeconds, expected " + want);
        } else if (want != null && !want.equals(have)) {
            out.add("expireAfterSeconds " + have + ", expected " + want);
        }
        return out;
    }

    /** Same field names in the same order with equal directions (1, 1.0 and NumberLong(1) are equal). */
    static boolean sameKeys(Map<String, Object> expected, Map<String, Object> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        var e = expected.entrySet().iterator();
        var a = actual.entrySet().iterator();
        while (e.hasNext()) {
            var x = e.next();
            var y = a.next();
            if (!x.getKey().equals(y.getKey()) || !sameValue(x.getValue(), y.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    /** {@code users {email: 1}} */
    static String show(MongoSpec.Index i) {
        return i.collection() + " " + keys(i.keys());
    }

    /** {@code users {email: 1} (unique)}, {@code messages {createdAt: 1} (expireAfterSeconds 7776000)} */
    static String describe(MongoSpec.Index i) {
        List<String> options = new ArrayList<>();
        if (i.unique()) {
            options.add("unique");
        }
        if (i.ttl()) {
            options.add("expireAfterSeconds " + i.expireAfterSeconds());
        }
        return show(i) + (options.isEmpty() ? "" : " (" + String.join(", ", options) + ")");
    }

    /** {@code {workspaceId: 1, userId: 1}}, {@code {'members.user': 1}} as the seed writes them. */
    static String keys(Map<String, Object> keys) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : keys.entrySet()) {
            String k = e.getKey().matches("[A-Za-z_$][A-Za-z0-9_$]*") ? e.getKey() : "'" + e.getKey() + "'";
            Object v = e.getValue();
            String value = v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    ? String.valueOf(n.longValue()) : v instanceof String s ? "'" + s + "'" : String.valueOf(v);
            parts.add(k + ": " + value);
        }
        return "{" + String.join(", ", parts) + "}";
    }
}
