package dev.prodaudit.probe.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** How an expected index is compared with listIndexes output, without a server. */
class IndexCheckTest {

    private static Map<String, Object> keys(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static MongoSpec.Index expected(String collection, Map<String, Object> keys, boolean unique, Long ttl) {
        return new MongoSpec.Index(collection, keys, unique, ttl);
    }

    private static IndexCheck.Actual actual(String json) {
        return IndexCheck.Actual.from(Document.parse(json));
    }

    private static final IndexCheck.Actual ID = actual("{key: {_id: 1}, name: '_id_', v: 2}");

    @Test
    void anExactMatchIsNoProblemWhateverTheNumberType() {
        MongoSpec.Index e = expected("conversations", keys("workspaceId", 1, "userId", 1), false, null);
        assertNull(IndexCheck.compare(e, List.of(ID, actual("{key: {workspaceId: 1.0, userId: {$numberLong: '1'}}, name: 'w'}")), "db"));
    }

    @Test
    void aMissingCollectionAndAMissingIndexAreMissing() {
        MongoSpec.Index e = expected("users", keys("email", 1), true, null);
        IndexCheck.Problem none = IndexCheck.compare(e, null, "enterprise_rag");
        assertTrue(none.missing());
        assertEquals("users {email: 1} (unique) is missing: collection users does not exist in enterprise_rag", none.message());
        IndexCheck.Problem p = IndexCheck.compare(e, List.of(ID, actual("{key: {name: 1}, name: 'n'}")), "enterprise_rag");
        assertTrue(p.missing());
        assertEquals("users {email: 1} (unique) is missing", p.message());
    }

    @Test
    void directionKeyOrderAndOptionsAreMismatches() {
        MongoSpec.Index updated = expected("conversations", keys("updatedAt", -1), false, null);
        IndexCheck.Problem dir = IndexCheck.compare(updated, List.of(ID, actual("{key: {updatedAt: 1}}")), "db");
        assertFalse(dir.missing());
        assertEquals("conversations {updatedAt: -1}: found {updatedAt: 1} (direction differs)", dir.message());

        MongoSpec.Index pair = expected("conversations", keys("workspaceId", 1, "userId", 1), false, null);
        assertEquals("conversations {workspaceId: 1, userId: 1}: found {userId: 1, workspaceId: 1} (key order differs)",
                IndexCheck.compare(pair, List.of(actual("{key: {userId: 1, workspaceId: 1}}")), "db").message());

        MongoSpec.Index email = expected("users", keys("email", 1), true, null);
        assertEquals("users {email: 1}: not unique, expected unique",
                IndexCheck.compare(email, List.of(actual("{key: {email: 1}}")), "db").message());
        assertEquals("conversations {updatedAt: -1}: unique, expected not unique",
                IndexCheck.compare(updated, List.of(actual("{key: {updatedAt: -1}, unique: true}")), "db").message());

        MongoSpec.Index ttl = expected("messages", keys("createdAt", 1), false, 7_776_000L);
        assertEquals("messages {createdAt: 1}: expireAfterSeconds 86400, expected 7776000",
                IndexCheck.compare(ttl, List.of(actual("{key: {createdAt: 1}, expireAfterSeconds: 86400}")), "db").message());
        assertEquals("messages {createdAt: 1}: no expireAfterSeconds, expected 7776000",
                IndexCheck.compare(ttl, List.of(actual("{key: {createdAt: 1}}")), "db").message());
        MongoSpec.Index plain = expected("messages", keys("createdAt", 1), false, null);
        assertEquals("messages {createdAt: 1}: expireAfterSeconds 60, expected no TTL",
                IndexCheck.compare(plain, List.of(actual("{key: {createdAt: 1}, expireAfterSeconds: 60}")), "db").message());
    }

    @Test
    void aMatchingTwinWinsOverAMismatchingOne() {
        // Since MongoDB 4.4 two indexes may share a key pattern (e.g. different partial filters).
        MongoSpec.Index email = expected("users", keys("email", 1), true, null);
        assertNull(IndexCheck.compare(email, List.of(actual("{key: {email: 1}, name: 'a'}"), actual("{key: {email: 1}, name: 'b', unique: true}")), "db"));
    }

    @Test
    void keysAreShownAsTheSeedWritesThem() {
        assertEquals("{'members.user': 1}", IndexCheck.keys(keys("members.user", 1)));
        assertEquals("{location: '2dsphere', updatedAt: -1}", IndexCheck.keys(keys("location", "2dsphere", "updatedAt", -1.0)));
    }
}
