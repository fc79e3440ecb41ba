package dev.prodaudit.probe.mongodb;

import dev.prodaudit.probe.ProbeSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: mongodb}: read-only checks of the live MongoDB deployment of {@code targets.mongodb} (MONGODB_URI).
 *
 * <pre>
 * probe:
 *   type: mongodb
 *   checks: [auth, tls]                 # what to verify; each is its own finding
 *   database: enterprise_rag            # for indexes/ttl; default: the database in the URI path, else enterprise_rag
 *   minMembers: 3                       # replicaSet: data-bearing members required
 *   indexes:                            # indexes/ttl; default: the seed checklist's index set
 *     - {collection: users, keys: {email: 1}, unique: true}
 *     - {collection: messages, keys: {createdAt: 1}, expireAfterSeconds: 7776000}
 *   managedHosts: [.mongodb.net]        # encryptionAtRest: host suffixes of services that encrypt storage at rest
 * </pre>
 *
 * @param checks       which of {@code auth}, {@code replicaSet}, {@code indexes}, {@code tls}, {@code encryptionAtRest},
 *                     {@code auditLog}, {@code ttl} to verify (at least one)
 * @param database     the database whose indexes are compared; default: the one in the URI path, else
 *                     {@code enterprise_rag}
 * @param minMembers   how many data-bearing members a replica set needs (default 3)
 * @param indexes      the expected indexes (default {@link #SEED_INDEXES}); {@code ttl} checks those with
 *                     {@code expireAfterSeconds}
 * @param managedHosts host suffixes of managed services known to encrypt storage at rest (default
 *                     {@code [.mongodb.net]}, MongoDB Atlas); a list given here replaces the default, {@code []}
 *                     turns it off
 */
public record MongoSpec(List<String> checks, String database, Integer minMembers, List<Index> indexes,
                        List<String> managedHosts) implements ProbeSpec {

    public static final String AUTH = "auth";
    public static final String REPLICA_SET = "replicaSet";
    public static final String INDEXES = "indexes";
    public static final String TLS = "tls";
    public static final String ENCRYPTION_AT_REST = "encryptionAtRest";
    public static final String AUDIT_LOG = "auditLog";
    public static final String TTL = "ttl";
    /** Every value {@code checks} may list, in the order the probe reports them. */
    public static final List<String> ALL_CHECKS = List.of(AUTH, TLS, REPLICA_SET, INDEXES, TTL, ENCRYPTION_AT_REST, AUDIT_LOG);

    static final String DEFAULT_DATABASE = "enterprise_rag";
    static final List<String> DEFAULT_MANAGED_HOSTS = List.of(".mongodb.net");

    /** The seed checklist's "Database Indexes" block: the index set the app's {@code npm run db:indexes} creates. */
    public static final List<Index> SEED_INDEXES = List.of(
            Index.of("users", keys("email", 1), true, null),
            Index.of("conversations", keys("workspaceId", 1, "userId", 1), false, null),
            Index.of("conversations", keys("updatedAt", -1), false, null),
            Index.of("messages", keys("conversationId", 1, "createdAt", 1), false, null),
            Index.of("messages", keys("createdAt", 1), false, 7_776_000L),
            Index.of("documentsources", keys("workspaceId", 1, "sourceId", 1), false, null),
            Index.of("documentsources", keys("workspaceId", 1, "status", 1), false, null),
            Index.of("notionworkspaces", keys("owner", 1), false, null),
            Index.of("notionworkspaces", keys("members.user", 1), false, null));

    public MongoSpec {
        if (checks == null || checks.isEmpty()) {
            throw new IllegalArgumentException("'checks' must list at least one of " + String.join(", ", ALL_CHECKS));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String c : checks) {
            String id = c == null ? "" : c.strip();
            if (!ALL_CHECKS.contains(id)) {
                throw new IllegalArgumentException("'checks' may list " + String.join(", ", ALL_CHECKS) + "; found '" + c + "'");
            }
            seen.add(id);
        }
        checks = List.copyOf(seen);
        if (database != null) {
            database = database.strip();
            if (database.isEmpty() || !database.matches("[^/\\\\. \"$*<>:|?]{1,63}")) {
                throw new IllegalArgumentException("'database' must be a MongoDB database name such as enterprise_rag; found '"
                        + database + "'");
            }
        }
        minMembers = minMembers == null ? 3 : minMembers;
        if (minMembers < 1) {
            throw new IllegalArgumentException("'minMembers' must be at least 1");
        }
        if (indexes == null) {
            indexes = SEED_INDEXES;
        } else {
            if (indexes.isEmpty()) {
                throw new IllegalArgumentException("'indexes' must list at least one index; leave it out for the seed's index set");
            }
            for (Index i : indexes) {
                if (i == null) {
                    throw new IllegalArgumentException("'indexes' holds an empty entry");
                }
            }
            indexes = List.copyOf(indexes);
        }
        if (checks.contains(TTL) && indexes.stream().noneMatch(Index::ttl)) {
            throw new IllegalArgumentException("checks: ttl needs at least one entry of 'indexes' with expireAfterSeconds");
        }
        if (managedHosts == null) {
            managedHosts = DEFAULT_MANAGED_HOSTS;
        } else {
            List<String> suffixes = new ArrayList<>();
            for (String h : managedHosts) {
                String s = h == null ? "" : h.strip().toLowerCase(Locale.ROOT);
                if (s.isEmpty() || s.equals(".") || s.chars().anyMatch(Character::isWhitespace) || s.contains("*")) {
                    throw new IllegalArgumentException("'managedHosts' entries are host suffixes such as .mongodb.net; found '" + h + "'");
                }
                suffixes.add(s);
            }
            managedHosts = List.copyOf(suffixes);
        }
    }

    boolean wants(String check) {
        return checks.contains(check);
    }

    private static Map<String, Object> keys(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /**
     * One expected index: its collection, its key pattern in order ({@code 1} ascending, {@code -1} descending, or an
     * index type such as {@code text}, {@code 2dsphere}, {@code hashed}) and the options that must match.
     *
     * @param unique             the index must be unique (default false: it must not be)
     * @param expireAfterSeconds a TTL index expiring documents after this many seconds (default: none, and the index
     *                           must not be a TTL index)
     */
    public record Index(String collection, Map<String, Object> keys, Boolean unique, Long expireAfterSeconds) {
        static final Set<String> TYPES = Set.of("text", "2d", "2dsphere", "hashed", "geoHaystack");

        public Index {
            if (collection == null || collection.isBlank()) {
                throw new IllegalArgumentException("an index needs 'collection'");
            }
            collection = collection.strip();
            if (keys == null || keys.isEmpty()) {
                throw new IllegalArgumentException("the index on " + collection + " needs 'keys', e.g. {email: 1}");
            }
            Map<String, Object> ordered = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : keys.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Double d && Math.abs(d) == 1.0) {
                    v = d.intValue(); // 1.0 as mongosh writes it is 1
                }
                boolean ok = (v instanceof Integer || v instanceof Long) && Math.abs(((Number) v).longValue()) == 1
                        || v instanceof String s && TYPES.contains(s);
                if (e.getKey() == null || e.getKey().isBlank() || !ok) {
                    throw new IllegalArgumentException("index key '" + e.getKey() + "' on " + collection
                            + ": a direction is 1 or -1 (or an index type: " + String.join(", ", new java.util.TreeSet<>(TYPES))
                            + "), not " + v);
                }
                ordered.put(e.getKey(), v instanceof Long l ? Integer.valueOf(l.intValue()) : v);
            }
            keys = Collections.unmodifiableMap(ordered);
            unique = unique != null && unique;
            if (expireAfterSeconds != null && expireAfterSeconds < 0) {
                throw new IllegalArgumentException("'expireAfterSeconds' on " + collection + " must not be negative");
            }
        }

        static Index of(String collection, Map<String, Object> keys, boolean unique, Long expireAfterSeconds) {
            return new Index(collection, keys, unique, expireAfterSeconds);
        }

        boolean ttl() {
            return expireAfterSeconds != null;
        }
    }
}
