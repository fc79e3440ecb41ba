package dev.prodaudit.testing;

import com.google.protobuf.Timestamp;
import io.grpc.ForwardingServerCallListener;
import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.qdrant.client.grpc.Collections.CollectionConfig;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionParams;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.GetCollectionInfoRequest;
import io.qdrant.client.grpc.Collections.GetCollectionInfoResponse;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsResponse;
import io.qdrant.client.grpc.Collections.OptimizerStatus;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorParamsMap;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckReply;
import io.qdrant.client.grpc.QdrantOuterClass.HealthCheckRequest;
import io.qdrant.client.grpc.SnapshotsGrpc;
import io.qdrant.client.grpc.SnapshotsService.ListSnapshotsRequest;
import io.qdrant.client.grpc.SnapshotsService.ListSnapshotsResponse;
import io.qdrant.client.grpc.SnapshotsService.SnapshotDescription;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Qdrant for tests: a real gRPC server on a loopback port, speaking Qdrant's own protocol through the service
 * classes generated into qdrant-client ({@link CollectionsGrpc.CollectionsImplBase},
 * {@link SnapshotsGrpc.SnapshotsImplBase}, {@link QdrantGrpc.QdrantImplBase}; {@link PointsGrpc.PointsImplBase} is
 * registered with nothing implemented, so that a write to points is received, logged and answered UNIMPLEMENTED).
 *
 * <pre>
 * try (QdrantTestServer qdrant = QdrantTestServer.builder()
 *         .apiKey("a-long-test-key")
 *         .collection("documents", 1536, Distance.Cosine, CollectionStatus.Green)
 *         .snapshot("documents", Instant.now().minus(2, ChronoUnit.HOURS))
 *         .start()) {
 *     Targets.Qdrant target = new Targets.Qdrant(qdrant.url(), "a-long-test-key", "documents", qdrant.grpcPort());
 *     ... run the audit ...
 *     assertTrue(QdrantProbe.readOnlyRpcs().containsAll(qdrant.calls()), qdrant.calls().toString());
 * }
 * </pre>
 *
 * <p>It behaves as a real Qdrant does where the audit can tell:
 * <ul>
 *   <li>with an API key, every call without {@code api-key} metadata (or {@code authorization: Bearer ...}) holding
 *       that key is answered UNAUTHENTICATED; HealthCheck is exempt, as in Qdrant. Without one, everything is
 *       answered (an open Qdrant).</li>
 *   <li>Collections/Get and Snapshots/List of a collection that does not exist answer NOT_FOUND.</li>
 *   <li>Every other RPC (Create, Delete, CreateSnapshot, Upsert, ...) answers UNIMPLEMENTED.</li>
 * </ul>
 *
 * <p>Every RPC it receives is logged before authentication, in order, by its full gRPC method name
 * ({@code qdrant.Collections/List}), including RPCs of services it does not serve: {@link #calls()}.
 */
public final class QdrantTestServer implements AutoCloseable {
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of("api-key", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String HEALTH_CHECK = QdrantGrpc.getHealthCheckMethod().getFullMethodName();

    /** One received RPC: its full method name and whether it carried the right key (true when none is needed). */
    public record Call(String method, boolean authorized) {
    }

    /** A named vector of a collection. */
    public record Vector(String name, long size, Distance distance) {
    }

    private record CollectionSpec(String name, CollectionStatus status, Long points, List<Vector> vectors) {
    }

    private final Server server;
    private final String apiKey;
    private final boolean tls;
    private final int restPort;
    private final Map<String, CollectionSpec> collections;
    private final Map<String, List<SnapshotDescription>> snapshots;
    private final Map<String, Status> failures;
    private final String version;
    private final List<Call> received = new CopyOnWriteArrayList<>();

    private QdrantTestServer(Builder b) throws IOException {
        this.apiKey = b.apiKey;
        this.tls = b.key != null;
        this.collections = new LinkedHashMap<>(b.collections);
        this.snapshots = new LinkedHashMap<>();
        b.snapshots.forEach((k, v) -> snapshots.put(k, List.copyOf(v)));
        this.failures = Map.copyOf(b.failures);
        this.version = b.version;
        this.restPort = unusedPort();
        NettyServerBuilder nb = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new CollectionsService())
                .addService(new SnapshotsService())
                .addService(new HealthService())
                .addService(new PointsGrpc.PointsImplBase() { })
                .fallbackHandlerRegistry(new LoggingFallback())
                .intercept(new LogAndAuthenticate());
        if (tls) {
            nb.sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(b.key, b.chain)).build());
        }
        this.server = nb.build().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The REST URL a user would configure as QDRANT_URL: {@code http://127.0.0.1:<port>} ({@code https} when serving
     * TLS). Nothing listens on that port (the audit speaks gRPC, on {@link #grpcPort()}).
     */
    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + restPort;
    }

    /** The loopback port the gRPC server listens on (targets.qdrant.grpcPort). */
    public int grpcPort() {
        return server.getPort();
    }

    /** The full method name of every RPC received so far, in order, e.g. {@code qdrant.Collections/Get}. */
    public List<String> calls() {
        return received.stream().map(Call::method).toList();
    }

    /** Every RPC received so far, with whether it carried the right key. */
    public List<Call> received() {
        return List.copyOf(received);
    }

    /** Forgets the calls received so far. */
    public void clearCalls() {
        received.clear();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port that was free a moment ago: the REST port of {@link #url()}, which the audit never contacts. */
    private static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // ---- the builder ----

    public static final class Builder {
        private String apiKey;
        private final Map<String, CollectionSpec> collections = new LinkedHashMap<>();
        private final Map<String, List<SnapshotDescription>> snapshots = new LinkedHashMap<>();
        private final Map<String, Status> failures = new LinkedHashMap<>();
        private String version = "1.15.1";
        private PrivateKey key;
        private X509Certificate[] chain;

        private Builder() {
        }

        /** Require this API key on every call but HealthCheck (default: no key, an open Qdrant). */
        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        /** A collection with one unnamed vector and no points. */
        public Builder collection(String name, long size, Distance distance, CollectionStatus status) {
            return collection(name, size, distance, status, 0);
        }

        /** A collection with one unnamed vector. */
        public Builder collection(String name, long size, Distance distance, CollectionStatus status, long points) {
            collections.put(name, new CollectionSpec(name, status, points, List.of(new Vector("", size, distance))));
            return this;
        }

        /** A collection with named vectors ({@code vectors_config.params_map}). */
        public Builder namedVectors(String name, CollectionStatus status, long points, Vector... vectors) {
            for (Vector v : vectors) {
                if (v.name() == null || v.name().isEmpty()) {
                    throw new IllegalArgumentException("named vectors need names");
                }
            }
            collections.put(name, new CollectionSpec(name, status, points, List.of(vectors)));
            return this;
        }

        /** A snapshot of {@code collection} created at {@code created}, named as Qdrant names them. */
        public Builder snapshot(String collection, Instant created) {
            String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC).format(created);
            return snapshot(collection, collection + "-1234567890-" + stamp + ".snapshot", created);
        }

        /** A snapshot with a given name; {@code created} null: Qdrant reports no creation time. */
        public Builder snapshot(String collection, String name, Instant created) {
            SnapshotDescription.Builder d = SnapshotDescription.newBuilder().setName(name).setSize(48_213_504L);
            if (created != null) {
                d.setCreationTime(Timestamp.newBuilder().setSeconds(created.getEpochSecond()).setNanos(created.getNano()));
            }
            snapshots.computeIfAbsent(collection, c -> new ArrayList<>()).add(d.build());
            return this;
        }

        /** Answer every call of {@code fullMethodName} (e.g. {@code qdrant.Snapshots/List}) with this status. */
        public Builder fail(String fullMethodName, Status status) {
            failures.put(fullMethodName, status);
            return this;
        }

        /** The version HealthCheck reports (default 1.15.1). */
        public Builder version(String v) {
            this.version = v;
            return this;
        }

        /** Serve TLS with this key and certificate chain (then {@link #url()} is https). */
        public Builder tls(PrivateKey privateKey, X509Certificate... certificateChain) {
            this.key = Objects.requireNonNull(privateKey);
            this.chain = certificateChain.clone();
            return this;
        }

        public QdrantTestServer start() throws IOException {
            return new QdrantTestServer(this);
        }
    }

    // ---- logging and authentication ----

    private final class LogAndAuthenticate implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            String method = call.getMethodDescriptor().getFullMethodName();
            boolean authorized = apiKey == null || HEALTH_CHECK.equals(method) || presents(headers);
            received.add(new Call(method, authorized));
            if (!authorized) {
                call.close(Status.UNAUTHENTICATED.withDescription("Must provide an API key or an Authorization bearer token"),
                        new Metadata());
                return new ServerCall.Listener<>() { };
            }
            Status failure = failures.get(method);
            if (failure != null) {
                call.close(failure, new Metadata());
                return new ServerCall.Listener<>() { };
            }
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) { };
        }

        private boolean presents(Metadata headers) {
            String key = headers.get(API_KEY);
            if (apiKey.equals(key)) {
                return true;
            }
            String auth = headers.get(AUTHORIZATION);
            return auth != null && auth.equals("Bearer " + apiKey);
        }
    }

    /** Logs RPCs of services this server does not serve (they are then answered UNIMPLEMENTED). */
    private final class LoggingFallback extends HandlerRegistry {
        @Override
        public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
            received.add(new Call(methodName, false));
            return null;
        }
    }

    // ---- the services ----

    private static Status notFound(String name) {
        return Status.NOT_FOUND.withDescription("Not found: Collection `" + name + "` doesn't exist!");
    }

    private final class CollectionsService extends CollectionsGrpc.CollectionsImplBase {
        @Override
        public void list(ListCollectionsRequest request, StreamObserver<ListCollectionsResponse> out) {
            ListCollectionsResponse.Builder r = ListCollectionsResponse.newBuilder().setTime(0.0001);
            for (String name : collections.keySet()) {
                r.addCollections(CollectionDescription.newBuilder().setName(name));
            }
            out.onNext(r.build());
            out.onCompleted();
        }

        @Override
        public void get(GetCollectionInfoRequest request, StreamObserver<GetCollectionInfoResponse> out) {
            CollectionSpec c = collections.get(request.getCollectionName());
            if (c == null) {
                out.onError(notFound(request.getCollectionName()).asRuntimeException());
                return;
            }
            VectorsConfig.Builder vectors = VectorsConfig.newBuilder();
            if (c.vectors().size() == 1 && c.vectors().get(0).name().isEmpty()) {
                vectors.setParams(params(c.vectors().get(0)));
            } else {
                VectorParamsMap.Builder map = VectorParamsMap.newBuilder();
                for (Vector v : c.vectors()) {
                    map.putMap(v.name(), params(v));
                }
                vectors.setParamsMap(map);
            }
            CollectionInfo.Builder info = CollectionInfo.newBuilder()
                    .setStatus(c.status())
                    .setOptimizerStatus(OptimizerStatus.newBuilder().setOk(c.status() != CollectionStatus.Red))
                    .setSegmentsCount(2)
                    .setConfig(CollectionConfig.newBuilder().setParams(
                            CollectionParams.newBuilder().setShardNumber(1).setVectorsConfig(vectors)));
            if (c.points() != null) {
                info.setPointsCount(c.points()).setIndexedVectorsCount(c.points());
            }
            out.onNext(GetCollectionInfoResponse.newBuilder().setResult(info).setTime(0.0001).build());
            out.onCompleted();
        }

        private VectorParams params(Vector v) {
            return VectorParams.newBuilder().setSize(v.size()).setDistance(v.distance()).build();
        }
    }

    private final class SnapshotsService extends SnapshotsGrpc.SnapshotsImplBase {
        @Override
        public void list(ListSnapshotsRequest request, StreamObserver<ListSnapshotsResponse> out) {
            String name = request.getCollectionName();
            if (!collections.containsKey(name)) {
                out.onError(notFound(name).asRuntimeException());
                return;
            }
            List<SnapshotDescription> list = new ArrayList<>(snapshots.getOrDefault(name, List.of()));
            list.sort(Comparator.comparing(SnapshotDescription::getName));
            out.onNext(ListSnapshotsResponse.newBuilder().addAllSnapshotDescriptions(list).setTime(0.0001).build());
            out.onCompleted();
        }
    }

    private final class HealthService extends QdrantGrpc.QdrantImplBase {
        @Override
        public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckReply> out) {
            out.onNext(HealthCheckReply.newBuilder().setTitle("qdrant - vector search engine").setVersion(version).build());
            out.onCompleted();
        }
    }
}
