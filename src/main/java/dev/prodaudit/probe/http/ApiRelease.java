package dev.prodaudit.probe.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.probe.JsonReader;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * What the running API says about itself: when its process started and which commit it runs, read from the JSON of
 * {@code GET /version}, else {@code GET /health}, under the API's base URL ({@code targets.baseUrl}, joined as every
 * HTTP probe joins paths). Fields are recognised by name, at the top level or one object down
 * ({@code {"build": {"commit": ...}}}), ignoring case, {@code _} and {@code -}:
 * <ul>
 *   <li>start: {@code startedAt}, {@code startTime}, {@code started}, {@code bootTime} (ISO-8601, or epoch seconds or
 *       milliseconds), else {@code uptime} / {@code uptimeSeconds} (Node's {@code process.uptime()}, seconds) or
 *       {@code uptimeMs}, counted back from when the answer arrived;</li>
 *   <li>commit: {@code sha}, {@code commit}, {@code gitSha}, {@code gitCommit}, {@code commitSha}, {@code revision},
 *       or a {@code version} that is itself a commit id (7 to 40 hex digits); a semantic version is not a commit.</li>
 * </ul>
 * Only GET is sent, within the calling check's budget.
 *
 * @param source    what answered ("GET https://api.example.com/version")
 * @param startedAt when the API process started, or null when it did not say
 * @param startedBy the field that gave it ("startedAt", "uptime")
 * @param commit    the commit id the API reports (lower case), or null
 */
public record ApiRelease(String source, Instant startedAt, String startedBy, String commit) {
    static final List<String> PATHS = List.of("/version", "/health");
    private static final Set<String> START_FIELDS = Set.of("startedat", "starttime", "started", "startat", "boottime",
            "processstartedat", "processstarttime");
    private static final Set<String> UPTIME_SECONDS = Set.of("uptime", "uptimeseconds", "uptimesec", "uptimes");
    private static final Set<String> UPTIME_MILLIS = Set.of("uptimems", "uptimemillis");
    private static final Set<String> COMMIT_FIELDS = Set.of("sha", "commit", "gitsha", "gitcommit", "commitsha",
            "commitid", "revision", "gitrevision", "sourceversion");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-fA-F]{7,40}");

    /** The answer of {@link #lookup}: what the API reported, or why nothing could be learnt. */
    public record Lookup(ApiRelease release, String unavailable) {
        public boolean found() {
            return release != null;
        }
    }

    /**
     * Asks {@code /version}, then {@code /health} when the first left the start time or the commit unsaid.
     *
     * @param startNanos {@link System#nanoTime()} when the calling probe started (the budget counts from it)
     */
    public static Lookup lookup(ProbeContext ctx, long startNanos) {
        HttpUrl base;
        try {
            base = Targeting.base(ctx, "api", null);
        } catch (Targeting.NotConfigured e) {
            return new Lookup(null, "the API is not configured (" + e.getMessage() + ")");
        }
        HttpSession session = HttpSession.open(ctx, startNanos);
        List<String> tried = new ArrayList<>();
        ApiRelease found = null;
        for (String path : PATHS) {
            HttpUrl url = Targeting.join(base, path);
            Reply reply;
            try {
                reply = session.send("GET", url, Map.of(), false);
            } catch (ProbeFailure f) {
                tried.add(f.getMessage());
                continue;
            }
            ApiRelease here = parse("GET " + Show.url(reply.url()), reply.body(), Instant.now());
            if (here == null) {
                tried.add(reply.line() + " without a start time or commit in JSON");
                continue;
            }
            found = found == null ? here : found.filledFrom(here);
            if (found.startedAt != null && found.commit != null) {
                break;
            }
        }
        return found != null ? new Lookup(found, null) : new Lookup(null, String.join("; ", tried));
    }

    /** This answer, with what it left unsaid taken from {@code other}. */
    ApiRelease filledFrom(ApiRelease other) {
        boolean start = startedAt == null && other.startedAt != null;
        boolean sha = commit == null && other.commit != null;
        if (!start && !sha) {
            return this;
        }
        return new ApiRelease(source + " and " + other.source, start ? other.startedAt : startedAt,
                start ? other.startedBy : startedBy, sha ? other.commit : commit);
    }

    /** The start time and commit in a JSON body, or null when it has neither (or is not JSON). */
    static ApiRelease parse(String source, String body, Instant answeredAt) {
        JsonNode root;
        try {
            root = JsonReader.readTree(body == null ? "" : body);
        } catch (JacksonException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        Instant[] started = {null};
        String[] startedBy = {null};
        String[] commit = {null};
        scan(root, 0, answeredAt, started, startedBy, commit);
        if (started[0] == null && commit[0] == null) {
            return null;
        }
        return new ApiRelease(source, started[0], startedBy[0], commit[0]);
    }

    private static void scan(JsonNode object, int depth, Instant answeredAt, Instant[] started, String[] startedBy,
                             String[] commit) {
        List<JsonNode> nested = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String key = e.getKey().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
            JsonNode v = e.getValue();
            if (v.isObject()) {
                nested.add(v);
                continue;
            }
            if (started[0] == null && START_FIELDS.contains(key)) {
                Instant at = instant(v);
                if (at != null) {
                    started[0] = at;
                    startedBy[0] = e.getKey();
                }
            } else if (started[0] == null && v.isNumber() && v.asDouble() >= 0
                    && (UPTIME_SECONDS.contains(key) || UPTIME_MILLIS.contains(key))) {
                long millis = UPTIME_MILLIS.contains(key) ? v.asLong() : Math.round(v.asDouble() * 1000);
                started[0] = answeredAt.minusMillis(millis);
                startedBy[0] = e.getKey();
            } else if (commit[0] == null && (COMMIT_FIELDS.contains(key) || key.equals("version")) && v.isTextual()
                    && COMMIT.matcher(v.asText().strip()).matches()) {
                commit[0] = v.asText().strip().toLowerCase(Locale.ROOT);
            }
        }
        if (depth == 0) {
            for (JsonNode n : nested) {
                scan(n, depth + 1, answeredAt, started, startedBy, commit);
            }
        }
    }

    private static Instant instant(JsonNode v) {
        if (v.isNumber()) {
            long n = v.asLong();
            // Epoch milliseconds are 13 digits today; seconds are 10.
            return n > 100_000_000_000L ? Instant.ofEpochMilli(n) : n > 0 ? Instant.ofEpochSecond(n) : null;
        }
        if (v.isTextual()) {
            try {
                return OffsetDateTime.parse(v.asText().strip()).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
