package dev.prodaudit.policy;

import dev.prodaudit.input.InputException;
import dev.prodaudit.repo.Git;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private final Path repository;
    private final String shownRepository;

    /** @param shownRepository what messages call the repository, e.g. "." */
    public GitReleases(Path repository, String shownRepository) {
        this.git = new Git(repository, GIT_TIMEOUT);
        this.repository = repository;
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
                    return withProvenance(AuditedRelease.of(DEFAULT_REF, head.get()));
                }
                return isRepository()
                        ? AuditedRelease.unavailable(DEFAULT_REF, "repository " + shownRepository + " has no commits yet")
                        : AuditedRelease.outsideRepository(DEFAULT_REF, "repository " + shownRepository + " is not a git repository");
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
                return withProvenance(AuditedRelease.of(ref, commit.get()));
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

    /**
     * The release with where its repository lives ({@link RemoteUrls#shown}: the remote's URL without credentials, else
     * the checkout as a file URI) and its branch: the ref itself when it names a local branch, else the branch HEAD
     * is on when the release is HEAD's commit. Each is left out when git cannot tell; none of this is bad input.
     */
    private AuditedRelease withProvenance(AuditedRelease release) throws Git.GitException {
        String uri = RemoteUrls.shown(remoteUrl().orElse(null), repository);
        String branch = null;
        if (!release.ref().equals(DEFAULT_REF)) {
            Git.Result named = git.run("rev-parse", "--verify", "--quiet", "--symbolic-full-name", release.ref());
            String full = named.exitCode() == 0 ? named.text().strip() : "";
            branch = full.startsWith("refs/heads/") ? full.substring("refs/heads/".length()) : null;
        }
        // HEAD's own commit was resolved a moment ago: asking git again would cost a process for the same answer.
        if (branch == null && (release.ref().equals(DEFAULT_REF) || resolve(DEFAULT_REF).equals(Optional.of(release.commit())))) {
            Git.Result onBranch = git.run("symbolic-ref", "--quiet", "--short", "HEAD");
            branch = onBranch.exitCode() == 0 && !onBranch.text().isBlank() ? onBranch.text().strip() : null;
        }
        return release.withProvenance(uri, branch);
    }

    /** The URL of the remote the current branch tracks, else of {@code origin}, else of the only remote. */
    private Optional<String> remoteUrl() throws Git.GitException {
        Git.Result upstream = git.run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}");
        List<String> candidates = new ArrayList<>();
        if (upstream.exitCode() == 0 && upstream.text().strip().contains("/")) {
            candidates.add(upstream.text().strip().substring(0, upstream.text().strip().indexOf('/')));
        }
        candidates.add("origin");
        Git.Result remotes = git.run("remote");
        List<String> all = remotes.exitCode() == 0 ? remotes.text().lines().map(String::strip).filter(r -> !r.isEmpty()).toList()
                : List.of();
        if (all.size() == 1) {
            candidates.add(all.get(0));
        }
        for (String remote : candidates) {
            if (!all.contains(remote)) {
                continue;
            }
            Git.Result url = git.run("remote", "get-url", "--", remote);
            if (url.exitCode() == 0 && !url.text().isBlank()) {
                return Optional.of(url.text().strip());
            }
        }
        return Optional.empty();
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
