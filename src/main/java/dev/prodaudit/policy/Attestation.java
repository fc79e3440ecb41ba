package dev.prodaudit.policy;

import java.time.LocalDate;

/**
 * A person's word that a manual check holds: who verified it, when, what shows it, and until when the
 * word is good. Valid through {@code expires}; expired from the day after.
 *
 * @param location {@code file:line:col} of the entry, for messages
 * @param release  the release (tag, branch or commit) it was verified on, or null when it is not bound to one
 */
public record Attestation(String check, String by, LocalDate date, String evidence, LocalDate expires, String location,
                          String release) {

    /** An attestation not bound to a release. */
    public Attestation(String check, String by, LocalDate date, String evidence, LocalDate expires, String location) {
        this(check, by, date, evidence, expires, location, null);
    }
}
