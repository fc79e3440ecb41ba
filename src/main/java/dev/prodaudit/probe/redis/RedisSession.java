package dev.prodaudit.probe.redis;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.ProbeContext;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLException;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The run's one connection to one Redis (one per target, from {@link dev.prodaudit.probe.SharedClients}, closed
 * when the run ends). Checks run concurrently but a Redis connection answers one command at a time, so each check
 * leases the connection for its few commands ({@link #lease}); the wait for the lease counts against the check's
 * budget.
 *
 * <p>The connection is set up by the probe itself, through the same read-only gate as every other command
 * ({@link ReadOnlyCommands}): jedis is told to send nothing on connect (no credentials, no name, no
 * CLIENT SETINFO), then the session sends AUTH when the URL has a password, {@code CLIENT SETNAME prodaudit} (so
 * the audit's connection is recognisable in CLIENT LIST) and SELECT when the URL names a database other than 0.
 *
 * <p>A server that does not answer within the budget is recorded in {@link HungTargets}: the checks after it report
 * ERROR at once. A failure to connect that will not change within the run (refused, unknown host, TLS, credentials)
 * is remembered and reported by every later check without trying again.
 */
final class RedisSession implements AutoCloseable {
    /** The name the audit gives its own connection with CLIENT SETNAME. */
    static final String CLIENT_NAME = "prodaudit";

    private final RedisTarget target;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Connection connection;
    private ProbeFailure failed;
    private boolean passwordUnused;

    private RedisSession(RedisTarget target) {
        this.target = target;
    }

    static RedisSession of(ProbeContext ctx, RedisTarget target) {
        return ctx.clients().get(target.clientKey(), RedisSession.class, () -> new RedisSession(target));
    }

    /** True when the URL carries a password that the server does not need (it has none configured). */
    boolean passwordUnused() {
        return passwordUnused;
    }

    /**
     * The connection for one check's commands, connected and authenticated; close the lease to hand it on.
     *
     * @throws ProbeFailure when the server cannot be used within the budget
     */
    Lease lease(Deadline deadline, HungTargets hung) throws ProbeFailure {
        earlier(hung);
        boolean locked;
        try {
            locked = lock.tryLock(deadline.left(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "interrupted while waiting for the connection to " + target.endpoint());
        }
        if (!locked) {
            earlier(hung);
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "timed out after " + deadline.budgetMillis()
                    + " ms waiting for the connection to " + target.endpoint() + " (another check is still using it)");
        }
        // The lease owns the lock from here; anything thrown before it is handed out (an Error included) unlocks, or
        // every later check would wait its whole budget for a connection nobody holds.
        boolean leased = false;
        try {
            earlier(hung);
            if (failed != null) {
                throw new ProbeFailure(failed.kind(), failed.getMessage());
            }
            Connection c = connection;
            if (c == null || c.isBroken() || !c.isConnected()) {
                discard();
                c = connect(deadline, hung);
                connection = c;
            }
            Lease lease = new Lease(c, deadline, hung);
            leased = true;
            return lease;
        } finally {
            if (!leased) {
                lock.unlock();
            }
        }
    }

    /**
     * PING on a fresh connection without credentials, closed at once: the answer shows whether the server lets
     * anyone in. Returns the reply ("PONG"), or throws the server's refusal as a {@link RedisError} (NOAUTH).
     */
    static String pingWithoutCredentials(RedisTarget target, Deadline deadline, HungTargets hung) throws ProbeFailure, RedisError {
        Optional<String> earlier = hung.earlierTimeout(target.endpoint());
        if (earlier.isPresent()) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, earlier.get());
        }
        Connection c = open(target, deadline, hung);
        try {
            return text(call(c, target, deadline, hung, List.of("PING")));
        } finally {
            c.close();
        }
    }

    private void earlier(HungTargets hung) throws ProbeFailure {
        Optional<String> earlier = hung.earlierTimeout(target.endpoint());
        if (earlier.isPresent()) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, earlier.get());
        }
    }

    private Connection connect(Deadline deadline, HungTargets hung) throws ProbeFailure {
        Connection c;
        try {
            c = open(target, deadline, hung);
        } catch (ProbeFailure f) {
            remember(f);
            throw f;
        }
        try {
            handshake(c, deadline, hung);
            return c;
        } catch (ProbeFailure f) {
            c.close();
            remember(f);
            throw f;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Failures that will not change within the run are reported by every later check without trying again. */
    private void remember(ProbeFailure f) {
        if (f.kind() != ProbeFailure.Kind.TIMEOUT && f.kind() != ProbeFailure.Kind.IO) {
            failed = f;
        }
    }

    private void handshake(Connection c, Deadline deadline, HungTargets hung) throws ProbeFailure {
        if (target.hasPassword()) {
            List<String> auth = new ArrayList<>(List.of("AUTH"));
            if (target.user() != null) {
                auth.add(target.user());
            }
            auth.add(target.password());
            try {
                call(c, target, deadline, hung, auth);
            } catch (RedisError e) {
                String m = e.getMessage().toLowerCase(Locale.ROOT);
                if (m.contains("without any password configured") || m.contains("no password is set")) {
                    // Redis has no password: the URL's password is not needed. The connection is usable, and the
                    // auth check says what this means.
                    passwordUnused = true;
                } else {
                    throw new ProbeFailure(ProbeFailure.Kind.AUTH, "Redis at " + target.endpoint()
                            + " refused the credentials of " + target + " (" + e.getMessage() + ")");
                }
            }
        }
        boolean named;
        try {
            call(c, target, deadline, hung, List.of("CLIENT", "SETNAME", CLIENT_NAME));
            named = true;
        } catch (RedisError e) {
            noAuth(e);
            if (!e.unavailable()) {
                throw new ProbeFailure(ProbeFailure.Kind.IO, "Redis at " + target.endpoint() + " answered CLIENT SETNAME with " + e.getMessage());
            }
            named = false; // some managed services do not support naming connections
        }
        if (!named) {
            try {
                call(c, target, deadline, hung, List.of("PING"));
            } catch (RedisError e) {
                noAuth(e);
                throw new ProbeFailure(ProbeFailure.Kind.IO, "Redis at " + target.endpoint() + " answered PING with " + e.getMessage());
            }
        }
        if (target.database() != 0) {
            try {
                call(c, target, deadline, hung, List.of("SELECT", Integer.toString(target.database())));
            } catch (RedisError e) {
                throw new ProbeFailure(ProbeFailure.Kind.IO, "cannot select database " + target.database() + " of "
                        + target.endpoint() + ": " + e.getMessage());
            }
        }
    }

    private void noAuth(RedisError e) throws ProbeFailure {
        if (e.getMessage().startsWith("NOAUTH")) {
            throw new ProbeFailure(ProbeFailure.Kind.AUTH, "Redis at " + target.endpoint()
                    + " requires a password (NOAUTH) and " + target + " carries none");
        }
    }

    /** A TCP (or TLS) connection on which jedis itself sends nothing: no credentials, no name, no CLIENT SETINFO. */
    private static Connection open(RedisTarget target, Deadline deadline, HungTargets hung) throws ProbeFailure {
        long left = deadline.left();
        if (left <= 0) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "timed out after " + deadline.budgetMillis()
                    + " ms: no time left to connect to " + target.endpoint());
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) left)
                .socketTimeoutMillis((int) left)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (target.tls()) {
            config.ssl(true).sslSocketFactory(RedisTls.socketFactory(target.caFile())).sslParameters(RedisTls.parameters());
        }
        try {
            return new Connection(new HostAndPort(target.host(), target.port()), config.build());
        } catch (JedisConnectionException e) {
            throw failure(e, target, left, "connect", hung);
        }
    }

    /** Sends one allowed command within the deadline and reads its reply. */
    private static Object call(Connection c, RedisTarget target, Deadline deadline, HungTargets hung, List<String> argv)
            throws ProbeFailure, RedisError {
        ReadOnlyCommands.require(argv);
        String what = what(argv);
        long left = deadline.left();
        if (left <= 0) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "timed out after " + deadline.budgetMillis()
                    + " ms: no time left for " + what + " on " + target.endpoint());
        }
        CommandArguments args = new CommandArguments(Protocol.Command.valueOf(argv.get(0).toUpperCase(Locale.ROOT)));
        for (String a : argv.subList(1, argv.size())) {
            args.add(a);
        }
        try {
            c.setSoTimeout((int) left);
            return c.executeCommand(args);
        } catch (JedisConnectionException e) {
            c.setBroken();
            throw failure(e, target, left, what, hung);
        } catch (JedisDataException e) {
            throw new RedisError(firstLine(e.getMessage()));
        } catch (JedisException e) {
            c.setBroken();
            throw new ProbeFailure(ProbeFailure.Kind.IO, what + " on " + target.endpoint() + " failed: " + firstLine(e.getMessage()));
        }
    }

    private static ProbeFailure failure(JedisConnectionException e, RedisTarget target, long left, String what, HungTargets hung) {
        String endpoint = target.endpoint();
        if (find(e, SocketTimeoutException.class) != null) {
            if (!Thread.currentThread().isInterrupted()) {
                hung.timedOut(endpoint, left);
            }
            return new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "timed out after " + left + " ms: " + endpoint
                    + (what.equals("connect") ? " did not accept the connection" : " did not answer " + what));
        }
        if (find(e, ConnectException.class) != null) {
            return new ProbeFailure(ProbeFailure.Kind.REFUSED, "connection refused by " + endpoint + " (" + target + ")");
        }
        if (find(e, UnknownHostException.class) != null) {
            return new ProbeFailure(ProbeFailure.Kind.DNS, "cannot resolve " + target.host() + " (" + target + ")");
        }
        if (find(e, NoRouteToHostException.class) != null) {
            return new ProbeFailure(ProbeFailure.Kind.REFUSED, "no route to " + endpoint + " (" + target + ")");
        }
        SSLException tls = find(e, SSLException.class);
        if (tls != null) {
            return new ProbeFailure(ProbeFailure.Kind.TLS, "TLS handshake with " + endpoint + " failed ("
                    + firstLine(ProbeFailure.reason(e)) + "); if its CA is private, pass it with --ca-file");
        }
        return new ProbeFailure(ProbeFailure.Kind.IO, (what.equals("connect") ? "cannot connect to " + endpoint : what + " on " + endpoint
                + " failed") + ": " + firstLine(ProbeFailure.reason(innermost(e), "Redis")));
    }

    /**
     * The first exception of a type among the causes and suppressed exceptions. jedis reports a failed connect as
     * "Failed to connect to host:port" with the socket's exception (refused, timed out) suppressed, one per
     * address tried; a TLS failure arrives as the cause of the first read or write.
     */
    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(List.of(e));
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            todo.addAll(List.of(t.getSuppressed()));
        }
        return null;
    }

    private static Throwable innermost(Throwable e) {
        Throwable t = e;
        for (int depth = 0; depth < 10; depth++) {
            if (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            } else if (t.getSuppressed().length > 0) {
                t = t.getSuppressed()[0];
            } else {
                break;
            }
        }
        return t;
    }

    /** The command and its subcommand, never an argument (AUTH's would be the password). */
    private static String what(List<String> argv) {
        String name = argv.get(0).toUpperCase(Locale.ROOT);
        if ((name.equals("CLIENT") || name.equals("CONFIG")) && argv.size() > 1) {
            return name + " " + argv.get(1).toUpperCase(Locale.ROOT);
        }
        return name;
    }

    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        String one = message.lines().findFirst().orElse(message).strip();
        return one.length() <= 160 ? one : one.substring(0, 159) + "…";
    }

    /** A bulk or status reply as text (null for a nil reply). */
    static String text(Object reply) {
        if (reply == null) {
            return null;
        }
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return reply.toString();
    }

    private void discard() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() {
        // Without the lock: a check stuck on a hung server holds it, and closing the socket is what frees it.
        discard();
    }

    /** The connection, held by one check until closed. */
    final class Lease implements AutoCloseable {
        private final Connection c;
        private final Deadline deadline;
        private final HungTargets hung;
        private boolean closed;

        private Lease(Connection c, Deadline deadline, HungTargets hung) {
            this.c = c;
            this.deadline = deadline;
            this.hung = hung;
        }

        /** One command; argv must be on the read-only allow-list. */
        Object call(String... argv) throws ProbeFailure, RedisError {
            try {
                return RedisSession.call(c, target, deadline, hung, List.of(argv));
            } catch (ProbeFailure f) {
                if (connection == c) {
                    discard();
                }
                throw f;
            }
        }

        String text(String... argv) throws ProbeFailure, RedisError {
            return RedisSession.text(call(argv));
        }

        boolean passwordUnused() {
            return passwordUnused;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                lock.unlock();
            }
        }
    }
}
