package dev.prodaudit.probe;

import java.time.Instant;

/**
 * What the run knows about the deploy it audits, before asking any live service: the deploy time the user gave
 * ({@code audit run --deployed-at}) and the commit of the audited release ({@code --release}, default HEAD). Checks
 * that need the deploy time and were not given one ask the API itself (its {@code /version} or {@code /health}).
 *
 * @param deployedAt    {@code --deployed-at}, or null when not given
 * @param auditedCommit the full commit id of the audited release, or null when the repository has none
 */
public record Deployment(Instant deployedAt, String auditedCommit) {
    /** Nothing known: no {@code --deployed-at}, no commit. */
    public static final Deployment UNKNOWN = new Deployment(null, null);
}
