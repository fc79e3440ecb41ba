package dev.prodaudit.policy;

import java.util.Optional;

/**
 * The release a run vouches for: {@code --release REF} (default: the audited repository's HEAD) resolved
 * to a commit, or why it could not be (the repository is not a git repository, has no commits, git is
 * missing). Attestations that name a {@code release:} count only when it resolves to the same commit.
 *
 * @param ref         as given ({@code HEAD} by default)
 * @param commit      the full commit id, or null when unavailable
 * @param unavailable why there is no commit, or null when there is one
 */
public record AuditedRelease(String ref, String commit, String unavailable) {

    /** Resolves what an attestation's {@code release:} names to a commit of the audited repository. */
    @FunctionalInterface
    public interface CommitResolver {
        /** The full commit id {@code ref} names, or empty when it names none. */
        Optional<String> commitOf(String ref);
    }

    public static AuditedRelease of(String ref, String commit) {
        return new AuditedRelease(ref, commit, null);
    }

    public static AuditedRelease unavailable(String ref, String why) {
        return new AuditedRelease(ref, null, why);
    }

    public boolean known() {
        return commit != null;
    }

    /** "v1.4.0 (5d6e7f8)", "5d6e7f8" when the ref is the commit itself, or "HEAD (unknown: why)". */
    public String shown() {
        if (commit == null) {
            return ref + " (unknown: " + unavailable + ")";
        }
        String shortCommit = commit.substring(0, Math.min(7, commit.length()));
        return commit.startsWith(ref) ? shortCommit : ref + " (" + shortCommit + ")";
    }
}
