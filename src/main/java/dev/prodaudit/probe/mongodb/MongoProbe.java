package dev.prodaudit.probe.mongodb;

import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.ProbeFailure;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.bson.Document;

/**
 * {@code type: mongodb}: connects to MONGODB_URI ({@code targets.mongodb}) and verifies, read-only, what
 * {@link MongoSpec#checks()} lists: authentication enforced, replica set, indexes, TLS, encryption at rest, audit log,
 * TTL retention. Every check starts with {@code buildInfo}, whose version is part of the evidence. Commands sent:
 * buildInfo, hello (isMaster on servers without it), replSetGetStatus, listDatabases (from a client without
 * credentials), listIndexes and getCmdLineOpts; nothing else (see {@link MongoSession#READ_ONLY}).
 */
public final class MongoProbe implements Probe<MongoSpec> {
    private static final Set<String> HEALTHY_STATES = Set.of("PRIMARY", "SECONDARY", "ARBITER");

    @Override
    public String type() {
        return "mongodb";
    }

    @Override
    public Class<MongoSpec> specType() {
        return MongoSpec.class;
    }

    @Override
    public Outcome run(MongoSpec spec, ProbeContext ctx) {
        long start = System.nanoTime();
        String uri = ctx.targets() == null ? null : ctx.targets().mongodb();
        if (uri == null || uri.isBlank()) {
            return Outcome.error(TargetKind.MONGODB.notConfigured());
        }
        MongoTarget target;
        try {
            target = MongoTarget.of(ctx, uri);
        } catch (IllegalArgumentException e) {
            return Outcome.error("MONGODB_URI is " + e.getMessage());
        }
        MongoSession session = MongoSession.open(ctx, target, start);
        String server;
        try {
            server = version(session.run("admin", new Document("buildInfo", 1))) + " at " + target.endpoint();
        } catch (ProbeFailure e) {
            return unreachable(spec, new Judge(spec, target, session), e.getMessage());
        } catch (MongoCommandException e) {
            return unreachable(spec, new Judge(spec, target, session),
                    "buildInfo on " + target.endpoint() + " failed: " + MongoErrors.describe(e));
        }
        Judge judge = new Judge(spec, target, session);
        List<Item> items = new ArrayList<>();
        for (String check : spec.checks()) {
            try {
                items.add(judge.judge(check));
            } catch (ProbeFailure e) {
                // The deployment stopped answering (or the time is up): what is left cannot be decided either.
                items.add(new Item(Status.ERROR, e.getMessage(), List.of(Finding.of(Status.ERROR, check + ": " + e.getMessage()))));
                break;
            }
        }
        return fold(items, server);
    }

    /**
     * The deployment could not be asked anything: what MONGODB_URI alone shows to FAIL (no credentials, no TLS) still
     * decides the check, with the live part (what the server would have answered) named as undecided; anything else
     * is ERROR with {@code reason}. A URI that looks right is not a PASS without the server's answer.
     */
    private static Outcome unreachable(MongoSpec spec, Judge judge, String reason) {
        List<Item> items = new ArrayList<>();
        for (String check : spec.checks()) {
            Item fromUri = judge.fromUriAlone(check);
            if (fromUri != null && fromUri.status() == Status.FAIL) {
                items.add(fromUri);
            }
        }
        if (items.isEmpty()) {
            return Outcome.error(reason);
        }
        items.add(new Item(Status.ERROR, reason, List.of(Finding.of(Status.ERROR, reason))));
        return fold(items, null, "live part undecided");
    }

    /**
     * The items combine by {@link Status#combine}; the evidence is what the deciding items found, the items a FAIL
     * outranks as undecided, then the server's version (null: not known).
     */
    static Outcome fold(List<Item> items, String server) {
        return fold(items, server, "undecided");
    }

    private static Outcome fold(List<Item> items, String server, String undecidedLabel) {
        Status status = Status.combine(items.stream().map(Item::status).toList());
        List<String> lead = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Item i : items) {
            if (i.status() == status) {
                lead.add(i.summary());
            } else if (i.status() == Status.ERROR) {
                undecided.add(i.summary());
            }
            findings.addAll(i.findings());
        }
        return new Outcome(status, String.join("; ", lead) + Outcome.undecided(status, undecidedLabel, undecided)
                + (server == null ? "" : "; " + server), Outcome.relabel(status, undecidedLabel, findings));
    }

    /** "MongoDB 7.0.12", "MongoDB 7.0.12 Enterprise" */
    static String version(Document buildInfo) {
        Object v = buildInfo.get("version");
        Object modules = buildInfo.get("modules");
        boolean enterprise = modules instanceof List<?> l && l.contains("enterprise");
        return "MongoDB " + (v == null ? "(unknown version)" : v) + (enterprise ? " Enterprise" : "");
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
    }

    /** Decides the entries of {@code checks} for one check run; getCmdLineOpts is asked at most once. */
    private static final class Judge {
        private final MongoSpec spec;
        private final MongoTarget target;
        private final MongoSession session;
        private Document cmdLineOpts;
        private MongoCommandException cmdLineOptsRefused;

        Judge(MongoSpec spec, MongoTarget target, MongoSession session) {
            this.spec = spec;
            this.target = target;
            this.session = session;
        }

        Item judge(String check) throws ProbeFailure {
            return switch (check) {
                case MongoSpec.AUTH -> auth();
                case MongoSpec.REPLICA_SET -> replicaSet();
                case MongoSpec.INDEXES -> indexes(false);
                case MongoSpec.TTL -> indexes(true);
                case MongoSpec.TLS -> tls();
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
                case MongoSpec.AUTH -> target.credential() != null ? null : Item.of(List.of(Finding.of(Status.FAIL,
                        "MONGODB_URI carries no credentials: the app connects without authenticating")), null, null);
                case MongoSpec.TLS -> tls();
                default -> null;
            };
        }

        // ---- auth ----

        private Item auth() throws ProbeFailure {
            List<Finding> findings = new ArrayList<>();
            MongoCredential c = target.credential();
            if (c == null) {
                findings.add(Finding.of(Status.FAIL, "MONGODB_URI carries no credentials: the app connects without authenticating"));
            } else {
                List<String> about = new ArrayList<>();
                if (c.getUserName() != null) {
                    about.add("user '" + c.getUserName() + "'");
                }
                if (c.getSource() != null) {
                    about.add("auth source " + c.getSource());
                }
                if (c.getMechanism() != null) {
                    about.add(c.getMechanism());
                }
                findings.add(Finding.of(Status.PASS, "MONGODB_URI carries credentials"
                        + (about.isEmpty() ? "" : " (" + String.join(", ", about) + ")")));
            }
            try {
                Document r = session.runUnauthenticated("admin", new Document("listDatabases", 1).append("nameOnly", true));
                Object dbs = r.get("databases");
                int n = dbs instanceof List<?> l ? l.size() : 0;
                findings.add(Finding.of(Status.FAIL, "MongoDB accepts unauthenticated clients: listDatabases without credentials listed "
                        + n + (n == 1 ? " database" : " databases")));
            } catch (MongoCommandException e) {
                if (MongoErrors.unauthorized(e)) {
                    findings.add(Finding.of(Status.PASS, "a client without credentials is refused: listDatabases answered "
                            + e.getErrorCodeName() + " (" + e.getErrorCode() + ")"));
                } else {
                    findings.add(Finding.of(Status.ERROR, "listDatabases without credentials failed with " + MongoErrors.describe(e)
                            + "; cannot tell whether authentication is enforced"));
                }
            }
            return Item.of(findings, "unauthenticated clients are refused and MONGODB_URI carries credentials", null);
        }

        // ---- replicaSet ----

        private Item replicaSet() throws ProbeFailure {
            List<Finding> findings = new ArrayList<>();
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
            if ("isdbgrid".equals(hello.get("msg"))) {
                findings.add(Finding.of(Status.PASS, "mongos router of a sharded cluster: its shards are replica sets (required since MongoDB 3.6)"));
                return Item.of(findings, "sharded cluster behind mongos (shards are replica sets)", null);
            }
            String setName = hello.get("setName") instanceof String s ? s : null;
            if (setName == null) {
                findings.add(Finding.of(Status.FAIL, "standalone server, not a replica set: hello reports no setName"));
                return Item.of(findings, "", null);
            }
            List<String> members = new ArrayList<>(strings(hello.get("hosts")));
            members.addAll(strings(hello.get("passives")));
            List<String> arbiters = strings(hello.get("arbiters"));
            String arbiterNote = arbiters.isEmpty() ? "" : " and " + arbiters.size() + (arbiters.size() == 1 ? " arbiter" : " arbiters");
            String memberText = members.size() + (members.size() == 1 ? " data-bearing member" : " data-bearing members");
            if (members.size() < spec.minMembers()) {
                findings.add(Finding.of(Status.FAIL, "replica set " + setName + " has " + memberText + arbiterNote
                        + (members.isEmpty() ? "" : " (" + String.join(", ", members) + ")") + "; at least " + spec.minMembers() + " required"));
            } else {
                findings.add(Finding.of(Status.PASS, "replica set " + setName + " has " + memberText + arbiterNote
                        + " (" + String.join(", ", members) + ")"));
            }
            String primary = hello.get("primary") instanceof String p ? p : null;
            findings.add(primary == null
                    ? Finding.of(Status.FAIL, "replica set " + setName + " has no primary: writes fail until one is elected")
                    : Finding.of(Status.PASS, "primary: " + primary));
            String health = "";
            try {
                Document status = session.run("admin", new Document("replSetGetStatus", 1));
                health = memberHealth(status, findings);
            } catch (MongoCommandException e) {
                findings.add(Finding.of(Status.SKIP, "member health not checked: replSetGetStatus "
                        + (MongoErrors.unauthorized(e) ? "is not permitted for this user (it needs the clusterMonitor role)"
                        : "answered " + MongoErrors.describe(e))));
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
                        + i.expireAfterSeconds() + " s (" + human(i.expireAfterSeconds()) + ")").toList();
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

        private Item tls() {
            List<Finding> findings = new ArrayList<>();
            if (!target.tls()) {
                findings.add(Finding.of(Status.FAIL, "plain connection: MONGODB_URI sets neither tls=true nor ssl=true (and is not mongodb+srv://)"));
            } else if (!target.insecureTlsOptions().isEmpty()) {
                findings.add(Finding.of(Status.WARN, "TLS on (" + target.tlsReason() + "), but MONGODB_URI sets "
                        + String.join(", ", target.insecureTlsOptions()) + ": the server's certificate is not fully verified"));
            } else {
                findings.add(Finding.of(Status.PASS, "TLS on: " + target.tlsReason()));
            }
            return Item.of(findings, findings.get(0).message(), null);
        }

        // ---- encryptionAtRest and auditLog (getCmdLineOpts) ----

        private Item encryptionAtRest() throws ProbeFailure {
            String managed = managedSuffix(spec, target.hosts());
            if (managed != null) {
                String why = managed.equals(".mongodb.net") || managed.equals("mongodb.net")
                        ? "MongoDB Atlas (*.mongodb.net) encrypts all cluster storage and backup snapshots at rest"
                        : "the hosts end in " + managed + ", listed in managedHosts as storage encrypted at rest";
                return Item.of(List.of(Finding.of(Status.PASS, why)), why, null);
            }
            Document parsed = parsedOptions();
            if (parsed == null) {
                String why = "encryption at rest not visible: getCmdLineOpts " + refusal() + "; check the storage configuration by hand";
                return Item.of(List.of(Finding.of(Status.SKIP, why)), why, null);
            }
            Document security = parsed.get("security") instanceof Document d ? d : new Document();
            if (Boolean.TRUE.equals(security.get("enableEncryption"))) {
                String key = security.containsKey("kmip") ? "key from KMIP"
                        : security.containsKey("encryptionKeyFile") ? "key from a key file" : null;
                String why = "WiredTiger encryption at rest is on (security.enableEncryption: true" + (key == null ? "" : ", " + key) + ")";
                return Item.of(List.of(Finding.of(Status.PASS, why)), why, null);
            }
            String why = "MongoDB does not encrypt its data files: getCmdLineOpts shows no security.enableEncryption"
                    + " (encryption of the disk or volume is invisible to this probe; if that is how the data is encrypted,"
                    + " list the host suffix under managedHosts)";
            return Item.of(List.of(Finding.of(Status.FAIL, why)), why, null);
        }

        private Item auditLog() throws ProbeFailure {
            Document parsed = parsedOptions();
            if (parsed == null) {
                String why = "audit log not visible: getCmdLineOpts " + refusal()
                        + "; on Atlas, check Database Auditing in the project settings";
                return Item.of(List.of(Finding.of(Status.SKIP, why)), why, null);
            }
            Document audit = parsed.get("auditLog") instanceof Document d ? d : null;
            Object destination = audit == null ? null : audit.get("destination");
            if (destination != null) {
                Object format = audit.get("format");
                String why = "audit log on: auditLog.destination " + destination + (format == null ? "" : ", format " + format);
                return Item.of(List.of(Finding.of(Status.PASS, why)), why, null);
            }
            String why = "MongoDB's audit log is off: getCmdLineOpts shows no auditLog.destination"
                    + " (auditing needs MongoDB Enterprise or Atlas M10+)";
            return Item.of(List.of(Finding.of(Status.FAIL, why)), why, null);
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

        private String refusal() {
            MongoCommandException e = cmdLineOptsRefused;
            return MongoErrors.unauthorized(e)
                    ? "is not permitted for this user (" + e.getErrorCodeName() + ", it needs the clusterMonitor role)"
                    : "answered " + MongoErrors.describe(e);
        }

        private static Item error(String reason) {
            return Item.of(List.of(Finding.of(Status.ERROR, reason)), reason, null);
        }
    }

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

    /** 7776000 -> "90 days", 3600 -> "1 hour" */
    static String human(long seconds) {
        if (seconds >= 86_400 && seconds % 86_400 == 0) {
            long d = seconds / 86_400;
            return d + (d == 1 ? " day" : " days");
        }
        if (seconds >= 3_600 && seconds % 3_600 == 0) {
            long h = seconds / 3_600;
            return h + (h == 1 ? " hour" : " hours");
        }
        if (seconds >= 60 && seconds % 60 == 0) {
            long m = seconds / 60;
            return m + (m == 1 ? " minute" : " minutes");
        }
        return seconds + (seconds == 1 ? " second" : " seconds");
    }
}
