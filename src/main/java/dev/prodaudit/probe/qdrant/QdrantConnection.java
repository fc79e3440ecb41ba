package dev.prodaudit.probe.qdrant;

import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.CaTrust;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.ProbeContext;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.SnapshotsGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;

/**
 * The run's one gRPC connection to the Qdrant of {@code targets.qdrant}, shared by every Qdrant check through
 * {@link dev.prodaudit.probe.SharedClients} and shut down when the run ends.
 *
 * <p>One channel carries two qdrant-client clients: one that sends the API key as {@code api-key} call metadata, and
 * one that sends nothing (the {@code auth} check asks whether Qdrant refuses it). Both are built with
 * {@code QdrantGrpcClient.newBuilder(channel, false, false)}: the channel is ours (we shut it down), and the client's
 * version check is off (it calls HealthCheck at build time and cannot read its own version inside a shaded jar). The
 * channel is built here rather than by qdrant-client so that TLS trusts the system store plus {@code targets.caFile}.
 *
 * <p>The channel refuses, before anything is sent, every method that is not on {@link #READ_ONLY_METHODS}: the
 * audit never writes, and a future check that tried would fail its test, not change a database.
 */
final class QdrantConnection implements AutoCloseable {
    /** The only RPCs the audit may send: listing and reading, never creating. */
    static final Set<String> READ_ONLY_METHODS = Set.of(
            CollectionsGrpc.getListMethod().getFullMethodName(),
            CollectionsGrpc.getGetMethod().getFullMethodName(),
            SnapshotsGrpc.getListMethod().getFullMethodName(),
            QdrantGrpc.getHealthCheckMethod().getFullMethodName());

    static final String NOT_CONFIGURED = TargetKind.QDRANT.notConfigured();
    private static final String USER_AGENT = "prodaudit (production-readiness audit; read-only)";

    static {
        GrpcLogging.silence();
    }

    private final Endpoint endpoint;
    private final ManagedChannel channel;
    private final EventLoopGroup loop;
    private final QdrantClient keyed;
    private final QdrantClient anonymous;
    private final String apiKey;

    private QdrantConnection(Endpoint endpoint, ManagedChannel channel, EventLoopGroup loop, String apiKey) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.loop = loop;
        this.apiKey = apiKey;
        this.anonymous = new QdrantClient(QdrantGrpcClient.newBuilder(channel, false, false).build());
        this.keyed = apiKey == null ? anonymous
                : new QdrantClient(QdrantGrpcClient.newBuilder(channel, false, false).withApiKey(apiKey).build());
    }

    /** Where the probe connects: the host of the REST URL, the gRPC port, TLS when the URL is https. */
    record Endpoint(String host, int port, boolean tls) {
        /** host:port, as evidence shows it and as {@link dev.prodaudit.probe.HungTargets} remembers it. */
        String key() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /**
         * The gRPC endpoint of {@code ctx.targets().qdrant()}. Asking for it does not load gRPC: this record is
         * apart from the connection, whose class does.
         *
         * @throws SetupFailure when Qdrant is not configured or its URL is unusable
         */
        static Endpoint of(ProbeContext ctx) throws SetupFailure {
            Targets.Qdrant q = ctx.targets() == null ? null : ctx.targets().qdrant();
            if (q == null || q.url() == null || q.url().isBlank()) {
                throw new SetupFailure(TargetKind.QDRANT.notConfigured());
            }
            return of(q);
        }

        static Endpoint of(Targets.Qdrant q) throws SetupFailure {
            String url = q.url().strip();
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new SetupFailure(notUrl(url));
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (!(scheme.equals("http") || scheme.equals("https")) || host == null || host.isBlank()) {
                throw new SetupFailure(notUrl(url));
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = q.grpcPort() == null ? TargetKind.QDRANT.defaultPort() : q.grpcPort();
            if (port < 1 || port > 65535) {
                throw new SetupFailure("targets.qdrant.grpcPort must be a port between 1 and 65535, not " + port);
            }
            return new Endpoint(host.toLowerCase(Locale.ROOT), port, scheme.equals("https"));
        }

        private static String notUrl(String url) {
            String shown = Redactor.stripUriPasswords(url).replace('\n', ' ');
            if (shown.length() > 100) {
                shown = shown.substring(0, 99) + "…";
            }
            return "targets.qdrant.url (QDRANT_URL) is not an http(s) URL: " + shown;
        }
    }

    /** The connection cannot be set up (an unusable URL or CA file): every Qdrant check reports it as its ERROR. */
    static final class SetupFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SetupFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The run's connection for {@code ctx.targets().qdrant()}, built on first use.
     *
     * @throws SetupFailure when Qdrant is not configured or its URL or the CA file is unusable
     */
    static QdrantConnection of(ProbeContext ctx) {
        Targets.Qdrant q = ctx.targets().qdrant();
        Endpoint ep = Endpoint.of(ctx);
        String apiKey = q.apiKey() == null || q.apiKey().isBlank() ? null : q.apiKey().strip();
        Path caFile = ctx.targets().caFile();
        // The key tells apart the connections of differently configured targets sharing one run's clients (tests);
        // the API key enters it only as a hash, and the map key is never shown.
        String key = "qdrant:" + ep.key() + (ep.tls() ? ":tls" : "") + ":" + Objects.hashCode(apiKey) + ":" + caFile;
        return ctx.clients().get(key, QdrantConnection.class, () -> open(ep, apiKey, ep.tls() ? caFile : null));
    }

    static QdrantConnection open(Endpoint ep, String apiKey, Path caFile) {
        // A one-thread NIO event loop of our own, shut down with the connection: not the shared epoll loop, which
        // would load a native library on first use.
        NioEventLoopGroup loop = new NioEventLoopGroup(1, r -> {
            Thread t = new Thread(r, "qdrant-grpc-" + ep.key());
            t.setDaemon(true); // a hung server must not keep the JVM alive after the report
            return t;
        });
        NettyChannelBuilder b = NettyChannelBuilder.forAddress(ep.host(), ep.port())
                .channelType(NioSocketChannel.class)
                .eventLoopGroup(loop)
                .userAgent(USER_AGENT)
                // A retry would hide a flaky server and double the time a hung one costs.
                .disableRetry()
                .intercept(new ReadOnlyGuard());
        try {
            if (ep.tls()) {
                b.sslContext(sslContext(caFile));
            } else {
                b.usePlaintext();
            }
            return new QdrantConnection(ep, b.build(), loop, apiKey);
        } catch (RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    /** The client that sends the API key (the key-less one when none is configured). */
    QdrantClient keyed() {
        return keyed;
    }

    /** The client that sends no API key. */
    QdrantClient anonymous() {
        return anonymous;
    }

    boolean hasApiKey() {
        return apiKey != null;
    }

    /** {@code text} with the API key masked: a server's error message is not trusted to leave it out. */
    String scrub(String text) {
        if (text == null || apiKey == null || apiKey.length() < 4) {
            return text;
        }
        return text.replace(apiKey, Redactor.MASK);
    }

    boolean isShutdown() {
        return channel.isShutdown();
    }

    /** Cancels whatever is still in flight (a hung server's calls) and releases the connection. */
    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        }
    }

    // ---- TLS: the system store plus the audit's CA file ----

    private static SslContext sslContext(Path caFile) {
        try {
            // The JDK's TLS, not the OpenSSL that grpc-netty-shaded carries: that one would unpack a native library
            // into the temporary folder on first use. TLS 1.2 and 1.3 only, whatever the TLS probe relaxed for itself.
            SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2");
            if (caFile != null) {
                ssl.trustManager(trustManager(caFile));
            }
            return ssl.build();
        } catch (NoSuchFileException e) {
            throw new SetupFailure("CA file " + caFile + " not found");
        } catch (IOException e) {
            throw new SetupFailure("cannot read CA file " + caFile + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new SetupFailure("cannot use CA file " + caFile + ": " + e.getMessage());
        }
    }

    /** The system's trusted CAs plus every certificate of the PEM file (as the HTTP probes trust). */
    private static X509TrustManager trustManager(Path caFile) throws IOException, GeneralSecurityException {
        return CaTrust.systemPlus(caFile);
    }





    // ---- read-only guard ----

    /** Fails any call outside {@link #READ_ONLY_METHODS} before it leaves the process. */
    static final class ReadOnlyGuard implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            if (READ_ONLY_METHODS.contains(method.getFullMethodName())) {
                return next.newCall(method, options);
            }
            return new Refused<>(method.getFullMethodName());
        }
    }

    private static final class Refused<Q, R> extends ClientCall<Q, R> {
        private final String method;

        Refused(String method) {
            this.method = method;
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            listener.onClose(Status.FAILED_PRECONDITION.withDescription(
                    "the audit is read-only and does not send " + method), new Metadata());
        }

        @Override
        public void request(int numMessages) {
        }

        @Override
        public void cancel(String message, Throwable cause) {
        }

        @Override
        public void halfClose() {
        }

        @Override
        public void sendMessage(Q message) {
        }
    }
}
