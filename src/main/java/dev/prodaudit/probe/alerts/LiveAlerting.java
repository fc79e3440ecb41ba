package dev.prodaudit.probe.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.http.JsonApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What a live Prometheus and Alertmanager say about alerting, read with GET only: the loaded alerting rules
 * ({@code /api/v1/rules?type=alert}), the Alertmanagers Prometheus sends to ({@code /api/v1/alertmanagers}) and the
 * Alertmanager's running configuration ({@code /api/v2/status}, whose {@code config.original} is its YAML).
 */
final class LiveAlerting {
    /** The keys of a receiver that each configure one kind of notifier (Alertmanager 0.25+). */
    private static final List<String> NOTIFIERS = List.of("email_configs", "slack_configs", "pagerduty_configs",
            "webhook_configs", "opsgenie_configs", "msteams_configs", "telegram_configs", "victorops_configs",
            "wechat_configs", "pushover_configs", "sns_configs", "discord_configs", "webex_configs");

    /** One alerting rule as Prometheus loaded it; {@code query} is its expression as Prometheus prints it. */
    record LiveRule(String group, String name, String query, String health, String lastError) {
        boolean healthy() {
            return !"err".equals(health);
        }
    }

    record Prometheus(List<LiveRule> rules, List<String> alertmanagers) {
    }

    /**
     * The route's receiver: {@code integrations} are the notifier kinds it has (empty: a black hole), {@code exists}
     * false when no receiver has its name; {@code childNotifying} names the sub-routes' receivers that notify.
     */
    record Route(String receiver, boolean exists, List<String> integrations, List<String> childNotifying) {
    }

    private LiveAlerting() {
    }

    static Prometheus prometheus(JsonApi api, String base) throws ProbeFailure {
        JsonNode rulesAnswer = data(api, base, "/api/v1/rules?type=alert");
        List<LiveRule> rules = new ArrayList<>();
        JsonNode groups = rulesAnswer.path("groups");
        if (!groups.isArray()) {
            throw malformed("Prometheus", base + "/api/v1/rules", "no data.groups list");
        }
        for (JsonNode g : groups) {
            for (JsonNode r : g.path("rules")) {
                if ("alerting".equals(r.path("type").asText())) {
                    rules.add(new LiveRule(g.path("name").asText(), r.path("name").asText(), r.path("query").asText(),
                            r.path("health").asText(""), r.path("lastError").asText("")));
                }
            }
        }
        JsonNode managers = data(api, base, "/api/v1/alertmanagers").path("activeAlertmanagers");
        List<String> urls = new ArrayList<>();
        for (JsonNode m : managers) {
            urls.add(m.path("url").asText());
        }
        return new Prometheus(List.copyOf(rules), List.copyOf(urls));
    }

    private static JsonNode data(JsonApi api, String base, String path) throws ProbeFailure {
        JsonApi.Answer a = api.get(base + path);
        String endpoint = base + path.replaceFirst("\\?.*", "");
        if (a.status() == 401 || a.status() == 403) {
            throw new ProbeFailure(ProbeFailure.Kind.AUTH, "Prometheus " + endpoint + " answered " + a.status()
                    + " (give credentials in the URL)");
        }
        if (!a.ok() || !"success".equals(a.json().path("status").asText())) {
            throw malformed("Prometheus", endpoint, "HTTP " + a.status() + " without a successful JSON answer");
        }
        return a.json().path("data");
    }

    static Route alertmanager(JsonApi api, String base) throws ProbeFailure {
        JsonApi.Answer a = api.get(base + "/api/v2/status");
        String endpoint = base + "/api/v2/status";
        if (a.status() == 401 || a.status() == 403) {
            throw new ProbeFailure(ProbeFailure.Kind.AUTH, "Alertmanager " + endpoint + " answered " + a.status());
        }
        JsonNode original = a.json().path("config").path("original");
        if (!a.ok() || !original.isTextual()) {
            throw malformed("Alertmanager", endpoint, "HTTP " + a.status() + " without config.original");
        }
        return route(original.asText(), endpoint);
    }

    /** Judges the route of an Alertmanager configuration (its YAML). */
    static Route route(String yaml, String source) throws ProbeFailure {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw malformed("Alertmanager", source, "config.original is not YAML");
        }
        if (!(loaded instanceof Map<?, ?> config) || !(config.get("route") instanceof Map<?, ?> route)) {
            throw malformed("Alertmanager", source, "the configuration has no route");
        }
        String receiver = String.valueOf(route.get("receiver"));
        List<?> receivers = config.get("receivers") instanceof List<?> l ? l : List.of();
        boolean exists = false;
        List<String> integrations = List.of();
        for (Object r : receivers) {
            if (r instanceof Map<?, ?> m && receiver.equals(String.valueOf(m.get("name")))) {
                exists = true;
                integrations = integrations(m);
            }
        }
        List<String> childNotifying = new ArrayList<>();
        if (route.get("routes") instanceof List<?> children) {
            for (Object c : children) {
                if (c instanceof Map<?, ?> child && child.get("receiver") != null) {
                    String name = String.valueOf(child.get("receiver"));
                    for (Object r : receivers) {
                        if (r instanceof Map<?, ?> m && name.equals(String.valueOf(m.get("name")))
                                && !integrations(m).isEmpty() && !childNotifying.contains(name)) {
                            childNotifying.add(name);
                        }
                    }
                }
            }
        }
        return new Route(receiver, exists, integrations, List.copyOf(childNotifying));
    }

    private static List<String> integrations(Map<?, ?> receiver) {
        List<String> out = new ArrayList<>();
        for (String key : NOTIFIERS) {
            if (receiver.get(key) instanceof List<?> configs && !configs.isEmpty()) {
                out.add(key.replace("_configs", ""));
            }
        }
        return out;
    }

    private static ProbeFailure malformed(String what, String endpoint, String why) {
        return new ProbeFailure(ProbeFailure.Kind.IO, what + " " + endpoint + " gave no usable answer: " + why);
    }
}
