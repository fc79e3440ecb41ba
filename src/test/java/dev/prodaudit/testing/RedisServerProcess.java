package dev.prodaudit.testing;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;

/**
 * A real {@code redis-server} for tests: started on a free loopback port with the configuration a test asks for,
 * in a temporary directory that {@link #close()} deletes. Nothing is mocked: the probe under test talks to Redis
 * over a real socket.
 *
 * <pre>
 * try (RedisServerProcess redis = RedisServerProcess.builder().password("s3cret-pass").appendonly(true).start()) {
 *     redis.url();                                  // redis://:s3cret-pass@127.0.0.1:40123
 *     redis.addQueue(RedisServerProcess.Queue.named("notion-sync").waiting(3).failed(1));
 *     try (var worker = redis.bullWorker("notion-sync"); var monitor = redis.monitor()) {
 *         ... run the audit ...
 *         List&lt;RedisServerProcess.Command&gt; seen = monitor.stop();
 *     }
 * }
 * </pre>
 *
 * Tests that need one call {@link #assumeAvailable()} first: without a {@code redis-server} on the PATH (or in
 * /usr/bin, /usr/local/bin) they are skipped with a message saying how to install it; CI installs it via .ci/run.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path root;
    private final Path dataDir;
    private final int port;
    private final String password;
    /** Set when the server speaks TLS only: a client socket factory that trusts its CA. */
    private final SSLSocketFactory tls;

    private RedisServerProcess(Process process, Path root, Path dataDir, int port, String password, SSLSocketFactory tls) {
        this.process = process;
        this.root = root;
        this.dataDir = dataDir;
        this.port = port;
        this.password = password;
        this.tls = tls;
    }

    // ---- finding the binary ----

    /** The redis-server binary, if installed. */
    public static Optional<Path> binary() {
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    candidates.add(Path.of(dir, "redis-server"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/redis-server"));
        candidates.add(Path.of("/usr/local/bin/redis-server"));
        return candidates.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
    }

    public static boolean available() {
        return binary().isPresent();
    }

    /** Skips the calling test (JUnit assumption) when redis-server is not installed. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(available(), "redis-server is not installed, so the Redis tests are skipped;"
                + " install it with `apt-get install redis-server` (CI does, via .ci/run)");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How the server is configured; every setting is a line of its redis.conf. */
    public static final class Builder {
        private String password;
        private boolean appendonly;
        private String save = "";
        private String maxmemory;
        private String maxmemoryPolicy;
        private boolean configDisabled;
        private HeldCertificate tlsServer;
        private HeldCertificate tlsCa;
        private final List<String> extra = new ArrayList<>();

        /** {@code requirepass}: clients must AUTH with it. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** {@code appendonly yes|no} (default no). */
        public Builder appendonly(boolean on) {
            this.appendonly = on;
            return this;
        }

        /** {@code save "<schedule>"}, e.g. "3600 1 300 100"; "" (the default here) turns RDB snapshots off. */
        public Builder save(String schedule) {
            this.save = schedule;
            return this;
        }

        /** {@code maxmemory}, e.g. "64mb" (default: unset, i.e. 0, no limit). */
        public Builder maxmemory(String maxmemory) {
            this.maxmemory = maxmemory;
            return this;
        }

        /** {@code maxmemory-policy}, e.g. "noeviction" or "allkeys-lru" (Redis's default is noeviction). */
        public Builder maxmemoryPolicy(String policy) {
            this.maxmemoryPolicy = policy;
            return this;
        }

        /** {@code rename-command CONFIG ""}: CONFIG is gone, as on managed Redis services. */
        public Builder configDisabled() {
            this.configDisabled = true;
            return this;
        }

        /**
         * TLS only ({@code port 0}, {@code tls-port}): the server presents {@code server} (issued by {@code ca}, e.g.
         * okhttp-tls {@link HeldCertificate}s for 127.0.0.1) and does not ask clients for certificates;
         * {@link #url()} becomes {@code rediss://}. The helper's own connections trust {@code ca}.
         */
        public Builder tls(HeldCertificate server, HeldCertificate ca) {
            this.tlsServer = server;
            this.tlsCa = ca;
            return this;
        }

        /** Any other redis.conf line. */
        public Builder line(String configLine) {
            this.extra.add(configLine);
            return this;
        }

        /** A persistence-ready configuration: RDB snapshots on, AOF on, a memory cap and noeviction. */
        public Builder productionLike() {
            return save("3600 1 300 100").appendonly(true).maxmemory("64mb").maxmemoryPolicy("noeviction");
        }

        public RedisServerProcess start() throws IOException {
            Path binary = binary().orElseThrow(() -> new IllegalStateException("redis-server is not installed"));
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                Path root = Files.createTempDirectory("prodaudit-redis-");
                Path data = Files.createDirectories(root.resolve("data"));
                int port = freePort();
                List<String> conf = new ArrayList<>();
                SSLSocketFactory clientTls = null;
                if (tlsServer != null) {
                    Path cert = root.resolve("server.crt");
                    Path key = root.resolve("server.key");
                    Path ca = root.resolve("ca.crt");
                    Files.writeString(cert, tlsServer.certificatePem(), StandardCharsets.US_ASCII);
                    Files.writeString(key, tlsServer.privateKeyPkcs8Pem(), StandardCharsets.US_ASCII);
                    Files.writeString(ca, tlsCa.certificatePem(), StandardCharsets.US_ASCII);
                    conf.add("port 0");
                    conf.add("tls-port " + port);
                    conf.add("tls-cert-file " + quote(cert.toString()));
                    conf.add("tls-key-file " + quote(key.toString()));
                    conf.add("tls-ca-cert-file " + quote(ca.toString()));
                    conf.add("tls-auth-clients no");
                    clientTls = new HandshakeCertificates.Builder().addTrustedCertificate(tlsCa.certificate()).build()
                            .sslSocketFactory();
                } else {
                    conf.add("port " + port);
                }
                conf.add("bind 127.0.0.1");
                conf.add("daemonize no");
                conf.add("logfile \"\"");
                conf.add("dir " + quote(data.toString()));
                conf.add("save " + quote(save));
                conf.add("appendonly " + (appendonly ? "yes" : "no"));
                if (password != null) {
                    conf.add("requirepass " + quote(password));
                }
                if (maxmemory != null) {
                    conf.add("maxmemory " + maxmemory);
                }
                if (maxmemoryPolicy != null) {
                    conf.add("maxmemory-policy " + maxmemoryPolicy);
                }
                if (configDisabled) {
                    conf.add("rename-command CONFIG \"\"");
                }
                conf.addAll(extra);
                Path confFile = root.resolve("redis.conf");
                Files.write(confFile, conf, StandardCharsets.UTF_8);
                Path log = root.resolve("redis.log");
                Process p = new ProcessBuilder(binary.toString(), confFile.toString())
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                RedisServerProcess server = new RedisServerProcess(p, root, data, port, password, clientTls);
                try {
                    server.awaitAnswer();
                    return server;
                } catch (IOException e) {
                    last = e;
                    server.close();
                }
            }
            throw last;
        }

        private static String quote(String value) {
            return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until the server answers PING (PONG, or NOAUTH when it has a password). */
    private void awaitAnswer() throws IOException {
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = socket(500)) {
                s.setSoTimeout(1000);
                s.getOutputStream().write(resp("PING"));
                String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                if (reply != null && (reply.equals("+PONG") || reply.startsWith("-NOAUTH"))) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(20);
        }
        throw new IOException("redis-server did not answer within " + START_TIMEOUT.toSeconds() + " s: " + log());
    }

    /** A connected client socket, over TLS when the server speaks TLS. */
    private Socket socket(int connectTimeoutMillis) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), connectTimeoutMillis);
        if (tls == null) {
            return plain;
        }
        SSLSocket s = (SSLSocket) tls.createSocket(plain, host(), port, true);
        s.startHandshake();
        return s;
    }

    // ---- where it is ----

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The requirepass password, or null. */
    public String password() {
        return password;
    }

    /** {@code redis://[:password@]127.0.0.1:port}, as REDIS_URL would give it. */
    public String url() {
        return scheme() + "://" + (password == null ? "" : ":" + password + "@") + host() + ":" + port;
    }

    private String scheme() {
        return tls == null ? "redis" : "rediss";
    }

    /** The URL without the password, whatever the server requires. */
    public String urlWithoutPassword() {
        return scheme() + "://" + host() + ":" + port;
    }

    /** The URL with another password. */
    public String urlWithPassword(String other) {
        return scheme() + "://:" + other + "@" + host() + ":" + port;
    }

    /** The server's data directory ({@code dir}). */
    public Path dataDir() {
        return dataDir;
    }

    /** What the server logged so far. */
    public String log() {
        try {
            return Files.readString(root.resolve("redis.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    // ---- admin: setting up state before an audit ----

    /**
     * A new connection with the server's password, for setting up state before an audit (never during one: the
     * read-only tests record every command). The caller closes it.
     */
    public Jedis admin() {
        return connect(null);
    }

    private Jedis connect(String clientName) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(5000)
                .socketTimeoutMillis(5000)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (password != null) {
            config.password(password);
        }
        if (tls != null) {
            config.ssl(true).sslSocketFactory(tls);
        }
        if (clientName != null) {
            config.clientName(clientName);
        }
        return new Jedis(new HostAndPort(host(), port), config.build());
    }

    /** BGSAVE, and waits until it has finished; returns rdb_last_bgsave_status (ok or err). */
    public String bgsave() {
        try (Jedis j = admin()) {
            long before = infoNumber(j, "rdb_saves");
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try {
                    j.bgsave();
                    break;
                } catch (redis.clients.jedis.exceptions.JedisDataException busy) {
                    // an AOF rewrite or another save is running (e.g. the initial AOF at start-up): try again
                    if (System.nanoTime() > end) {
                        throw busy;
                    }
                    sleep(20);
                }
            }
            while (System.nanoTime() < end) {
                String info = j.info("persistence");
                if (field(info, "rdb_bgsave_in_progress").equals("0") && infoNumber(j, "rdb_saves") > before) {
                    return field(info, "rdb_last_bgsave_status");
                }
                sleep(20);
            }
            throw new IllegalStateException("BGSAVE did not finish within 10 s");
        }
    }

    /**
     * Makes the next RDB save fail: deletes the data directory under the running server (which fails even for
     * root, unlike a read-only directory), then runs BGSAVE. Afterwards INFO says rdb_last_bgsave_status:err.
     */
    public void failNextSave() throws IOException {
        deleteTree(dataDir);
        String status = bgsave();
        if (!status.equals("err")) {
            throw new IllegalStateException("BGSAVE into a deleted directory did not fail: " + status);
        }
    }

    private static long infoNumber(Jedis j, String name) {
        String v = field(j.info("persistence"), name);
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return "";
    }

    // ---- BullMQ ----

    /** The client name BullMQ gives a worker's connection: {@code <prefix>:<base64(queue)>} (bullmq QueueBase.clientName). */
    public static String bullClientName(String prefix, String queue) {
        return prefix + ":" + Base64.getEncoder().encodeToString(queue.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A fake BullMQ worker of {@code queue} under the prefix {@code bull}: a connection that names itself as a BullMQ
     * worker's blocking connection does (CLIENT SETNAME {@code bull:<base64(queue)>}) and stays open until closed.
     */
    public Jedis bullWorker(String queue) {
        return bullWorker("bull", queue, null);
    }

    /**
     * A fake BullMQ worker: named {@code <prefix>:<base64(queue)>}, or {@code <prefix>:<base64(queue)>:w:<workerName>}
     * when the worker has a name, exactly as BullMQ's Worker names its blocking connection. The connection is made
     * (and named) at once; close it to make the worker go away.
     */
    public Jedis bullWorker(String prefix, String queue, String workerName) {
        String name = bullClientName(prefix, queue) + (workerName == null ? "" : ":w:" + workerName);
        Jedis worker = connect(name);
        worker.ping(); // connected and named now, not on first use
        return worker;
    }

    /** The jobs of a BullMQ queue to create with {@link #addQueue}. */
    public record Queue(String prefix, String name, int waiting, int active, int failed, int delayed, int completed,
                        boolean paused) {
        public static Queue named(String name) {
            return new Queue("bull", name, 0, 0, 0, 0, 0, false);
        }

        public Queue prefix(String p) {
            return new Queue(p, name, waiting, active, failed, delayed, completed, paused);
        }

        public Queue waiting(int n) {
            return new Queue(prefix, name, n, active, failed, delayed, completed, paused);
        }

        public Queue active(int n) {
            return new Queue(prefix, name, waiting, n, failed, delayed, completed, paused);
        }

        public Queue failed(int n) {
            return new Queue(prefix, name, waiting, active, n, delayed, completed, paused);
        }

        public Queue delayed(int n) {
            return new Queue(prefix, name, waiting, active, failed, n, completed, paused);
        }

        public Queue completed(int n) {
            return new Queue(prefix, name, waiting, active, failed, delayed, n, paused);
        }

        /** Paused as Queue.pause() leaves it: {@code paused 1} in the meta hash. */
        public Queue paused(boolean p) {
            return new Queue(prefix, name, waiting, active, failed, delayed, completed, p);
        }
    }

    /**
     * Creates a BullMQ queue's keys through an admin connection, laid out as BullMQ 5 lays them out: a job hash per
     * job ({@code <prefix>:<queue>:<id>}), the {@code id} counter, the {@code wait} and {@code active} lists, the
     * {@code failed}, {@code completed} and {@code delayed} sorted sets, the {@code meta} hash (with
     * {@code paused 1} when paused) and the {@code events} stream.
     */
    public void addQueue(Queue q) {
        String base = q.prefix() + ":" + q.name() + ":";
        long now = System.currentTimeMillis();
        try (Jedis j = admin()) {
            j.hset(base + "meta", "opts.maxLenEvents", "10000");
            j.hset(base + "meta", "version", "bullmq:5.34.0");
            if (q.paused()) {
                j.hset(base + "meta", "paused", "1");
            }
            for (int i = 0; i < q.waiting(); i++) {
                j.lpush(base + "wait", job(j, base, now));
            }
            for (int i = 0; i < q.active(); i++) {
                j.lpush(base + "active", job(j, base, now));
            }
            for (int i = 0; i < q.failed(); i++) {
                j.zadd(base + "failed", now, job(j, base, now));
            }
            for (int i = 0; i < q.completed(); i++) {
                j.zadd(base + "completed", now, job(j, base, now));
            }
            for (int i = 0; i < q.delayed(); i++) {
                String id = job(j, base, now);
                j.zadd(base + "delayed", (double) (now + 60_000) * 0x1000 + Long.parseLong(id) % 0x1000, id);
            }
            j.xadd(base + "events", StreamEntryID.NEW_ENTRY, java.util.Map.of("event", "added"));
        }
    }

    private static String job(Jedis j, String base, long now) {
        String id = Long.toString(j.incr(base + "id"));
        j.hset(base + id, java.util.Map.of("name", "sync", "data", "{}", "opts", "{}", "timestamp", Long.toString(now)));
        return id;
    }

    // ---- what the server was asked ----

    /**
     * INFO commandstats: how often each command was called, as {@code config|get}, {@code client|list}, {@code get}
     * (calls plus rejected and failed calls). This sees what MONITOR cannot: Redis never shows admin commands such
     * as CONFIG (GET or SET) and CLIENT LIST to MONITOR, so a read-only test takes the difference of two
     * snapshots around the audit as well ({@link #commandsCalled}).
     */
    public java.util.Map<String, Long> commandStats() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        try (Jedis j = admin()) {
            for (String line : j.info("commandstats").split("\r?\n")) {
                if (!line.startsWith("cmdstat_")) {
                    continue;
                }
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                long total = 0;
                for (String kv : line.substring(line.indexOf(':') + 1).split(",")) {
                    String[] p = kv.split("=", 2);
                    if (p.length == 2 && (p[0].equals("calls") || p[0].equals("rejected_calls") || p[0].equals("failed_calls"))) {
                        total += Long.parseLong(p[1]);
                    }
                }
                out.put(name, total);
            }
        }
        return out;
    }

    /** The commands called since {@code before} (a {@link #commandStats()} snapshot), with how often. */
    public java.util.Map<String, Long> commandsCalled(java.util.Map<String, Long> before) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        commandStats().forEach((name, n) -> {
            long delta = n - before.getOrDefault(name, 0L);
            if (delta > 0) {
                out.put(name, delta);
            }
        });
        return out;
    }

    // ---- MONITOR ----

    /** One command the server received, as MONITOR reports it. */
    public record Command(String client, List<String> argv, String raw) {
        public String name() {
            return argv.isEmpty() ? "" : argv.get(0).toUpperCase(Locale.ROOT);
        }
    }

    /**
     * Starts recording every command the server executes, from every client, until {@link Monitor#stop()}. Returns
     * once the server has confirmed MONITOR, so everything sent afterwards is recorded. Redis leaves two kinds of
     * command out of MONITOR: admin commands (CONFIG, CLIENT LIST, ...: use {@link #commandStats()} for those) and
     * commands it rejects before running them (a PING refused with NOAUTH, an unknown command); it shows AUTH and
     * HELLO with their credentials replaced by "(redacted)".
     */
    public Monitor monitor() throws IOException {
        return new Monitor();
    }

    /** A MONITOR connection (raw RESP over a socket) and what it recorded. */
    public final class Monitor implements Closeable {
        private final Socket socket;
        private final BufferedReader in;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread reader;

        private Monitor() throws IOException {
            socket = socket(5000);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            if (password != null) {
                out.write(resp("AUTH", password));
                expectOk(in.readLine(), "AUTH");
            }
            out.write(resp("MONITOR"));
            expectOk(in.readLine(), "MONITOR");
            socket.setSoTimeout(0);
            reader = new Thread(() -> {
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line.startsWith("+") ? line.substring(1) : line);
                    }
                } catch (IOException closed) {
                    // stop() closes the socket
                }
            }, "redis-monitor-" + port);
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Stops recording and returns every command received since {@link #monitor()} (the end is marked with a PING
         * from a connection of its own, which is left out, as is that connection's AUTH).
         */
        public List<Command> stop() throws IOException {
            String marker = "prodaudit-monitor-end-" + UUID.randomUUID();
            String markerClient;
            try (Socket s = socket(5000)) {
                s.setSoTimeout(5000);
                markerClient = "127.0.0.1:" + s.getLocalPort();
                BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                if (password != null) {
                    s.getOutputStream().write(resp("AUTH", password));
                    expectOk(r.readLine(), "AUTH");
                }
                s.getOutputStream().write(resp("PING", marker));
                r.readLine();
            }
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lines.stream().noneMatch(l -> l.contains(marker))) {
                if (System.nanoTime() > end) {
                    throw new IOException("MONITOR did not report the end marker within 10 s");
                }
                sleep(10);
            }
            close();
            List<Command> out = new ArrayList<>();
            for (String line : lines) {
                if (line.contains(marker)) {
                    break;
                }
                Command c = parse(line);
                if (!c.client().equals(markerClient)) {
                    out.add(c);
                }
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void expectOk(String reply, String what) throws IOException {
        if (!"+OK".equals(reply)) {
            throw new IOException(what + " answered " + reply);
        }
    }

    /** {@code 1700000000.123456 [0 127.0.0.1:5555] "CONFIG" "GET" "save"}: client and arguments, unescaped. */
    static Command parse(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open + 1);
        String client = "";
        if (open >= 0 && close > open) {
            String inside = line.substring(open + 1, close).strip();
            int space = inside.indexOf(' ');
            client = space >= 0 ? inside.substring(space + 1) : inside;
        }
        List<String> argv = new ArrayList<>();
        int i = close + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c != '"') {
                i++;
                continue;
            }
            StringBuilder arg = new StringBuilder();
            i++;
            while (i < line.length() && line.charAt(i) != '"') {
                char d = line.charAt(i);
                if (d == '\\' && i + 1 < line.length()) {
                    char e = line.charAt(i + 1);
                    switch (e) {
                        case 'n' -> arg.append('\n');
                        case 'r' -> arg.append('\r');
                        case 't' -> arg.append('\t');
                        case 'a' -> arg.append((char) 7);
                        case 'b' -> arg.append('\b');
                        case 'x' -> {
                            if (i + 3 < line.length()) {
                                arg.append((char) Integer.parseInt(line.substring(i + 2, i + 4), 16));
                                i += 2;
                            }
                        }
                        default -> arg.append(e);
                    }
                    i += 2;
                } else {
                    arg.append(d);
                    i++;
                }
            }
            argv.add(arg.toString());
            i++;
        }
        return new Command(client, List.copyOf(argv), line);
    }

    private static byte[] resp(String... argv) {
        StringBuilder b = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- stopping ----

    /**
     * Kills the server and deletes its directory. SIGKILL, not SIGTERM: on SIGTERM a server with a save schedule
     * saves first, and one whose save fails (see {@link #failNextSave()}) refuses to exit; the data is disposable.
     */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            deleteTree(root);
        } catch (IOException ignored) {
            // a leftover temporary directory is harmless
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
