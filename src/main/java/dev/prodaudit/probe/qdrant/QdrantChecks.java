package dev.prodaudit.probe.qdrant;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Wording;
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
import java.util.TreeMap;

/**
 * The checks of {@code type: qdrant}, each one finding: {@link QdrantSession} makes the RPCs, and the pure functions
 * {@link #judgeCollection}, {@link #judgeSnapshots} and {@link #judgeSchedule} judge what they returned; an RPC that failed is judged by its
 * {@link ProbeFailure} kind (NOT_FOUND is a FAIL, AUTH an ERROR naming the key, the rest an ERROR with the reason).
 */
final class QdrantChecks {
    static final String LIST = "Collections/List";
    static final String GET = "Collections/Get";
    static final String SNAPSHOTS = "Snapshots/List";

    /** Snapshot ages show hours up to two days ("36h", not "1d 12h"), as this family's evidence always has. */
    private static final Duration SNAPSHOT_DAYS_FROM = Duration.ofDays(2);
    /** Gap evidence names this many gaps at most, then how many more there are. */
    private static final int GAPS_SHOWN = 5;
    /** The two snapshot checks' evidence begins with which one it decides, as both may judge the same list. */
    static final String RECENT = "recent: ";
    static final String SCHEDULE = "schedule: ";

    private QdrantChecks() {
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
                    + " answered without one (" + Wording.count(names.size(), "collection") + " visible)");
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
        facts.add(info.hasPointsCount() ? Wording.count(info.getPointsCount(), "point") : "points not reported");

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
        return listSnapshots(session, name, snapshots -> judgeSnapshots(name, snapshots, maxAge, now));
    }

    static Finding schedule(QdrantSession session, String name, QdrantSpec spec, Instant now) {
        return listSnapshots(session, name, snapshots -> judgeSchedule(name, snapshots, spec.minSnapshots(),
                spec.snapshotWindow().duration(), spec.maxSnapshotGap().duration(), now));
    }

    /** Lists the collection's snapshots and judges them; a failed RPC is judged by its kind, as for the collection. */
    private static Finding listSnapshots(QdrantSession session, String name,
                                         java.util.function.Function<List<SnapshotDescription>, Finding> judge) {
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
        return judge.apply(snapshots);
    }

    static Finding judgeSnapshots(String name, List<SnapshotDescription> snapshots, Duration maxAge, Instant now) {
        String expected = "expected one within " + Wording.age(maxAge.getSeconds(), SNAPSHOT_DAYS_FROM);
        if (snapshots.isEmpty()) {
            return Finding.of(Status.FAIL, RECENT + "no snapshot of collection '" + name + "'; " + expected);
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
        String total = Wording.count(snapshots.size(), "snapshot");
        if (newest == null) {
            return Finding.of(Status.ERROR, RECENT + "Qdrant lists " + total + " of '" + name
                    + "' without creation times; cannot tell how old they are");
        }
        Duration old = Duration.between(newestTime, now);
        if (old.isNegative()) {
            old = Duration.ZERO;
        }
        String what = RECENT + "newest snapshot of '" + name + "' is " + Wording.age(old.getSeconds(), SNAPSHOT_DAYS_FROM) + " old (" + newest.getName()
                + (newest.getSize() > 0 ? ", " + Wording.size(newest.getSize()) : "") + "; " + total + ")";
        if (old.compareTo(maxAge) > 0) {
            return Finding.of(Status.FAIL, what + "; " + expected);
        }
        return Finding.of(Status.PASS, what);
    }

    /**
     * The schedule behind the snapshots: at least {@code minSnapshots} within {@code window} back from {@code now}, and
     * no gap longer than {@code maxGap} between consecutive ones, from now back to the newest, nor at the window's
     * start (from the last snapshot before it, or from the start itself when the history is younger than the window:
     * seven hourly snapshots made yesterday are not a week of daily ones). Snapshots without a creation time cannot
     * be placed and are left out, and said so.
     */
    static Finding judgeSchedule(String name, List<SnapshotDescription> snapshots, int minSnapshots, Duration window,
                                 Duration maxGap, Instant now) {
        String expected = "expected at least " + Wording.count(minSnapshots, "snapshot") + " over the last "
                + Wording.age(window.getSeconds(), SNAPSHOT_DAYS_FROM) + ", none more than "
                + Wording.age(maxGap.getSeconds(), SNAPSHOT_DAYS_FROM) + " apart";
        if (snapshots.isEmpty()) {
            return Finding.of(Status.FAIL, SCHEDULE + "no snapshot of collection '" + name + "'; " + expected);
        }
        List<Instant> times = new ArrayList<>();
        for (SnapshotDescription s : snapshots) {
            if (s.hasCreationTime()) {
                Instant t = Instant.ofEpochSecond(s.getCreationTime().getSeconds(), s.getCreationTime().getNanos());
                // A snapshot "from the future" is clock skew between Qdrant and us: it was made about now.
                times.add(t.isAfter(now) ? now : t);
            }
        }
        int untimed = snapshots.size() - times.size();
        if (times.isEmpty()) {
            return Finding.of(Status.ERROR, SCHEDULE + "Qdrant lists " + Wording.count(snapshots.size(), "snapshot") + " of '"
                    + name + "' without creation times; cannot tell when they were made");
        }
        times.sort(Comparator.naturalOrder());
        Instant windowStart = now.minus(window);
        List<Instant> inWindow = times.stream().filter(t -> !t.isBefore(windowStart)).toList();
        Instant before = times.stream().filter(t -> t.isBefore(windowStart)).reduce((a, b) -> b).orElse(null);

        // The timeline judged: where the window's history begins, each snapshot in it, and now.
        List<Instant> points = new ArrayList<>();
        points.add(before != null ? before : windowStart);
        points.addAll(inWindow);
        points.add(now);
        List<String> longGaps = new ArrayList<>();
        Duration largest = Duration.ZERO;
        String largestAt = "";
        for (int i = 1; i < points.size(); i++) {
            Instant from = points.get(i - 1);
            Instant to = points.get(i);
            Duration gap = Duration.between(from, to);
            // Ends named by their age, as the family's evidence names snapshots ("3h old"): "from 5d 1h ago to 3d 1h ago".
            String fromText = i == 1 && before == null
                    ? "the window's start (" + ago(from, now) + ", no older snapshot)"
                    : ago(from, now);
            String toText = i == points.size() - 1 ? "now" : ago(to, now);
            String at = "from " + fromText + " to " + toText;
            if (gap.compareTo(largest) > 0) {
                largest = gap;
                largestAt = at;
            }
            if (gap.compareTo(maxGap) > 0) {
                longGaps.add(at + " (" + Wording.age(gap.getSeconds(), SNAPSHOT_DAYS_FROM) + ")");
            }
        }

        List<String> problems = new ArrayList<>();
        String counted = Wording.count(inWindow.size(), "snapshot") + " of '" + name + "' in the last "
                + Wording.age(window.getSeconds(), SNAPSHOT_DAYS_FROM);
        if (inWindow.size() < minSnapshots) {
            problems.add("only " + counted);
        }
        if (!longGaps.isEmpty()) {
            List<String> shown = longGaps.size() <= GAPS_SHOWN ? longGaps : longGaps.subList(0, GAPS_SHOWN);
            problems.add(Wording.count(longGaps.size(), "gap") + " over " + Wording.age(maxGap.getSeconds(), SNAPSHOT_DAYS_FROM)
                    + ": " + String.join(", ", shown) + (longGaps.size() > GAPS_SHOWN ? ", … (" + longGaps.size() + " in all)" : ""));
        }
        String untimedNote = untimed == 0 ? "" : "; " + Wording.count(untimed, "snapshot") + " without a creation time not counted";
        if (!problems.isEmpty()) {
            String head = inWindow.size() < minSnapshots ? "" : counted + "; ";
            return Finding.of(Status.FAIL, SCHEDULE + head + String.join("; ", problems) + "; " + expected + untimedNote);
        }
        return Finding.of(Status.PASS, SCHEDULE + counted + ", no gap over " + Wording.age(maxGap.getSeconds(), SNAPSHOT_DAYS_FROM)
                + " (largest " + Wording.age(largest.getSeconds(), SNAPSHOT_DAYS_FROM) + ", " + largestAt + ")" + untimedNote);
    }

    private static String ago(Instant t, Instant now) {
        return Wording.age(Duration.between(t, now).getSeconds(), SNAPSHOT_DAYS_FROM) + " ago";
    }
}
