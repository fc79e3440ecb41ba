package dev.prodaudit.probe.ci;

import java.util.Set;
import dev.prodaudit.probe.Evidence;
import dev.prodaudit.config.CiSettings;
import dev.prodaudit.config.Env;
import dev.prodaudit.probe.Deadline;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeFailure;
import dev.prodaudit.probe.http.JsonApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code type: ci}: the CI results of the audited release commit for one stage (tests, build, smoke), read from
 * GitHub (check runs, commit statuses, branch protection's required checks) or GitLab (pipelines, jobs, test report)
 * with a read-only token. See {@link StageVerdict} for how results become a verdict.
 */
public final class CiProbe implements Probe<CiSpec> {
    static final List<String> GITHUB_TOKENS = List.of("GITHUB_TOKEN", "GH_TOKEN");
    static final List<String> GITLAB_TOKENS = List.of("GITLAB_TOKEN", "CI_JOB_TOKEN");
    private static final java.util.regex.Pattern FULL_SHA = java.util.regex.Pattern.compile("[0-9a-f]{40}");

    @Override
    public String type() {
        return "ci";
    }

    @Override
    public Class<CiSpec> specType() {
        return CiSpec.class;
    }

    @Override
    public Set<Evidence> evidence(CiSpec spec) {
        return Set.of(Evidence.PROVIDER_API);
    }

    @Override
    public List<String> decides(CiSpec spec) {
        return List.of("the release commit's CI results named like " + spec.stage() + " (ci.jobs." + spec.stage()
                        + " in audit.yaml, else " + String.join(", ", CiSettings.Jobs.DEFAULTS.of(spec.stage())) + ")",
                "GitHub: check runs and commit statuses of the commit, and the branch protection's required checks when "
                        + "the token may read them (GITHUB_TOKEN or GH_TOKEN); GitLab: the jobs of the commit's newest "
                        + "pipelines" + (spec.stage().equals("tests") ? " and the newest pipeline's test report" : "")
                        + " (GITLAB_TOKEN or CI_JOB_TOKEN)",
                "failed, timed out, cancelled or a required check missing FAILs; skipped, neutral or not finished WARNs;"
                        + " no job named like " + spec.stage() + " at all FAILs");
    }

    @Override
    public Outcome run(CiSpec spec, ProbeContext ctx) {
        Deadline deadline = Deadline.of(ctx.timeout(), System.nanoTime());
        String sha = ctx.deployment().auditedCommit();
        if (sha == null || !FULL_SHA.matcher(sha).matches()) {
            return Outcome.error("no release commit to look up in CI (the audited repository has no commit; "
                    + "run in the release's git checkout or pass --release)");
        }
        CiRepository repo;
        try {
            repo = CiRepository.resolve(ctx.ci(), ctx.deployment().remote());
        } catch (CiRepository.Unresolved e) {
            return Outcome.error(e.getMessage());
        }
        Optional<Token> token = token(ctx.env(), repo.github() ? GITHUB_TOKENS : GITLAB_TOKENS);
        if (token.isEmpty()) {
            return Outcome.error("no token: set " + (repo.github() ? "GITHUB_TOKEN (or GH_TOKEN)"
                    : "GITLAB_TOKEN (or CI_JOB_TOKEN)") + " in the audit's environment (or an env file) to read the CI "
                    + "results of " + repo.shown());
        }
        // The release header of every report names the commit; findings name the repository.
        String where = repo.shown();
        // The three stage checks judge the same commit's results: the first to ask reads them, the others wait for it,
        // so the provider is asked once per run and the three verdicts rest on one reading.
        Fetched fetched = ctx.clients().get("ci:" + where + "@" + sha, Fetched.class,
                () -> fetch(ctx, repo, sha, token.get(), deadline));
        if (fetched instanceof Fetched.Failed failed) {
            return Outcome.error(failed.reason());
        }
        CiResults results = ((Fetched.Read) fetched).results();
        Map<String, JobNames> stages = new LinkedHashMap<>();
            for (String stage : CiSpec.STAGES) {
                stages.put(stage, new JobNames(ctx.ci().jobs().of(stage)));
            }
        List<Finding> findings = StageVerdict.judge(spec.stage(), stages, results, where);
        Outcome folded = Outcome.from(findings);
        String note = results.requiredUnknown() == null ? "" : "; " + results.requiredUnknown();
        return new Outcome(folded.status(), folded.evidence() + note, folded.findings());
    }

    /** One reading of a commit's CI results, shared by the run's stage checks: the results, or why there are none. */
    sealed interface Fetched {
        record Read(CiResults results) implements Fetched {
        }

        record Failed(String reason) implements Fetched {
        }
    }

    private static Fetched fetch(ProbeContext ctx, CiRepository repo, String sha, Token token, Deadline deadline) {
        try {
            if (repo.github()) {
                JsonApi api = JsonApi.of(ctx, GitHubCi.PROVIDER, JsonApi.Credentials.bearer(token.value()), deadline)
                        .withHeaders(GitHubCi.HEADERS);
                return new Fetched.Read(GitHubCi.read(api, repo, sha, ctx.deployment().branch()));
            }
            JsonApi.Credentials credentials = token.name().equals("CI_JOB_TOKEN")
                    ? JsonApi.Credentials.header("JOB-TOKEN", token.value())
                    : JsonApi.Credentials.header("PRIVATE-TOKEN", token.value());
            return new Fetched.Read(GitLabCi.read(JsonApi.of(ctx, GitLabCi.PROVIDER, credentials, deadline), repo, sha));
        } catch (ApiRefusal | ProbeFailure e) {
            return new Fetched.Failed(e.getMessage());
        }
    }

    /** The first of {@code names} set to a non-blank value, as long as the env classifies it secret (masked). */
    static Optional<Token> token(Env env, List<String> names) {
        for (String name : names) {
            Optional<String> value = env.get(name).map(String::strip).filter(v -> !v.isEmpty());
            if (value.isPresent() && env.isSecret(name)) {
                return Optional.of(new Token(name, value.get()));
            }
        }
        return Optional.empty();
    }

    /** A token and the variable it came from. */
    record Token(String name, String value) {
        @Override
        public String toString() {
            return "Token[" + name + "]";
        }
    }
}
