package dev.prodaudit.probe.mongodb;

import static dev.prodaudit.probe.mongodb.MongoTestSupport.finding;
import static dev.prodaudit.probe.mongodb.MongoTestSupport.run;
import static dev.prodaudit.probe.mongodb.MongoTestSupport.show;
import static dev.prodaudit.probe.mongodb.MongoTestSupport.spec;
import static dev.prodaudit.probe.mongodb.MongoTestSupport.targets;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.model.IndexOptions;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.testing.MongoTestServer;
import dev.prodaudit.testing.TimedOut;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each verdict of each {@code checks} entry against mongo-java-server with canned replies, through the real driver. */
class MongoProbeTest {

    private static void assertStatus(Status expected, Outcome o) {
        assertEquals(expected, o.status(), show(o));
    }

    // ------------------------------------------------------------------ auth

    @Nested
    class Auth {
        @Test
        void passesWhenAClientWithoutCredentialsIsRefusedAndTheUriCarriesThem() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().requireAuth(true).start()) {
                Outcome o = run(spec("auth"), mongo.uri());
                assertStatus(Status.PASS, o);
                finding(o, Status.PASS, "a client without credentials is refused: listDatabases answered Unauthorized (13)");
                finding(o, Status.PASS, "MONGODB_URI carries credentials (user 'rag_app', auth source enterprise_rag)");
                assertTrue(o.evidence().startsWith("unauthenticated clients are refused and MONGODB_URI carries credentials; MongoDB 7.0.14 at 127.0.0.1:"),
                        o.evidence());
                // The probe authenticated for real (SCRAM) and asked without credentials from a second client.
                assertTrue(mongo.commands().containsAll(List.of("saslStart", "saslContinue", "buildInfo", "listDatabases")), mongo.commands().toString());
            }
        }

        @Test
        void failsWhenMongoAcceptsUnauthenticatedClients() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().credentials("rag_app", "Some-Pw-123456").start()) {
                Outcome o = run(spec("auth"), mongo.uri());
                assertStatus(Status.FAIL, o);
                assertTrue(o.evidence().startsWith("MongoDB accepts unauthenticated clients: listDatabases without credentials listed"), o.evidence());
            }
        }

        @Test
        void failsWhenTheUriCarriesNoCredentialsEvenIfMongoRefusesStrangers() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().requireAuth(true).start()) {
                Outcome o = run(spec("auth"), mongo.uriWithoutCredentials());
                assertStatus(Status.FAIL, o);
                finding(o, Status.FAIL, "MONGODB_URI carries no credentials");
                finding(o, Status.PASS, "a client without credentials is refused");
            }
        }

        @Test
        void aWrongPasswordIsAnErrorNamingTheUserNeverThePassword() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().requireAuth(true).start()) {
                String wrong = "Wrong-Password-4411";
                Outcome o = run(spec("auth", "indexes"), mongo.uriWithPassword(wrong));
                assertStatus(Status.ERROR, o);
                assertEquals("authentication failed for user 'rag_app' (auth source enterprise_rag): AuthenticationFailed (18): "
                        + "Authentication failed.; check the user and password of MONGODB_URI", o.evidence());
                assertFalse(show(o).contains(wrong));
                assertFalse(show(o).contains(mongo.password()));
            }
        }
    }

    // ------------------------------------------------------------------ replicaSet

    @Nested
    class ReplicaSet {
        @Test
        void passesForAThreeMemberSetWithAPrimaryAndHealthyMembers() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().replicaSet("rs0", 3).start()) {
                Outcome o = run(spec("replicaSet"), mongo.uri());
                assertStatus(Status.PASS, o);
                finding(o, Status.PASS, "replica set rs0 has 3 data-bearing members (" + mongo.hostPort() + ", mongo-2.test.invalid:27017");
                finding(o, Status.PASS, "primary: " + mongo.hostPort());
                finding(o, Status.PASS, "replSetGetStatus: all 3 members healthy (PRIMARY, SECONDARY, SECONDARY)");
                assertTrue(o.evidence().startsWith("replica set rs0: 3 data-bearing members, primary " + mongo.hostPort()
                        + ", all members healthy; MongoDB 7.0.14"), o.evidence());
            }
        }

        @Test
        void failsForAStandaloneServer() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().start()) {
                Outcome o = run(spec("replicaSet"), mongo.uri());
                assertStatus(Status.FAIL, o);
                assertTrue(o.evidence().startsWith("standalone server, not a replica set: hello reports no setName"), o.evidence());
                assertFalse(mongo.commands().contains("replSetGetStatus"), "a standalone has no member health to ask for");
            }
        }

        @Test
        void failsWithFewerMembersThanRequired() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().replicaSet("rs0", 1).start()) {
                Outcome o = run(spec("replicaSet"), mongo.uri());
                assertStatus(Status.FAIL, o);
                finding(o, Status.FAIL, "replica set rs0 has 1 data-bearing member (" + mongo.hostPort() + "); at least 3 required");
                assertStatus(Status.PASS, run(new MongoSpec(List.of("replicaSet"), null, 1, null, null), mongo.uri()));
            }
        }

        @Test
        void failsWithoutAPrimary() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().replicaSet("rs0", 3).noPrimary().start()) {
                Outcome o = run(spec("replicaSet"), mongo.uri());
                assertStatus(Status.FAIL, o);
                finding(o, Status.FAIL, "replica set rs0 has no primary");
            }
        }

        @Test
        void failsForAnUnhealthyMember() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().replicaSet("rs0", 3).unhealthyMembers(1).start()) {
                Outcome o = run(spec("replicaSet"), mongo.uri());
                assertStatus(Status.FAIL, o);
                finding(o, Status.FAIL, "member mongo-3.test.invalid:27017 is unhealthy (health 0, (not reachable/healthy))");
            }
        }

        @Test
        void memberHealthItMayNotSeeIsANoteNotAFailure() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().replicaSet("rs0", 3).requireAuth(true)
                    .forbid("replSetGetStatus").start()) {
                Outcome o = run(spec("replicaSet"), mongo.uri());
                assertStatus(Status.PASS, o);
                finding(o, Status.SKIP, "member health not checked: replSetGetStatus is not permitted for this user (it needs the clusterMonitor role)");
            }
        }
    }

    // ------------------------------------------------------------------ indexes and ttl

    @Nested
    class Indexes {
        @Test
        void passesWhenEverySeedIndexExists() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().requireAuth(true).seedIndexes(true).start()) {
                Outcome o = run(spec("indexes"), mongo.uri());
                assertStatus(Status.PASS, o);
                assertTrue(o.evidence().startsWith("all 9 expected indexes present in enterprise_rag; MongoDB"), o.evidence());
                assertEquals(5, mongo.commands().stream().filter("listIndexes"::equals).count(), "one listIndexes per collection");
            }
        }

        @Test
        void reportsAMissingIndex() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().seedIndexes(true).withoutIndex("users", "{email: 1}").start()) {
                Outcome o = run(spec("indexes"), mongo.uri());
                assertStatus(Status.FAIL, o);
                finding(o, Status.FAIL, "users {email: 1} (unique) is missing");
                assertTrue(o.evidence().startsWith("1 of 9 expected indexes missing in enterprise_rag"), o.evidence());
            }
        }

        @Test
        void reportsAnIndexWithTheWrongDirection() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().seedIndexes(true).withoutIndex("conversations", "{updatedAt: -1}")
                    .index("conversations", "{updatedAt: 1}", new IndexOptions()).start()) {
                Outcome o = run(spec("indexes"), mongo.uri());
                assertStatus(Status.FAIL, o);
                finding(o, Status.FAIL, "conversations {updatedAt: -1}: found {updatedAt: 1} (direction differs)");
                assertTrue(o.evidence().startsWith("1 of 9 expected indexes mismatched in enterprise_rag"), o.evidence());
            }
        }

        @Test
        void reportsAnIndexWithTheWrongKeyOrder() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().seedIndexes(true).withoutIndex("conversations", "{workspaceId: 1, userId: 1}")
                    .index("conversations", "{userId: 1, workspaceId: 1}", new IndexOptions()).start()) {
                Outcome o = run(spec("indexes"), mongo.uri());
                assertStatus(Status.FAIL, o);
                finding(o, Status.FAIL, "conversations {workspaceId: 1, userId: 1}: found {userId: 1, workspaceId: 1} (key order differs)");
            }
        }

        @Test
        void reportsAMissingUniqueOption() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().seedIndexes(true).withoutIndex("users", "{email: 1}")
                    .index("users", "{email: 1}", new IndexOptions()).start()) {
                Outcome o = run(spec("indexes"), mongo.uri());
                assertStatus(Status.FAIL, o);
                finding(o, Status.FAIL, "users {email: 1}: not unique, expected unique");
            }
        }

        @Test
        void reportsAWrongTtl() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().seedIndexes(true).withoutIndex("messages", "{createdAt: 1}")
                    .index("messages", "{createdAt: 1}", new IndexOptions().expireAfter(86_400L, TimeUnit.SECONDS)).start()) {
                Outcome o = run(spec("indexes"), mongo.uri());
                assertStatus(Status.FAIL, o);
                finding(o, Status.FAIL, "messages {createdAt: 1}: expireAfterSeconds 86400, expected 7776000");
            }
        }

        @Test
        void reportsMissingAndMismatchedIndexesSeparately() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().seedIndexes(true)
                    .withoutIndex("notionworkspaces", "{'members.user': 1}").withoutIndex("documentsources", "{workspaceId: 1, status: 1}")
                    .withoutIndex("messages", "{createdAt: 1}")
                    .index("messages", "{createdAt: 1}", new IndexOptions().expireAfter(86_400L, TimeUnit.SECONDS)).start()) {
                Outcome o = run(spec("indexes"), mongo.uri());
                assertStatus(Status.FAIL, o);
                assertTrue(o.evidence().startsWith("2 of 9 expected indexes missing and 1 mismatched in enterprise_rag"), o.evidence());
                List<String> messages = o.findings().stream().map(Finding::message).toList();
                assertEquals(List.of("messages {createdAt: 1}: expireAfterSeconds 86400, expected 7776000",
                        "documentsources {workspaceId: 1, status: 1} is missing", "notionworkspaces {'members.user': 1} is missing"), messages);
            }
        }

        @Test
        void anEmptyDatabaseMissesEveryIndexAndSaysTheCollectionsDoNotExist() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().start()) {
                Outcome o = run(spec("indexes"), mongo.uri());
                assertStatus(Status.FAIL, o);
                assertTrue(o.evidence().startsWith("9 of 9 expected indexes missing in enterprise_rag"), o.evidence());
                finding(o, Status.FAIL, "users {email: 1} (unique) is missing: collection users does not exist in enterprise_rag");
            }
        }

        @Test
        void theDatabaseComesFromTheUriPathOrTheSpec() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().database("rag_prod").seedIndexes(true).start()) {
                assertStatus(Status.PASS, run(spec("indexes"), mongo.uri()));
                Outcome other = run(new MongoSpec(List.of("indexes"), "enterprise_rag", null, null, null), mongo.uri());
                assertStatus(Status.FAIL, other);
                assertTrue(other.evidence().startsWith("9 of 9 expected indexes missing in enterprise_rag"), other.evidence());
            }
            try (MongoTestServer mongo = MongoTestServer.builder().seedIndexes(true).start()) {
                // No database in the URI path: the app's default, enterprise_rag.
                assertStatus(Status.PASS, run(spec("indexes"), "mongodb://" + mongo.hostPort()));
            }
        }

        @Test
        void theExpectedSetIsConfigurable() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().index("tenants", "{slug: 1}", new IndexOptions().unique(true)).start()) {
                MongoSpec.Index tenants = new MongoSpec.Index("tenants", new java.util.LinkedHashMap<>(java.util.Map.of("slug", 1)), true, null);
                assertStatus(Status.PASS, run(new MongoSpec(List.of("indexes"), null, null, List.of(tenants), null), mongo.uri()));
            }
        }

        @Test
        void ttlPassesForTheNinetyDayMessagesIndex() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().seedIndexes(true).start()) {
                Outcome o = run(spec("ttl"), mongo.uri());
                assertStatus(Status.PASS, o);
                assertTrue(o.evidence().startsWith("TTL index messages {createdAt: 1} expires documents after 7776000 s (90 days); MongoDB"), o.evidence());
                assertEquals(List.of("listIndexes"), mongo.commands().stream().filter(c -> c.startsWith("list")).toList(),
                        "ttl reads only the messages collection");
            }
        }

        @Test
        void ttlFailsWhenTheTtlIndexIsMissing() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().seedIndexes(true).withoutIndex("messages", "{createdAt: 1}").start()) {
                Outcome o = run(spec("ttl"), mongo.uri());
                assertStatus(Status.FAIL, o);
                finding(o, Status.FAIL, "TTL index messages {createdAt: 1} (expireAfterSeconds 7776000) is missing: those documents are never deleted");
            }
        }

        @Test
        void ttlFailsForAnotherRetention() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().seedIndexes(true).withoutIndex("messages", "{createdAt: 1}")
                    .index("messages", "{createdAt: 1}", new IndexOptions().expireAfter(86_400L, TimeUnit.SECONDS)).start()) {
                Outcome o = run(spec("ttl"), mongo.uri());
                assertStatus(Status.FAIL, o);
                assertTrue(o.evidence().startsWith("messages {createdAt: 1}: expireAfterSeconds 86400, expected 7776000"), o.evidence());
            }
        }

        @Test
        void listIndexesWithoutReadAccessIsAnError() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().requireAuth(true).seedIndexes(true).start()) {
                Outcome o = run(spec("indexes"), mongo.uriWithoutCredentials());
                assertStatus(Status.ERROR, o);
                assertTrue(o.evidence().startsWith("listIndexes on enterprise_rag.users failed: Unauthorized (13): command listIndexes requires authentication"
                        + " (the user of MONGODB_URI needs read access to enterprise_rag)"), o.evidence());
            }
        }
    }

    // ------------------------------------------------------------------ tls

    @Nested
    class Tls {
        @TempDir
        Path dir;

        @Test
        void failsForAPlainConnection() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().start()) {
                Outcome o = run(spec("tls"), mongo.uri());
                assertStatus(Status.FAIL, o);
                assertTrue(o.evidence().startsWith("plain connection: MONGODB_URI sets neither tls=true nor ssl=true (and is not mongodb+srv://)"),
                        o.evidence());
            }
        }

        @Test
        void passesOverTlsTrustingTheCaFile() throws Exception {
            HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test Mongo CA").build();
            HeldCertificate leaf = new HeldCertificate.Builder().signedBy(ca).commonName("127.0.0.1")
                    .addSubjectAlternativeName("127.0.0.1").build();
            Path caFile = dir.resolve("ca.pem");
            Files.writeString(caFile, ca.certificatePem());
            try (MongoTestServer mongo = MongoTestServer.builder().tls(leaf.keyPair().getPrivate(), leaf.certificate(), ca.certificate())
                    .requireAuth(true).seedIndexes(true).start()) {
                Outcome o = run(spec("tls", "auth", "indexes"), targets(mongo.uri(), caFile), Duration.ofSeconds(5));
                assertStatus(Status.PASS, o);
                finding(o, Status.PASS, "TLS on: MONGODB_URI sets tls=true");

                Outcome untrusted = run(spec("tls"), targets(mongo.uri()), Duration.ofSeconds(5));
                assertStatus(Status.ERROR, untrusted);
                assertTrue(untrusted.evidence().startsWith("TLS handshake with " + mongo.hostPort() + " failed"), untrusted.evidence());
            }
        }

        @Test
        void warnsWhenTheUriSwitchesCertificateVerificationOff() {
            MongoTarget t = MongoTarget.parse("mongodb://u:p@db.example.com:27017/app?tls=true&tlsAllowInvalidCertificates=true");
            assertTrue(t.tls());
            assertEquals(List.of("tlsAllowInvalidCertificates=true"), t.insecureTlsOptions());
            MongoTarget legacy = MongoTarget.parse("mongodb://db.example.com/app?ssl=true");
            assertTrue(legacy.tls());
            assertEquals("MONGODB_URI sets ssl=true", legacy.tlsReason());
            assertFalse(MongoTarget.parse("mongodb://db.example.com/app?tls=false").tls());
        }
    }

    // ------------------------------------------------------------------ encryptionAtRest and auditLog

    @Nested
    class CommandLineOptions {
        @Test
        void encryptionAtRestPassesWithWiredTigerEncryption() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().encryption(true).start()) {
                Outcome o = run(spec("encryptionAtRest"), mongo.uri());
                assertStatus(Status.PASS, o);
                assertTrue(o.evidence().startsWith("WiredTiger encryption at rest is on (security.enableEncryption: true, key from a key file); "
                        + "MongoDB 7.0.14 Enterprise at"), o.evidence());
            }
        }

        @Test
        void encryptionAtRestFailsWithoutIt() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().start()) {
                Outcome o = run(spec("encryptionAtRest"), mongo.uri());
                assertStatus(Status.FAIL, o);
                assertTrue(o.evidence().startsWith("MongoDB does not encrypt its data files: getCmdLineOpts shows no security.enableEncryption"),
                        o.evidence());
            }
        }

        @Test
        void encryptionAtRestIsSkippedWhenItIsNotVisible() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().requireAuth(true).encryption(true).forbid("getCmdLineOpts").start()) {
                Outcome o = run(spec("encryptionAtRest"), mongo.uri());
                assertStatus(Status.SKIP, o);
                assertTrue(o.evidence().startsWith("encryption at rest not visible: getCmdLineOpts is not permitted for this user (Unauthorized, "
                        + "it needs the clusterMonitor role)"), o.evidence());
            }
        }

        @Test
        void encryptionAtRestPassesForAManagedHostWithoutAsking() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().forbid("getCmdLineOpts").start()) {
                String uri = "mongodb://localhost:" + mongo.port() + "/enterprise_rag";
                Outcome o = run(new MongoSpec(List.of("encryptionAtRest"), null, null, null, List.of("localhost")), uri);
                assertStatus(Status.PASS, o);
                assertTrue(o.evidence().startsWith("the hosts end in localhost, listed in managedHosts as storage encrypted at rest"), o.evidence());
                assertFalse(mongo.commands().contains("getCmdLineOpts"));
            }
        }

        @Test
        void atlasHostsAreManagedByDefault() {
            MongoSpec spec = spec("encryptionAtRest");
            assertEquals(".mongodb.net", MongoChecks.managedSuffix(spec, List.of("cluster0-shard-00-00.ab1cd.mongodb.net", "cluster0-shard-00-01.ab1cd.mongodb.net")));
            assertEquals(null, MongoChecks.managedSuffix(spec, List.of("cluster0.ab1cd.mongodb.net", "db.example.com")));
            assertEquals(null, MongoChecks.managedSuffix(spec, List.of("evilmongodb.net")));
            MongoSpec none = new MongoSpec(List.of("encryptionAtRest"), null, null, null, List.of());
            assertEquals(null, MongoChecks.managedSuffix(none, List.of("cluster0.ab1cd.mongodb.net")), "[] turns the Atlas default off");
        }

        @Test
        void auditLogPasses() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().auditLog(true).start()) {
                Outcome o = run(spec("auditLog"), mongo.uri());
                assertStatus(Status.PASS, o);
                assertTrue(o.evidence().startsWith("audit log on: auditLog.destination file, format JSON"), o.evidence());
            }
        }

        @Test
        void auditLogFailsWhenOff() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().start()) {
                Outcome o = run(spec("auditLog"), mongo.uri());
                assertStatus(Status.FAIL, o);
                assertTrue(o.evidence().startsWith("MongoDB's audit log is off: getCmdLineOpts shows no auditLog.destination"), o.evidence());
            }
        }

        @Test
        void auditLogIsSkippedWhenItIsNotVisible() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().auditLog(true).forbid("getCmdLineOpts").start()) {
                Outcome o = run(spec("auditLog"), mongo.uri());
                assertStatus(Status.SKIP, o);
                assertTrue(o.evidence().startsWith("audit log not visible: getCmdLineOpts is not permitted"), o.evidence());
            }
        }

        @Test
        void getCmdLineOptsIsAskedOncePerCheck() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().encryption(true).auditLog(true).start()) {
                assertStatus(Status.PASS, run(spec("encryptionAtRest", "auditLog"), mongo.uri()));
                assertEquals(1, mongo.commands().stream().filter("getCmdLineOpts"::equals).count());
            }
        }
    }

    // ------------------------------------------------------------------ errors and evidence

    @Nested
    class Errors {
        @Test
        void notConfigured() {
            Outcome o = run(spec("auth"), targets(null), Duration.ofSeconds(1));
            assertStatus(Status.ERROR, o);
            assertEquals("not configured: set MONGODB_URI or targets.mongodb in audit.yaml", o.evidence());
        }

        @Test
        void notAMongoUriIsAnErrorWithoutThePassword() {
            Outcome o = run(spec("auth"), targets("postgres://app:Sup3rSecret-99@db:5432/app"), Duration.ofSeconds(1));
            assertStatus(Status.ERROR, o);
            assertTrue(o.evidence().startsWith("MONGODB_URI is not a valid MongoDB connection string ("), o.evidence());
            assertFalse(o.evidence().contains("Sup3rSecret-99"), o.evidence());
        }

        @Test
        void aRefusingPortIsAnErrorAtOnce() throws Exception {
            int port = MongoTestSupport.refusingPort();
            Outcome o = run(spec("auth", "replicaSet", "indexes"), targets("mongodb://app:Refused-Pw-77@127.0.0.1:" + port + "/enterprise_rag"),
                    Duration.ofSeconds(5));
            assertStatus(Status.ERROR, o);
            // "connection refused", not "timed out": the refusal was reported as the driver saw it; a probe that
            // waited out its budget first would report the budget ("timed out after N ms").
            assertEquals("connection refused by 127.0.0.1:" + port, o.evidence());
        }

        @Test
        @Timeout(60) // a hang guard: a probe without its own budget would wait on the hung port for the driver's defaults
        void aHungPortIsAnErrorWithinTheTimeout() throws Exception {
            try (MongoTestSupport.HungServer hung = new MongoTestSupport.HungServer()) {
                Outcome o = run(spec("auth"), targets(hung.uri()), Duration.ofSeconds(1));
                assertStatus(Status.ERROR, o);
                assertTrue(o.evidence().startsWith("timed out after "), o.evidence());
                assertTrue(o.evidence().contains("127.0.0.1:" + hung.port()), o.evidence());
                // The probe gave up on its own budget (900 ms), under the check's 1 s timeout.
                TimedOut.withinBudget(o.evidence(), 900);
                assertTrue(hung.connections() >= 1, "the driver did connect");
            }
        }

        @Test
        void anUnknownHostIsAnError() {
            Outcome o = run(spec("replicaSet"), targets("mongodb://db.prodaudit-test.invalid:27017/enterprise_rag"), Duration.ofSeconds(3));
            assertStatus(Status.ERROR, o);
            assertEquals("cannot resolve db.prodaudit-test.invalid", o.evidence());
        }

        /** Issue 8: what the URI alone shows to FAIL survives a server that cannot be asked; nothing else is claimed. */
        @Test
        void aUriWithoutCredentialsOrTlsFailsAlthoughTheServerCannotBeAsked() {
            Outcome o = run(spec("auth", "tls", "replicaSet"), targets("mongodb://db.prodaudit-test.invalid:27017/enterprise_rag"),
                    Duration.ofSeconds(3));
            assertStatus(Status.FAIL, o);
            assertEquals("MONGODB_URI carries no credentials: the app connects without authenticating; plain connection: MONGODB_URI"
                    + " sets neither tls=true nor ssl=true (and is not mongodb+srv://); live part undecided: cannot resolve"
                    + " db.prodaudit-test.invalid", o.evidence());
            assertEquals(List.of(Status.FAIL, Status.FAIL, Status.ERROR), o.findings().stream().map(f -> f.status()).toList());
            assertEquals("live part undecided: cannot resolve db.prodaudit-test.invalid", o.findings().get(2).message());

            Outcome withCredentials = run(spec("auth"), targets("mongodb://app:Some-Pw-1@db.prodaudit-test.invalid:27017/x?tls=true"),
                    Duration.ofSeconds(3));
            assertStatus(Status.ERROR, withCredentials);
        }

        @Test
        void theServerVersionIsAlwaysInTheEvidence() throws Exception {
            try (MongoTestServer mongo = MongoTestServer.builder().version("6.0.19").start()) {
                Outcome o = run(spec("tls", "auditLog"), mongo.uri());
                assertTrue(o.evidence().endsWith("; MongoDB 6.0.19 at " + mongo.hostPort()), o.evidence());
                assertEquals("buildInfo", mongo.commands().stream().filter(c -> !c.equals("isMaster") && !c.equals("hello")).findFirst().orElseThrow());
            }
        }
    }
}
