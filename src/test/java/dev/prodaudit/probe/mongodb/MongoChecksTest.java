package dev.prodaudit.probe.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.mongodb.MongoChecks.Item;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * The MongoDB judges, given the replies a deployment sent (no server, no session): the facts are documents, the
 * verdicts and their evidence are what {@code audit run} reports.
 */
class MongoChecksTest {

    private static Document hello(String setName, String primary, String... hosts) {
        Document d = new Document("isWritablePrimary", primary != null).append("hosts", List.of(hosts));
        if (setName != null) {
            d.append("setName", setName);
        }
        if (primary != null) {
            d.append("primary", primary);
        }
        return d;
    }

    private static Document member(String name, String state, double health) {
        return new Document("name", name).append("stateStr", state).append("health", health);
    }

    @Test
    void aThreeMemberReplicaSetWithAPrimaryAndHealthyMembersPasses() {
        Document status = new Document("members", List.of(member("db0:27017", "PRIMARY", 1),
                member("db1:27017", "SECONDARY", 1), member("db2:27017", "SECONDARY", 1)));
        Item item = MongoChecks.replicaSet(hello("rs0", "db0:27017", "db0:27017", "db1:27017", "db2:27017"), status, null, 3);
        assertEquals(Status.PASS, item.status());
        assertEquals("replica set rs0: 3 data-bearing members, primary db0:27017, all members healthy", item.summary());
        assertEquals(List.of("replica set rs0 has 3 data-bearing members (db0:27017, db1:27017, db2:27017)",
                "primary: db0:27017", "replSetGetStatus: all 3 members healthy (PRIMARY, SECONDARY, SECONDARY)"),
                item.findings().stream().map(Finding::message).toList());
    }

    @Test
    void aSingleMemberSetWithARecoveringMemberFailsOnItsSize() {
        Document status = new Document("members", List.of(member("db0:27017", "RECOVERING", 1)));
        Item item = MongoChecks.replicaSet(hello("rs0", "db0:27017", "db0:27017").append("arbiters", List.of("arb:27017")),
                status, null, 3);
        assertEquals(Status.FAIL, item.status());
        assertEquals("replica set rs0 has 1 data-bearing member and 1 arbiter (db0:27017); at least 3 required", item.summary());
        assertEquals(Status.WARN, item.findings().get(2).status());
        assertEquals("member db0:27017 is in state RECOVERING", item.findings().get(2).message());
    }

    @Test
    void aStandaloneServerIsNotAReplicaSet() {
        Item item = MongoChecks.replicaSet(hello(null, null), null, null, 3);
        assertEquals(Status.FAIL, item.status());
        assertEquals("standalone server, not a replica set: hello reports no setName", item.summary());
    }

    @Test
    void aMongosRouterStandsForItsShardsReplicaSets() {
        Item item = MongoChecks.replicaSet(new Document("msg", "isdbgrid"), null, null, 3);
        assertEquals(Status.PASS, item.status());
        assertEquals("sharded cluster behind mongos (shards are replica sets)", item.summary());
    }

    @Test
    void encryptionAtRestIsReadFromTheParsedOptionsUnlessTheHostIsManaged() {
        Item atlas = MongoChecks.encryptionAtRest(".mongodb.net", null, null);
        assertEquals(Status.PASS, atlas.status());
        assertEquals("MongoDB Atlas (*.mongodb.net) encrypts all cluster storage and backup snapshots at rest", atlas.summary());

        Document kmip = new Document("security", new Document("enableEncryption", true).append("kmip", new Document()));
        Item on = MongoChecks.encryptionAtRest(null, kmip, null);
        assertEquals(Status.PASS, on.status());
        assertEquals("WiredTiger encryption at rest is on (security.enableEncryption: true, key from KMIP)", on.summary());

        Item off = MongoChecks.encryptionAtRest(null, new Document("net", new Document("port", 27017)), null);
        assertEquals(Status.FAIL, off.status());
        assertEquals("MongoDB does not encrypt its data files: getCmdLineOpts shows no security.enableEncryption"
                + " (encryption of the disk or volume is invisible to this probe; if that is how the data is encrypted,"
                + " list the host suffix under managedHosts)", off.summary());

        Item refused = MongoChecks.encryptionAtRest(null, null, "answered Unauthorized (13)");
        assertEquals(Status.SKIP, refused.status());
        assertEquals("encryption at rest not visible: getCmdLineOpts answered Unauthorized (13); check the storage"
                + " configuration by hand", refused.summary());
    }

    @Test
    void theAuditLogIsOnWhenItHasADestination() {
        Document on = new Document("auditLog", new Document("destination", "file").append("format", "JSON"));
        assertEquals("audit log on: auditLog.destination file, format JSON", MongoChecks.auditLog(on, null).summary());
        Item off = MongoChecks.auditLog(new Document(), null);
        assertEquals(Status.FAIL, off.status());
        assertEquals("MongoDB's audit log is off: getCmdLineOpts shows no auditLog.destination"
                + " (auditing needs MongoDB Enterprise or Atlas M10+)", off.summary());
    }

    @Test
    void aTtlIndexNamesItsRetentionInWords() {
        MongoSpec.Index ttl = MongoSpec.Index.of("messages", new LinkedHashMap<>(Map.of("createdAt", 1)), false, 7_776_000L);
        Map<String, List<IndexCheck.Actual>> actual = Map.of("messages", List.of(
                IndexCheck.Actual.from(new Document("name", "_id_").append("key", new Document("_id", 1))),
                IndexCheck.Actual.from(new Document("name", "createdAt_1").append("key", new Document("createdAt", 1))
                        .append("expireAfterSeconds", 7_776_000))));
        Item item = MongoChecks.indexes(List.of(ttl), actual, "enterprise_rag", true);
        assertEquals(Status.PASS, item.status());
        assertEquals("TTL index messages {createdAt: 1} expires documents after 7776000 s (90 days) in enterprise_rag",
                item.findings().get(0).message());

        Map<String, List<IndexCheck.Actual>> noCollection = new LinkedHashMap<>();
        noCollection.put("messages", null);
        Item missing = MongoChecks.indexes(List.of(ttl), noCollection, "enterprise_rag", true);
        assertEquals(Status.FAIL, missing.status());
        assertEquals("TTL index messages {createdAt: 1} (expireAfterSeconds 7776000) is missing: collection messages does"
                + " not exist in enterprise_rag: those documents are never deleted", missing.summary());
    }

    @Test
    void listingDatabasesWithoutCredentialsIsAFail() {
        Finding f = MongoChecks.unauthenticatedListing(new Document("databases",
                List.of(new Document("name", "admin"), new Document("name", "enterprise_rag"))), null);
        assertEquals(Status.FAIL, f.status());
        assertEquals("MongoDB accepts unauthenticated clients: listDatabases without credentials listed 2 databases", f.message());
    }
}
