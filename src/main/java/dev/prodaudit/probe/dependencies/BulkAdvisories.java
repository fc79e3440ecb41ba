package dev.prodaudit.probe.dependencies;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.probe.JsonReader;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.http.HttpClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry's bulk advisory endpoint, as npm audit itself asks it: {@code POST <registry>/-/npm/v1/security/advisories/bulk}
 * with {@code {"name": ["version", ...]}} for every production package of the lock, answered with
 * {@code {"name": [{"id", "url", "title", "severity", "vulnerable_versions", ...}]}}. The registry returns every
 * advisory of a named package; which apply is decided here, like npm does, by matching each locked version
 * against {@code vulnerable_versions}.
 */
final class BulkAdvisories {
    static final String PATH = "/-/npm/v1/security/advisories/bulk";
    /** Larger answers are refused: a real one for a few hundred packages is well under a megabyte. */
    static final int MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private BulkAdvisories() {
    }

    static Advisory.Report audit(OkHttpClient client, String registry, Lockfile lock, DependencyGraph graph, Deadline deadline)
            throws Advisory.AuditFailed {
        Map<String, Set<String>> versions = new LinkedHashMap<>();
        for (Lockfile.Locked l : lock.production()) {
            versions.computeIfAbsent(l.name(), n -> new LinkedHashSet<>()).add(l.version());
        }
        HttpUrl url = HttpUrl.parse(registry.replaceAll("/+$", "") + PATH);
        if (url == null) {
            throw new Advisory.AuditFailed("registry " + registry + " is not an http(s) URL");
        }
        String where = url.scheme() + "://" + url.host() + (url.port() == HttpUrl.defaultPort(url.scheme()) ? "" : ":" + url.port()) + PATH;
        long budget = Math.max(1, deadline.left());
        // The run's client for the registry's scheme (for https://, system CAs plus --ca-file; no redirects, no
        // retries) with this check's budget. Not the JDK's HttpClient: its selector thread stays in a native wait
        // until the JVM exits, and HotSpot waits up to 300 ms at exit for such threads to stop, a third of a whole
        // audit.
        OkHttpClient timed = HttpClients.within(client, budget);
        Request request;
        try {
            request = new Request.Builder().url(url).header("Accept", "application/json")
                    .post(RequestBody.create(JsonReader.stringArrays(versions), JSON_TYPE)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e); // written to memory: cannot fail
        }
        JsonNode answer;
        try (Response response = timed.newCall(request).execute()) {
            byte[] bytes;
            try (InputStream in = response.body().byteStream()) {
                bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
            int status = response.code();
            if (status == 401 || status == 403) {
                throw new Advisory.AuditFailed(where + " answered " + status
                        + ": the registry needs credentials the audit does not send");
            }
            if (status != 200) {
                throw new Advisory.AuditFailed(where + " answered " + status + (status == 405
                        ? " (a read-only mirror or proxy that refuses POST; set targets.npmRegistry to a registry that audits)" : ""));
            }
            if (bytes.length > MAX_RESPONSE_BYTES) {
                throw new Advisory.AuditFailed(where + " answered more than " + MAX_RESPONSE_BYTES / (1024 * 1024)
                        + " MiB; refused");
            }
            try {
                answer = JsonReader.readTree(bytes);
            } catch (IOException e) {
                throw new Advisory.AuditFailed(where + " answered malformed JSON");
            }
        } catch (InterruptedIOException e) {
            throw new Advisory.AuditFailed(where + " timed out after " + deadline.budgetMillis() + " ms");
        } catch (IOException e) {
            throw new Advisory.AuditFailed(where + " unreachable: " + (e.getMessage() == null ? "connection failed" : e.getMessage()));
        }
        if (answer == null || !answer.isObject()) {
            throw new Advisory.AuditFailed(where + " answered malformed JSON (not an object of advisories by package)");
        }
        return new Advisory.Report(lock.production().size(), applicable(answer, lock, graph), "registry " + where);
    }

    /** The advisories of the answer whose vulnerable_versions admit a locked production version. */
    static List<Advisory> applicable(JsonNode answer, Lockfile lock, DependencyGraph graph) throws Advisory.AuditFailed {
        List<Advisory> out = new ArrayList<>();
        for (Lockfile.Locked l : lock.production()) {
            JsonNode list = answer.path(l.name());
            if (list.isMissingNode()) {
                continue;
            }
            if (!list.isArray()) {
                throw new Advisory.AuditFailed("the registry's answer for " + l.name() + " is not a list of advisories");
            }
            var version = SemverRange.Version.parse(l.version());
            for (JsonNode a : list) {
                var range = SemverRange.parse(a.path("vulnerable_versions").asText(""));
                if (version.isEmpty() || range.isEmpty() || !range.get().satisfiedBy(version.get())) {
                    continue;
                }
                out.add(new Advisory(l.name(), l.version(), a.path("severity").asText("unknown"),
                        a.path("id").asText("?"), a.path("title").asText(""), a.path("url").asText(null),
                        graph.topLevel(l.path())));
            }
        }
        return out;
    }
}
