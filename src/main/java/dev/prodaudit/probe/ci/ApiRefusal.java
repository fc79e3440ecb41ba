package dev.prodaudit.probe.ci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prodaudit.probe.http.JsonApi;
import java.time.Instant;
import java.util.Optional;

/**
 * A provider answered but would not give what the probe asked: the check's ERROR reason, in words a user can act on
 * (the token was rejected, the rate limit is spent until a given time, the repository or commit is not visible).
 */
final class ApiRefusal extends Exception {
    private static final long serialVersionUID = 1L;
    private static final int MAX_MESSAGE = 120;

    ApiRefusal(String message) {
        super(message);
    }

    /**
     * The refusal an answer that is not 2xx stands for.
     *
     * @param provider "GitHub API", "GitLab API"
     * @param what     what was asked, for the message ("check runs of 0123abc")
     */
    static ApiRefusal of(String provider, JsonApi.Answer a, String what) {
        String said = said(a.json()).map(m -> ": " + m).orElse("");
        Optional<String> remaining = a.header("x-ratelimit-remaining").or(() -> a.header("RateLimit-Remaining"));
        boolean spent = remaining.map(String::strip).filter(r -> r.equals("0")).isPresent();
        if (a.status() == 429 || (a.status() == 403 && spent)) {
            String until = a.header("x-ratelimit-reset").or(() -> a.header("RateLimit-Reset"))
                    .filter(r -> r.strip().matches("\\d{1,12}"))
                    .map(r -> " until " + Instant.ofEpochSecond(Long.parseLong(r.strip())))
                    .orElse("");
            String resource = a.header("x-ratelimit-resource").map(r -> " (" + r + ")").orElse("");
            return new ApiRefusal(provider + " rate limit exhausted" + resource + until + " while reading " + what);
        }
        return new ApiRefusal(switch (a.status()) {
            case 401 -> provider + " rejected the token (HTTP 401" + said + ")";
            case 403 -> provider + " refused " + what + " to this token (HTTP 403" + said + "); see the check's "
                    + "remediation for the permissions it needs";
            case 404 -> "repository or commit not visible to this token: " + provider + " answered HTTP 404" + said
                    + " for " + what;
            case 422 -> provider + " does not know " + what + " (HTTP 422" + said + "): is the release pushed?";
            default -> provider + " answered HTTP " + a.status() + said + " for " + what;
        });
    }

    /** The provider's own one-line message ({@code {"message": "Bad credentials"}}), bounded. */
    private static Optional<String> said(JsonNode body) {
        JsonNode m = body.path("message");
        if (!m.isTextual() || m.asText().isBlank()) {
            return Optional.empty();
        }
        String text = m.asText().strip().replaceAll("\\s+", " ");
        return Optional.of(text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text);
    }
}
