package dev.prodaudit.catalog;

/**
 * What a manual check asks of the attestations that vouch for it ({@code attestation:} in its catalogue
 * entry): how long one may stay valid, and whether it must name the release it was verified on.
 *
 * @param maxAgeDays the longest an attestation may run from its {@code date} to its {@code expires}, in days,
 *                   or null for no limit (quarterly drills: 92; per-release items: 1)
 * @param perRelease every attestation must carry {@code release:}, and counts only for that release
 */
public record AttestationRule(Integer maxAgeDays, boolean perRelease) {
    /** No limit and not bound to a release: what a check without {@code attestation:} asks. */
    public static final AttestationRule NONE = new AttestationRule(null, false);
}
