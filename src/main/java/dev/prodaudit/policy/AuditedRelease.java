package dev.prodaudit.policy;

import java.util.Optional;

/**
 * The release a run vouches for: {@code --release REF} (default: the audited repository's HEAD) resolved
 * to a commit, or why it could not be (the repository is not a git repository, has no commits, git is
 * missing). Attestations that name a {@code release:} count only when it resolves to the same commit.
 *
 * @param ref           as given ({@code HEAD} by default)
 * @param commit        the full commit id, or null when unavailable
 * @param unavailable   why there is no commit, or null when there is one
 * @param gitRepository whether the audited repository is a git repository at all
 * @param repositoryUri where the repository lives (its remote, without credentials, else a file URI), or null
 * @param branch        the branch the release is on when the ref names one (or HEAD is on one), else null
 */
public record AuditedRelease(String ref, String commit, String unavailable, boolean gitRepository,
                             String repositoryUri, String branch) {

    /** A release without provenance (remote, branch). */
    public AuditedRelease(String ref, String commit, String unavailable) {
        this(ref, commit, unavailable, true, null, null);
    }

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

    /** HEAD of a directory that is not a git repository: there is no release to name. */
    public static AuditedRelease outsideRepository(String ref, String why) {
        return new AuditedRelease(ref, null, why, false, null, null);
    }

    /** The same release, with where the repository lives and the branch it is on. */
    public AuditedRelease withProvenance(String uri, String onBranch) {
        return new AuditedRelease(ref, commit, unavailable, gitRepository, uri, onBranch);
    }

    /** The same release with its free-text parts passed through {@code redact} (a remote may carry a token). */
    public AuditedRelease redacted(java.util.function.UnaryOperator<String> redact) {
        return new AuditedRelease(ref == null ? null : redact.apply(ref), commit,
                unavailable == null ? null : redact.apply(unavailable), gitRepository,
                repositoryUri == null ? null : redact.apply(repositoryUri), branch == null ? null : redact.apply(branch));
    }

    /**
     * The release as a report header names it: "HEAD 0123…(40 hex)", or "unknown (not a git repository)",
     * or "unknown (why)".
     */
    public String header() {
        if (commit != null) {
            return ref + " " + commit + (branch != null && !branch.equals(ref) ? " (branch " + branch + ")" : "");
        }
        return "unknown (" + (gitRepository ? unavailable : "not a git repository") + ")";
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
