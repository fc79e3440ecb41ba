package dev.prodaudit.testing;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.ServerVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A MongoDB server for tests: <a href="https://github.com/bwaldvogel/mongo-java-server">mongo-java-server</a> with its
 * in-memory backend, speaking the real wire protocol on a loopback port, with canned replies for what the memory
 * backend lacks:
 * <ul>
 *   <li>{@code hello}/{@code isMaster}: standalone, or a replica-set member with {@code setName}, {@code hosts} and
 *       {@code primary} ({@link Builder#replicaSet}, {@link Builder#noPrimary});</li>
 *   <li>{@code replSetGetStatus}: one member per host, the last {@link Builder#unhealthyMembers} of them down;</li>
 *   <li>{@code getCmdLineOpts}: {@code parsed.security.enableEncryption} and {@code parsed.auditLog} as configured;</li>
 *   <li>{@code buildInfo}: the configured version ({@code modules: [enterprise]} when encryption or the audit log is on);</li>
 *   <li>authentication: SCRAM-SHA-256 and SCRAM-SHA-1 over {@code saslStart}/{@code saslContinue}, implemented here
 *       against one user ({@link Builder#credentials}); with {@link Builder#requireAuth} every command but the
 *       handshake, {@code buildInfo}, {@code ping}, the SASL exchange and {@code endSessions} is refused with
 *       {@code Unauthorized} (13) on a connection that has not completed it. The real driver authenticates for real:
 *       a wrong password fails with {@code AuthenticationFailed} (18).</li>
 * </ul>
 * The simplifications: one user, valid on every database (any auth source); no roles (an authenticated connection may
 * run everything, except the commands of {@link Builder#forbid}, which answer Unauthorized to everyone, as for a user
 * without the clusterMonitor role); no speculative authentication in the handshake (the driver then runs the ordinary
 * SASL conversation); SASLprep is the identity, so keep passwords ASCII.
 *
 * <p>Every command name the server receives is logged ({@link #commands()}), from the moment {@link Builder#start()}
 * returns: the indexes of {@link Builder#seedIndexes} are created through the real driver before that, and their
 * createIndexes commands are not in the log.
 *
 * <pre>
 * try (MongoTestServer mongo = MongoTestServer.builder().replicaSet("rs0", 3).encryption(true).auditLog(true)
 *         .requireAuth(true).seedIndexes(true).start()) {
 *     String uri = mongo.uri();                 // mongodb://rag_app:...@127.0.0.1:PORT/enterprise_rag
 *     ...
 *     assertTrue(allowed.containsAll(mongo.commands()));
 * }
 * </pre>
 */
public final class MongoTestServer implements AutoCloseable {
    public static final String DEFAULT_USER = "rag_app";
    public static final String DEFAULT_PASSWORD = "Mongo-Test-Pw-7f3a9c21";
    public static final String DEFAULT_DATABASE = "enterprise_rag";
    public static final String DEFAULT_VERSION = "7.0.14";

    /** What mongod lets a connection run before it authenticates (lower case). */
    public static final Set<String> PRE_AUTH_COMMANDS = Set.of("hello", "ismaster", "buildinfo", "ping", "saslstart",
            "saslcontinue", "endsessions");

    /** The seed checklist's "Database Indexes" block, as {@code npm run db:indexes} creates it. */
    public static final List<IndexDef> SEED_INDEXES = List.of(
            new IndexDef("users", "{email: 1}", new IndexOptions().unique(true)),
            new IndexDef("conversations", "{workspaceId: 1, userId: 1}", new IndexOptions()),
            new IndexDef("conversations", "{updatedAt: -1}", new IndexOptions()),
            new IndexDef("messages", "{conversationId: 1, createdAt: 1}", new IndexOptions()),
            new IndexDef("messages", "{createdAt: 1}", new IndexOptions().expireAfter(7_776_000L, TimeUnit.SECONDS)),
            new IndexDef("documentsources", "{workspaceId: 1, sourceId: 1}", new IndexOptions()),
            new IndexDef("documentsources", "{workspaceId: 1, status: 1}", new IndexOptions()),
            new IndexDef("notionworkspaces", "{owner: 1}", new IndexOptions()),
            new IndexDef("notionworkspaces", "{'members.user': 1}", new IndexOptions()));

    /** An index to create before the audit: collection, key pattern as JSON (order matters), options. */
    public record IndexDef(String collection, String keys, IndexOptions options) {
        org.bson.Document keyDocument() {
            return org.bson.Document.parse(keys);
        }

        boolean sameAs(String otherCollection, String otherKeys) {
            return collection.equals(otherCollection) && keyDocument().equals(org.bson.Document.parse(otherKeys));
        }
    }

    private final Builder config;
    private final Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private volatile boolean logging;

    private MongoTestServer(Builder config) {
        this.config = config;
        this.backend = new Backend();
        backend.version(ServerVersion.MONGO_5_0);
        this.server = new MongoServer(backend);
        if (config.tlsKey != null) {
            server.enableSsl(config.tlsKey, null, config.tlsChain);
        }
        server.bind("127.0.0.1", 0);
        this.address = server.getLocalAddress();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code mongodb://user:password@127.0.0.1:PORT/enterprise_rag} ({@code ?tls=true} with {@link Builder#tls}); without
     * credentials unless they are configured or required.
     */
    public String uri() {
        return config.credentialsInUri ? uriWithPassword(config.password) : uriWithoutCredentials();
    }

    public String uriWithoutCredentials() {
        return uri("");
    }

    /** The same URI with a different password: the driver's authentication must fail. */
    public String uriWithPassword(String password) {
        return uri(URLEncoder.encode(config.user, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@");
    }

    private String uri(String userInfo) {
        return "mongodb://" + userInfo + hostPort() + "/" + config.database + (config.tlsKey != null ? "?tls=true" : "");
    }

    public String hostPort() {
        return "127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    public String user() {
        return config.user;
    }

    public String password() {
        return config.password;
    }

    /** Every command name received since {@link Builder#start()} returned, in order, as the client spelled it. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** The distinct command names received. */
    public Set<String> commandNames() {
        return new TreeSet<>(commands);
    }

    public void clearCommands() {
        commands.clear();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    /** Creates the configured indexes through the real driver (authenticating when auth is required). */
    private void seed() {
        List<IndexDef> indexes = new ArrayList<>();
        if (config.seedIndexes) {
            for (IndexDef d : SEED_INDEXES) {
                if (config.without.stream().noneMatch(w -> d.sameAs(w[0], w[1]))) {
                    indexes.add(d);
                }
            }
        }
        indexes.addAll(config.extra);
        if (indexes.isEmpty() && config.documents.isEmpty()) {
            return;
        }
        String uri = config.requireAuth || config.credentialsInUri ? uriWithPassword(config.password) : uriWithoutCredentials();
        SSLContext trust = config.tlsKey == null ? null : trusting(config.tlsChain);
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSslSettings(b -> {
                    if (trust != null) {
                        b.context(trust);
                    }
                })
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoDatabase db = client.getDatabase(config.database);
            for (IndexDef d : indexes) {
                db.getCollection(d.collection()).createIndex(d.keyDocument(), d.options());
            }
            config.documents.forEach((collection, docs) -> db.getCollection(collection).insertMany(docs));
        }
    }

    private static SSLContext trusting(X509Certificate[] chain) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < chain.length; i++) {
                store.setCertificateEntry("c" + i, chain[i]);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a server configured step by step; everything is off unless switched on. */
    public static final class Builder {
        private String setName;
        private int members;
        private boolean primary = true;
        private int unhealthy;
        private boolean encryption;
        private boolean auditLog;
        private boolean requireAuth;
        private boolean credentialsInUri;
        private String user = DEFAULT_USER;
        private String password = DEFAULT_PASSWORD;
        private final Set<String> forbidden = new java.util.HashSet<>();
        private boolean seedIndexes;
        private final List<String[]> without = new ArrayList<>();
        private final List<IndexDef> extra = new ArrayList<>();
        private final Map<String, List<org.bson.Document>> documents = new LinkedHashMap<>();
        private String version = DEFAULT_VERSION;
        private String database = DEFAULT_DATABASE;
        private PrivateKey tlsKey;
        private X509Certificate[] tlsChain;

        private Builder() {
        }

        /**
         * Serve TLS only, with this key and certificate chain (leaf first; e.g. okhttp-tls's HeldCertificate for
         * 127.0.0.1); {@link #uri()} then ends in {@code ?tls=true}. The client must trust the chain's root.
         */
        public Builder tls(PrivateKey key, X509Certificate... chain) {
            this.tlsKey = key;
            this.tlsChain = chain.clone();
            return this;
        }

        /** A replica-set member (the primary) of a set with {@code members} data-bearing hosts, this one first. */
        public Builder replicaSet(String name, int members) {
            this.setName = name;
            this.members = members;
            return this;
        }

        /** A replica set whose members know of no primary (this one answers as a secondary). */
        public Builder noPrimary() {
            this.primary = false;
            return this;
        }

        /** The last {@code n} members of the replica set are down in replSetGetStatus. */
        public Builder unhealthyMembers(int n) {
            this.unhealthy = n;
            return this;
        }

        /** getCmdLineOpts reports {@code security.enableEncryption: true} with a key file. */
        public Builder encryption(boolean on) {
            this.encryption = on;
            return this;
        }

        /** getCmdLineOpts reports {@code auditLog: {destination: file, format: JSON, path: ...}}. */
        public Builder auditLog(boolean on) {
            this.auditLog = on;
            return this;
        }

        /** Refuse every command but the pre-auth ones on connections that have not authenticated; {@link #uri()} then carries the credentials. */
        public Builder requireAuth(boolean on) {
            this.requireAuth = on;
            this.credentialsInUri |= on;
            return this;
        }

        /** The one user the server knows; {@link #uri()} carries these credentials even when auth is not required. */
        public Builder credentials(String user, String password) {
            this.user = user;
            this.password = password;
            this.credentialsInUri = true;
            return this;
        }

        /** These commands answer Unauthorized (13) even to an authenticated client (a user without clusterMonitor). */
        public Builder forbid(String... commands) {
            for (String c : commands) {
                forbidden.add(c.toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** Create the seed's nine indexes in the database through the real driver before the audit. */
        public Builder seedIndexes(boolean on) {
            this.seedIndexes = on;
            return this;
        }

        /** Leave out the seed index with these keys (JSON, e.g. {@code "{updatedAt: -1}"}). */
        public Builder withoutIndex(String collection, String keys) {
            this.without.add(new String[] {collection, keys});
            return this;
        }

        /** Also create this index (e.g. a wrong variant of a seed index left out with {@link #withoutIndex}). */
        public Builder index(String collection, String keys, IndexOptions options) {
            this.extra.add(new IndexDef(collection, keys, options));
            return this;
        }

        /**
         * Insert these documents into {@code collection} of the database before the audit, through the real driver
         * (e.g. migrate-mongo's {@code changelog} entries); the probe reads them back with {@code find}.
         */
        public Builder documents(String collection, org.bson.Document... docs) {
            this.documents.computeIfAbsent(collection, c -> new ArrayList<>()).addAll(List.of(docs));
            return this;
        }

        /** The version buildInfo reports (default {@value #DEFAULT_VERSION}). */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** The database of {@link #uri()} and of the seeded indexes (default enterprise_rag). */
        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public MongoTestServer start() throws IOException {
            MongoTestServer s = new MongoTestServer(this);
            try {
                s.seed();
            } catch (RuntimeException e) {
                s.close();
                throw new IOException("seeding the test server's indexes failed: " + e.getMessage(), e);
            }
            s.commands.clear();
            s.logging = true;
            return s;
        }
    }

    // ---- the backend: canned replies and authentication ----

    private final class Backend extends MemoryBackend {
        private final Map<Channel, Integer> connectionIds = new ConcurrentHashMap<>();
        private final Set<Channel> authenticated = ConcurrentHashMap.newKeySet();
        private final Map<Channel, Scram> conversations = new ConcurrentHashMap<>();
        private final AtomicInteger nextConnectionId = new AtomicInteger();

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            if (logging) {
                commands.add(command);
            }
            String c = command.toLowerCase(Locale.ROOT);
            if (config.requireAuth && !PRE_AUTH_COMMANDS.contains(c) && !authenticated.contains(channel)) {
                throw new MongoServerError(13, "Unauthorized", "command " + command + " requires authentication");
            }
            if (config.forbidden.contains(c)) {
                throw new MongoServerError(13, "Unauthorized", "not authorized on " + database + " to execute command { "
                        + command + ": 1 }");
            }
            return switch (c) {
                case "hello", "ismaster" -> hello(channel, query, c.equals("hello"));
                case "buildinfo" -> buildInfo();
                case "saslstart" -> saslStart(channel, query);
                case "saslcontinue" -> saslContinue(channel, query);
                case "replsetgetstatus" -> replSetGetStatus();
                case "getcmdlineopts" -> getCmdLineOpts();
                default -> super.handleCommand(channel, database, command, query);
            };
        }

        @Override
        public void handleClose(Channel channel) {
            authenticated.remove(channel);
            conversations.remove(channel);
            connectionIds.remove(channel);
            super.handleClose(channel);
        }

        private List<String> hosts() {
            List<String> hosts = new ArrayList<>();
            hosts.add(hostPort());
            for (int i = 2; i <= config.members; i++) {
                hosts.add("mongo-" + i + ".test.invalid:27017");
            }
            return hosts;
        }

        private Document hello(Channel channel, Document query, boolean modern) {
            boolean writable = config.setName == null || config.primary;
            Document r = new Document();
            r.put(modern ? "isWritablePrimary" : "ismaster", writable);
            if (Boolean.TRUE.equals(query.get("helloOk"))) {
                r.put("helloOk", true);
            }
            // No topologyVersion: the driver's monitor polls instead of streaming awaitable hellos.
            if (config.setName != null) {
                r.put("hosts", hosts());
                r.put("setName", config.setName);
                r.put("setVersion", 1);
                r.put("secondary", !config.primary);
                if (config.primary) {
                    r.put("primary", hostPort());
                }
                r.put("me", hostPort());
            }
            r.put("maxBsonObjectSize", 16 * 1024 * 1024);
            r.put("maxMessageSizeBytes", 48_000_000);
            r.put("maxWriteBatchSize", 100_000);
            r.put("localTime", Instant.now());
            r.put("logicalSessionTimeoutMinutes", 30);
            r.put("connectionId", connectionIds.computeIfAbsent(channel, ch -> nextConnectionId.incrementAndGet()));
            r.put("minWireVersion", 0);
            r.put("maxWireVersion", ServerVersion.MONGO_5_0.getWireVersion());
            r.put("readOnly", false);
            Object mechs = query.get("saslSupportedMechs");
            if (mechs instanceof String s && s.contains(".") && s.substring(s.indexOf('.') + 1).equals(config.user)) {
                r.put("saslSupportedMechs", List.of("SCRAM-SHA-1", "SCRAM-SHA-256"));
            }
            r.put("ok", 1.0);
            return r;
        }

        private Document buildInfo() {
            List<Integer> parts = new ArrayList<>();
            for (String p : config.version.split("\\.")) {
                parts.add(Integer.valueOf(p.replaceAll("\\D.*", "")));
            }
            while (parts.size() < 4) {
                parts.add(0);
            }
            Document r = new Document("version", config.version);
            r.put("gitVersion", "0000000000000000000000000000000000000000");
            r.put("modules", config.encryption || config.auditLog ? List.of("enterprise") : List.of());
            r.put("allocator", "tcmalloc");
            r.put("versionArray", parts);
            r.put("bits", 64);
            r.put("debug", false);
            r.put("maxBsonObjectSize", 16 * 1024 * 1024);
            r.put("storageEngines", List.of("devnull", "inMemory", "wiredTiger"));
            r.put("ok", 1.0);
            return r;
        }

        private Document replSetGetStatus() {
            if (config.setName == null) {
                throw new MongoServerError(76, "NoReplicationEnabled", "not running with --replSet");
            }
            List<Document> members = new ArrayList<>();
            List<String> hosts = hosts();
            for (int i = 0; i < hosts.size(); i++) {
                boolean down = i >= hosts.size() - config.unhealthy;
                boolean primaryHere = i == 0 && config.primary;
                Document m = new Document("_id", i);
                m.put("name", hosts.get(i));
                m.put("health", down ? 0.0 : 1.0);
                m.put("state", down ? 8 : primaryHere ? 1 : 2);
                m.put("stateStr", down ? "(not reachable/healthy)" : primaryHere ? "PRIMARY" : "SECONDARY");
                m.put("uptime", down ? 0 : 3600);
                if (i == 0) {
                    m.put("self", true);
                }
                members.add(m);
            }
            Document r = new Document("set", config.setName);
            r.put("date", Instant.now());
            r.put("myState", config.primary ? 1 : 2);
            r.put("members", members);
            r.put("ok", 1.0);
            return r;
        }

        private Document getCmdLineOpts() {
            Document security = new Document("authorization", config.requireAuth ? "enabled" : "disabled");
            if (config.encryption) {
                security.put("enableEncryption", true);
                security.put("encryptionKeyFile", "/etc/mongodb/encryption.key");
            }
            Document parsed = new Document("config", "/etc/mongod.conf");
            parsed.put("net", new Document("bindIp", "0.0.0.0").append("port", 27017));
            parsed.put("storage", new Document("dbPath", "/data/db"));
            parsed.put("security", security);
            if (config.setName != null) {
                parsed.put("replication", new Document("replSetName", config.setName));
            }
            if (config.auditLog) {
                parsed.put("auditLog", new Document("destination", "file").append("format", "JSON")
                        .append("path", "/var/log/mongodb/audit.json"));
            }
            Document r = new Document("argv", List.of("mongod", "--config", "/etc/mongod.conf"));
            r.put("parsed", parsed);
            r.put("ok", 1.0);
            return r;
        }

        // ---- SCRAM (RFC 5802 / RFC 7677) as MongoDB runs it ----

        private Document saslStart(Channel channel, Document query) {
            String mechanism = String.valueOf(query.get("mechanism"));
            Scram.Algorithm algorithm = switch (mechanism) {
                case "SCRAM-SHA-256" -> Scram.Algorithm.SHA_256;
                case "SCRAM-SHA-1" -> Scram.Algorithm.SHA_1;
                default -> throw new MongoServerError(334, "MechanismUnavailable", "Received authentication for mechanism "
                        + mechanism + " which is not enabled");
            };
            String clientFirst = new String(payload(query), StandardCharsets.UTF_8);
            if (!clientFirst.startsWith("n,,")) {
                throw new MongoServerError(17, "ProtocolError", "SCRAM: channel binding is not supported");
            }
            String bare = clientFirst.substring(3);
            Map<String, String> attrs = Scram.attributes(bare);
            String user = Scram.unescape(attrs.getOrDefault("n", ""));
            String clientNonce = attrs.get("r");
            if (!user.equals(config.user) || clientNonce == null || clientNonce.isEmpty()) {
                throw authenticationFailed();
            }
            Scram scram = new Scram(algorithm, user, bare, clientNonce);
            conversations.put(channel, scram);
            Document r = new Document("conversationId", 1);
            r.put("done", false);
            r.put("payload", new BinData(scram.serverFirst().getBytes(StandardCharsets.UTF_8)));
            r.put("ok", 1.0);
            return r;
        }

        private Document saslContinue(Channel channel, Document query) {
            Scram scram = conversations.remove(channel);
            if (scram == null) {
                throw new MongoServerError(17, "ProtocolError", "No SASL session state found");
            }
            String clientFinal = new String(payload(query), StandardCharsets.UTF_8);
            String serverFinal = scram.verify(clientFinal, config.password);
            if (serverFinal == null) {
                throw authenticationFailed();
            }
            authenticated.add(channel);
            Document r = new Document("conversationId", 1);
            r.put("done", true);
            r.put("payload", new BinData(serverFinal.getBytes(StandardCharsets.UTF_8)));
            r.put("ok", 1.0);
            return r;
        }

        private byte[] payload(Document query) {
            Object p = query.get("payload");
            if (p instanceof BinData b) {
                return b.getData();
            }
            if (p instanceof byte[] bytes) {
                return bytes;
            }
            throw new MongoServerError(17, "ProtocolError", "SASL payload missing");
        }

        private MongoServerError authenticationFailed() {
            return new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
        }
    }

    /** One SCRAM conversation, server side. */
    private static final class Scram {
        enum Algorithm {
            SHA_1("SHA-1", "HmacSHA1"), SHA_256("SHA-256", "HmacSHA256");

            final String digest;
            final String hmac;

            Algorithm(String digest, String hmac) {
                this.digest = digest;
                this.hmac = hmac;
            }
        }

        private static final int ITERATIONS = 4096;
        private static final SecureRandom RANDOM = new SecureRandom();

        private final Algorithm algorithm;
        private final String user;
        private final String clientFirstBare;
        private final String nonce;
        private final byte[] salt = new byte[16];
        private final String serverFirst;

        Scram(Algorithm algorithm, String user, String clientFirstBare, String clientNonce) {
            this.algorithm = algorithm;
            this.user = user;
            this.clientFirstBare = clientFirstBare;
            byte[] serverNonce = new byte[18];
            RANDOM.nextBytes(serverNonce);
            RANDOM.nextBytes(salt);
            this.nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
            this.serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + ITERATIONS;
        }

        String serverFirst() {
            return serverFirst;
        }

        /** Checks the client's proof; returns the server-final message ({@code v=...}) or null when the proof is wrong. */
        String verify(String clientFinal, String password) {
            int p = clientFinal.lastIndexOf(",p=");
            if (p < 0) {
                return null;
            }
            String withoutProof = clientFinal.substring(0, p);
            if (!nonce.equals(attributes(withoutProof).get("r"))) {
                return null;
            }
            try {
                byte[] proof = Base64.getDecoder().decode(clientFinal.substring(p + 3));
                // SCRAM-SHA-1 in MongoDB hashes the password first (MONGODB-CR's digest); SCRAM-SHA-256 uses it SASLprepped.
                String secret = algorithm == Algorithm.SHA_1
                        ? HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                                .digest((user + ":mongo:" + password).getBytes(StandardCharsets.UTF_8)))
                        : password;
                byte[] salted = hi(secret.getBytes(StandardCharsets.UTF_8));
                byte[] clientKey = hmac(salted, "Client Key");
                byte[] storedKey = MessageDigest.getInstance(algorithm.digest).digest(clientKey);
                String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
                byte[] clientSignature = hmac(storedKey, authMessage);
                if (proof.length != clientSignature.length) {
                    return null;
                }
                byte[] recovered = new byte[proof.length];
                for (int i = 0; i < proof.length; i++) {
                    recovered[i] = (byte) (proof[i] ^ clientSignature[i]);
                }
                if (!MessageDigest.isEqual(MessageDigest.getInstance(algorithm.digest).digest(recovered), storedKey)) {
                    return null;
                }
                byte[] serverKey = hmac(salted, "Server Key");
                return "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return null;
            }
        }

        private byte[] hi(byte[] secret) throws GeneralSecurityException {
            Mac mac = Mac.getInstance(algorithm.hmac);
            mac.init(new SecretKeySpec(secret, algorithm.hmac));
            mac.update(salt);
            mac.update(new byte[] {0, 0, 0, 1});
            byte[] u = mac.doFinal();
            byte[] result = u.clone();
            for (int i = 1; i < ITERATIONS; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        }

        private byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
            Mac mac = Mac.getInstance(algorithm.hmac);
            mac.init(new SecretKeySpec(key, algorithm.hmac));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        }

        static Map<String, String> attributes(String message) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String part : message.split(",")) {
                int eq = part.indexOf('=');
                if (eq == 1) {
                    out.put(part.substring(0, 1), part.substring(2));
                }
            }
            return out;
        }

        static String unescape(String saslName) {
            return saslName.replace("=2C", ",").replace("=3D", "=");
        }
    }
}
