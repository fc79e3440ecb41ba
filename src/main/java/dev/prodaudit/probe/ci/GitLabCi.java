package dev.prodaudit.probe.ci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.http.JsonApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The release commit's results on GitLab: the pipelines for the SHA ({@code GET /projects/:id/pipelines?sha=}, newest
 * first), the jobs of the newest ones ({@code GET /projects/:id/pipelines/:pipeline_id/jobs}, every page, the newest
 * attempt of each job name winning) and the newest pipeline's test report
 * ({@code GET /projects/:id/pipelines/:pipeline_id/test_report}).
 */
final class GitLabCi {
    static final String PROVIDER = "GitLab API";
    /** A SHA often has a branch, a tag and a merge-request pipeline; their jobs together make the release's CI. */
    static final int PIPELINES = 3;
    static final int MAX_PAGES = 10;
    /** How many failing suites a finding names. */
    private static final int SUITES = 5;

    private GitLabCi() {
    }

    static CiResults read(JsonApi api, CiRepository repo, String sha) throws ProbeFailure, ApiRefusal {
        String project = repo.apiBase() + "/projects/" + URLEncoder.encode(repo.path(), StandardCharsets.UTF_8);
        String shortSha = sha.substring(0, 7);
        JsonApi.Answer listed = api.get(project + "/pipelines?sha=" + sha + "&order_by=id&sort=desc&per_page=100");
        if (!listed.ok()) {
            throw ApiRefusal.of(PROVIDER, listed, "the pipelines of " + shortSha + " in " + repo.path());
        }
        List<JsonNode> pipelines = new ArrayList<>();
        listed.json().forEach(pipelines::add);
        pipelines.sort((a, b) -> Long.compare(b.path("id").asLong(), a.path("id").asLong()));
        Map<String, CiJob> byName = new LinkedHashMap<>();
        for (JsonNode pipeline : pipelines.subList(0, Math.min(PIPELINES, pipelines.size()))) {
            long id = pipeline.path("id").asLong();
            for (JsonNode job : jobs(api, project + "/pipelines/" + id + "/jobs?per_page=100", id, repo)) {
                CiJob j = job(job);
                byName.putIfAbsent(j.name(), j); // pipelines newest first: the first seen is the newest attempt
            }
        }
        List<Finding> testFailures = new ArrayList<>();
        String report = null;
        if (!pipelines.isEmpty()) {
            JsonNode newest = pipelines.get(0);
            long id = newest.path("id").asLong();
            JsonApi.Answer tr = api.get(project + "/pipelines/" + id + "/test_report");
            if (tr.ok() && tr.json().path("total_count").asInt(0) > 0) {
                report = testReport(tr.json(), newest, testFailures);
            } else if (!tr.ok() && tr.status() != 404) {
                throw ApiRefusal.of(PROVIDER, tr, "the test report of pipeline " + id);
            }
        }
        return new CiResults(List.copyOf(byName.values()), null, null, testFailures, report);
    }

    /**
     * Every job of one pipeline. GitLab marks the next page with {@code Link} and with {@code x-next-page}; a page
     * with only the latter (keyset paging switched off behind a proxy that drops Link) is followed by its number.
     */
    private static List<JsonNode> jobs(JsonApi api, String url, long pipeline, CiRepository repo)
            throws ProbeFailure, ApiRefusal {
        List<JsonNode> out = new ArrayList<>();
        List<JsonApi.Answer> pages = new ArrayList<>(api.getAll(url, MAX_PAGES));
        while (!pages.isEmpty() && pages.size() < MAX_PAGES) {
            JsonApi.Answer last = pages.get(pages.size() - 1);
            String next = last.header("x-next-page").map(String::strip).orElse("");
            if (!last.ok() || last.nextPage().isPresent() || !next.matches("\\d{1,4}")) {
                break;
            }
            pages.addAll(api.getAll(url + "&page=" + next, MAX_PAGES - pages.size()));
        }
        for (JsonApi.Answer page : pages) {
            if (!page.ok()) {
                throw ApiRefusal.of(PROVIDER, page, "the jobs of pipeline " + pipeline + " in " + repo.path());
            }
            page.json().forEach(out::add);
        }
        return out;
    }

    /** A job: {@code created, pending, running, failed, success, canceled, skipped, manual} and the rest. */
    static CiJob job(JsonNode job) {
        String status = job.path("status").asText("");
        boolean allowedToFail = job.path("allow_failure").asBoolean(false);
        CiJob.State state = switch (status) {
            case "success" -> CiJob.State.PASSED;
            case "failed" -> allowedToFail ? CiJob.State.FAILED_ALLOWED : CiJob.State.FAILED;
            case "canceled", "canceling" -> CiJob.State.CANCELLED;
            case "skipped" -> CiJob.State.SKIPPED;
            case "manual" -> CiJob.State.NOT_STARTED;
            default -> CiJob.State.RUNNING; // created, pending, running, preparing, scheduled, waiting_for_resource
        };
        return new CiJob("job", job.path("name").asText("(unnamed)"), state, status, job.path("web_url").asText(null));
    }

    /**
     * The test report's verdict: failed or errored tests FAIL the tests stage even when their job was allowed to
     * fail, because the report is what the tests said, whatever the pipeline was told to tolerate.
     */
    private static String testReport(JsonNode report, JsonNode pipeline, List<Finding> out) {
        int total = report.path("total_count").asInt();
        int failed = report.path("failed_count").asInt();
        int errors = report.path("error_count").asInt();
        int skipped = report.path("skipped_count").asInt();
        String where = "GitLab pipeline " + pipeline.path("id").asLong() + " test report";
        String url = pipeline.path("web_url").asText("");
        String line = total + " tests, " + failed + " failed, " + errors + " errors, " + skipped + " skipped";
        if (failed + errors > 0) {
            List<String> suites = new ArrayList<>();
            for (JsonNode suite : report.path("test_suites")) {
                int bad = suite.path("failed_count").asInt() + suite.path("error_count").asInt();
                if (bad > 0 && suites.size() < SUITES) {
                    suites.add(suite.path("name").asText("?") + " (" + bad + ")");
                }
            }
            out.add(Finding.of(Status.FAIL, where + ": " + line + (suites.isEmpty() ? "" : "; failing suites: "
                    + String.join(", ", suites)) + (url.isEmpty() ? "" : " " + url + "/test_report")));
        } else if (skipped > 0) {
            out.add(Finding.of(Status.WARN, where + ": " + line + (url.isEmpty() ? "" : " " + url + "/test_report")));
        } else {
            out.add(Finding.of(Status.PASS, where + ": " + line));
        }
        return line;
    }
}
