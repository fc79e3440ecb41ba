package dev.prodaudit.probe.git;

import java.util.List;

/**
 * Format-based credential rules (a Resend {@code re_...} key, a PEM private key), as opposed to the known values of
 * {@link KnownSecrets}: the seam through which both the tracked-file scan and the history walk hand lines to them.
 *
 * <p>The tree scan calls {@link #find} with every line of one tracked file. The history walk calls it once per file
 * per commit with the lines that commit added to that file (consecutive added lines in order, at most
 * {@link HistoryScan#MAX_RULE_BATCH} per call and each cut at {@link HistoryScan#MAX_RULE_LINE} characters), and
 * maps each hit's index back to the line number in that commit's version of the file. Rules that want context
 * ("an Azure endpoint nearby") see the lines added together, not the unchanged ones around them.
 */
@FunctionalInterface
public interface LineRules {

    /** No format rules: only known values are looked for. */
    LineRules NONE = (path, lines) -> List.of();

    /**
     * One rule hit.
     *
     * @param line        1-based index into the {@code lines} passed to {@link #find}
     * @param ruleId      the rule's id, e.g. {@code resend-api-key}
     * @param description what was found, without the value, e.g. "a Resend API key"
     */
    record Hit(int line, String ruleId, String description) {
    }

    /** The rule hits among {@code lines} of the file at {@code path} (repository-relative); never null. */
    List<Hit> find(String path, List<String> lines);
}
