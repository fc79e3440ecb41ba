package dev.prodaudit.probe.ci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.http.JsonApi;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The release commit's results on GitHub: its check runs ({@code GET /repos/{owner}/{repo}/commits/{sha}/check-runs},
 * every page), its commit statuses ({@code GET .../commits/{sha}/status}, the combined status with the newest status
 * per context) and, when the token may read it, the required checks of the branch's protection
 * ({@code GET .../branches/{branch}/protection/required_status_checks}).
 */
final class GitHubCi {
    static final String PROVIDER = "GitHub API";
    /** GitHub's documented media type and the REST API version these shapes are from. */
    static final Map<String, String> HEADERS = Map.of("Accept", "application/vnd.github+json",
            "X-GitHub-Api-Version", "2022-11-28");
    /** 100 check runs a page: ten pages are more than any workflow set produces for one commit. */
    static final int MAX_PAGES = 10;

    private GitHubCi() {
    }

    static CiResults read(JsonApi api, CiRepository repo, String sha, String branch) throws ProbeFailure, ApiRefusal {
        String base = repo.apiBase() + "/repos/" + repo.path();
        String shortSha = sha.substring(0, 7);
        List<CiJob> jobs = new ArrayList<>();
        for (JsonApi.Answer page : api.getAll(base + "/commits/" + sha + "/check-runs?per_page=100", MAX_PAGES)) {
            if (!page.ok()) {
                throw ApiRefusal.of(PROVIDER, page, "the check runs of " + shortSha + " in " + repo.path());
            }
            for (JsonNode run : page.json().path("check_runs")) {
                jobs.add(checkRun(run));
            }
        }
        JsonApi.Answer combined = api.get(base + "/commits/" + sha + "/status?per_page=100");
        if (!combined.ok()) {
            throw ApiRefusal.of(PROVIDER, combined, "the commit statuses of " + shortSha + " in " + repo.path());
        }
        for (JsonNode status : combined.json().path("statuses")) {
            jobs.add(status(status));
        }
        return required(api, base, branch, jobs);
    }

    private static CiResults required(JsonApi api, String base, String branch, List<CiJob> jobs) throws ProbeFailure {
        String protectedBranch = branch;
        if (protectedBranch == null) {
            JsonApi.Answer repository = api.get(base);
            if (!repository.ok() || !repository.json().path("default_branch").isTextual()) {
                return new CiResults(jobs, null, "the release's branch is unknown and the repository's default branch "
                        + "could not be read (HTTP " + repository.status() + ")", List.of(), null);
            }
            protectedBranch = repository.json().path("default_branch").asText();
        }
        JsonApi.Answer a = api.get(base + "/branches/" + URLEncoder.encode(protectedBranch, StandardCharsets.UTF_8)
                + "/protection/required_status_checks");
        if (a.status() == 404) {
            String message = a.json().path("message").asText("");
            // GitHub's documented answers for a branch without the rule: the required set is known, and empty.
            if (message.contains("not protected") || message.contains("not enabled")) {
                return new CiResults(jobs, Set.of(), null, List.of(), null);
            }
        }
        if (!a.ok()) {
            return new CiResults(jobs, null, "required checks of branch " + protectedBranch
                    + " unknown (branch protection not readable with this token: HTTP " + a.status()
                    + "); judged by the job names", List.of(), null);
        }
        Set<String> required = new LinkedHashSet<>();
        a.json().path("contexts").forEach(c -> required.add(c.asText()));
        a.json().path("checks").forEach(c -> required.add(c.path("context").asText()));
        required.remove("");
        return new CiResults(jobs, required, null, List.of(), null);
    }

    /** A check run: {@code status} until it completes, then its {@code conclusion}. */
    static CiJob checkRun(JsonNode run) {
        String status = run.path("status").asText("");
        String conclusion = run.path("conclusion").asText("");
        String url = run.path("html_url").asText(null);
        String name = run.path("name").asText("(unnamed)");
        if (!status.equals("completed")) {
            return new CiJob("check run", name, CiJob.State.RUNNING, status.isEmpty() ? "unknown" : status, url);
        }
        CiJob.State state = switch (conclusion) {
            case "success" -> CiJob.State.PASSED;
            case "cancelled" -> CiJob.State.CANCELLED;
            case "skipped", "neutral", "stale" -> CiJob.State.SKIPPED;
            // failure, timed_out, action_required, startup_failure, and any conclusion GitHub adds later
            default -> CiJob.State.FAILED;
        };
        return new CiJob("check run", name, state, conclusion.isEmpty() ? "completed without conclusion" : conclusion,
                url);
    }

    /** A commit status: {@code error, failure, pending, success}. */
    static CiJob status(JsonNode status) {
        String state = status.path("state").asText("");
        CiJob.State s = switch (state) {
            case "success" -> CiJob.State.PASSED;
            case "pending" -> CiJob.State.RUNNING;
            default -> CiJob.State.FAILED;
        };
        return new CiJob("status", status.path("context").asText("(unnamed)"), s, state,
                status.path("target_url").asText(null));
    }
}
