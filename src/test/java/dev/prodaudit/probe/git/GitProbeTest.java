package dev.prodaudit.probe.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.repo.Git;
import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.input.InputException;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.SharedClients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: git} against real repositories made with the git command line. */
class GitProbeTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());

    private static final String AZURE_KEY = "az-7Qm2xR9vLk4Tn8Wp3Zb6Yc1H";
    private static final String RESEND_KEY = "re_Uj5Ke8Np2Rs6Vw9Yz3Bc7Fg";
    private static final String ENV_TEXT = """
            NODE_ENV=production
            AZURE_OPENAI_API_KEY=%s
            RESEND_API_KEY=%s
            JWT_ACCESS_EXPIRY=15m
            """.formatted(AZURE_KEY, RESEND_KEY);

    @TempDir
    Path repo;

    @BeforeEach
    void initRepository() throws Exception {
        git("init", "-q");
        // Keep a developer's global excludes file (which may well ignore .env) out of these tests.
        git("config", "core.excludesFile", repo.resolve(".git/no-global-excludes").toString());
    }

    // ---- helpers ----

    /** Runs git in {@code repo} with a fixed identity and default branch; fails the test on a non-zero exit. */
    private String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString(),
                "-c", "user.name=t", "-c", "user.email=t@example.test", "-c", "init.defaultBranch=main",
                "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "git " + String.join(" ", args) + " hung");
        assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
        return out;
    }

    private void write(String relative, String text) throws IOException {
        Path p = repo.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private void commit(String message, String... paths) throws Exception {
        List<String> add = new ArrayList<>(List.of("add", "-f", "--"));
        add.addAll(List.of(paths));
        git(add.toArray(String[]::new));
        git("commit", "-q", "-m", message);
    }

    private static Env env(String text) {
        return Env.of(List.of(EnvFile.parse(Path.of(".env.production"), text)), Map.of(), Set.of(), List.of());
    }

    private static GitSpec spec(String params) throws InputException {
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
        assertEquals("git", checks.get(0).probeType());
        return (GitSpec) checks.get(0).spec();
    }

    private Outcome run(String params) throws InputException {
        return run(params, env(ENV_TEXT), repo);
    }

    private static Outcome run(String params, Env env, Path root) throws InputException {
        try (SharedClients clients = new SharedClients()) {
            return new GitProbe().run(spec(params), new ProbeContext(env, root, Targets.none(), Duration.ofSeconds(20), clients));
        }
    }

    private static List<Finding> withStatus(Outcome o, Status s) {
        return o.findings().stream().filter(f -> f.status() == s).toList();
    }

    private static String allText(Outcome o) {
        StringBuilder out = new StringBuilder(String.valueOf(o.evidence()));
        for (Finding f : o.findings()) {
            out.append('\n').append(f.message()).append(' ').append(f.where());
        }
        return out.toString();
    }

    // ---- ignored ----

    @Test
    void ignoredPassesWhenGitignoreCoversTheEnvFileAndNamesTheRule() throws Exception {
        write(".gitignore", "node_modules/\n.env\n.env.*\n!.env.example\n");
        write(".env", "A=1\n");
        commit("ignore rules", ".gitignore");

        Outcome o = run("ignored: [.env, .env.production]");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertEquals(List.of(".env is ignored (.gitignore:2:.env)", ".env.production is ignored (.gitignore:3:.env.*)"),
                o.findings().stream().map(Finding::message).toList());
        assertEquals(".env is ignored (.gitignore:2:.env) (+1 more)", o.evidence());
    }

    @Test
    void ignoredNamesANestedGitignore() throws Exception {
        write("apps/api/.gitignore", ".env\n");
        Outcome o = run("ignored: [apps/api/.env]");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertEquals("apps/api/.env is ignored (apps/api/.gitignore:1:.env)", o.evidence());
    }

    @Test
    void ignoredFailsWhenNoRuleCoversTheFile() throws Exception {
        write(".gitignore", "node_modules/\ndist/\n");
        write(".env", "A=1\n");

        Outcome o = run("ignored: [.env]");
        assertEquals(Status.FAIL, o.status());
        assertEquals(".env is not ignored by git; add it to .gitignore", o.evidence());
    }

    @Test
    void ignoredFailsWithoutAnyGitignore() throws Exception {
        Outcome o = run("ignored: [.env]");
        assertEquals(Status.FAIL, o.status());
        assertEquals(".env is not ignored by git; add it to .gitignore", o.evidence());
    }

    @Test
    void ignoredFailsWhenANegatedRuleUnignoresTheFile() throws Exception {
        // git check-ignore -v exits 0 for a path whose last matching rule is "!.env": it is NOT ignored.
        write(".gitignore", ".env*\n!.env\n");
        write(".env", "A=1\n");

        Outcome o = run("ignored: [.env, .env.local]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        assertEquals(List.of(".env is not ignored by git; add it to .gitignore"),
                withStatus(o, Status.FAIL).stream().map(Finding::message).toList());
        assertEquals(List.of(".env.local is ignored (.gitignore:1:.env*)"),
                withStatus(o, Status.PASS).stream().map(Finding::message).toList());
    }

    @Test
    void ignoredFailsWhenTheFileIsTrackedDespiteTheRule() throws Exception {
        write(".env", "A=1\n");
        commit("oops", ".env");
        write(".gitignore", ".env\n");
        commit("ignore it now", ".gitignore");

        Outcome o = run("ignored: [.env]");
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().contains("tracked"), o.evidence());
        assertEquals(".env is tracked by git, so ignore rules do not apply; git rm --cached .env", o.evidence());
        assertEquals(".env", withStatus(o, Status.FAIL).get(0).file());
    }

    // ---- noTrackedEnvFiles ----

    @Test
    void noTrackedEnvFilesFailsOnACommittedProductionEnvFile() throws Exception {
        write("README.md", "# app\n");
        write(".env.production", "NODE_ENV=production\n");
        commit("add env", "README.md", ".env.production");

        Outcome o = run("noTrackedEnvFiles: true");
        assertEquals(Status.FAIL, o.status());
        assertEquals(".env.production is tracked by git; git rm --cached .env.production", o.evidence());
        assertEquals(".env.production", withStatus(o, Status.FAIL).get(0).file());
    }

    @Test
    void noTrackedEnvFilesFailsOnANestedEnvFile() throws Exception {
        write("config/.env", "A=1\n");
        write("src/app.js", "x\n");
        commit("add", "config/.env", "src/app.js");

        Outcome o = run("noTrackedEnvFiles: true");
        assertEquals(Status.FAIL, o.status());
        assertEquals(List.of("config/.env"), withStatus(o, Status.FAIL).stream().map(Finding::file).toList());
        assertEquals("config/.env is tracked by git; git rm --cached config/.env", o.evidence());
    }

    @Test
    void noTrackedEnvFilesPassesForTemplatesAndEncryptedFiles() throws Exception {
        write(".env.example", "JWT_ACCESS_SECRET=\n");
        write("apps/api/.env.sample", "A=\n");
        write(".env.production.enc", "ciphertext\n");
        write("deploy/.env.enc", "ciphertext\n");
        write("src/env.ts", "export const env = process.env;\n");
        write(".env.production", "NODE_ENV=production\n"); // present but untracked
        commit("templates", ".env.example", "apps/api/.env.sample", ".env.production.enc", "deploy/.env.enc", "src/env.ts");

        Outcome o = run("noTrackedEnvFiles: true");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertEquals("no env file among 5 tracked files", o.evidence());
    }

    // ---- secretsNotTracked ----

    @Test
    void secretsNotTrackedFailsWithFileAndLineAndNeverShowsTheValue() throws Exception {
        write("src/llm/client.ts", "import { AzureOpenAI } from 'openai';\n\nconst apiKey = '" + AZURE_KEY + "';\n");
        write("README.md", "# app\n");
        commit("leak", "src/llm/client.ts", "README.md");

        Outcome o = run("secretsNotTracked: [AZURE_OPENAI_API_KEY]");
        assertEquals(Status.FAIL, o.status());
        Finding f = withStatus(o, Status.FAIL).get(0);
        assertEquals("src/llm/client.ts:3", f.where());
        assertEquals("the value of AZURE_OPENAI_API_KEY is committed in src/llm/client.ts:3; rotate it and remove it"
                + " from history", f.message());
        String shown = allText(o);
        assertFalse(shown.contains(AZURE_KEY), shown);
        assertFalse(shown.contains(AZURE_KEY.substring(0, 10)), shown);
    }

    @Test
    void secretsNotTrackedPassesWhenTheValueIsNotCommitted() throws Exception {
        write("src/llm/client.ts", "const apiKey = process.env.AZURE_OPENAI_API_KEY;\n");
        write(".gitignore", ".env.production\n");
        write(".env.production", ENV_TEXT); // the value is on disk, but ignored and untracked
        commit("clean", "src/llm/client.ts", ".gitignore");

        Outcome o = run("secretsNotTracked: [AZURE_OPENAI_API_KEY]");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertEquals("no value of AZURE_OPENAI_API_KEY in 2 tracked files or in 1 commit of history (all branches and tags)",
                o.evidence());
        assertFalse(allText(o).contains(AZURE_KEY));
    }

    @Test
    void starCoversEverySecretVariable() throws Exception {
        write("src/mail.ts", "// resend\nconst key = \"" + RESEND_KEY + "\";\n");
        write("docs/setup.md", "Set the key:\n\n\n    AZURE_OPENAI_API_KEY=" + AZURE_KEY + "\n");
        commit("two leaks", "src/mail.ts", "docs/setup.md");

        Outcome o = run("secretsNotTracked: [\"*\"]");
        assertEquals(Status.FAIL, o.status());
        // The working tree first (file:line), then the commit that added each value.
        List<Finding> fails = withStatus(o, Status.FAIL).stream().filter(f -> f.file() != null).toList();
        assertEquals(List.of("docs/setup.md:4", "src/mail.ts:2"), fails.stream().map(Finding::where).toList());
        assertTrue(fails.get(0).message().startsWith("the value of AZURE_OPENAI_API_KEY is committed"), fails.get(0).message());
        assertTrue(fails.get(1).message().startsWith("the value of RESEND_API_KEY is committed"), fails.get(1).message());
        String shown = allText(o);
        assertFalse(shown.contains(AZURE_KEY), shown);
        assertFalse(shown.contains(RESEND_KEY), shown);
    }

    @Test
    void starPassesNamingTheSecretVariablesOnly() throws Exception {
        // NODE_ENV and JWT_ACCESS_EXPIRY are not secrets; "production" in a tracked file must not count.
        write("src/config.ts", "export const mode = 'production';\n");
        commit("clean", "src/config.ts");

        Outcome o = run("secretsNotTracked: ['*']");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertEquals("no value of AZURE_OPENAI_API_KEY, RESEND_API_KEY in 1 tracked file or in 1 commit of history"
                + " (all branches and tags)", o.evidence());
    }

    @Test
    void secretsNotTrackedSkipsWhenTheNamedVariableIsUnset() throws Exception {
        write("src/a.ts", "x\n");
        commit("init", "src/a.ts");

        Outcome o = run("secretsNotTracked: [SENDGRID_API_KEY]");
        assertEquals(Status.SKIP, o.status());
        assertTrue(o.evidence().startsWith("nothing to look for: SENDGRID_API_KEY unset"), o.evidence());
    }

    // ---- credentials ----

    @Test
    void aPlaintextResendKeyInSourceFailsNextToACorrectlyEncryptedEnvFile() throws Exception {
        CredentialCorpus c = new CredentialCorpus();
        String key = "re_" + c.random(CredentialCorpus.B58, 8) + "_" + c.random(CredentialCorpus.B58, 24);
        write(".env.resend.production.enc", "RESEND_API_KEY=ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]\n");
        write("src/email.js", "import { Resend } from 'resend';\nconst resend = new Resend('" + key + "');\n");
        commit("email", ".env.resend.production.enc", "src/email.js");

        Outcome o = run("credentials: [resend]");
        assertEquals(Status.FAIL, o.status(), allText(o));
        Finding f = withStatus(o, Status.FAIL).get(0);
        assertEquals("src/email.js:2", f.where());
        assertTrue(f.message().contains("Resend API key (re_…, 36 chars) [resend-api-key]"), f.message());
        assertFalse(allText(o).contains(key.substring(3, 15)), "the key must never be shown");
    }

    @Test
    void credentialsSkipLockfilesAndIgnoreTheEnvExampleValues() throws Exception {
        CredentialCorpus c = new CredentialCorpus();
        String documented = "re_" + c.random(CredentialCorpus.B58, 8) + "_" + c.random(CredentialCorpus.B58, 24);
        write(".env.example", "RESEND_API_KEY=" + documented + "\n");
        write("README.md", "Set RESEND_API_KEY (e.g. " + documented + ") in .env\n");
        write("package-lock.json", "{\"integrity\": \"" + "re_" + c.random(CredentialCorpus.B58, 8) + "_"
                + c.random(CredentialCorpus.B58, 24) + "\"}\n");
        commit("docs", ".env.example", "README.md", "package-lock.json");

        Outcome o = run("credentials: [resend]");
        // The template itself holds a real-shaped key: found there, and only there.
        assertEquals(List.of(".env.example:1"), withStatus(o, Status.FAIL).stream().map(Finding::where).toList(), allText(o));
    }

    @Test
    void credentialsPassNamingWhatWasScanned() throws Exception {
        write("src/app.js", "const key = process.env.AZURE_OPENAI_API_KEY;\n");
        write("logo.png", "\u0000PNG");
        commit("app", "src/app.js", "logo.png");
        Outcome o = run("credentials: all");
        assertEquals(Status.PASS, o.status(), allText(o));
        // Both halves say what they read: the tracked files, and every commit of the history.
        assertEquals(List.of("no credential (all) in 1 tracked file (1 binary, lockfile, vendored or too large skipped)",
                        "no credential by format in 1 commit of history (all branches and tags)"),
                withStatus(o, Status.PASS).stream().map(Finding::message).toList());
    }

    @Test
    void anUnknownCredentialRuleIsACatalogueError() {
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> spec("credentials: [resnd]"));
        assertTrue(e.getMessage().contains("unknown credential rule 'resnd'"), e.getMessage());
    }

    @Test
    void checksCombine() throws Exception {
        write(".gitignore", ".env*\n");
        write("src/a.ts", "const k = '" + RESEND_KEY + "';\n");
        commit("init", ".gitignore", "src/a.ts");

        Outcome o = run("ignored: [.env.production], noTrackedEnvFiles: true, secretsNotTracked: [RESEND_API_KEY]");
        assertEquals(Status.FAIL, o.status());
        // ignored, no tracked env file, the value in the working tree, the value in the commit that added it
        assertEquals(List.of(Status.PASS, Status.PASS, Status.FAIL, Status.FAIL),
                o.findings().stream().map(Finding::status).toList());
        assertEquals("the value of RESEND_API_KEY is committed in src/a.ts:1; rotate it and remove it from history"
                + " (+1 more)", o.evidence());
    }

    // ---- errors ----

    @Test
    void aFolderThatIsNotAGitRepositoryIsAnError(@TempDir Path plain) throws Exception {
        Files.writeString(plain.resolve(".env"), "A=1\n");
        Outcome o = run("ignored: [.env]", env(ENV_TEXT), plain);
        assertEquals(Status.ERROR, o.status());
        assertTrue(o.evidence().startsWith(plain + " is not a git repository ("), o.evidence());
    }

    @Test
    void aMissingFolderIsAnError() throws Exception {
        Path missing = repo.resolve("no/such/dir");
        Outcome o = run("noTrackedEnvFiles: true", env(ENV_TEXT), missing);
        assertEquals(Status.ERROR, o.status());
    }
}
