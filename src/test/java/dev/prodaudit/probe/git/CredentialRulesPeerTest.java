package dev.prodaudit.probe.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer check: secretlint (pinned in src/test/secretlint/package-lock.json, installed by .ci/run with npm ci into
 * target/secretlint) runs over the same generated corpus. On the credential types both cover, the audit must find
 * at least everything secretlint finds. The comparison is written to target/secretlint-comparison.txt.
 * Without secretlint the test fails in CI (CI=true) and is skipped locally with the command to install it.
 */
class CredentialRulesPeerTest {
    private static final Path HOME = Path.of(System.getProperty("secretlint.home", "target/secretlint"));
    private static final Path BIN = HOME.resolve("node_modules/secretlint/bin/secretlint.js");
    private static final Path RC = Path.of("src/test/secretlint/.secretlintrc.json");
    /** secretlint rules whose credential types the audit covers, and the audit rules that cover them. */
    private static final Map<String, List<String>> COVERED = Map.of(
            "@secretlint/secretlint-rule-openai", List.of("openai-api-key"),
            "@secretlint/secretlint-rule-privatekey", List.of("private-key"),
            "@secretlint/secretlint-rule-basicauth", List.of("uri-password", "sentry-dsn-secret"),
            "@secretlint/secretlint-rule-database-connection-string", List.of("uri-password"));

    @TempDir
    Path corpusDir;

    @Test
    void theAuditFindsAtLeastWhatSecretlintFindsOnTheSharedCorpus() throws Exception {
        if (!Files.isRegularFile(BIN)) {
            String how = "secretlint is not installed at " + BIN + ": run .ci/run, or (cd target/secretlint && cp "
                    + "../../src/test/secretlint/package*.json . && npm ci)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(how);
            }
            assumeTrue(false, how);
        }
        CredentialCorpus corpus = CredentialCorpus.generate();
        corpus.writeTo(corpusDir);

        ProcessBuilder pb = new ProcessBuilder("node", BIN.toAbsolutePath().toString(), "--format", "json",
                "--maskSecrets", "--secretlintrc", RC.toAbsolutePath().toString(), "**/*")
                .directory(corpusDir.toFile()).redirectErrorStream(false);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "secretlint did not finish");
        assertTrue(p.exitValue() == 0 || p.exitValue() == 1, "secretlint failed: " + err);

        TreeSet<String> peer = new TreeSet<>();
        TreeSet<String> peerAll = new TreeSet<>();
        for (JsonNode file : new ObjectMapper().readTree(out)) {
            String rel = corpusDir.toRealPath().relativize(Path.of(file.get("filePath").asText()).toRealPath())
                    .toString().replace('\\', '/');
            for (JsonNode msg : file.get("messages")) {
                String rule = msg.get("ruleId").asText();
                String at = rel + ":" + msg.get("loc").get("start").get("line").asInt();
                peerAll.add(at + " " + rule);
                if (COVERED.containsKey(rule)) {
                    peer.add(at);
                }
            }
        }
        CredentialRules rules = CredentialRules.builtin();
        TreeSet<String> audit = new TreeSet<>();
        TreeSet<String> auditCovered = new TreeSet<>();
        for (Map.Entry<String, List<String>> f : corpus.files().entrySet()) {
            for (CredentialMatch m : rules.find(f.getKey(), f.getValue())) {
                audit.add(f.getKey() + ":" + m.line() + " " + m.ruleId());
                if (COVERED.values().stream().anyMatch(ids -> ids.contains(m.ruleId()))) {
                    auditCovered.add(f.getKey() + ":" + m.line());
                }
            }
        }
        List<String> both = new ArrayList<>(peer);
        both.retainAll(auditCovered);
        List<String> onlyPeer = new ArrayList<>(peer);
        onlyPeer.removeAll(auditCovered);
        List<String> onlyAudit = new ArrayList<>(audit);
        onlyAudit.removeIf(a -> peer.contains(a.substring(0, a.lastIndexOf(' '))));

        String report = "secretlint " + HOME + " over " + corpus.files().size() + " files\n"
                + "found by both (" + both.size() + "): " + both + "\n"
                + "only the audit (" + onlyAudit.size() + "): " + onlyAudit + "\n"
                + "only secretlint, covered types (" + onlyPeer.size() + "): " + onlyPeer + "\n"
                + "all secretlint findings: " + peerAll + "\n";
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/secretlint-comparison.txt"), report, StandardCharsets.UTF_8);
        System.out.println(report);

        assertEquals(List.of(), onlyPeer, "secretlint found credentials the audit missed\n" + report);
        assertTrue(!both.isEmpty(), "the corpus must exercise the shared types\n" + report);
    }
}
