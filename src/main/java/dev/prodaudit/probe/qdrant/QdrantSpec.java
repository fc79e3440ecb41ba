package dev.prodaudit.probe.qdrant;

import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.input.TimeSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: qdrant}: the live Qdrant of {@code targets.qdrant}, over gRPC, read-only. Each entry of
 * {@code checks} is decided on its own and reported as its own finding.
 *
 * <pre>
 * probe: {type: qdrant, checks: [auth]}                      # a call without the API key is refused
 * probe: {type: qdrant, checks: [collection], size: 1536, distance: Cosine}
 * probe: {type: qdrant, checks: [snapshot], maxSnapshotAge: 24h}
 * </pre>
 *
 * @param checks         which of {@code auth}, {@code collection}, {@code snapshot} to decide (default all three)
 * @param collection     the collection; default {@code targets.qdrant.collection} (QDRANT_COLLECTION_NAME), else
 *                       {@code documents}
 * @param size           the vector size the collection must have (default 1536, text-embedding-3-small)
 * @param distance       the distance it must use: Cosine (default), Euclid, Dot or Manhattan, as Qdrant writes them
 * @param vector         the named vector to judge when the collection has named vectors; without it a collection
 *                       with exactly one named vector is judged by that one
 * @param maxSnapshotAge the newest snapshot of the collection must be younger than this (default 24h)
 */
public record QdrantSpec(List<String> checks, String collection, Integer size, String distance, String vector,
                         TimeSpan maxSnapshotAge) implements ProbeSpec {

    public static final String AUTH = "auth";
    public static final String COLLECTION = "collection";
    public static final String SNAPSHOT = "snapshot";
    static final List<String> ALL_CHECKS = List.of(AUTH, COLLECTION, SNAPSHOT);
    /** Qdrant's distance names (the {@code Distance} enum of collections.proto, without UnknownDistance). */
    static final List<String> DISTANCES = List.of("Cosine", "Euclid", "Dot", "Manhattan");
    static final int DEFAULT_SIZE = 1536;
    static final String DEFAULT_DISTANCE = "Cosine";
    static final Duration DEFAULT_MAX_SNAPSHOT_AGE = Duration.ofHours(24);
    static final String DEFAULT_COLLECTION = "documents";

    public QdrantSpec {
        if (checks == null) {
            checks = ALL_CHECKS;
        } else {
            if (checks.isEmpty()) {
                throw new IllegalArgumentException("'checks' must list at least one of auth, collection, snapshot");
            }
            List<String> seen = new ArrayList<>();
            for (String c : checks) {
                String id = c == null ? "" : c.strip();
                if (!ALL_CHECKS.contains(id)) {
                    throw new IllegalArgumentException("'checks' may list auth, collection and snapshot; found '" + c + "'");
                }
                if (!seen.contains(id)) {
                    seen.add(id);
                }
            }
            checks = List.copyOf(seen);
        }
        if (collection != null) {
            collection = collection.strip();
            if (collection.isEmpty()) {
                throw new IllegalArgumentException("'collection' must not be empty; leave it out to use targets.qdrant.collection");
            }
        }
        if (size == null) {
            size = DEFAULT_SIZE;
        } else if (size < 1) {
            throw new IllegalArgumentException("'size' is the vector size, at least 1; found " + size);
        }
        if (distance == null) {
            distance = DEFAULT_DISTANCE;
        } else if (!DISTANCES.contains(distance)) {
            throw new IllegalArgumentException("'distance' is one of " + String.join(", ", DISTANCES) + "; found '" + distance + "'");
        }
        if (vector != null) {
            vector = vector.strip();
            if (vector.isEmpty()) {
                throw new IllegalArgumentException("'vector' names a named vector; leave it out for an unnamed vector");
            }
        }
        if (maxSnapshotAge == null) {
            maxSnapshotAge = new TimeSpan("24h", DEFAULT_MAX_SNAPSHOT_AGE);
        } else if (maxSnapshotAge.duration().isNegative() || maxSnapshotAge.duration().isZero()) {
            throw new IllegalArgumentException("'maxSnapshotAge' must be a positive time span, e.g. 24h");
        }
    }
}
