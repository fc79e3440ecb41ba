package dev.prodaudit.probe.mongodb;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.CaTrust;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import dev.prodaudit.probe.ProbeContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One driver client per connection string per run, shared by every MongoDB check through
 * {@link dev.prodaudit.probe.SharedClients} and closed when the run ends. Connect, server-selection and socket
 * timeouts are a few seconds and never more than the first check's budget; retries are off (a retry would hide a
 * flaky server and double the time a hung one costs). TLS trusts the system's CAs plus those of {@code targets.caFile}
 * ({@code --ca-file}), as the HTTPS checks do.
 *
 * <p>Before a command is sent, {@link #awaitReachable} waits for the driver's monitor to describe a server: a
 * refused port or an unknown host is then reported as soon as the monitor sees it, not after a server-selection
 * timeout, and a server that accepts TCP but never answers costs the check's budget once.
 */
final class MongoConnection implements AutoCloseable {
    /** "A few seconds": the longest connect, server-selection and socket timeout, whatever the check's budget. */
    static final long MAX_TIMEOUT_MILLIS = 5_000;

    private final MongoClient client;
    private final Object changed;

    private MongoConnection(MongoClient client, Object changed) {
        this.client = client;
        this.changed = changed;
    }

    /**
     * The run's client for {@code uri}, built on first use with timeouts within {@code budgetMillis}.
     *
     * @throws UncheckedIOException when the CA file cannot be read
     */
    static MongoConnection of(ProbeContext ctx, String key, ConnectionString uri, long budgetMillis) {
        Path caFile = ctx.targets().caFile();
        return ctx.clients().get(key, MongoConnection.class, () -> open(uri, budgetMillis, caFile));
    }

    static MongoConnection open(ConnectionString uri, long budgetMillis, Path caFile) {
        SSLContext tls = caFile == null ? null : sslContext(caFile);
        int timeout = (int) Math.max(1, Math.min(MAX_TIMEOUT_MILLIS, budgetMillis));
        Object changed = new Object();
        ClusterListener listener = new ClusterListener() {
            @Override
            public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
                synchronized (changed) {
                    changed.notifyAll();
                }
            }
        };
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(uri)
                .applicationName("prodaudit (read-only audit)")
                .retryReads(false)
                .retryWrites(false)
                .applyToClusterSettings(b -> b.serverSelectionTimeout(timeout, TimeUnit.MILLISECONDS).addClusterListener(listener))
                .applyToSocketSettings(b -> b.connectTimeout(timeout, TimeUnit.MILLISECONDS).readTimeout(timeout, TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(b -> b.maxWaitTime(timeout, TimeUnit.MILLISECONDS))
                .applyToSslSettings(b -> {
                    if (tls != null) {
                        b.context(tls);
                    }
                })
                .build();
        return new MongoConnection(MongoClients.create(settings), changed);
    }

    MongoClient client() {
        return client;
    }

    /**
     * Waits until the driver has reached a server, or has failed to reach every one.
     *
     * @return normally once a server is connected
     * @throws ProbeFailure REFUSED, DNS, TLS, TIMEOUT... with the reason the monitor recorded, or TIMEOUT with a null
     *                      message when {@code deadlineNanos} passes first (the caller words it)
     */
    void awaitReachable(long deadlineNanos) throws ProbeFailure, InterruptedException {
        while (true) {
            ClusterDescription d = client.getClusterDescription();
            if (d.getSrvResolutionException() != null) {
                throw new ProbeFailure(ProbeFailure.Kind.DNS, "cannot resolve the mongodb+srv:// record ("
                        + MongoErrors.oneLine(d.getSrvResolutionException()) + ")");
            }
            List<ServerDescription> servers = d.getServerDescriptions();
            boolean allFailed = !servers.isEmpty();
            for (ServerDescription s : servers) {
                if (s.getState() == ServerConnectionState.CONNECTED && s.getException() == null) {
                    return;
                }
                allFailed &= s.getException() != null;
            }
            if (allFailed) {
                ServerDescription first = servers.get(0);
                throw MongoErrors.unreachable(first.getAddress(), first.getException());
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new ProbeFailure(ProbeFailure.Kind.TIMEOUT, null);
            }
            synchronized (changed) {
                // The listener wakes us on every change; the cap re-reads the description in case one slipped by.
                TimeUnit.NANOSECONDS.timedWait(changed, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** The system's trusted CAs plus every certificate of the PEM file. */
    private static SSLContext sslContext(Path caFile) {
        try {
            X509TrustManager trust;
            try {
                trust = CaTrust.systemPlus(caFile);
            } catch (IOException e) {
                if (e instanceof NoSuchFileException) {
                    throw e;
                }
                throw new UncheckedIOException(new IOException("cannot read CA file " + caFile + ": " + e.getMessage()));
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
            return context;
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(new IOException("CA file " + caFile + " not found", e));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot read CA file " + caFile + ": " + e.getMessage(), e));
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException("cannot use CA file " + caFile + ": " + e.getMessage(), e));
        }
    }
}
