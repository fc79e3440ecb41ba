package dev.prodaudit.probe.mongodb;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Wording;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * The checks of {@code type: mongodb}: each entry of {@code checks} asks {@link MongoSession} for the replies it needs
 * (getCmdLineOpts at most once per check run), then a pure judging function turns those replies into an {@link Item}.
 * The judging functions ({@link #replicaSet}, {@link #indexes}, {@link #tls}, {@link #encryptionAtRest},
 * {@link #auditLog}, {@link #unauthenticatedListing}) see only documents and the spec, so they can be tested without
 * a server.
 */
final class MongoChecks {
    private static final Set<String> HEALTHY_STATES = Set.of("PRIMARY", "SECONDARY", "ARBITER");
    private static final String NO_CREDENTIALS = "MONGODB_URI carries no credentials: the app connects without authenticating";

    private final MongoSpec spec;
    private final MongoTarget target;
    private final MongoSession session;
    private Document cmdLineOpts;
    private MongoCommandException cmdLineOptsRefused;

    MongoChecks(MongoSpec spec, MongoTarget target, MongoSession session) {
        this.spec = spec;
        this.target = target;
        this.session = session;
    }

    /** One entry of {@code checks}: its status, a one-line summary for the evidence, its findings. */
    record Item(Status status, String summary, List<Finding> findings) {

        /** The worst finding decides (SKIP when all skip); a passing item reads {@code pass}, a failing one its failures. */
        static Item of(List<Finding> findings, String pass, String failure) {
            Status status = Status.combine(findings.stream().map(Finding::status).toList());
            String summary;
            if (status == Status.PASS) {
                summary = pass;
            } else if (failure != null) {
                summary = failure;
            } else {
                Status s = status;
                List<String> at = findings.stream().filter(f -> f.status() == s).map(Finding::message).toList();
                summary = at.size() <= 2 ? String.join("; ", at) : at.get(0) + "; " + at.get(1) + " (+" + (at.size() - 2) + " more)";
            }
            return new Item(status, summary, List.copyOf(findings));
        }

        /** An item with one finding that is also its summary. */
        static Item single(Status status, String why) {
            return of(List.of(Finding.of(status, why)), why, null);
        }
    }

    Item judge(String check) throws ProbeFailure {
        return switch (check) {
            case MongoSpec.AUTH -> auth();
            case MongoSpec.REPLICA_SET -> replicaSet();
            case MongoSpec.INDEXES -> indexes(false);
            case MongoSpec.TTL -> indexes(true);
            case MongoSpec.TLS -> tls(target);
            case MongoSpec.ENCRYPTION_AT_REST -> encryptionAtRest();
            case MongoSpec.AUDIT_LOG -> auditLog();
            default -> throw new IllegalArgumentException("unknown mongodb check " + check);
        };
    }

    /**
     * What MONGODB_URI alone decides of {@code check}, before any server answered: the credentials and TLS options
     * it carries; null for the checks only the server can answer.
     */
    Item fromUriAlone(String check) {
        return switch (check) {
            case MongoSpec.AUTH -> target.credential() != null ? null : Item.of(List.of(Finding.of(Status.FAIL, NO_CREDENTIALS)), null, null);
            case MongoSpec.TLS -> tls(target);
            default -> null;
        };
    }

    // ---- auth ----

    private Item auth() throws ProbeFailure {
        Document listing = null;
        MongoCommandException refused = null;
        try {
            listing = session.runUnauthenticated("admin", new Document("listDatabases", 1).append("nameOnly", true));
        } catch (MongoCommandException e) {
            refused = e;
        }
        return auth(target.credential(), listing, refused);
    }

    /**
     * Authentication is enforced when MONGODB_URI carries credentials and a client without them is refused
     * {@code listDatabases}: {@code listing} is its answer without credentials, or null when {@code refused}.
     */
    static Item auth(MongoCredential credential, Document listing, MongoCommandException refused) {
        List<Finding> findings = new ArrayList<>();
        if (credential == null) {
            findings.add(Finding.of(Status.FAIL, NO_CREDENTIALS));
        } else {
            List<String> about = new ArrayList<>();
            if (credential.getUserName() != null) {
                about.add("user '" + credential.getUserName() + "'");
            }
            if (credential.getSource() != null) {
                about.add("auth source " + credential.getSource());
            }
            if (credential.getMechanism() != null) {
                about.add(credential.getMechanism());
            }
            findings.add(Finding.of(Status.PASS, "MONGODB_URI carries credentials"
                    + (about.isEmpty() ? "" : " (" + String.join(", ", about) + ")")));
        }
        findings.add(unauthenticatedListing(listing, refused));
        return Item.of(findings, "unauthenticated clients are refused and MONGODB_URI carries credentials", null);
    }

    /** listDatabases without credentials: answered is a FAIL, refused as unauthorized a PASS, else undecided. */
    static Finding unauthenticatedListing(Document listing, MongoCommandException refused) {
        if (refused == null) {
            Object dbs = listing.get("databases");
            int n = dbs instanceof List<?> l ? l.size() : 0;
            return Finding.of(Status.FAIL, "MongoDB accepts unauthenticated clients: listDatabases without credentials listed "
                    + Wording.count(n, "database"));
        }
        if (MongoErrors.unauthorized(refused)) {
            return Finding.of(Status.PASS, "a client without credentials is refused: listDatabases answered "
                    + refused.getErrorCodeName() + " (" + refused.getErrorCode() + ")");
        }
        return Finding.of(Status.ERROR, "listDatabases without credentials failed with " + MongoErrors.describe(refused)
                + "; cannot tell whether authentication is enforced");
    }

    // ---- replicaSet ----

    private Item replicaSet() throws ProbeFailure {
        Document hello;
        try {
            hello = session.run("admin", new Document("hello", 1));
        } catch (MongoCommandException e) {
            if (e.getErrorCode() != MongoErrors.COMMAND_NOT_FOUND) {
                return error("hello failed: " + MongoErrors.describe(e));
            }
            try {
                hello = session.run("admin", new Document("isMaster", 1)); // servers before 4.4.2 know only this name
            } catch (MongoCommandException e2) {
                return error("isMaster failed: " + MongoErrors.describe(e2));
            }
        }
        Document status = null;
        MongoCommandException statusRefused = null;
        if (!isMongos(hello) && setName(hello) != null) {
            try {
                status = session.run("admin", new Document("replSetGetStatus", 1));
            } catch (MongoCommandException e) {
                statusRefused = e;
            }
        }
        return replicaSet(hello, status, statusRefused, spec.minMembers());
    }

    private static boolean isMongos(Document hello) {
        return "isdbgrid".equals(hello.get("msg"));
    }

    private static String setName(Document hello) {
        return hello.get("setName") instanceof String s ? s : null;
    }

    /**
     * Judges the server's {@code hello} reply and, for a replica set member, {@code replSetGetStatus} (null when
     * {@code statusRefused}): a replica set with at least {@code minMembers} data-bearing members and a primary.
     */
    static Item replicaSet(Document hello, Document status, MongoCommandException statusRefused, int minMembers) {
        List<Finding> findings = new ArrayList<>();
        if (isMongos(hello)) {
            findings.add(Finding.of(Status.PASS, "mongos router of a sharded cluster: its shards are replica sets (required since MongoDB 3.6)"));
            return Item.of(findings, "sharded cluster behind mongos (shards are replica sets)", null);
        }
        String setName = setName(hello);
        if (setName == null) {
            findings.add(Finding.of(Status.FAIL, "standalone server, not a replica set: hello reports no setName"));
            return Item.of(findings, "", null);
        }
        List<String> members = new ArrayList<>(strings(hello.get("hosts")));
        members.addAll(strings(hello.get("passives")));
        List<String> arbiters = strings(hello.get("arbiters"));
        String arbiterNote = arbiters.isEmpty() ? "" : " and " + Wording.count(arbiters.size(), "arbiter");
        String memberText = Wording.count(members.size(), "data-bearing member");
        if (members.size() < minMembers) {
            findings.add(Finding.of(Status.FAIL, "replica set " + setName + " has " + memberText + arbiterNote
                    + (members.isEmpty() ? "" : " (" + String.join(", ", members) + ")") + "; at least " + minMembers + " required"));
        } else {
            findings.add(Finding.of(Status.PASS, "replica set " + setName + " has " + memberText + arbiterNote
                    + " (" + String.join(", ", members) + ")"));
        }
        String primary = hello.get("primary") instanceof String p ? p : null;
        findings.add(primary == null
                ? Finding.of(Status.FAIL, "replica set " + setName + " has no primary: writes fail until one is elected")
                : Finding.of(Status.PASS, "primary: " + primary));
        String health = "";
        if (status != null) {
            health = memberHealth(status, findings);
        } else if (statusRefused != null) {
            findings.add(Finding.of(Status.SKIP, "member health not checked: replSetGetStatus "
                    + (MongoErrors.unauthorized(statusRefused) ? "is not permitted for this user (it needs the clusterMonitor role)"
                    : "answered " + MongoErrors.describe(statusRefused))));
        }
        return Item.of(findings, "replica set " + setName + ": " + memberText + arbiterNote + ", primary " + primary + health, null);
    }

    /** Adds a finding per unhealthy member (FAIL) or member in a transitional state (WARN); returns a note for the summary. */
    private static String memberHealth(Document status, List<Finding> findings) {
        List<String> states = new ArrayList<>();
        boolean allHealthy = true;
        Object list = status.get("members");
        if (list instanceof List<?> members) {
            for (Object o : members) {
                if (!(o instanceof Document m)) {
                    continue;
                }
                String name = String.valueOf(m.get("name"));
                String state = m.get("stateStr") instanceof String s ? s : "state " + m.get("state");
                states.add(state);
                double health = m.get("health") instanceof Number n ? n.doubleValue() : 1;
                if (health != 1) {
                    allHealthy = false;
                    findings.add(Finding.of(Status.FAIL, "member " + name + " is unhealthy (health " + (long) health + ", " + state + ")"));
                } else if (!HEALTHY_STATES.contains(state)) {
                    allHealthy = false;
                    findings.add(Finding.of(Status.WARN, "member " + name + " is in state " + state));
                }
            }
        }
        if (allHealthy) {
            findings.add(Finding.of(Status.PASS, "replSetGetStatus: all " + states.size() + " members healthy ("
                    + String.join(", ", states) + ")"));
            return ", all members healthy";
        }
        return "";
    }

    // ---- indexes and ttl ----

    private Item indexes(boolean ttlOnly) throws ProbeFailure {
        String db = spec.database() != null ? spec.database() : target.database() != null ? target.database() : MongoSpec.DEFAULT_DATABASE;
        List<MongoSpec.Index> expected = spec.indexes().stream().filter(i -> !ttlOnly || i.ttl()).toList();
        Map<String, List<IndexCheck.Actual>> actual = new LinkedHashMap<>();
        Set<String> collections = new LinkedHashSet<>();
        expected.forEach(i -> collections.add(i.collection()));
        for (String collection : collections) {
            try {
                Document r = session.run(db, new Document("listIndexes", collection));
                List<Document> batch = firstBatch(r);
                // A collection that exists has at least its _id index; MongoDB answers NamespaceNotFound for one
                // that does not, some servers an empty list.
                actual.put(collection, batch.isEmpty() ? null : batch.stream().map(IndexCheck.Actual::from).toList());
            } catch (MongoCommandException e) {
                if (e.getErrorCode() == MongoErrors.NAMESPACE_NOT_FOUND) {
                    actual.put(collection, null);
                } else {
                    return error("listIndexes on " + db + "." + collection + " failed: " + MongoErrors.describe(e)
                            + (MongoErrors.unauthorized(e) ? " (the user of MONGODB_URI needs read access to " + db + ")" : ""));
                }
            }
        }
        return indexes(expected, actual, db, ttlOnly);
    }

    /**
     * Judges the {@code expected} indexes against the {@code actual} ones of each collection of {@code db} (null: the
     * collection does not exist). {@code ttlOnly}: the TTL indexes, whose absence means documents are never deleted.
     */
    static Item indexes(List<MongoSpec.Index> expected, Map<String, List<IndexCheck.Actual>> actual, String db, boolean ttlOnly) {
        List<Finding> findings = new ArrayList<>();
        int missing = 0;
        int mismatched = 0;
        for (MongoSpec.Index i : expected) {
            IndexCheck.Problem p = IndexCheck.compare(i, actual.get(i.collection()), db);
            if (p == null) {
                continue;
            }
            if (p.missing()) {
                missing++;
                findings.add(Finding.of(Status.FAIL, ttlOnly ? "TTL index " + p.message() + ": those documents are never deleted" : p.message()));
            } else {
                mismatched++;
                findings.add(Finding.of(Status.FAIL, p.message()));
            }
        }
        if (ttlOnly) {
            List<String> ok = expected.stream().map(i -> IndexCheck.show(i) + " expires documents after "
                    + i.expireAfterSeconds() + " s (" + Wording.span(i.expireAfterSeconds()) + ")").toList();
            if (findings.isEmpty()) {
                findings.add(Finding.of(Status.PASS, "TTL index " + String.join("; ", ok) + " in " + db));
            }
            return Item.of(findings, "TTL index " + String.join("; ", ok), null);
        }
        if (findings.isEmpty()) {
            findings.add(Finding.of(Status.PASS, "all " + expected.size() + " expected indexes present in " + db));
        }
        List<String> parts = new ArrayList<>();
        if (missing > 0) {
            parts.add(missing + " of " + expected.size() + " expected indexes missing");
        }
        if (mismatched > 0) {
            parts.add(mismatched + (missing > 0 ? "" : " of " + expected.size() + " expected indexes") + " mismatched");
        }
        return Item.of(findings, "all " + expected.size() + " expected indexes present in " + db,
                String.join(" and ", parts) + " in " + db);
    }

    // ---- tls ----

    /** TLS as MONGODB_URI asks for it: on, and the server's certificate fully verified. */
    static Item tls(MongoTarget target) {
        Finding f;
        if (!target.tls()) {
            f = Finding.of(Status.FAIL, "plain connection: MONGODB_URI sets neither tls=true nor ssl=true (and is not mongodb+srv://)");
        } else if (!target.insecureTlsOptions().isEmpty()) {
            f = Finding.of(Status.WARN, "TLS on (" + target.tlsReason() + "), but MONGODB_URI sets "
                    + String.join(", ", target.insecureTlsOptions()) + ": the server's certificate is not fully verified");
        } else {
            f = Finding.of(Status.PASS, "TLS on: " + target.tlsReason());
        }
        return Item.of(List.of(f), f.message(), null);
    }

    // ---- encryptionAtRest and auditLog (getCmdLineOpts) ----

    private Item encryptionAtRest() throws ProbeFailure {
        String managed = managedSuffix(spec, target.hosts());
        Document parsed = managed != null ? null : parsedOptions();
        return encryptionAtRest(managed, parsed, parsed == null && managed == null ? refusal(cmdLineOptsRefused) : null);
    }

    /**
     * Encryption at rest: a managed host suffix ({@code managed}, null when none) vouches for it; else getCmdLineOpts'
     * {@code parsed} options must show WiredTiger encryption (null {@code parsed}: refused, for the reason {@code refusal}).
     */
    static Item encryptionAtRest(String managed, Document parsed, String refusal) {
        if (managed != null) {
            String why = managed.equals(".mongodb.net") || managed.equals("mongodb.net")
                    ? "MongoDB Atlas (*.mongodb.net) encrypts all cluster storage and backup snapshots at rest"
                    : "the hosts end in " + managed + ", listed in managedHosts as storage encrypted at rest";
            return Item.single(Status.PASS, why);
        }
        if (parsed == null) {
            return Item.single(Status.SKIP, "encryption at rest not visible: getCmdLineOpts " + refusal
                    + "; check the storage configuration by hand");
        }
        Document security = parsed.get("security") instanceof Document d ? d : new Document();
        if (Boolean.TRUE.equals(security.get("enableEncryption"))) {
            String key = security.containsKey("kmip") ? "key from KMIP"
                    : security.containsKey("encryptionKeyFile") ? "key from a key file" : null;
            return Item.single(Status.PASS, "WiredTiger encryption at rest is on (security.enableEncryption: true"
                    + (key == null ? "" : ", " + key) + ")");
        }
        return Item.single(Status.FAIL, "MongoDB does not encrypt its data files: getCmdLineOpts shows no security.enableEncryption"
                + " (encryption of the disk or volume is invisible to this probe; if that is how the data is encrypted,"
                + " list the host suffix under managedHosts)");
    }

    private Item auditLog() throws ProbeFailure {
        Document parsed = parsedOptions();
        return auditLog(parsed, parsed == null ? refusal(cmdLineOptsRefused) : null);
    }

    /** The audit log is on when getCmdLineOpts' {@code parsed} options name a destination (null: refused, for {@code refusal}). */
    static Item auditLog(Document parsed, String refusal) {
        if (parsed == null) {
            return Item.single(Status.SKIP, "audit log not visible: getCmdLineOpts " + refusal
                    + "; on Atlas, check Database Auditing in the project settings");
        }
        Document audit = parsed.get("auditLog") instanceof Document d ? d : null;
        Object destination = audit == null ? null : audit.get("destination");
        if (destination != null) {
            Object format = audit.get("format");
            return Item.single(Status.PASS, "audit log on: auditLog.destination " + destination + (format == null ? "" : ", format " + format));
        }
        return Item.single(Status.FAIL, "MongoDB's audit log is off: getCmdLineOpts shows no auditLog.destination"
                + " (auditing needs MongoDB Enterprise or Atlas M10+)");
    }

    /** getCmdLineOpts' {@code parsed} document, or null when the server refused the command. */
    private Document parsedOptions() throws ProbeFailure {
        if (cmdLineOpts == null && cmdLineOptsRefused == null) {
            try {
                cmdLineOpts = session.run("admin", new Document("getCmdLineOpts", 1));
            } catch (MongoCommandException e) {
                cmdLineOptsRefused = e;
            }
        }
        if (cmdLineOpts == null) {
            return null;
        }
        return cmdLineOpts.get("parsed") instanceof Document d ? d : new Document();
    }

    private static String refusal(MongoCommandException e) {
        return MongoErrors.unauthorized(e)
                ? "is not permitted for this user (" + e.getErrorCodeName() + ", it needs the clusterMonitor role)"
                : "answered " + MongoErrors.describe(e);
    }

    private static Item error(String reason) {
        return Item.single(Status.ERROR, reason);
    }

    // ---- reading replies ----

    private static List<Document> firstBatch(Document reply) {
        if (reply.get("cursor") instanceof Document cursor && cursor.get("firstBatch") instanceof List<?> l) {
            List<Document> out = new ArrayList<>();
            for (Object o : l) {
                if (o instanceof Document d) {
                    out.add(d);
                }
            }
            return out;
        }
        return List.of();
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> l)) {
            return List.of();
        }
        return l.stream().map(String::valueOf).toList();
    }

    /** The entry of {@code managedHosts} every host ends in (a whole label suffix, or the host itself), or null. */
    static String managedSuffix(MongoSpec spec, List<String> hosts) {
        for (String suffix : spec.managedHosts()) {
            String bare = suffix.startsWith(".") ? suffix.substring(1) : suffix;
            boolean all = !hosts.isEmpty();
            for (String host : hosts) {
                String h = host.toLowerCase(Locale.ROOT);
                all &= h.equals(bare) || h.endsWith("." + bare);
            }
            if (all) {
                return suffix;
            }
        }
        return null;
    }
}
