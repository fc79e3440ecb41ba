package dev.prodaudit.probe.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.repo.Git;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretsNotTracked} over the history: real repositories with dated commits by named authors, branches, tags
 * and shallow clones. The secrets are generated per run, so no live-looking key is committed to this project.
 */
class GitHistoryTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());
    /**
     * Values standing in for secrets come from a fixed seed, fresh for each test: a run is reproducible, and a
     * verdict cannot hang on a draw (a generated key with no digit, say).
     */
    private final Random random = new Random(20261206L);

    private final String azureKey = HexFormat.of().formatHex(randomBytes(16));
    private final String resendKey = "re_" + base64url(18);
    private final String jwtSecret = HexFormat.of().formatHex(randomBytes(64));

    @TempDir
    Path repo;

    @BeforeEach
    void initRepository() throws Exception {
        git(repo, Map.of(), "init", "-q");
        git(repo, Map.of(), "config", "core.excludesFile", repo.resolve(".git/no-global-excludes").toString());
    }

    // ---- helpers ----

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String base64url(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    private static String git(Path dir, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString(),
                "-c", "user.name=Test", "-c", "user.email=t@example.test", "-c", "init.defaultBranch=main",
                "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().putAll(environment);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "git " + String.join(" ", args) + " hung");
        assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
        return out;
    }

    private String git(String... args) throws IOException, InterruptedException {
        return git(repo, Map.of(), args);
    }

    private void write(String relative, String text) throws IOException {
        Path p = repo.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** Commits everything as {@code author} on {@code date} (author and committer date); returns the short hash. */
    private String commit(String author, String date, String message) throws Exception {
        git("add", "-A", "-f");
        String when = date + "T10:00:00+00:00";
        git(repo, Map.of("GIT_AUTHOR_NAME", author, "GIT_AUTHOR_EMAIL", "dev@example.test",
                "GIT_AUTHOR_DATE", when, "GIT_COMMITTER_DATE", when), "commit", "-q", "--allow-empty", "-m", message);
        return git("rev-parse", "--short", "HEAD").strip();
    }

    private Env env() {
        return env(Map.of("AZURE_OPENAI_API_KEY", azureKey, "RESEND_API_KEY", resendKey, "JWT_ACCESS_SECRET", jwtSecret));
    }

    private static Env env(Map<String, String> vars) {
        StringBuilder text = new StringBuilder("NODE_ENV=production\nJWT_ACCESS_EXPIRY=15m\n");
        vars.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return Env.of(List.of(EnvFile.parse(Path.of(".env.production"), text.toString())), Map.of(), Set.of(), List.of());
    }

    private static GitSpec spec(String params) throws Exception {
        String yaml = """
                section: Test
                checks:
                  - id: test.git
                    title: Git check
                    severity: critical
                    rationale: because
                    remediation: fix it
                    probe: {type: git, %s}
                """.formatted(params);
        List<Check> checks = LOADER.parseFile("t.yaml", yaml);
        return (GitSpec) checks.get(0).spec();
    }

    private Outcome run(String params) throws Exception {
        return run(new GitProbe(), params, env(), repo, ProbeContext.WHOLE_HISTORY);
    }

    private static Outcome run(GitProbe probe, String params, Env env, Path root, int depth) throws Exception {
        try (SharedClients clients = new SharedClients()) {
            return probe.run(spec(params), new ProbeContext(env, root, Targets.none(), Duration.ofSeconds(60), clients, depth));
        }
    }

    private static List<String> messages(Outcome o, Status s) {
        return o.findings().stream().filter(f -> f.status() == s).map(Finding::message).toList();
    }

    private static String allText(Outcome o) {
        StringBuilder out = new StringBuilder(String.valueOf(o.evidence()));
        for (Finding f : o.findings()) {
            out.append('\n').append(f.message()).append(' ').append(f.where());
        }
        return out.toString();
    }

    /** No secret, and no 12-character run of one, in anything the probe says. */
    private static void assertNothingOf(Outcome o, String... secrets) {
        String shown = allText(o);
        for (String secret : secrets) {
            for (int i = 0; i + 12 <= secret.length(); i++) {
                assertFalse(shown.contains(secret.substring(i, i + 12)), "a fragment of a secret leaked: " + shown);
            }
        }
    }

    // ---- the item: a key committed once is leaked for good ----

    @Test
    void aKeyCommittedAndRemovedLaterFailsNamingCommitDateAuthorPathAndLine() throws Exception {
        write("README.md", "# app\n");
        commit("Carol Setup", "2025-01-10", "initial");
        write("src/llm/client.ts", "import { AzureOpenAI } from 'openai';\n\nconst apiKey = '" + azureKey + "';\n");
        String leak = commit("Alice Example", "2025-03-14", "wire up azure");
        write("src/llm/client.ts", "import { AzureOpenAI } from 'openai';\n\nconst apiKey = process.env.AZURE_OPENAI_API_KEY;\n");
        commit("Bob Fixer", "2025-03-15", "read the key from the environment");

        Outcome o = run("secretsNotTracked: [AZURE_OPENAI_API_KEY]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals(List.of("the value of AZURE_OPENAI_API_KEY was committed in " + leak
                + " (2025-03-14, Alice Example) at src/llm/client.ts:3; it stays in git history: rotate it"),
                messages(o, Status.FAIL));
        assertEquals(messages(o, Status.FAIL).get(0), o.evidence());
        assertNothingOf(o, azureKey);
    }

    @Test
    void aKeyOnlyOnAnotherBranchFails() throws Exception {
        write("README.md", "# app\n");
        commit("Carol Setup", "2025-01-10", "initial");
        git("checkout", "-q", "-b", "feature/mail");
        write("src/mail.js", "// TODO move to env\nconst resend = new Resend('" + resendKey + "');\n");
        String leak = commit("Dave Branch", "2025-02-01", "mail sketch");
        git("checkout", "-q", "main");
        assertFalse(Files.exists(repo.resolve("src/mail.js")));

        Outcome o = run("secretsNotTracked: [RESEND_API_KEY]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals(List.of("the value of RESEND_API_KEY was committed in " + leak
                + " (2025-02-01, Dave Branch) at src/mail.js:2; it stays in git history: rotate it"), messages(o, Status.FAIL));
        assertNothingOf(o, resendKey);
    }

    @Test
    void aKeyInACommitOnlyATagReachesFails() throws Exception {
        write("README.md", "# app\n");
        commit("Carol Setup", "2025-01-10", "initial");
        write("deploy/release.env", "JWT_ACCESS_SECRET=" + jwtSecret + "\n");
        String tagged = commit("Erin Release", "2025-04-01", "release build");
        git("tag", "-a", "v1.0.0", "-m", "release");
        git("reset", "-q", "--hard", "HEAD~1"); // no branch reaches the commit any more, only the tag

        Outcome o = run("secretsNotTracked: ['*']");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals(List.of("the value of JWT_ACCESS_SECRET was committed in " + tagged
                + " (2025-04-01, Erin Release) at deploy/release.env:1; it stays in git history: rotate it"),
                messages(o, Status.FAIL));
        assertNothingOf(o, jwtSecret, azureKey, resendKey);
    }

    @Test
    void aCleanHistoryPassesSayingHowFarItLooked() throws Exception {
        write("src/llm/client.ts", "const apiKey = process.env.AZURE_OPENAI_API_KEY;\n");
        commit("Carol Setup", "2025-01-10", "initial");
        git("checkout", "-q", "-b", "feature/x");
        write("src/x.ts", "export const x = 1;\n");
        commit("Carol Setup", "2025-01-11", "x");
        git("checkout", "-q", "main");

        Outcome o = run("secretsNotTracked: [AZURE_OPENAI_API_KEY]");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertEquals("no value of AZURE_OPENAI_API_KEY in 1 tracked file or in 2 commits of history (all branches and tags)",
                o.evidence());
    }

    @Test
    void anEncodedKeyIsFoundAsBase64AndPercentEncoded() throws Exception {
        String password = "Pw/" + base64url(12) + "+x@1";
        String encodedPassword = password.replace("/", "%2F").replace("+", "%2B").replace("@", "%40");
        write("k8s/secret.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  RESEND_API_KEY: "
                + Base64.getEncoder().encodeToString((resendKey + "\n").getBytes(StandardCharsets.UTF_8)) + "\n");
        write("docker-compose.yml", "services:\n  api:\n    environment:\n      REDIS_URL: redis://:" + encodedPassword
                + "@redis:6379\n");
        String leak = commit("Alice Example", "2025-03-14", "deploy manifests");
        git("rm", "-q", "-r", "k8s", "docker-compose.yml");
        commit("Bob Fixer", "2025-03-15", "remove manifests");

        Outcome o = run(new GitProbe(), "secretsNotTracked: ['*']",
                env(Map.of("RESEND_API_KEY", resendKey, "REDIS_PASSWORD", password)), repo, 0);
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals(List.of(
                "the value of REDIS_PASSWORD (URL-encoded) was committed in " + leak
                        + " (2025-03-14, Alice Example) at docker-compose.yml:4; it stays in git history: rotate it",
                "the value of RESEND_API_KEY (base64) was committed in " + leak
                        + " (2025-03-14, Alice Example) at k8s/secret.yaml:4; it stays in git history: rotate it"),
                messages(o, Status.FAIL));
        assertNothingOf(o, resendKey, password, encodedPassword);
    }

    @Test
    void aKeyDeepInsideAVeryLongLineIsFoundWithItsLine() throws Exception {
        // Minified bundles: one line of hundreds of kilobytes; the walk keeps only the start but searches all of it.
        String bundle = "!function(){" + "var a=1;".repeat(40_000) + "const k=\"" + azureKey + "\";}();";
        write("public/app.min.js", "/* bundle */\n" + bundle + "\n");
        String leak = commit("Alice Example", "2025-03-14", "build output");
        git("rm", "-q", "public/app.min.js");
        commit("Bob Fixer", "2025-03-15", "untrack build output");

        Outcome o = run("secretsNotTracked: [AZURE_OPENAI_API_KEY]");
        assertEquals(List.of("the value of AZURE_OPENAI_API_KEY was committed in " + leak
                + " (2025-03-14, Alice Example) at public/app.min.js:2; it stays in git history: rotate it"),
                messages(o, Status.FAIL));
    }

    // ---- how deep ----

    @Test
    void aShallowCloneSaysHowFarTheWalkWent() throws Exception {
        write("src/llm/client.ts", "const apiKey = '" + azureKey + "';\n");
        commit("Alice Example", "2025-03-14", "leak");
        write("src/llm/client.ts", "const apiKey = process.env.AZURE_OPENAI_API_KEY;\n");
        commit("Bob Fixer", "2025-03-15", "fix");
        write("README.md", "# app\n");
        commit("Carol Setup", "2025-03-16", "docs");
        Path clone = repo.resolveSibling(repo.getFileName() + "-ci");
        git(repo.getParent(), Map.of(), "clone", "-q", "--depth", "1", "file://" + repo, clone.toString());

        Outcome o = run(new GitProbe(), "secretsNotTracked: [AZURE_OPENAI_API_KEY]", env(), clone, 0);
        // The leak is older than the clone: no FAIL can be claimed, and no PASS either.
        assertEquals(Status.WARN, o.status(), allText(o));
        assertEquals("scanned 1 commit of history (all branches and tags); the clone is shallow, so older commits were"
                + " not searched: fetch the full history (actions/checkout fetch-depth: 0, GitLab GIT_DEPTH: 0)",
                o.evidence());

        Outcome full = run("secretsNotTracked: [AZURE_OPENAI_API_KEY]");
        assertEquals(Status.FAIL, full.status(), allText(full));
    }

    @Test
    void historyDepthLimitsTheWalkToTheNewestCommitsAndSaysSo() throws Exception {
        write("src/llm/client.ts", "const apiKey = '" + azureKey + "';\n");
        commit("Alice Example", "2025-03-14", "leak");
        write("src/llm/client.ts", "const apiKey = process.env.AZURE_OPENAI_API_KEY;\n");
        commit("Bob Fixer", "2025-03-15", "fix");
        write("README.md", "# app\n");
        commit("Carol Setup", "2025-03-16", "docs");

        Outcome lastTwo = run(new GitProbe(), "secretsNotTracked: [AZURE_OPENAI_API_KEY]", env(), repo, 2);
        assertEquals(Status.PASS, lastTwo.status(), allText(lastTwo));
        assertEquals("no value of AZURE_OPENAI_API_KEY in 2 tracked files or in the last 2 commits of history"
                + " (--history-depth 2)", lastTwo.evidence());

        Outcome lastThree = run(new GitProbe(), "secretsNotTracked: [AZURE_OPENAI_API_KEY]", env(), repo, 3);
        assertEquals(Status.FAIL, lastThree.status(), allText(lastThree));
    }

    // ---- one walk, whatever the number of secrets ----

    @Test
    void thirtySecretsAreFoundInOneWalkOfTheHistory() throws Exception {
        Map<String, String> vars = new HashMap<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            String name = "SERVICE_" + i + "_API_KEY";
            String value = i % 2 == 0 ? HexFormat.of().formatHex(randomBytes(24)) : base64url(30);
            vars.put(name, value);
            write("config/service" + i + ".js", "// service " + i + "\nmodule.exports = {\n  key: '" + value + "',\n};\n");
            hashes.add(commit("Dev " + i, "2025-01-" + String.format("%02d", i), "service " + i));
            if (i % 3 == 0) {
                git("rm", "-q", "config/service" + i + ".js");
                commit("Cleaner", "2025-02-" + String.format("%02d", i % 28 + 1), "remove service " + i);
            }
        }
        List<String> invoked = new ArrayList<>();
        GitProbe probe = new GitProbe(LineRules.NONE, invoked::add);

        Outcome o = run(probe, "secretsNotTracked: ['*']", env(vars), repo, 0);
        assertEquals(Status.FAIL, o.status());
        assertEquals(1, invoked.stream().filter("log"::equals).count(), "git invocations: " + invoked);
        Pattern history = Pattern.compile("the value of (SERVICE_\\d+_API_KEY) was committed in (\\w+) \\(2025-01-\\d\\d, "
                + "Dev \\d+\\) at config/service\\d+\\.js:3; .*");
        Map<String, String> commitOf = new HashMap<>();
        for (String m : messages(o, Status.FAIL)) {
            Matcher matcher = history.matcher(m);
            if (matcher.matches()) {
                commitOf.put(matcher.group(1), matcher.group(2));
            }
        }
        assertEquals(30, commitOf.size(), allText(o));
        for (int i = 1; i <= 30; i++) {
            assertEquals(hashes.get(i - 1), commitOf.get("SERVICE_" + i + "_API_KEY"));
        }
        assertNothingOf(o, vars.values().toArray(String[]::new));
    }

    // ---- the seam for format rules ----

    @Test
    void formatRulesSeeEachAddedLineWithItsCommitAndLineNumber() throws Exception {
        write("src/mail.js", "const a = 1;\nconst b = 2;\n");
        commit("Carol Setup", "2025-01-10", "initial");
        // Added in the middle of the file: the rule must be told line 2 of that commit's version.
        write("src/mail.js", "const a = 1;\nconst key = '" + resendKey + "';\nconst b = 2;\n");
        String leak = commit("Alice Example", "2025-03-14", "mail");
        write("src/mail.js", "const a = 1;\nconst b = 2;\n");
        commit("Bob Fixer", "2025-03-15", "remove");
        Pattern resend = Pattern.compile("\\bre_[A-Za-z0-9_-]{20,}");
        List<String> seen = new ArrayList<>();
        LineRules rules = (path, lines) -> {
            List<LineRules.Hit> hits = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                seen.add(path + ":" + lines.get(i).length());
                if (resend.matcher(lines.get(i)).find()) {
                    hits.add(new LineRules.Hit(i + 1, "resend-api-key", "a Resend API key"));
                }
            }
            return hits;
        };
        // A variable the env file does not set: only the rule can find the key.
        Outcome o = run(new GitProbe(rules, s -> { }), "secretsNotTracked: [AZURE_OPENAI_API_KEY]", env(), repo, 0);
        assertEquals(List.of("a Resend API key [resend-api-key] was committed in " + leak
                + " (2025-03-14, Alice Example) at src/mail.js:2; it stays in git history: revoke it"),
                messages(o, Status.FAIL));
        // Only added lines reach the rules: the initial two lines and the key line, never a removed line twice.
        assertEquals(3, seen.size(), seen.toString());
        assertNothingOf(o, resendKey);
    }

    @Test
    void aProviderKeyRemovedFromTheTreeIsFoundInHistoryByItsFormat() throws Exception {
        // A Resend key of the real shape (re_ + 8 + _ + 24) that no env file knows: only its format can find it.
        String key = "re_" + alphanumeric(8) + "_" + alphanumeric(24);
        write("src/email.js", "const resend = new Resend('" + key + "');\n");
        String leak = commit("Alice Example", "2025-03-14", "send mail");
        write("src/email.js", "const resend = new Resend(process.env.RESEND_API_KEY);\n");
        commit("Bob Fixer", "2025-03-15", "read the key from the environment");

        Outcome o = run("credentials: [resend]");
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertEquals(List.of("Resend API key (re_…) [resend-api-key] was committed in " + leak
                        + " (2025-03-14, Alice Example) at src/email.js:1; it stays in git history: revoke it"),
                messages(o, Status.FAIL));
        assertNothingOf(o, key);

        // The same walk serves the env file's values: one git log for both.
        List<String> invoked = new ArrayList<>();
        Outcome both = run(new GitProbe(LineRules.NONE, invoked::add),
                "secretsNotTracked: [JWT_ACCESS_SECRET], credentials: [resend]", env(), repo, ProbeContext.WHOLE_HISTORY);
        assertEquals(1, invoked.stream().filter("log"::equals).count(), invoked.toString());
        assertEquals(1, messages(both, Status.FAIL).size(), messages(both, Status.FAIL).toString());
    }

    /**
     * The run's git checks (the catalogue has three) ask the repository's top level and its tracked files once a run,
     * not once a check; each still walks the history it needs, and gets the verdict it gets in a run of its own.
     */
    @Test
    void theGitChecksOfARunAskForTheTopLevelAndTheTrackedFilesOnce() throws Exception {
        List<String> checks = List.of("secretsNotTracked: [AZURE_OPENAI_API_KEY]",
                "secretsNotTracked: ['*'], noTrackedEnvFiles: true", "secretsNotTracked: [JWT_ACCESS_SECRET]");
        List<String> invoked = new java.util.concurrent.CopyOnWriteArrayList<>();
        GitProbe probe = new GitProbe(LineRules.NONE, invoked::add);
        try (SharedClients clients = new SharedClients()) {
            ProbeContext ctx = new ProbeContext(env(), repo, Targets.none(), Duration.ofSeconds(60), clients, ProbeContext.WHOLE_HISTORY);
            for (String check : checks) {
                Outcome together = probe.run(spec(check), ctx);
                Outcome alone = run(check);
                assertEquals(alone.status(), together.status(), check);
                assertEquals(alone.evidence(), together.evidence(), check);
            }
        }
        assertEquals(3, invoked.stream().filter("log"::equals).count(), invoked.toString());
        // Each walk also asks rev-parse --is-shallow-repository.
        assertEquals(1 + 3, invoked.stream().filter("rev-parse"::equals).count(), invoked.toString());
        assertEquals(1, invoked.stream().filter("ls-files"::equals).count(), invoked.toString());
    }

    /**
     * The run says which checks it will run; the git checks among them that search the history (the catalogue has
     * three, each for its own values and formats) share one walk, run concurrently as the runner runs them, and each
     * gets exactly what a walk of its own gives.
     */
    @Test
    void theHistorySearchesARunPlansShareOneWalkAndEachGetsWhatItsOwnWalkGives() throws Exception {
        String resendByFormat = "re_" + alphanumeric(8) + "_" + alphanumeric(24);
        write("config/azure.env", "AZURE_OPENAI_API_KEY=" + azureKey + "\n");
        String azureLeak = commit("Alice Example", "2025-03-14", "azure settings");
        write("src/email.js", "const resend = new Resend('" + resendByFormat + "');\n");
        commit("Bob Example", "2025-03-15", "send mail");
        write("src/email.js", "const resend = new Resend(process.env.RESEND_API_KEY);\n");
        Files.delete(repo.resolve("config/azure.env"));
        write("src/auth.js", "const secret = '" + jwtSecret + "';\n");
        commit("Carol Example", "2025-03-16", "auth");
        List<String> searches = List.of("secretsNotTracked: [AZURE_OPENAI_API_KEY], credentials: [azure-openai]",
                "secretsNotTracked: [RESEND_API_KEY], credentials: [resend]",
                "ignored: [.env], noTrackedEnvFiles: true, secretsNotTracked: ['*']");
        List<String> invoked = new java.util.concurrent.CopyOnWriteArrayList<>();
        GitProbe probe = new GitProbe(LineRules.NONE, invoked::add);
        List<GitSpec> specs = new ArrayList<>();
        List<dev.prodaudit.probe.BoundProbe> plan = new ArrayList<>();
        for (String search : searches) {
            specs.add(spec(search));
            plan.add(new dev.prodaudit.probe.BoundProbe("git", probe, specs.get(specs.size() - 1)));
        }
        List<Outcome> together = new ArrayList<>();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
        try (SharedClients clients = new SharedClients(plan)) {
            ProbeContext ctx = new ProbeContext(env(), repo, Targets.none(), Duration.ofSeconds(60), clients, ProbeContext.WHOLE_HISTORY);
            List<java.util.concurrent.Future<Outcome>> running = new ArrayList<>();
            for (GitSpec spec : specs) {
                running.add(threads.submit(() -> probe.run(spec, ctx)));
            }
            for (java.util.concurrent.Future<Outcome> r : running) {
                together.add(r.get(60, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, invoked.stream().filter("log"::equals).count(), "one walk for the three: " + invoked);
        for (int i = 0; i < searches.size(); i++) {
            Outcome alone = run(searches.get(i));
            assertEquals(alone.status(), together.get(i).status(), searches.get(i));
            assertEquals(alone.evidence(), together.get(i).evidence(), searches.get(i));
            assertEquals(alone.findings(), together.get(i).findings(), searches.get(i));
        }
        assertTrue(messages(together.get(0), Status.FAIL).stream().anyMatch(m -> m.contains(azureLeak)),
                messages(together.get(0), Status.FAIL).toString());
        assertTrue(messages(together.get(1), Status.FAIL).stream().anyMatch(m -> m.contains("[resend-api-key]")),
                messages(together.get(1), Status.FAIL).toString());
        assertEquals(Status.FAIL, together.get(2).status(), together.get(2).evidence());
        for (Outcome o : together) {
            assertNothingOf(o, azureKey, resendKey, jwtSecret, resendByFormat);
        }
    }

    /**
     * The shared walk runs within the deadline of the check that starts it. When that check's own timeout is short
     * and the walk is cut short, a check with a longer timeout still has its whole budget: it walks alone.
     */
    @Test
    void aWalkCutShortByItsStartersTimeoutLeavesTheOthersTheirOwnBudget() throws Exception {
        write("src/auth.js", "const secret = '" + jwtSecret + "';\n");
        commit("Carol Example", "2025-03-16", "auth");
        // Far more history than 350 ms of walking reads (58 MB), and time enough before it for the walk to start.
        write("data/big.txt", "line of text that is long enough to fill the pipe quickly\n".repeat(1_000_000));
        commit("Alice Example", "2025-03-17", "big");
        GitProbe probe = new GitProbe();
        GitSpec shortTimeout = spec("secretsNotTracked: ['*']");
        GitSpec ownBudget = spec("secretsNotTracked: [JWT_ACCESS_SECRET]");
        List<dev.prodaudit.probe.BoundProbe> plan = List.of(new dev.prodaudit.probe.BoundProbe("git", probe, shortTimeout),
                new dev.prodaudit.probe.BoundProbe("git", probe, ownBudget));
        try (SharedClients clients = new SharedClients(plan)) {
            ProbeContext ctx = new ProbeContext(env(), repo, Targets.none(), Duration.ofSeconds(60), clients, ProbeContext.WHOLE_HISTORY);
            // The run's first git check asks the top level and the tracked files, so the next needs no git until its walk.
            assertEquals(Status.PASS, probe.run(spec("noTrackedEnvFiles: true"), ctx).status());
            ProbeContext shortBudget = new ProbeContext(env(), repo, Targets.none(), Duration.ofMillis(400), clients,
                    ProbeContext.WHOLE_HISTORY);
            Outcome starter = probe.run(shortTimeout, shortBudget);
            assertTrue(allText(starter).contains("the history walk timed out after 350 ms"), allText(starter));

            Outcome later = probe.run(ownBudget, ctx);
            Outcome alone = run("secretsNotTracked: [JWT_ACCESS_SECRET]");
            assertEquals(Status.FAIL, later.status(), later.evidence());
            assertEquals(alone.findings(), later.findings());
        }
    }

    /** A check the run did not plan (a test's, or a part the plan could not make) walks on its own, as before. */
    @Test
    void aSearchTheRunDidNotPlanWalksAlone() throws Exception {
        write("src/auth.js", "const secret = '" + jwtSecret + "';\n");
        commit("Carol Example", "2025-03-16", "auth");
        List<String> invoked = new java.util.concurrent.CopyOnWriteArrayList<>();
        GitProbe probe = new GitProbe(LineRules.NONE, invoked::add);
        GitSpec planned = spec("secretsNotTracked: [JWT_ACCESS_SECRET]");
        GitSpec unplanned = spec("secretsNotTracked: [AZURE_OPENAI_API_KEY]");
        try (SharedClients clients = new SharedClients(List.of(new dev.prodaudit.probe.BoundProbe("git", probe, planned)))) {
            ProbeContext ctx = new ProbeContext(env(), repo, Targets.none(), Duration.ofSeconds(60), clients, ProbeContext.WHOLE_HISTORY);
            assertEquals(Status.FAIL, probe.run(planned, ctx).status());
            assertEquals(Status.PASS, probe.run(unplanned, ctx).status());
        }
        assertEquals(2, invoked.stream().filter("log"::equals).count(), invoked.toString());
    }

    /** The plan reaches inside composites: the catalogue's Resend check is an {@code all} with a git part. */
    @Test
    void aGitPartInsideACompositeIsPlanned() throws Exception {
        String yaml = """
                section: Test
                checks:
                  - id: test.resend
                    title: Resend key
                    severity: critical
                    rationale: because
                    remediation: fix it
                    probe:
                      type: all
                      probes:
                        - type: env
                          vars:
                            RESEND_API_KEY: {required: true}
                        - type: any
                          probes:
                            - type: file
                              paths: [.env.resend.production.enc]
                            - type: git
                              secretsNotTracked: [RESEND_API_KEY]
                              credentials: [resend]
                """;
        Check check = LOADER.parseFile("t.yaml", yaml).get(0);
        List<dev.prodaudit.probe.BoundProbe> plan = new dev.prodaudit.probe.BoundProbe(check.probeType(), check.probe(),
                check.spec()).withParts();
        assertEquals(List.of("all", "env", "any", "file", "git"), plan.stream().map(dev.prodaudit.probe.BoundProbe::type).toList());
        try (SharedClients clients = new SharedClients(plan)) {
            assertEquals(List.of(List.of("RESEND_API_KEY")),
                    clients.planned(GitSpec.class).stream().map(GitSpec::secretsNotTracked).toList());
        }
    }

    private String alphanumeric(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    // ---- bounded ----

    @Test
    void theWalkStopsAtTheDeadlineAndSaysHowFarItGot() throws Exception {
        // More output than a pipe holds, and a reader slower than the budget: git must be stopped, not waited for.
        write("data/big.txt", "line of text that is long enough to fill the pipe quickly\n".repeat(20_000));
        commit("Alice Example", "2025-03-14", "big");
        Git git = new Git(repo, dev.prodaudit.probe.Deadline.of(Duration.ofMillis(400), System.nanoTime()), s -> { });
        long[] read = new long[1];
        Git.Ended ended = git.stream(in -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] buf = new byte[8192];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                read[0] += n;
            }
        }, HistoryScan.logArguments(0).toArray(String[]::new));
        assertTrue(ended.timedOut(), ended.toString());
        assertTrue(read[0] < 20_000L * 58, "git was not stopped: read " + read[0] + " bytes");
    }
}
