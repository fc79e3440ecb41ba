package dev.prodaudit.probe.mongodb;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Deadline;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ReadPreference;
import com.mongodb.client.MongoDatabase;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.Reachability;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The MongoDB commands of one check, all within the check's time budget (its timeout less a small margin, so the
 * probe reports "timed out after N ms" with the endpoint before the engine's watchdog would). A deployment that timed
 * out is recorded in {@link HungTargets} and every later command to it in this run fails at once with the same reason.
 *
 * <p>Only the commands of {@link #READ_ONLY} can be sent: the audit never writes, never creates an index.
 */
final class MongoSession {
    /**
     * The commands a probe may send. Anything else is a bug in the probe, not a configuration choice. (The driver adds
     * its own connection handshake, hello/isMaster, saslStart/saslContinue, and endSessions when a client closes.)
     */
    static final Set<String> READ_ONLY = Set.of("hello", "isMaster", "ping", "buildInfo", "listDatabases", "find",
            "listCollections", "listIndexes", "replSetGetStatus", "getCmdLineOpts", "serverStatus", "connectionStatus",
            "getParameter");

    private final ProbeContext ctx;
    private final MongoTarget target;
    private final HungTargets hung;
    private final long budgetMillis;
    private final long deadline;

    private final long startNanos;

    private MongoSession(ProbeContext ctx, MongoTarget target, long budgetMillis, long startNanos) {
        this.ctx = ctx;
        this.target = target;
        this.hung = HungTargets.of(ctx);
        this.budgetMillis = budgetMillis;
        this.startNanos = startNanos;
        this.deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    }

    /** A session whose budget counts from {@code startNanos} ({@link System#nanoTime()} when the probe started). */
    static MongoSession open(ProbeContext ctx, MongoTarget target, long startNanos) {
        return new MongoSession(ctx, target, budget(ctx.timeout().toMillis()), startNanos);
    }

    /** A little under the check's timeout: a tenth of it, at least 50 ms and at most 250 ms less. */
    static long budget(long timeoutMillis) {
        return Deadline.budget(timeoutMillis);
    }

    /** Runs a read-only command with MONGODB_URI's credentials. */
    Document run(String database, Document command) throws ProbeFailure {
        refuseWhenNothingListens();
        return send(connection("mongodb:" + target.uri(), target.connection()), database, command);
    }

    /**
     * Before the driver starts its client (its monitor threads and server selection cost a few hundred ms even when
     * every port refuses): when no host of a {@code mongodb://} URI accepts a TCP connection, the command fails at once
     * with the first host's refusal. A {@code mongodb+srv://} URI names its hosts in DNS, which the driver reads.
     */
    private void refuseWhenNothingListens() throws ProbeFailure {
        if (target.srv()) {
            return;
        }
        ProbeFailure first = null;
        for (String h : target.connection().getHosts()) {
            int colon = h.lastIndexOf(':');
            boolean hasPort = colon > h.lastIndexOf(']');
            String host = hasPort ? h.substring(0, colon) : h;
            int port;
            try {
                port = hasPort ? Integer.parseInt(h.substring(colon + 1)) : 27017;
            } catch (NumberFormatException e) {
                return; // the driver's own parsing decides what such a host means
            }
            host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            Optional<ProbeFailure> down = Reachability.unreachable(ctx, "", host, port,
                    Deadline.of(ctx.timeout(), startNanos));
            if (down.isEmpty()) {
                return;
            }
            first = first == null ? down.get() : first;
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * {@link #run}, with the server's refusal of the command (a {@code MongoCommandException}) as a {@link Refused}:
     * the probe classes catch that instead of the driver's type, because a catch clause makes the verifier load the
     * exception class when ServiceLoader instantiates the probe, in every run, MongoDB checks or not.
     */
    Document command(String database, Document command) throws ProbeFailure, Refused {
        try {
            return run(database, command);
        } catch (com.mongodb.MongoCommandException e) {
            throw new Refused(MongoErrors.describe(e), MongoErrors.unauthorized(e));
        }
    }

    /** The server answered a command with an error: {@code why} as {@link MongoErrors#describe} words it. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final String why;
        private final boolean unauthorized;

        Refused(String why, boolean unauthorized) {
            super(why, null, false, false);
            this.why = why;
            this.unauthorized = unauthorized;
        }

        String why() {
            return why;
        }

        boolean unauthorized() {
            return unauthorized;
        }
    }

    /**
     * Runs a read-only command from a client on the same hosts without any credentials (the {@code auth} check). When
     * MONGODB_URI carries none, that is the run's ordinary client.
     */
    Document runUnauthenticated(String database, Document command) throws ProbeFailure {
        if (target.credential() == null) {
            return run(database, command);
        }
        com.mongodb.ConnectionString anonymous;
        try {
            anonymous = target.noAuthConnection();
        } catch (IllegalArgumentException | MongoException e) {
            throw new ProbeFailure(ProbeFailure.Kind.IO, "cannot build a client without credentials for " + target.endpoint()
                    + ": " + MongoErrors.oneLine(e));
        }
        return send(connection("mongodb-noauth:" + target.noAuthUri(), anonymous), database, command);
    }

    private MongoConnection connection(String key, com.mongodb.ConnectionString uri) throws ProbeFailure {
        try {
            return MongoConnection.of(ctx, key, uri, budgetMillis);
        } catch (java.io.UncheckedIOException e) {
            throw new ProbeFailure(ProbeFailure.Kind.IO, e.getCause().getMessage());
        } catch (IllegalArgumentException | MongoException e) {
            throw new ProbeFailure(ProbeFailure.Kind.IO, "cannot build a MongoDB client for " + target.endpoint() + ": "
                    + MongoErrors.oneLine(e));
        }
    }

    private Document send(MongoConnection conn, String database, Document command) throws ProbeFailure {
        String name = command.keySet().iterator().next();
        if (!READ_ONLY.contains(name)) {
            throw new IllegalArgumentException("the audit sends only read-only MongoDB commands, not " + name);
        }
        String endpoint = target.endpoint();
        Optional<String> earlier = hung.earlierTimeout(endpoint);
        if (earlier.isPresent()) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, earlier.get());
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "timed out after " + budgetMillis + " ms: no time left for "
                    + name + " on " + endpoint);
        }
        long waitStart = System.nanoTime();
        try {
            conn.awaitReachable(deadline);
        } catch (ProbeFailure e) {
            if (e.kind() == ProbeFailure.Kind.TIMEOUT) {
                // Nothing answered the driver's handshake within the budget: the server hangs (or the network drops
                // packets). Later checks against it in this run are told at once.
                if (left >= budgetMillis / 2 && !Thread.currentThread().isInterrupted()) {
                    hung.timedOut(endpoint, left);
                }
                // The time actually waited: the driver's own socket timeout can end the wait well before the budget.
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitStart);
                throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "timed out after " + waited + " ms: " + endpoint
                        + (e.getMessage() == null ? " did not answer the connection handshake" : ": " + e.getMessage()));
            }
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "interrupted while connecting to " + endpoint);
        }
        long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        try {
            MongoDatabase db = conn.client().getDatabase(database)
                    .withReadPreference(ReadPreference.primaryPreferred())
                    .withTimeout(remaining, TimeUnit.MILLISECONDS);
            return db.runCommand(command);
        } catch (MongoCommandException e) {
            throw e;
        } catch (MongoTimeoutException e) {
            if (remaining >= budgetMillis / 2 && !Thread.currentThread().isInterrupted()) {
                hung.timedOut(endpoint, remaining);
            }
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "timed out after " + remaining + " ms: " + name + " on " + endpoint);
        } catch (MongoInterruptedException e) {
            throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, "interrupted while waiting for " + name + " on " + endpoint);
        } catch (MongoException e) {
            throw translate(e, name, endpoint);
        }
    }

    /**
     * The reason behind a driver failure. Wrappers are looked through: after a failed authentication (or a dropped
     * connection) the driver pauses the pool and concurrent commands fail with "Connection pool ... is paused because
     * another operation failed", whose cause is the failure that matters.
     */
    static ProbeFailure translate(MongoException e, String command, String endpoint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MongoSecurityException s) {
                return MongoErrors.authFailed(s);
            }
            if (t instanceof MongoSocketException s) {
                return MongoErrors.unreachable(s.getServerAddress(), s);
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new ProbeFailure(ProbeFailure.Kind.IO, command + " on " + endpoint + " failed: " + MongoErrors.oneLine(root));
    }
}
