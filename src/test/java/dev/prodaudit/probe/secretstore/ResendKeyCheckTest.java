package dev.prodaudit.probe.secretstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.EnvFile;
import dev.prodaudit.config.Targets;
import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.Outcome;
import dev.prodaudit.probe.Probe;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.Status;
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

/**
 * The shipped security.resend-key-encrypted, end to end on a real git repository: the key may come from the encrypted
 * {@code .enc} file or from a secret manager, and must be in plain text nowhere.
 */
class ResendKeyCheckTest {
    private static final String RESEND_KEY = "re_Uj5Ke8Np2Rs6Vw9Yz3Bc7Fg4Hk";

    @TempDir
    Path repo;

    @BeforeEach
    void initRepository() throws Exception {
        git("init", "-q");
        git("config", "core.excludesFile", repo.resolve(".git/no-global-excludes").toString());
        write("src/email.js", "import { Resend } from 'resend';\nconst resend = new Resend(process.env.RESEND_API_KEY);\n");
        git("add", "src/email.js");
        git("commit", "-q", "-m", "email");
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.test", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }

    private void write(String relative, String text) throws IOException {
        Path p = repo.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private Outcome runShippedCheck() throws Exception {
        CatalogLoader loader = new CatalogLoader(ProbeRegistry.load());
        Check check = loader.parseFile("checks/01-security.yaml", Files.readString(Path.of("checks", "01-security.yaml")))
                .stream().filter(c -> c.id().equals("security.resend-key-encrypted")).findFirst().orElseThrow();
        BoundProbe bound = new BoundProbe(check.probeType(), check.probe(), check.spec());
        Env env = Env.of(List.of(EnvFile.parse(Path.of(".env.production"), "RESEND_API_KEY=" + RESEND_KEY + "\n")),
                Map.of(), Set.of(), List.of());
        try (SharedClients clients = new SharedClients()) {
            return run(bound.probe(), bound.spec(), new ProbeContext(env, repo, Targets.none(), Duration.ofSeconds(20), clients));
        }
    }

    private static <S extends ProbeSpec> Outcome run(Probe<S> probe, ProbeSpec spec, ProbeContext ctx) {
        return probe.run(probe.specType().cast(spec), ctx);
    }

    @Test
    void anExternalSecretInsteadOfTheEncFilePassesWhenNoPlaintextKeyIsAnywhere() throws Exception {
        write("deploy/k8s/resend.yaml", """
                apiVersion: external-secrets.io/v1beta1
                kind: ExternalSecret
                metadata:
                  name: resend-credentials
                spec:
                  secretStoreRef: {kind: ClusterSecretStore, name: aws-secrets-manager}
                  target: {name: resend-credentials}
                  data:
                    - secretKey: RESEND_API_KEY
                      remoteRef: {key: prod/app/resend, property: api_key}
                """);
        git("add", "deploy/k8s/resend.yaml");
        git("commit", "-q", "-m", "resend from the secret manager");
        Outcome o = runShippedCheck();
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().contains("ExternalSecret resend-credentials supplies RESEND_API_KEY from remote key "
                + "prod/app/resend (deploy/k8s/resend.yaml:9)"), o.evidence());
        assertFalse(o.evidence().contains("no file matches"), "the alternative that did not hold is not shown: " + o.evidence());
    }

    @Test
    void neitherTheEncFileNorASecretManagerFailsNamingBoth() throws Exception {
        Outcome o = runShippedCheck();
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().contains("file part: no file matches .env.resend.production.enc; secret-store part: "
                + "no ExternalSecret, SecretProviderClass or sops file supplies RESEND_API_KEY or names resend"), o.evidence());
        assertFalse(o.evidence().contains(RESEND_KEY));
    }

    @Test
    void anExternalSecretDoesNotExcuseAPlaintextKeyInTheHistory() throws Exception {
        write("deploy/k8s/resend.yaml", """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata: {name: resend-credentials}
                spec:
                  data:
                    - secretKey: RESEND_API_KEY
                      remoteRef: {key: prod/app/resend}
                """);
        write("src/config.js", "export const RESEND = '" + RESEND_KEY + "';\n");
        git("add", "deploy/k8s/resend.yaml", "src/config.js");
        git("commit", "-q", "-m", "oops");
        git("rm", "-q", "src/config.js");
        git("commit", "-q", "-m", "remove the key");
        Outcome o = runShippedCheck();
        assertEquals(Status.FAIL, o.status(), o.evidence());
        assertTrue(o.evidence().contains("RESEND_API_KEY"), o.evidence());
        assertFalse(o.evidence().contains(RESEND_KEY), o.evidence());
        assertFalse(o.findings().toString().contains(RESEND_KEY));
    }
}
