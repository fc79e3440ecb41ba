package dev.prodaudit.probe.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.config.ServiceUrl;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.http.JsonApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * MongoDB Atlas's own record of a cluster's backups, read with the Administration API v2 (HTTP Digest with a
 * programmatic API key; the {@code Project Read Only} role is enough): the cluster ({@code backupEnabled}), its
 * backup schedule ({@code policies[].policyItems[]}) and its snapshots, paged. GET only.
 */
final class AtlasBackups {
    static final String DEFAULT_BASE = "https://cloud.mongodb.com/api/atlas/v2";
    static final String MEDIA_TYPE = "application/vnd.atlas.2023-01-01+json";
    static final String PROVIDER = "Atlas API";
    /** Key pairs, in the order they are looked for: ours, then the atlas CLI's, then Terraform's. */
    static final List<String[]> KEY_VARIABLES = List.of(
            new String[] {"ATLAS_PUBLIC_KEY", "ATLAS_PRIVATE_KEY"},
            new String[] {"MONGODB_ATLAS_PUBLIC_API_KEY", "MONGODB_ATLAS_PRIVATE_API_KEY"},
            new String[] {"MONGODB_ATLAS_PUBLIC_KEY", "MONGODB_ATLAS_PRIVATE_KEY"});
    static final List<String> PROJECT_VARIABLES = List.of("ATLAS_PROJECT_ID", "MONGODB_ATLAS_PROJECT_ID");
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 10;
    /** An Atlas host's first label: the cluster's name, lowercased, with a shard or private-link suffix. */
    private static final Pattern HOST_SUFFIX = Pattern.compile("(-shard-\\d+-\\d+|-pl-\\d+|-pri)$");

    /** What the Atlas part found: nothing to read (with why), or findings. */
    record Result(List<Finding> findings, String note, boolean recentDecided) {
        static Result skipped(String note) {
            return new Result(List.of(), note, false);
        }
    }

    private AtlasBackups() {
    }

    /** The Atlas host of MONGODB_URI ({@code cluster0.ab12c.mongodb.net}), or empty when it is not an Atlas cluster. */
    static Optional<String> atlasHost(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        return ServiceUrl.parse(uri).filter(u -> !u.hosts().isEmpty()).map(u -> u.hosts().get(0).toLowerCase(Locale.ROOT))
                .filter(h -> h.endsWith(".mongodb.net") || h.endsWith(".mongodbgov.net"));
    }

    /** {@code Cluster0} for {@code cluster0.ab12c.mongodb.net} or {@code cluster0-shard-00-01.ab12c.mongodb.net}. */
    static String clusterOf(String host) {
        return HOST_SUFFIX.matcher(host.substring(0, host.indexOf('.'))).replaceFirst("");
    }

    static Result read(ProbeContext ctx, MongoBackupsSpec spec, Deadline deadline) {
        String uri = ctx.targets() == null ? null : ctx.targets().mongodb();
        Optional<String> host = atlasHost(uri);
        if (host.isEmpty()) {
            return Result.skipped(uri == null ? "MONGODB_URI is not set, so no Atlas cluster to ask"
                    : "MONGODB_URI is not an Atlas cluster (*.mongodb.net)");
        }
        String[] keys = null;
        for (String[] pair : KEY_VARIABLES) {
            boolean pub = ctx.env().get(pair[0]).filter(v -> !v.isBlank()).isPresent();
            boolean priv = ctx.env().get(pair[1]).filter(v -> !v.isBlank()).isPresent();
            if (pub && priv) {
                keys = pair;
                break;
            }
            if (pub || priv) {
                return new Result(List.of(Finding.of(Status.ERROR, (pub ? pair[0] : pair[1]) + " is set but "
                        + (pub ? pair[1] : pair[0]) + " is not: the Atlas API key needs both halves")), null, false);
            }
        }
        if (keys == null) {
            return Result.skipped("MONGODB_URI is the Atlas cluster " + host.get() + ", but no Atlas API key is set"
                    + " (ATLAS_PUBLIC_KEY and ATLAS_PRIVATE_KEY, with the Project Read Only role) to read its backups");
        }
        String project = spec.projectId() != null ? spec.projectId().strip() : PROJECT_VARIABLES.stream()
                .map(v -> ctx.env().get(v).orElse("")).map(String::strip).filter(v -> !v.isEmpty()).findFirst().orElse(null);
        if (project == null) {
            return new Result(List.of(Finding.of(Status.ERROR, "the Atlas API key is set, but not the project: set "
                    + "ATLAS_PROJECT_ID (Atlas > Project Settings > Project ID) or 'projectId' under checks.<id>.probe"
                    + " in audit.yaml")), null, false);
        }
        String cluster = spec.cluster() != null ? spec.cluster().strip() : clusterOf(host.get());
        String base = Optional.ofNullable(ctx.targets().value(TargetKind.ATLAS_API)).orElse(DEFAULT_BASE)
                .replaceAll("/+$", "");
        Session s;
        try {
            JsonApi api = JsonApi.of(ctx, PROVIDER, JsonApi.Credentials.digest(ctx.env().get(keys[0]).orElseThrow(),
                    ctx.env().get(keys[1]).orElseThrow()), deadline).accepting(MEDIA_TYPE);
            s = new Session(api, base, project, keys);
        } catch (ProbeFailure e) {
            return new Result(List.of(Finding.of(Status.ERROR, e.getMessage())), null, false);
        }
        try {
            return s.judge(cluster, spec, spec.cluster() == null ? host.get() : null);
        } catch (ProbeFailure e) {
            return new Result(List.of(Finding.of(Status.ERROR, e.getMessage())), null, false);
        }
    }

    /** One check's conversation with the API. */
    private record Session(JsonApi api, String base, String project, String[] keys) {

        Result judge(String cluster, MongoBackupsSpec spec, String hostToMatch) throws ProbeFailure {
            String clusterPath = "/groups/" + enc(project) + "/clusters/" + enc(cluster);
            JsonApi.Answer c = api.get(base + clusterPath);
            if (c.status() == 404 && "CLUSTER_NOT_FOUND".equals(c.json().path("errorCode").asText()) && hostToMatch != null) {
                Optional<String> named = clusterByHost(hostToMatch);
                if (named.isPresent()) {
                    cluster = named.get();
                    clusterPath = "/groups/" + enc(project) + "/clusters/" + enc(cluster);
                    c = api.get(base + clusterPath);
                }
            }
            String label = "Atlas cluster " + cluster;
            if (!c.ok()) {
                return refused(c, clusterPath, label);
            }
            List<Finding> out = new ArrayList<>();
            boolean backup = c.json().path("backupEnabled").asBoolean(false) || c.json().path("providerBackupEnabled").asBoolean(false);
            if (!backup) {
                out.add(Finding.of(Status.FAIL, label + " has Cloud Backup turned off (backupEnabled: false): it takes no snapshots"));
                return new Result(out, null, true);
            }
            if (spec.wantsSchedule()) {
                JsonApi.Answer schedule = api.get(base + clusterPath + "/backup/schedule");
                if (!schedule.ok()) {
                    return refused(schedule, clusterPath + "/backup/schedule", label);
                }
                out.add(policy(label, schedule.json(), spec.retention()));
            }
            boolean recentDecided = false;
            if (spec.wantsRecent()) {
                List<JsonNode> snapshots = new ArrayList<>();
                int total = -1;
                for (int page = 1; page <= MAX_PAGES; page++) {
                    String path = clusterPath + "/backup/snapshots";
                    JsonApi.Answer a = api.get(base + path + "?itemsPerPage=" + PAGE_SIZE + "&pageNum=" + page);
                    if (!a.ok()) {
                        return refused(a, path, label);
                    }
                    total = a.json().path("totalCount").asInt(-1);
                    JsonNode results = a.json().path("results");
                    results.forEach(snapshots::add);
                    if (results.size() < PAGE_SIZE || (total >= 0 && snapshots.size() >= total)) {
                        break;
                    }
                }
                out.add(newest(label, snapshots, total, spec.snapshotAge()));
                recentDecided = true;
            }
            return new Result(out, null, recentDecided);
        }

        /** The cluster whose connection strings name {@code host}: the URI's host is the cluster's, not its name. */
        Optional<String> clusterByHost(String host) throws ProbeFailure {
            JsonApi.Answer list = api.get(base + "/groups/" + enc(project) + "/clusters?itemsPerPage=" + PAGE_SIZE);
            if (!list.ok()) {
                return Optional.empty();
            }
            for (JsonNode cl : list.json().path("results")) {
                String strings = cl.path("connectionStrings").toString().toLowerCase(Locale.ROOT);
                if (strings.contains(host) && cl.hasNonNull("name")) {
                    return Optional.of(cl.get("name").asText());
                }
            }
            return Optional.empty();
        }

        /** 401, 403, 404 and the rest, in words that say what to change; never the key. */
        Result refused(JsonApi.Answer a, String path, String label) {
            String code = a.json().path("errorCode").asText("");
            String withCode = code.isEmpty() ? "" : " (" + code + ")";
            String what = PROVIDER + " GET " + path + " answered " + a.status() + withCode;
            String message = switch (a.status()) {
                case 401 -> what + ": the key in " + keys[0] + "/" + keys[1] + " was refused; check both halves of the"
                        + " programmatic API key";
                case 403 -> code.contains("IP_ADDRESS") || code.contains("ACCESS_LIST")
                        ? what + ": this runner's IP address is not on the API key's access list; add it"
                        : what + ": the API key may not read project " + project + "; give it the Project Read Only role"
                                + " on that project";
                case 404 -> code.equals("CLUSTER_NOT_FOUND")
                        ? what + ": project " + project + " has no cluster named " + label.substring("Atlas cluster ".length())
                                + "; set 'cluster' under checks.<id>.probe in audit.yaml"
                        : what + ": no project " + project + " is visible to this key; check ATLAS_PROJECT_ID";
                case 406 -> what + ": the API does not serve version " + MEDIA_TYPE;
                default -> what;
            };
            return new Result(List.of(Finding.of(Status.ERROR, message)), null, false);
        }
    }

    /**
     * The schedule part: a policy item running hourly or daily whose retention reaches {@code minimum}. Months count
     * as 30 days, weeks as 7, as Atlas's own retention arithmetic does.
     */
    static Finding policy(String label, JsonNode schedule, Duration minimum) {
        long need = minimum.toDays();
        long bestDaily = -1;
        List<String> items = new ArrayList<>();
        for (JsonNode policy : schedule.path("policies")) {
            for (JsonNode item : policy.path("policyItems")) {
                String type = item.path("frequencyType").asText("");
                long days = retentionDays(item);
                items.add(type + " kept " + item.path("retentionValue").asText("?") + " " + item.path("retentionUnit").asText(""));
                if (type.equals("hourly") || type.equals("daily")) {
                    bestDaily = Math.max(bestDaily, days);
                }
            }
        }
        if (bestDaily < 0) {
            return Finding.of(Status.FAIL, label + " has no daily backup policy" + (items.isEmpty() ? ""
                    : ": only " + String.join(", ", items)));
        }
        if (bestDaily < need) {
            return Finding.of(Status.FAIL, label + " keeps daily snapshots " + bestDaily + " days, fewer than " + need
                    + " (" + String.join(", ", items) + ")");
        }
        return Finding.of(Status.PASS, label + " takes daily snapshots kept " + bestDaily + " days ("
                + String.join(", ", items) + ")");
    }

    static long retentionDays(JsonNode item) {
        long value = item.path("retentionValue").asLong(0);
        return switch (item.path("retentionUnit").asText("")) {
            case "weeks" -> value * 7;
            case "months" -> value * 30;
            case "years" -> value * 365;
            default -> value;
        };
    }

    /** The recent part: the newest completed snapshot is young enough, and the newest of all did not fail. */
    static Finding newest(String label, List<JsonNode> snapshots, int total, Duration maxAge) {
        Comparator<JsonNode> byCreated = Comparator.comparing(AtlasBackups::createdAt);
        Optional<JsonNode> newest = snapshots.stream().filter(s -> createdAt(s) != Instant.MIN).max(byCreated);
        Optional<JsonNode> completed = snapshots.stream().filter(s -> "completed".equals(s.path("status").asText()))
                .filter(s -> createdAt(s) != Instant.MIN).max(byCreated);
        String counted = total > snapshots.size() ? " (newest of the " + snapshots.size() + " of " + total + " snapshots read)" : "";
        if (completed.isEmpty()) {
            return Finding.of(Status.FAIL, label + " has no completed snapshot" + (snapshots.isEmpty() ? ""
                    : " among its " + snapshots.size() + counted));
        }
        Duration age = Duration.between(createdAt(completed.get()), Instant.now());
        String ageText = hours(age);
        if (newest.isPresent() && "failed".equals(newest.get().path("status").asText())) {
            return Finding.of(Status.FAIL, label + "'s last snapshot (" + newest.get().path("createdAt").asText()
                    + ") failed; the newest completed one is " + ageText + " old");
        }
        if (age.compareTo(maxAge) > 0) {
            return Finding.of(Status.FAIL, label + "'s newest completed snapshot is " + ageText + " old ("
                    + completed.get().path("createdAt").asText() + "), more than " + hours(maxAge) + counted);
        }
        return Finding.of(Status.PASS, label + "'s newest completed snapshot is " + ageText + " old ("
                + completed.get().path("snapshotType").asText("") + " " + completed.get().path("frequencyType").asText("")
                + ", " + completed.get().path("createdAt").asText() + ")");
    }

    private static Instant createdAt(JsonNode snapshot) {
        try {
            return Instant.parse(snapshot.path("createdAt").asText(""));
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    private static String hours(Duration d) {
        return d.toHours() + " h";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
