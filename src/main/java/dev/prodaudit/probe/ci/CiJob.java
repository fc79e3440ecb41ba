package dev.prodaudit.probe.ci;

import dev.prodaudit.probe.Status;

/**
 * One CI result for the release commit, whatever the provider calls it (a GitHub check run or commit status, a
 * GitLab job), reduced to what the verdict needs.
 *
 * @param kind   what the provider calls it: "check run", "status", "job"
 * @param name   its name (GitHub: the check run's name or the status context; GitLab: the job name)
 * @param state  how it ended, or that it has not
 * @param raw    the provider's own word for it ("failure", "timed_out", "in_progress", "canceled")
 * @param url    where a person sees it (html_url, target_url, web_url), or null
 */
public record CiJob(String kind, String name, State state, String raw, String url) {

    /** Where a CI result stands, in the words the verdict uses. */
    public enum State {
        PASSED(Status.PASS),
        FAILED(Status.FAIL),
        CANCELLED(Status.FAIL),
        /** Failed in a job allowed to fail (GitLab {@code allow_failure}). */
        FAILED_ALLOWED(Status.WARN),
        /** Skipped, neutral or stale: it ran nothing that proves the release. */
        SKIPPED(Status.WARN),
        /** A manual job nobody started. */
        NOT_STARTED(Status.WARN),
        /** Queued, in progress, pending: no verdict yet. */
        RUNNING(Status.WARN);

        private final Status status;

        State(Status status) {
            this.status = status;
        }

        public Status status() {
            return status;
        }
    }

    /** How findings name it: {@code check run "unit-tests": failure (https://...)}. */
    public String describe() {
        String word = switch (state) {
            case RUNNING -> "not finished (" + raw + ")";
            case FAILED_ALLOWED -> raw + " (allowed to fail)";
            case NOT_STARTED -> "manual job not started";
            default -> raw;
        };
        return kind + " \"" + name + "\": " + word + (url == null || url.isBlank() ? "" : " " + url);
    }
}
