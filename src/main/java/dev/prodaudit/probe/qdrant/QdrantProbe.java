package dev.prodaudit.probe.qdrant;

import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import io.qdrant.client.grpc.Collections.CollectionInfo;
import io.qdrant.client.grpc.Collections.CollectionStatus;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Collections.VectorsConfig;
import io.qdrant.client.grpc.SnapshotsService.SnapshotDescription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code type: qdrant}: the live Qdrant over gRPC (the host of QDRANT_URL, port {@code targets.qdrant.grpcPort},
 * conventionally 6334; TLS when the URL is https). Read-only: it lists collections, reads one collection's info and
 * lists its snapshots, nothing else ({@link QdrantConnection#READ_ONLY_METHODS}).
 *
 * <ul>
 *   <li>{@code auth}: ListCollections without the API key must be refused (UNAUTHENTICATED or PERMISSION_DENIED);
 *       answered, or no key configured, FAILs. HealthCheck would not do: Qdrant answers it without a key.</li>
 *   <li>{@code collection}: with the key, the collection exists with the expected vector size and distance (the
 *       unnamed vector, or the named one of {@code vector}) and status Green; Yellow WARNs, Red and Grey FAIL.</li>
 *   <li>{@code snapshot}: the newest snapshot of the collection is younger than {@code maxSnapshotAge}.</li>
 * </ul>
 *
 * <p>A refused connection, a timeout or a failed TLS handshake is ERROR with one line: the endpoint, the RPC and the
 * gRPC status. The API key is never part of any evidence.
 */
public final class QdrantProbe implements Probe<QdrantSpec> {

    static {
        // Before any gRPC class can log: see GrpcLogging.
        GrpcLogging.silence();
    }

    /**
     * The full gRPC method names the probe may send ({@code qdrant.Collections/List}, {@code qdrant.Collections/Get},
     * {@code qdrant.Snapshots/List}, {@code qdrant.Qdrant/HealthCheck}); its channel refuses anything else. Tests
     * compare a test server's log of received RPCs with it.
     */
    public static final Set<String> READ_ONLY_RPCS = QdrantConnection.READ_ONLY_METHODS;

    static final String LIST = "Collections/List";
    static final String GET = "Collections/Get";
    static final String SNAPSHOTS = "Snapshots/List";

    @Override
    public String type() {
        return "qdrant";
    }

    @Override
    public Class<QdrantSpec> specType() {
        return QdrantSpec.class;
    }

    @Override
    public Outcome run(QdrantSpec spec, ProbeContext ctx) {
        // The clock starts now, as the runner's does: building the channel and loading gRPC take time too.
        long start = System.nanoTime();
        QdrantConnection conn;
        try {
            conn = QdrantConnection.of(ctx);
        } catch (QdrantConnection.SetupFailure e) {
            return Outcome.error(e.getMessage());
        }
        QdrantSession session = new QdrantSession(conn, HungTargets.of(ctx), ctx.timeout().toMillis(), start);
        String collection = collectionName(spec, ctx.targets().qdrant());
        List<Finding> findings = new ArrayList<>();
        for (String check : spec.checks()) {
            Finding f = switch (check) {
                case QdrantSpec.AUTH -> auth(session);
                case QdrantSpec.COLLECTION -> collection(session, collection, spec);
                case QdrantSpec.SNAPSHOT -> snapshot(session, collection, spec.maxSnapshotAge().duration(), Instant.now());
                default -> throw new IllegalStateException("unknown qdrant check " + check);
            };
            findings.add(new Finding(f.status(), conn.scrub(f.message()), null, null));
        }
        return fold(findings);
    }

    static String collectionName(QdrantSpec spec, Targets.Qdrant q) {
        if (spec.collection() != null) {
            return spec.collection();
        }
        return q.collection() == null || q.collection().isBlank() ? QdrantSpec.DEFAULT_COLLECTION : q.collection().strip();
    }

    /** {@link Outcome#fromAll}: the findings combine by the status algebra; the evidence joins the deciding ones. */
    static Outcome fold(List<Finding> findings) {
        return Outcome.fromAll(findings);
    }

    // ---- auth ----

    static Finding auth(QdrantSession session) {
        QdrantConnection conn = session.connection();
        if (!conn.hasApiKey()) {
            return Finding.of(Status.FAIL, "no Qdrant API key configured: set QDRANT_API_KEY (or targets.qdrant.apiKey) "
                    + "and make Qdrant require it (service.api_key)");
        }
        try {
            List<String> names = session.call(LIST, t -> conn.anonymous().listCollectionsAsync(t));
            return Finding.of(Status.FAIL, "Qdrant accepts calls without an API key: " + LIST + " on " + session.endpoint()
                    + " answered without one (" + count(names.size(), "collection") + " visible)");
        } catch (ProbeFailure e) {
            if (e.kind() == ProbeFailure.Kind.AUTH) {
                return Finding.of(Status.PASS, "Qdrant " + session.endpoint() + " refuses calls without an API key ("
                        + LIST + ": " + e.code() + ")");
            }
            return Finding.of(Status.ERROR, e.getMessage());
        }
    }

    // ---- collection ----

    static Finding collection(QdrantSession session, String name, QdrantSpec spec) {
        QdrantConnection conn = session.connection();
        CollectionInfo info;
        try {
            info = session.call(GET, t -> conn.keyed().getCollectionInfoAsync(name, t));
        } catch (ProbeFailure e) {
            return switch (e.kind()) {
                case NOT_FOUND -> Finding.of(Status.FAIL, "collection '" + name + "' does not exist on Qdrant "
                        + session.endpoint() + existing(session));
                case AUTH -> Finding.of(Status.ERROR, keyRefused(conn, e));
                default -> Finding.of(Status.ERROR, e.getMessage());
            };
        }
        return judgeCollection(name, info, spec);
    }

    /** " (collections: a, b)" or " (no collections)", when listing them works; else nothing. */
    private static String existing(QdrantSession session) {
        try {
            List<String> names = new ArrayList<>(session.call(LIST, t -> session.connection().keyed().listCollectionsAsync(t)));
            if (names.isEmpty()) {
                return " (no collections)";
            }
            names.sort(Comparator.naturalOrder());
            String shown = names.size() <= 10 ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 10)) + ", … (" + names.size() + " in all)";
            return " (collections: " + shown + ")";
        } catch (ProbeFailure e) {
            return "";
        }
    }

    private static String keyRefused(QdrantConnection conn, ProbeFailure e) {
        if (!conn.hasApiKey()) {
            return "Qdrant requires an API key and none is configured: " + e.getMessage() + "; set QDRANT_API_KEY";
        }
        return "PERMISSION_DENIED".equals(e.code())
                ? "the configured API key may not read this: " + e.getMessage() + "; give QDRANT_API_KEY read access to the collection"
                : "Qdrant refused the configured API key: " + e.getMessage() + "; check QDRANT_API_KEY";
    }

    /** Judges a collection's vector configuration and status against the spec. */
    static Finding judgeCollection(String name, CollectionInfo info, QdrantSpec spec) {
        List<String> problems = new ArrayList<>();
        List<String> facts = new ArrayList<>();
        Status status = Status.PASS;

        VectorsConfig vc = info.getConfig().getParams().getVectorsConfig();
        VectorParams judged = null;
        String label = "";
        switch (vc.getConfigCase()) {
            case PARAMS -> {
                if (spec.vector() != null) {
                    problems.add("it has one unnamed vector, no named vector '" + spec.vector() + "'");
                } else {
                    judged = vc.getParams();
                }
            }
            case PARAMS_MAP -> {
                Map<String, VectorParams> named = new TreeMap<>(vc.getParamsMap().getMapMap());
                String names = String.join(", ", named.keySet());
                if (spec.vector() != null) {
                    judged = named.get(spec.vector());
                    label = "vector '" + spec.vector() + "': ";
                    if (judged == null) {
                        problems.add("no named vector '" + spec.vector() + "'" + (named.isEmpty() ? "" : " (named vectors: " + names + ")"));
                    }
                } else if (named.size() == 1) {
                    Map.Entry<String, VectorParams> only = named.entrySet().iterator().next();
                    judged = only.getValue();
                    label = "vector '" + only.getKey() + "': ";
                } else if (named.isEmpty()) {
                    problems.add("no dense vectors configured");
                } else {
                    return Finding.of(Status.ERROR, "collection '" + name + "' has named vectors " + names
                            + ": set 'vector' in the check's probe to the one the app writes");
                }
            }
            default -> problems.add("no dense vectors configured");
        }
        if (judged != null) {
            long size = judged.getSize();
            String distance = distanceName(judged);
            facts.add(label + size + " dimensions, " + distance);
            if (size != spec.size()) {
                problems.add(label + "vector size " + size + ", expected " + spec.size());
            }
            if (!distance.equals(spec.distance())) {
                problems.add(label + "distance " + distance + ", expected " + spec.distance());
            }
        }
        if (!problems.isEmpty()) {
            status = Status.FAIL;
        }

        CollectionStatus cs = info.getStatus();
        String statusName = statusName(cs);
        switch (cs) {
            case Green -> facts.add("status Green");
            case Yellow -> {
                status = Status.combine(status, Status.WARN);
                problems.add("status Yellow (optimizing: searches work but are slower until it turns Green)");
            }
            case Grey -> {
                status = Status.FAIL;
                problems.add("status Grey (optimizations pending and not running; trigger them or check the optimizer)");
            }
            case Red -> {
                status = Status.FAIL;
                problems.add("status Red (an error occurred in the collection; check the Qdrant log)");
            }
            default -> {
                status = Status.FAIL;
                problems.add("status " + statusName + ", expected Green");
            }
        }
        facts.add(info.hasPointsCount() ? count(info.getPointsCount(), "point") : "points not reported");

        String head = "collection '" + name + "'";
        if (problems.isEmpty()) {
            return Finding.of(Status.PASS, head + ": " + String.join(", ", facts));
        }
        return Finding.of(status, head + ": " + String.join("; ", problems) + " (" + String.join(", ", facts) + ")");
    }

    private static String distanceName(VectorParams p) {
        return switch (p.getDistance()) {
            case Cosine -> "Cosine";
            case Euclid -> "Euclid";
            case Dot -> "Dot";
            case Manhattan -> "Manhattan";
            default -> "unknown (" + p.getDistanceValue() + ")";
        };
    }

    private static String statusName(CollectionStatus s) {
        return s == CollectionStatus.UNRECOGNIZED ? "unrecognized" : s.name();
    }

    // ---- snapshot ----

    static Finding snapshot(QdrantSession session, String name, Duration maxAge, Instant now) {
        QdrantConnection conn = session.connection();
        List<SnapshotDescription> snapshots;
        try {
            snapshots = session.call(SNAPSHOTS, t -> conn.keyed().listSnapshotAsync(name, t));
        } catch (ProbeFailure e) {
            return switch (e.kind()) {
                case NOT_FOUND -> Finding.of(Status.FAIL, "collection '" + name + "' does not exist on Qdrant "
                        + session.endpoint() + ", so it has no snapshot");
                case AUTH -> Finding.of(Status.ERROR, keyRefused(conn, e));
                default -> Finding.of(Status.ERROR, e.getMessage());
            };
        }
        return judgeSnapshots(name, snapshots, maxAge, now);
    }

    static Finding judgeSnapshots(String name, List<SnapshotDescription> snapshots, Duration maxAge, Instant now) {
        String expected = "expected one within " + age(maxAge);
        if (snapshots.isEmpty()) {
            return Finding.of(Status.FAIL, "no snapshot of collection '" + name + "'; " + expected);
        }
        SnapshotDescription newest = null;
        Instant newestTime = null;
        for (SnapshotDescription s : snapshots) {
            if (!s.hasCreationTime()) {
                continue;
            }
            Instant t = Instant.ofEpochSecond(s.getCreationTime().getSeconds(), s.getCreationTime().getNanos());
            if (newestTime == null || t.isAfter(newestTime)) {
                newest = s;
                newestTime = t;
            }
        }
        String total = count(snapshots.size(), "snapshot");
        if (newest == null) {
            return Finding.of(Status.ERROR, "Qdrant lists " + total + " of '" + name
                    + "' without creation times; cannot tell how old they are");
        }
        Duration old = Duration.between(newestTime, now);
        if (old.isNegative()) {
            old = Duration.ZERO;
        }
        String what = "newest snapshot of '" + name + "' is " + age(old) + " old (" + newest.getName()
                + (newest.getSize() > 0 ? ", " + bytes(newest.getSize()) : "") + "; " + total + ")";
        if (old.compareTo(maxAge) > 0) {
            return Finding.of(Status.FAIL, what + "; " + expected);
        }
        return Finding.of(Status.PASS, what);
    }

    // ---- wording ----

    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A coarse age: 42s, 17m, 5h 3m, 3d 4h. */
    static String age(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 2 * 86_400) {
            long h = s / 3600;
            long m = s % 3600 / 60;
            return h + "h" + (m == 0 ? "" : " " + m + "m");
        }
        long days = s / 86_400;
        long h = s % 86_400 / 3600;
        return days + "d" + (h == 0 ? "" : " " + h + "h");
    }

    private static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[i]);
    }
}
