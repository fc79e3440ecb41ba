package dev.prodaudit.policy;

import dev.prodaudit.input.InputException;
import dev.prodaudit.repo.Git;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Resolves releases against the audited repository with git ({@code git rev-parse REF^{commit}}), so a tag,
 * a branch and a (short) commit id that name the same commit are the same release.
 */
public final class GitReleases implements AuditedRelease.CommitResolver {
    /** The ref audited when {@code --release} is not given. */
    public static final String DEFAULT_REF = "HEAD";
    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(10);
    private static final String HINT = "name a tag, branch or commit of the audited repository, e.g. --release v1.4.0";

    private final Git git;
    private final String shownRepository;

    /** @param shownRepository what messages call the repository, e.g. "." */
    public GitReleases(Path repository, String shownRepository) {
        this.git = new Git(repository, GIT_TIMEOUT);
        this.shownRepository = shownRepository;
    }

    /**
     * The audited release: {@code --release REF} when given (it must resolve, else exit 2), else HEAD, which
     * is merely unavailable when the repository is not a git repository or has no commit yet.
     */
    public AuditedRelease audited(String releaseOption) throws InputException {
        if (releaseOption == null) {
            try {
                Optional<String> head = resolve(DEFAULT_REF);
                if (head.isPresent()) {
                    return AuditedRelease.of(DEFAULT_REF, head.get());
                }
                return AuditedRelease.unavailable(DEFAULT_REF, isRepository()
                        ? "repository " + shownRepository + " has no commits yet"
                        : "repository " + shownRepository + " is not a git repository");
            } catch (Git.GitException e) {
                return AuditedRelease.unavailable(DEFAULT_REF, e.getMessage());
            }
        }
        String ref = releaseOption.strip();
        String where = "--release " + releaseOption;
        if (ref.isEmpty() || ref.startsWith("-")) {
            throw new InputException(where, "not a release name", HINT);
        }
        try {
            Optional<String> commit = resolve(ref);
            if (commit.isPresent()) {
                return AuditedRelease.of(ref, commit.get());
            }
            if (!isRepository()) {
                throw new InputException(where, "repository " + shownRepository + " is not a git repository, so no release can be named",
                        "run in the git checkout of the release, or pass --repo with it");
            }
            throw new InputException(where, "no commit named '" + ref + "' in repository " + shownRepository, HINT);
        } catch (Git.GitException e) {
            throw new InputException(where, e.getMessage(), "the release is resolved with git; install git or leave out --release");
        }
    }

    @Override
    public Optional<String> commitOf(String ref) {
        try {
            return resolve(ref);
        } catch (Git.GitException e) {
            return Optional.empty();
        }
    }

    private Optional<String> resolve(String ref) throws Git.GitException {
        if (ref.isBlank() || ref.startsWith("-")) {
            return Optional.empty(); // never an option to git
        }
        Git.Result r = git.run("rev-parse", "--verify", "--quiet", ref.strip() + "^{commit}");
        String out = r.text().strip();
        return r.exitCode() == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty();
    }

    private boolean isRepository() throws Git.GitException {
        return git.run("rev-parse", "--git-dir").exitCode() == 0;
    }
}
