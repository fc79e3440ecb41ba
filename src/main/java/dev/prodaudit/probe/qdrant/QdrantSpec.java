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
 * probe: {type: qdrant, checks: [snapshot], maxSnapshotAge: 24h}         # "recent": the newest is young enough
 * probe: {type: qdrant, checks: [schedule]}                  # "schedule": >= 7 over the last 7d, no gap over 26h
 * </pre>
 *
 * @param checks         which of {@code auth}, {@code collection}, {@code snapshot}, {@code schedule} to decide
 *                       (default the first three: {@code schedule} needs a week of history, so a catalogue item asks
 *                       for it by name)
 * @param collection     the collection; default {@code targets.qdrant.collection} (QDRANT_COLLECTION_NAME), else
 *                       {@code documents}
 * @param size           the vector size the collection must have (default 1536, text-embedding-3-small)
 * @param distance       the distance it must use: Cosine (default), Euclid, Dot or Manhattan, as Qdrant writes them
 * @param vector         the named vector to judge when the collection has named vectors; without it a collection
 *                       with exactly one named vector is judged by that one
 * @param maxSnapshotAge the newest snapshot of the collection must be younger than this (default 24h)
 * @param minSnapshots   {@code schedule}: at least this many snapshots within {@code snapshotWindow} (default 7)
 * @param snapshotWindow {@code schedule}: the history judged, back from now (default 7d)
 * @param maxSnapshotGap {@code schedule}: no gap between consecutive snapshots, nor from now back to the newest, may
 *                       exceed this (default 26h: a daily schedule with two hours of slack for a slow run)
 */
public record QdrantSpec(List<String> checks, String collection, Integer size, String distance, String vector,
                         TimeSpan maxSnapshotAge, Integer minSnapshots, TimeSpan snapshotWindow,
                         TimeSpan maxSnapshotGap) implements ProbeSpec {

    public static final String AUTH = "auth";
    public static final String COLLECTION = "collection";
    public static final String SNAPSHOT = "snapshot";
    public static final String SCHEDULE = "schedule";
    static final List<String> ALL_CHECKS = List.of(AUTH, COLLECTION, SNAPSHOT, SCHEDULE);
    static final List<String> DEFAULT_CHECKS = List.of(AUTH, COLLECTION, SNAPSHOT);
    /** Qdrant's distance names (the {@code Distance} enum of collections.proto, without UnknownDistance). */
    static final List<String> DISTANCES = List.of("Cosine", "Euclid", "Dot", "Manhattan");
    static final int DEFAULT_SIZE = 1536;
    static final String DEFAULT_DISTANCE = "Cosine";
    static final Duration DEFAULT_MAX_SNAPSHOT_AGE = Duration.ofHours(24);
    static final String DEFAULT_COLLECTION = "documents";
    static final int DEFAULT_MIN_SNAPSHOTS = 7;
    static final Duration DEFAULT_SNAPSHOT_WINDOW = Duration.ofDays(7);
    static final Duration DEFAULT_MAX_SNAPSHOT_GAP = Duration.ofHours(26);

    public QdrantSpec {
        if (checks == null) {
            checks = DEFAULT_CHECKS;
        } else {
            if (checks.isEmpty()) {
                throw new IllegalArgumentException("'checks' must list at least one of auth, collection, snapshot, schedule");
            }
            List<String> seen = new ArrayList<>();
            for (String c : checks) {
                String id = c == null ? "" : c.strip();
                if (!ALL_CHECKS.contains(id)) {
                    throw new IllegalArgumentException("'checks' may list auth, collection, snapshot and schedule; found '" + c + "'");
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
        if (minSnapshots == null) {
            minSnapshots = DEFAULT_MIN_SNAPSHOTS;
        } else if (minSnapshots < 1) {
            throw new IllegalArgumentException("'minSnapshots' is how many snapshots the window must hold, at least 1; found " + minSnapshots);
        }
        if (snapshotWindow == null) {
            snapshotWindow = new TimeSpan("7d", DEFAULT_SNAPSHOT_WINDOW);
        } else if (snapshotWindow.duration().isNegative() || snapshotWindow.duration().isZero()) {
            throw new IllegalArgumentException("'snapshotWindow' must be a positive time span, e.g. 7d");
        }
        if (maxSnapshotGap == null) {
            maxSnapshotGap = new TimeSpan("26h", DEFAULT_MAX_SNAPSHOT_GAP);
        } else if (maxSnapshotGap.duration().isNegative() || maxSnapshotGap.duration().isZero()) {
            throw new IllegalArgumentException("'maxSnapshotGap' must be a positive time span, e.g. 26h");
        }
    }
}
