package dev.prodaudit.probe.git;

/**
 * One credential found by format. Never carries the value: {@code what} says what it is ("Resend API key (re_…,
 * 36 chars)") with at most the provider's fixed public prefix.
 *
 * @param ruleId      the rule that matched, e.g. {@code resend-api-key}
 * @param description what the rule finds
 * @param line        1-based index into the lines that were scanned
 * @param what        a short description of the match, without the value
 */
public record CredentialMatch(String ruleId, String description, int line, String what) {
}
