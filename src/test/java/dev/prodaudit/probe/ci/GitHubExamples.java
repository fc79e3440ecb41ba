package dev.prodaudit.probe.ci;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Bodies shaped as GitHub's REST reference documents them (API version 2022-11-28): "List check runs for a Git
 * reference", "Get the combined status for a specific reference", "Get status checks protection", and the error body.
 */
final class GitHubExamples {
    static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final String OWNER_REPO = "octocat/Hello-World";

    private GitHubExamples() {
    }

    /** One check run as the reference's example shows it, with this name, status and conclusion. */
    static String checkRun(long id, String name, String status, String conclusion) {
        return """
                {"id": %d, "head_sha": "%s", "node_id": "MDg6Q2hlY2tSdW40", "external_id": "",
                 "url": "https://api.github.com/repos/octocat/Hello-World/check-runs/%d",
                 "html_url": "https://github.com/octocat/Hello-World/actions/runs/99/job/%d",
                 "details_url": "https://example.com", "status": "%s", "conclusion": %s,
                 "started_at": "2018-05-04T01:14:52Z", "completed_at": %s,
                 "output": {"title": "Mighty Readme report", "summary": "There are 0 failures, 2 warnings, and 1 notice.",
                   "text": "You may have some misspelled words on lines 2 and 4.", "annotations_count": 2,
                   "annotations_url": "https://api.github.com/repos/octocat/Hello-World/check-runs/%d/annotations"},
                 "name": "%s", "check_suite": {"id": 5},
                 "app": {"id": 1, "slug": "github-actions", "node_id": "MDExOkludGVncmF0aW9uMQ==",
                   "owner": {"login": "github", "id": 1, "type": "Organization", "site_admin": false},
                   "name": "GitHub Actions", "description": "", "external_url": "https://example.com",
                   "html_url": "https://github.com/apps/github-actions", "created_at": "2017-07-08T16:18:44-04:00",
                   "updated_at": "2017-07-08T16:18:44-04:00", "permissions": {"checks": "write", "metadata": "read"},
                   "events": ["push", "pull_request"]},
                 "pull_requests": []}""".formatted(id, SHA, id, id, status,
                conclusion == null ? "null" : "\"" + conclusion + "\"",
                status.equals("completed") ? "\"2018-05-04T01:14:52Z\"" : "null", id, name);
    }

    static String checkRuns(int totalCount, List<String> runs) {
        return "{\"total_count\": " + totalCount + ", \"check_runs\": [" + String.join(",", runs) + "]}";
    }

    static String status(long id, String context, String state) {
        return """
                {"url": "https://api.github.com/repos/octocat/Hello-World/statuses/%s",
                 "avatar_url": "https://github.com/images/error/hubot_happy.gif", "id": %d, "node_id": "MDY6U3RhdHVzMQ==",
                 "state": "%s", "description": "Build has completed successfully",
                 "target_url": "https://ci.example.com/%d/output", "context": "%s",
                 "created_at": "2012-07-20T01:19:13Z", "updated_at": "2012-07-20T01:19:13Z"}""".formatted(SHA, id, state,
                id, context);
    }

    static String combined(String state, List<String> statuses) {
        return """
                {"state": "%s", "statuses": [%s], "sha": "%s", "total_count": %d,
                 "repository": {"id": 1296269, "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5", "name": "Hello-World",
                   "full_name": "octocat/Hello-World", "private": false,
                   "owner": {"login": "octocat", "id": 1, "type": "User", "site_admin": false},
                   "html_url": "https://github.com/octocat/Hello-World", "description": "This your first repo!",
                   "fork": false, "url": "https://api.github.com/repos/octocat/Hello-World"},
                 "commit_url": "https://api.github.com/repos/octocat/Hello-World/%s",
                 "url": "https://api.github.com/repos/octocat/Hello-World/%s/status"}""".formatted(state,
                String.join(",", statuses), SHA, statuses.size(), SHA, SHA);
    }

    /** Get status checks protection: the legacy {@code contexts} and the {@code checks} with their app. */
    static String requiredStatusChecks(List<String> names) {
        return """
                {"url": "https://api.github.com/repos/octocat/Hello-World/branches/master/protection/required_status_checks",
                 "strict": true, "contexts": [%s],
                 "contexts_url": "https://api.github.com/repos/octocat/Hello-World/branches/master/protection/required_status_checks/contexts",
                 "checks": [%s]}""".formatted(
                names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(",")),
                names.stream().map(n -> "{\"context\": \"" + n + "\", \"app_id\": 15368}").collect(Collectors.joining(",")));
    }

    static final String BAD_CREDENTIALS = """
            {"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}""";
    static final String RATE_LIMITED = """
            {"message":"API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api","status":"403"}""";
    static final String BRANCH_NOT_PROTECTED = """
            {"message":"Branch not protected","documentation_url":"https://docs.github.com/rest/branches/branch-protection#get-status-checks-protection","status":"404"}""";
}
