package dev.prodaudit.probe.alerts;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Offline;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.http.JsonApi;
import dev.prodaudit.promql.Parser;
import dev.prodaudit.promql.PromqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * {@code type: alert-rules}: for each required signal (5xx rate, latency, disk, memory) an alerting rule whose
 * expression watches it against a threshold, and somewhere for its alerts to go.
 * <ul>
 *   <li>With a Prometheus configured (PROMETHEUS_URL, targets.prometheus), its loaded rules decide (a rule whose health
 *       is "err" does not count), and it must send to an Alertmanager whose route's receiver notifies someone
 *       (targets.alertmanager, else the Alertmanager Prometheus names).</li>
 *   <li>Without one, the repository's rule files and PrometheusRule manifests show the rules are written, not that
 *       they are loaded: WARN.</li>
 *   <li>A rule file in the repository that Prometheus would refuse (invalid PromQL) FAILs at its file:line:column.</li>
 * </ul>
 * Only GET requests are sent.
 */
public final class AlertRulesProbe implements Probe<AlertRulesSpec> {
    private static final Pattern ALERTS_PATH = Pattern.compile("/api/v[12]/alerts/?$");

    @Override
    public String type() {
        return "alert-rules";
    }

    @Override
    public Class<AlertRulesSpec> specType() {
        return AlertRulesSpec.class;
    }

    /** The repository's rule files, and the live Prometheus and Alertmanager when configured. */
    @Override
    public Set<Evidence> evidence(AlertRulesSpec spec) {
        return Set.of(Evidence.CODE, Evidence.LIVE);
    }

    @Override
    public List<TargetKind> targets(AlertRulesSpec spec) {
        return List.of(TargetKind.PROMETHEUS, TargetKind.ALERTMANAGER);
    }

    @Override
    public List<String> decides(AlertRulesSpec spec) {
        return List.of("an alerting rule whose expression (parsed as PromQL, never its name) compares "
                        + String.join(" and ", spec.kinds().stream().map(AlertKind::label).toList()) + " with a threshold",
                "from Prometheus's loaded rules (GET /api/v1/rules) when PROMETHEUS_URL is set, with an Alertmanager "
                        + "(GET /api/v1/alertmanagers) whose route's receiver has a notifier (GET /api/v2/status); "
                        + "else from the repository's rule files and PrometheusRule manifests (WARN: not confirmed loaded)");
    }

    @Override
    public Outcome run(AlertRulesSpec spec, ProbeContext ctx) {
        Deadline deadline = Deadline.of(ctx.timeout(), System.nanoTime());
        RepoRules.Scan repo = RepoRules.of(ctx);
        List<Finding> findings = new ArrayList<>();
        for (RepoRules.Rule broken : repo.rules()) {
            if (broken.parsed() == null) {
                findings.add(Finding.at(Status.FAIL, broken.error() + " (Prometheus refuses to load this rule file)",
                        broken.file(), broken.line()));
            }
        }
        // Offline the repository's rule files decide, as when no Prometheus is configured, and the outcome says so.
        String prometheus = ctx.offline() ? null : ctx.targets().value(TargetKind.PROMETHEUS);
        String alertmanager = ctx.offline() ? null : ctx.targets().value(TargetKind.ALERTMANAGER);
        List<Finding> decided = new ArrayList<>();
        if (prometheus == null || prometheus.isBlank()) {
            for (AlertKind kind : spec.kinds()) {
                decided.add(fromRepository(kind, repo));
            }
            if (alertmanager != null && !alertmanager.isBlank()) {
                decided.addAll(receiver(ctx, endpoint(alertmanager), true, deadline));
            }
        } else {
            Endpoint prom = endpoint(prometheus);
            LiveAlerting.Prometheus live;
            try {
                live = LiveAlerting.prometheus(api(ctx, "Prometheus", prom, deadline), prom.base());
            } catch (ProbeFailure e) {
                findings.add(Finding.of(Status.ERROR, "Prometheus " + prom.base() + ": " + ProbeFailure.clean(e.getMessage())));
                findings.addAll(0, decided);
                return Outcome.from(findings);
            }
            for (AlertKind kind : spec.kinds()) {
                decided.add(fromPrometheus(kind, prom.base(), live, repo));
            }
            decided.addAll(alertmanagers(ctx, prom.base(), live, alertmanager, deadline));
        }
        decided.addAll(findings);
        return ctx.offline() ? Offline.partly(Outcome.from(decided), List.of("prometheus", "alertmanager"))
                : Outcome.from(decided);
    }

    /** Offline it judges the repository's rule files and leaves the live Prometheus and Alertmanager out. */
    @Override
    public boolean decidesOffline() {
        return true;
    }

    private static Finding fromPrometheus(AlertKind kind, String base, LiveAlerting.Prometheus live, RepoRules.Scan repo) {
        List<String> notes = new ArrayList<>();
        for (LiveAlerting.LiveRule rule : live.rules()) {
            AlertMeaning meaning;
            try {
                meaning = AlertMeaning.of(Parser.parse(rule.query()));
            } catch (PromqlError e) {
                notes.add(rule.name() + "'s expression does not parse (" + e.getMessage() + ")");
                continue;
            }
            String what = meaning.thresholded().get(kind);
            if (what != null && rule.healthy()) {
                return Finding.of(Status.PASS, "Prometheus " + base + " alerting rule " + rule.group() + "/" + rule.name()
                        + ": " + what);
            }
            if (what != null) {
                notes.add(rule.name() + " watches it but fails to evaluate (health err: " + clip(rule.lastError()) + ")");
            } else if (meaning.unthresholded().containsKey(kind)) {
                notes.add(rule.name() + " reads " + meaning.unthresholded().get(kind) + " with no threshold (it fires "
                        + "for every series: not a threshold alert)");
            } else if (namedFor(kind, rule.name())) {
                notes.add(rule.name() + " is named for it but its expression (" + clip(rule.query()) + ") does not watch it");
            }
        }
        for (RepoRules.Rule r : repo.rules()) {
            if (r.parsed() != null && AlertMeaning.of(r.parsed()).thresholded().containsKey(kind)
                    && live.rules().stream().noneMatch(l -> l.name().equals(r.name()))) {
                notes.add(r.name() + " at " + r.where() + " watches it but is not loaded in this Prometheus");
            }
        }
        return Finding.of(Status.FAIL, "no alerting rule loaded in Prometheus " + base + " watches the " + kind.label()
                + " (" + live.rules().size() + " alerting rules read)" + (notes.isEmpty() ? "" : ": " + String.join("; ", notes)));
    }

    private static Finding fromRepository(AlertKind kind, RepoRules.Scan repo) {
        List<String> notes = new ArrayList<>();
        for (RepoRules.Rule r : repo.rules()) {
            if (r.parsed() == null) {
                continue;
            }
            AlertMeaning meaning = AlertMeaning.of(r.parsed());
            String what = meaning.thresholded().get(kind);
            if (what != null) {
                return Finding.at(Status.WARN, "alerting rule " + r.name() + " at " + r.where() + ": " + what
                        + "; written, but not confirmed loaded: no Prometheus configured (set PROMETHEUS_URL)",
                        r.file(), r.line());
            }
            if (meaning.unthresholded().containsKey(kind)) {
                notes.add(r.name() + " at " + r.where() + " has no threshold (it fires for every series)");
            } else if (namedFor(kind, r.name())) {
                notes.add(r.name() + " at " + r.where() + " is named for it but its expression does not watch it");
            }
        }
        if (!repo.undecided().isEmpty()) {
            RepoRules.Undecided u = repo.undecided().get(0);
            return Finding.at(Status.ERROR, "undecided: " + u.file() + ":" + u.line() + " is " + u.reason(), u.file(), u.line());
        }
        long count = repo.rules().size();
        return Finding.of(Status.FAIL, "no alerting rule watches the " + kind.label() + ": none among the repository's "
                + count + " alerting rule" + (count == 1 ? "" : "s") + ", and no Prometheus is configured (PROMETHEUS_URL)"
                + (notes.isEmpty() ? "" : ": " + String.join("; ", notes)));
    }

    private static List<Finding> alertmanagers(ProbeContext ctx, String base, LiveAlerting.Prometheus live,
                                               String configured, Deadline deadline) {
        if (live.alertmanagers().isEmpty()) {
            return List.of(Finding.of(Status.FAIL, "Prometheus " + base + " has no active Alertmanager: its alerts "
                    + "notify no one (alerting.alertmanagers in prometheus.yml)"));
        }
        if (configured != null && !configured.isBlank()) {
            return receiver(ctx, endpoint(configured), true, deadline);
        }
        String named = ALERTS_PATH.matcher(live.alertmanagers().get(0)).replaceFirst("");
        return receiver(ctx, endpoint(named), false, deadline);
    }

    /** The Alertmanager's route: its receiver must exist and have a notifier. */
    private static List<Finding> receiver(ProbeContext ctx, Endpoint am, boolean configured, Deadline deadline) {
        LiveAlerting.Route route;
        try {
            route = LiveAlerting.alertmanager(api(ctx, "Alertmanager", am, deadline), am.base());
        } catch (ProbeFailure e) {
            String reason = ProbeFailure.clean(e.getMessage());
            return List.of(configured ? Finding.of(Status.ERROR, "Alertmanager " + am.base() + ": " + reason)
                    : Finding.of(Status.WARN, "the Alertmanager Prometheus sends to (" + am.base() + ") could not be read "
                    + "from here (" + reason + "): its receivers are not checked; set ALERTMANAGER_URL"));
        }
        String where = "Alertmanager " + am.base();
        if (!route.exists()) {
            return List.of(Finding.of(Status.FAIL, where + ": the route's receiver '" + route.receiver()
                    + "' is not defined"));
        }
        if (route.integrations().isEmpty()) {
            if (!route.childNotifying().isEmpty()) {
                return List.of(Finding.of(Status.WARN, where + ": the route's receiver '" + route.receiver() + "' has no "
                        + "notifier; only alerts matched by a sub-route reach " + String.join(", ", route.childNotifying())));
            }
            return List.of(Finding.of(Status.FAIL, where + ": the route's receiver '" + route.receiver() + "' has no "
                    + "notifier (no email, slack, pagerduty, webhook... config): alerts go nowhere"));
        }
        return List.of(Finding.of(Status.PASS, where + " routes alerts to receiver '" + route.receiver() + "' ("
                + String.join(", ", route.integrations()) + ")"));
    }

    private static boolean namedFor(AlertKind kind, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (kind) {
            case ERROR_RATE -> n.contains("error") || n.contains("5xx");
            case LATENCY -> n.contains("latency") || n.contains("slow");
            case DISK -> n.contains("disk") || n.contains("filesystem") || n.contains("volume");
            case MEMORY -> n.contains("memory") || n.contains("oom");
        };
    }

    private static String clip(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 120 ? one.substring(0, 117) + "..." : one;
    }

    /** A base URL without its credentials, and the credentials it carried (HTTP Basic). */
    private record Endpoint(String base, JsonApi.Credentials credentials) {
    }

    private static Endpoint endpoint(String value) {
        HttpUrl url = HttpUrl.parse(value.strip());
        if (url == null) {
            return new Endpoint(value.strip(), JsonApi.Credentials.none());
        }
        JsonApi.Credentials credentials = url.username().isEmpty() ? JsonApi.Credentials.none()
                : JsonApi.Credentials.basic(url.username(), url.password());
        String base = url.newBuilder().username("").password("").query(null).build().toString();
        return new Endpoint(base.endsWith("/") ? base.substring(0, base.length() - 1) : base, credentials);
    }

    private static JsonApi api(ProbeContext ctx, String provider, Endpoint endpoint, Deadline deadline) throws ProbeFailure {
        return JsonApi.of(ctx, provider, endpoint.credentials(), deadline);
    }

}
