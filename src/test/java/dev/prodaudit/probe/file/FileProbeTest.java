package dev.prodaudit.probe.file;

import dev.prodaudit.repo.RepoFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.input.InputException;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.repo.DatedRepo;
import dev.prodaudit.testing.ProbeKit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code type: file} against real files in a temporary repository, with specs bound from catalogue YAML. */
class FileProbeTest {

    @TempDir
    Path repo;

    /** Binds {@code probe: {type: file, <params>}} through the catalogue loader, as a real catalogue would. */
    private static FileSpec spec(String params) throws InputException {
        return ProbeKit.spec(FileProbe.class, params);
    }

    private Outcome run(String params) throws InputException {
        return run(params, repo);
    }

    private static Outcome run(String params, Path root) throws InputException {
        try (SharedClients clients = new SharedClients()) {
            return new FileProbe().run(spec(params),
                    new ProbeContext(Env.empty(), root, Targets.none(), Duration.ofSeconds(5), clients));
        }
    }

    private Path write(String relative, String text) throws IOException {
        Path p = repo.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static List<Finding> withStatus(Outcome o, Status s) {
        return o.findings().stream().filter(f -> f.status() == s).toList();
    }

    /** Every piece of text the outcome would show: evidence and each finding. */
    private static String allText(Outcome o) {
        StringBuilder out = new StringBuilder(String.valueOf(o.evidence()));
        for (Finding f : o.findings()) {
            out.append('\n').append(f.message()).append(' ').append(f.where());
        }
        return out.toString();
    }

    // ---- globs ----

    @Test
    void plainGlobMatchesOnlyTheTopLevelFile() throws Exception {
        write("Dockerfile", "FROM node:22\n");
        write("services/api/Dockerfile", "FROM node:22\n");

        assertEquals(List.of("Dockerfile"), RepoFiles.match(repo, List.of("Dockerfile")));
        Outcome o = run("paths: [Dockerfile]");
        assertEquals(Status.PASS, o.status());
        assertEquals("Dockerfile exists", o.evidence());
    }

    @Test
    void doubleStarGlobMatchesTopLevelAndNestedButSkipsNodeModulesAndGit() throws Exception {
        write("Dockerfile", "FROM node:22\n");
        write("services/api/Dockerfile", "FROM node:22\n");
        write("services/worker/deep/Dockerfile", "FROM node:22\n");
        write("node_modules/some-lib/Dockerfile", "FROM scratch\n");
        write("services/api/node_modules/x/Dockerfile", "FROM scratch\n");
        write(".git/Dockerfile", "FROM scratch\n");

        assertEquals(List.of("Dockerfile", "services/api/Dockerfile", "services/worker/deep/Dockerfile"),
                RepoFiles.match(repo, List.of("**/Dockerfile")));
        Outcome o = run("paths: ['**/Dockerfile']");
        assertEquals(Status.PASS, o.status());
        assertEquals("3 files match **/Dockerfile (Dockerfile, ...)", o.evidence());
    }

    @Test
    void doubleStarGlobFindsANestedFileThatThePlainGlobMisses() throws Exception {
        write("apps/web/Dockerfile", "FROM node:22\n");

        assertEquals(Status.FAIL, run("paths: [Dockerfile]").status());
        Outcome o = run("paths: ['**/Dockerfile']");
        assertEquals(Status.PASS, o.status());
        assertEquals("apps/web/Dockerfile exists", o.evidence());
    }

    @Test
    void aFileOnlyUnderNodeModulesDoesNotCount() throws Exception {
        write("node_modules/pkg/Dockerfile", "FROM node\n");
        write(".git/hooks/Dockerfile", "FROM node\n");

        Outcome o = run("paths: ['**/Dockerfile']");
        assertEquals(Status.FAIL, o.status());
        assertEquals("no file matches **/Dockerfile", o.evidence());
    }

    @Test
    void severalGlobsAreAlternatives() throws Exception {
        write("docker-compose.yml", "services: {}\n");

        Outcome o = run("paths: [compose.yaml, docker-compose.yml]");
        assertEquals(Status.PASS, o.status());
        assertEquals("docker-compose.yml exists", o.evidence());
    }

    // ---- exists ----

    @Test
    void existsFailsWhenNothingMatches() throws Exception {
        Outcome o = run("paths: [README.md]");
        assertEquals(Status.FAIL, o.status());
        assertEquals("no file matches README.md", o.evidence());
    }

    @Test
    void existsFalsePassesWhenNothingMatches() throws Exception {
        write("src/app.js", "x\n");
        Outcome o = run("paths: ['**/*.pem'], exists: false");
        assertEquals(Status.PASS, o.status());
        assertEquals("no file matches **/*.pem", o.evidence());
    }

    @Test
    void existsFalseFailsWithEachMatchingFile() throws Exception {
        write("certs/server.pem", "-----BEGIN PRIVATE KEY-----\n");
        write("server.pem", "-----BEGIN PRIVATE KEY-----\n");

        Outcome o = run("paths: ['**/*.pem'], exists: false");
        assertEquals(Status.FAIL, o.status());
        List<Finding> fails = withStatus(o, Status.FAIL);
        assertEquals(List.of("certs/server.pem", "server.pem"), fails.stream().map(Finding::file).toList());
        assertEquals("certs/server.pem must not exist (+1 more)", o.evidence());
    }

    // ---- nonEmpty ----

    @Test
    void nonEmptyFailsOnAnEmptyFile() throws Exception {
        write("docs/RUNBOOK.md", "");

        Outcome o = run("paths: [docs/RUNBOOK.md], nonEmpty: true");
        assertEquals(Status.FAIL, o.status());
        assertEquals("docs/RUNBOOK.md is empty", o.evidence());
        assertEquals("docs/RUNBOOK.md", withStatus(o, Status.FAIL).get(0).file());
    }

    @Test
    void nonEmptyPassesWithContent() throws Exception {
        write("docs/RUNBOOK.md", "# Runbook\n");

        Outcome o = run("paths: [docs/RUNBOOK.md], nonEmpty: true");
        assertEquals(Status.PASS, o.status());
        assertEquals("docs/RUNBOOK.md exists", o.evidence());
    }

    // ---- contains ----

    @Test
    void containsPassesNamingFileAndLine() throws Exception {
        write("Dockerfile", "FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nUSER   node\nCMD [\"node\", \"main.js\"]\n");

        Outcome o = run("paths: [Dockerfile], contains: '^USER\\s+(node|\\d+)'");
        assertEquals(Status.PASS, o.status());
        assertEquals("Dockerfile:4 matches /^USER\\s+(node|\\d+)/", o.evidence());
        Finding f = withStatus(o, Status.PASS).get(0);
        assertEquals("Dockerfile", f.file());
        assertEquals(4, f.line());
    }

    @Test
    void containsSearchesEveryMatchingFile() throws Exception {
        write("Dockerfile", "FROM node\n");
        write("services/worker/Dockerfile", "FROM node\n\nHEALTHCHECK CMD curl -f http://localhost/health\n");

        Outcome o = run("paths: ['**/Dockerfile'], contains: HEALTHCHECK");
        assertEquals(Status.PASS, o.status());
        assertEquals("services/worker/Dockerfile:3 matches /HEALTHCHECK/", o.evidence());
    }

    @Test
    void containsFailsWhenNoFileHasIt() throws Exception {
        write("Dockerfile", "FROM node:22\nCMD [\"node\", \"main.js\"]\n");

        Outcome o = run("paths: [Dockerfile], contains: '^USER\\s+\\w+'");
        assertEquals(Status.FAIL, o.status());
        assertEquals("Dockerfile does not contain /^USER\\s+\\w+/", o.evidence());

        write("services/api/Dockerfile", "FROM node\n");
        Outcome several = run("paths: ['**/Dockerfile'], contains: '^USER'");
        assertEquals(Status.FAIL, several.status());
        assertEquals("none of the 2 matching files contains /^USER/", several.evidence());
    }

    // ---- notContains ----

    @Test
    void notContainsReportsEveryHitWithFileAndLine() throws Exception {
        write("src/a.js", "const x = 1;\nconsole.log(x);\nlet y = 2;\nconsole.log(y);\n");
        write("src/b/c.js", "console.log('hi');\n");
        write("node_modules/dep/index.js", "console.log('ignored');\n");

        Outcome o = run("paths: ['src/**/*.js', 'src/*.js'], notContains: 'console\\.log\\('");
        assertEquals(Status.FAIL, o.status());
        List<Finding> fails = withStatus(o, Status.FAIL);
        assertEquals(3, fails.size());
        assertEquals(List.of("src/a.js:2", "src/a.js:4", "src/b/c.js:1"), fails.stream().map(Finding::where).toList());
        assertEquals("src/a.js:2 contains /console\\.log\\(/", fails.get(0).message());
        assertEquals("src/a.js:2 contains /console\\.log\\(/ (+2 more)", o.evidence());
    }

    @Test
    void notContainsPassesWhenAbsent() throws Exception {
        write("src/a.js", "logger.info('x');\n");

        Outcome o = run("paths: ['src/*.js'], notContains: 'console\\.log'");
        assertEquals(Status.PASS, o.status());
        assertTrue(withStatus(o, Status.PASS).stream()
                .anyMatch(f -> f.message().equals("no matching file contains /console\\.log/")));
    }

    // ---- newerThan ----

    @Test
    void newerThanFailsWhenTheNewestFileIsTooOld() throws Exception {
        Path a = write("backups/2026-01-01.tar.gz.txt", "x");
        Path b = write("backups/2026-01-05.tar.gz.txt", "x");
        Files.setLastModifiedTime(a, FileTime.from(Instant.now().minus(Duration.ofDays(20))));
        Files.setLastModifiedTime(b, FileTime.from(Instant.now().minus(Duration.ofDays(10))));

        Outcome o = run("paths: ['backups/*'], newerThan: 7d");
        assertEquals(Status.FAIL, o.status());
        assertTrue(o.evidence().startsWith("newest, backups/2026-01-05.tar.gz.txt, is 10 days"), o.evidence());
        assertTrue(o.evidence().contains("old; expected within 7d, by its modification time"), o.evidence());
        assertTrue(o.evidence().endsWith("(not committed)"), "a file outside git is dated by its mtime, and says so");
        assertEquals("backups/2026-01-05.tar.gz.txt", withStatus(o, Status.FAIL).get(0).file());
    }

    @Test
    void newerThanPassesWhenAnyFileIsRecentAndNamesTheNewest() throws Exception {
        Path old = write("backups/old.txt", "x");
        Path fresh = write("backups/fresh.txt", "x");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
        Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minus(Duration.ofHours(25))));

        Outcome o = run("paths: ['backups/*'], newerThan: 7d");
        assertEquals(Status.PASS, o.status());
        assertTrue(o.evidence().startsWith("newest, backups/fresh.txt, is 1d1h"), o.evidence());
        assertTrue(o.evidence().contains("old (limit 7d), by its modification time"), o.evidence());
    }

    @Test
    void aRestoreRecordCommitted445DaysAgoFailsQuarterlyInAFreshCloneWhoseMtimesAreNow() throws Exception {
        DatedRepo origin = DatedRepo.init(repo.resolve("origin"))
                .write("docs/restore-test.md", "# Restore test\nRestored MongoDB and Qdrant in 41 minutes.\n")
                .commitDaysAgo(445, "docs/restore-test.md");
        DatedRepo clone = origin.cloneTo(repo.resolve("clone"), false);

        Outcome o = run("paths: ['docs/**/restore-test*'], newerThan: 2208h", clone.dir);

        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().startsWith("newest, docs/restore-test.md, is 445 days old; expected within 92d,"
                + " by its last commit "), o.evidence());
    }

    @Test
    void aShallowCloneThatCannotDateTheRecordIsAnErrorThatSaysToDeepen() throws Exception {
        DatedRepo origin = DatedRepo.init(repo.resolve("origin"))
                .write("docs/restore-test.md", "# Restore test\n").commitDaysAgo(445, "docs/restore-test.md")
                .write("src/app.js", "start();\n").commitDaysAgo(1, "src/app.js");
        DatedRepo shallow = origin.cloneTo(repo.resolve("shallow"), true);

        Outcome o = run("paths: ['docs/**/restore-test*'], newerThan: 2208h", shallow.dir);

        assertEquals(Status.ERROR, o.status(), o.evidence());
        assertTrue(o.evidence().contains("fetch more history: git fetch --deepen"), o.evidence());
        assertEquals("docs/restore-test.md", withStatus(o, Status.ERROR).get(0).file());
    }

    // ---- encrypted ----

    @Test
    void encryptedPassesForABinaryFile() throws Exception {
        Path p = repo.resolve(".env.production.enc");
        Files.write(p, new byte[] {0x53, 0x61, 0x6c, 0x74, 0x65, 0x64, 0x5f, 0x5f, 0x00, (byte) 0x8f, 0x12, 0x00, 0x7f});

        Outcome o = run("paths: [.env.production.enc], encrypted: true");
        assertEquals(Status.PASS, o.status());
        assertEquals(".env.production.enc is binary (encrypted)", o.evidence());
    }

    @Test
    void encryptedPassesForASopsDotenvFileWithItsMetadata() throws Exception {
        write(".env.production", """
                #ENC[AES256_GCM,data:3mYc9w==,iv:Zx1=,tag:q2==,type:comment]
                JWT_ACCESS_SECRET=ENC[AES256_GCM,data:8nVsdUt1aW5vbmU=,iv:GzB1k0m9=,tag:ZmFrZQ==,type:str]
                MONGODB_URI=ENC[AES256_GCM,data:bW9uZ29kYjovL3U6cEBoL2Q=,iv:YWJj,tag:ZGVm,type:str]

                EMPTY=
                sops_age__list_0__map_enc=-----BEGIN AGE ENCRYPTED FILE-----\\nYWdlLWVu\\n-----END AGE ENCRYPTED FILE-----\\n
                sops_age__list_0__map_recipient=age1qwwzsz6z2mmu6hpmjt2he7nepmnhutmhehvkva7l5zy5xzf08d5s5n4d6n
                sops_lastmodified=2026-09-03T21:37:05Z
                sops_mac=ENC[AES256_GCM,data:RHN3MGVQWDY=,iv:aXY=,tag:dGFn,type:str]
                sops_unencrypted_suffix=_unencrypted
                sops_version=3.13.3
                """);

        Outcome o = run("paths: [.env.production], encrypted: true");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertTrue(o.evidence().startsWith(".env.production has no plaintext assignments ("), o.evidence());
    }

    @Test
    void encryptedPassesForADotenvxFile() throws Exception {
        write(".env.production", """
                #/-------------------[DOTENV_PUBLIC_KEY]--------------------/
                #/            public-key encryption for .env files          /
                #/----------------------------------------------------------/
                DOTENV_PUBLIC_KEY_PRODUCTION="03f8b376234c4f2f0445f392a12e80f3a84b4b0d1e0c3df85c494e45812653c22a"

                # .env.production
                JWT_ACCESS_SECRET="encrypted:BNr24F4vW9CQ37LOXeRgOL6QlwtJfAoAVXtSdSfpicPDHtqo/Q1z+jNuAsf"
                export REDIS_URL='encrypted:BD9paBaun2284WcqdFQZUlDKapPiuE/ruoLY7rINtQPXKWcfqI08vFAl'
                """);

        Outcome o = run("paths: [.env.production], encrypted: true");
        assertEquals(Status.PASS, o.status(), allText(o));
        assertEquals(".env.production has no plaintext assignments (2 encrypted values)", o.evidence());
    }

    @Test
    void encryptedFailsOnPlaintextNamingKeyAndLineButNeverTheValue() throws Exception {
        String secret = "s3cr3t-Plaintext-Value-9f8e7d";
        String other = "another-visible-value-1234";
        write(".env.production", "# production secrets\n"
                + "JWT_ACCESS_SECRET=ENC[AES256_GCM,data:abcd,iv:ef,tag:gh,type:str]\n"
                + "\n"
                + "\n"
                + "JWT_REFRESH_SECRET=" + secret + "\n"
                + "export   SMTP_PASSWORD = \"" + other + "\"\n");

        Outcome o = run("paths: [.env.production], encrypted: true");
        assertEquals(Status.FAIL, o.status());
        List<Finding> fails = withStatus(o, Status.FAIL);
        assertEquals(2, fails.size());
        assertEquals(".env.production:5 holds JWT_REFRESH_SECRET in plain text", fails.get(0).message());
        assertEquals(".env.production:5", fails.get(0).where());
        assertEquals(".env.production:6 holds SMTP_PASSWORD in plain text", fails.get(1).message());
        assertEquals(6, fails.get(1).line());
        assertEquals(".env.production:5 holds JWT_REFRESH_SECRET in plain text (+1 more)", o.evidence());
        String shown = allText(o);
        assertFalse(shown.contains(secret), shown);
        assertFalse(shown.contains("s3cr3t"), shown);
        assertFalse(shown.contains(other), shown);
    }

    @Test
    void anEmptyAssignmentDoesNotSwallowTheNextLine() throws Exception {
        write(".env.production", "EMPTY=\nAPI_KEY=ENC[AES256_GCM,data:abcd,iv:ef,tag:gh,type:str]\nPLAIN=visible-text\n");

        Outcome o = run("paths: [.env.production], encrypted: true");
        assertEquals(Status.FAIL, o.status());
        List<Finding> fails = withStatus(o, Status.FAIL);
        assertEquals(List.of(".env.production:3 holds PLAIN in plain text"), fails.stream().map(Finding::message).toList());
        assertFalse(allText(o).contains("visible-text"));
    }

    @Test
    void encryptedChecksEveryMatchingFile() throws Exception {
        write("deploy/.env.staging", "A=encrypted:abc\n");
        write("deploy/.env.production", "A=plain-value\n");

        Outcome o = run("paths: ['deploy/.env.*'], encrypted: true");
        assertEquals(Status.FAIL, o.status());
        assertEquals(List.of("deploy/.env.production:1"), withStatus(o, Status.FAIL).stream().map(Finding::where).toList());
    }

    // ---- errors ----

    @Test
    void aMissingRepositoryFolderIsAnError() throws Exception {
        Path missing = repo.resolve("does-not-exist");
        Outcome o = run("paths: [Dockerfile]", missing);
        assertEquals(Status.ERROR, o.status());
        assertEquals("repository folder " + missing + " does not exist", o.evidence());
    }
}
