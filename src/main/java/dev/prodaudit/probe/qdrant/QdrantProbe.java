package dev.prodaudit.probe.qdrant;

import java.util.Optional;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Reachability;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.HungTargets;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
 *   <li>{@code snapshot} ("recent"): the newest snapshot of the collection is younger than {@code maxSnapshotAge}.</li>
 *   <li>{@code schedule}: the snapshots come on a schedule: at least {@code minSnapshots} within {@code snapshotWindow}
 *       and no gap over {@code maxSnapshotGap}, from now back to the newest included; the long gaps are listed.</li>
 * </ul>
 *
 * <p>A refused connection, a timeout or a failed TLS handshake is ERROR with one line: the endpoint, the RPC and the
 * gRPC status. The API key is never part of any evidence.
 *
 * <p>The family's shape: this class dispatches and folds, {@link QdrantSession} makes the RPCs within the check's
 * {@link dev.prodaudit.probe.Deadline}, {@link QdrantChecks} judges the answers, and failures arrive as
 * {@link ProbeFailure}.
 */
public final class QdrantProbe implements Probe<QdrantSpec> {

    // No static state here: ServiceLoader instantiates every probe of every run, and whatever this class touches
    // when it is loaded (QdrantConnection, GrpcLogging) would bring in gRPC, Netty and protobuf even when no Qdrant
    // check runs. QdrantConnection silences the gRPC loggers before its first use.

    /**
     * The full gRPC method names the probe may send ({@code qdrant.Collections/List}, {@code qdrant.Collections/Get},
     * {@code qdrant.Snapshots/List}, {@code qdrant.Qdrant/HealthCheck}); its channel refuses anything else. Tests
     * compare a test server's log of received RPCs with it. A method, not a constant: reading it loads gRPC.
     */
    public static Set<String> readOnlyRpcs() {
        return QdrantConnection.READ_ONLY_METHODS;
    }

    @Override
    public String type() {
        return "qdrant";
    }

    @Override
    public Class<QdrantSpec> specType() {
        return QdrantSpec.class;
    }

    @Override
    public Set<Evidence> evidence(QdrantSpec spec) {
        return Set.of(Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(QdrantSpec spec) {
        return List.of(TargetKind.QDRANT);
    }

    @Override
    public Outcome run(QdrantSpec spec, ProbeContext ctx) {
        // The clock starts now, as the runner's does: building the channel and loading gRPC take time too.
        long start = System.nanoTime();
        QdrantConnection conn;
        try {
            // A port nothing listens on is reported before gRPC and Netty are loaded (about half a second).
            // With a CA file the connection is built first: an unusable CA file is the user's to fix before anything.
            QdrantConnection.Endpoint ep = QdrantConnection.Endpoint.of(ctx);
            Optional<ProbeFailure> down = ep.tls() && ctx.targets().caFile() != null ? Optional.empty()
                    : Reachability.unreachable(ctx, "Qdrant", ep.host(), ep.port(), Deadline.of(ctx.timeout(), start));
            if (down.isPresent()) {
                return Outcome.error(down.get().getMessage() + " (gRPC port, from QDRANT_URL's host)");
            }
            conn = QdrantConnection.of(ctx);
        } catch (QdrantConnection.SetupFailure e) {
            return Outcome.error(e.getMessage());
        }
        QdrantSession session = new QdrantSession(conn, HungTargets.of(ctx), ctx.timeout().toMillis(), start);
        String collection = collectionName(spec, ctx.targets().qdrant());
        List<Finding> findings = new ArrayList<>();
        for (String check : spec.checks()) {
            Finding f = switch (check) {
                case QdrantSpec.AUTH -> QdrantChecks.auth(session);
                case QdrantSpec.COLLECTION -> QdrantChecks.collection(session, collection, spec);
                case QdrantSpec.SNAPSHOT -> QdrantChecks.snapshot(session, collection, spec.maxSnapshotAge().duration(), Instant.now());
                case QdrantSpec.SCHEDULE -> QdrantChecks.schedule(session, collection, spec, Instant.now());
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
}
