package dev.prodaudit.config;

import java.util.List;

/**
 * {@code ci:} in audit.yaml: where the release's CI results live, when the git remote does not say it (or says it
 * wrongly), and which job names count as tests, build and smoke tests. Every key is optional; an absent one is
 * taken from the remote (provider, repository, API URL) or from the defaults (job names).
 *
 * <pre>
 * ci:
 *   provider: github                 # github or gitlab
 *   repository: acme/app             # GitHub owner/name, or GitLab group/subgroup/project
 *   apiUrl: https://ghe.example.com/api/v3
 *   jobs: {tests: ["test*"], build: ["build*"], smoke: ["smoke*"]}
 * </pre>
 *
 * @param provider   {@value #GITHUB} or {@value #GITLAB}, or null to take it from the remote
 * @param repository the repository path at the provider, or null
 * @param apiUrl     the REST API base URL, or null
 * @param jobs       job-name patterns per stage, or null for the defaults
 */
public record CiSettings(String provider, String repository, String apiUrl, Jobs jobs) {
    public static final String GITHUB = "github";
    public static final String GITLAB = "gitlab";
    public static final List<String> PROVIDERS = List.of(GITHUB, GITLAB);
    /** No {@code ci:} section: everything from the remote and the defaults. */
    public static final CiSettings NONE = new CiSettings(null, null, null, null);

    public CiSettings {
        jobs = jobs == null ? Jobs.DEFAULTS : jobs;
    }

    /**
     * Job-name patterns per stage (case-insensitive globs: {@code *} any run of characters, {@code ?} one); a stage
     * not written keeps its defaults.
     */
    public record Jobs(List<String> tests, List<String> build, List<String> smoke) {
        public static final List<String> DEFAULT_TESTS = List.of("test*", "*unit*", "*integration*", "ci", "*jest*",
                "*vitest*");
        public static final List<String> DEFAULT_BUILD = List.of("build*", "*compile*", "docker*", "*image*");
        public static final List<String> DEFAULT_SMOKE = List.of("smoke*", "*e2e*", "post-deploy*", "*playwright*");
        public static final Jobs DEFAULTS = new Jobs(DEFAULT_TESTS, DEFAULT_BUILD, DEFAULT_SMOKE);

        public Jobs {
            tests = tests == null ? DEFAULT_TESTS : List.copyOf(tests);
            build = build == null ? DEFAULT_BUILD : List.copyOf(build);
            smoke = smoke == null ? DEFAULT_SMOKE : List.copyOf(smoke);
        }

        /** The patterns of one stage ({@code tests}, {@code build} or {@code smoke}). */
        public List<String> of(String stage) {
            return switch (stage) {
                case "tests" -> tests;
                case "build" -> build;
                case "smoke" -> smoke;
                default -> throw new IllegalArgumentException("unknown stage " + stage);
            };
        }
    }
}
