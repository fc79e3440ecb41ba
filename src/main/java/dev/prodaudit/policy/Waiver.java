package dev.prodaudit.policy;

import java.time.LocalDate;

/**
 * An accepted risk: a failing (or warning) check that is not to gate until {@code expires}, and why.
 * Valid through {@code expires}; expired from the day after.
 *
 * @param by       who accepted the risk, or null
 * @param location {@code file:line:col} of the entry, for messages
 */
public record Waiver(String check, String justification, String by, LocalDate expires, String location) {
}
