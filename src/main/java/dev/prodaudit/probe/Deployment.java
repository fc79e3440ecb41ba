package dev.prodaudit.probe;

import java.time.Instant;

/**
 * What the run knows about the deploy it audits, before asking any live service: the deploy time the user gave
 * ({@code audit run --deployed-at}) and the commit of the audited release ({@code --release}, default HEAD). Checks
 * that need the deploy time and were not given one ask the API itself (its {@code /version} or {@code /health}).
 *
 * @param deployedAt    {@code --deployed-at}, or null when not given
 * @param auditedCommit the full commit id of the audited release, or null when the repository has none
 * @param remote        where the audited repository lives: its git remote without credentials
 *                      ({@code https://github.com/acme/app}, {@code ssh://github.com/acme/app.git}), or null
 * @param branch        the branch the release is on, or null when git cannot tell
 */
public record Deployment(Instant deployedAt, String auditedCommit, String remote, String branch) {
    /** Nothing known: no {@code --deployed-at}, no commit. */
    public static final Deployment UNKNOWN = new Deployment(null, null);

    /** A deploy whose repository's remote and branch are not known. */
    public Deployment(Instant deployedAt, String auditedCommit) {
        this(deployedAt, auditedCommit, null, null);
    }
}
