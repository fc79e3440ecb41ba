package dev.prodaudit.probe.secretstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Targets;
import dev.prodaudit.input.InputException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code type: secret-store} on manifests shaped as the tools document them: an ExternalSecret (external-secrets.io),
 * a SecretProviderClass for Azure Key Vault (Secrets Store CSI driver), sops-encrypted YAML, JSON and dotenv files;
 * each next to a variant that must not count.
 */
class SecretStoreProbeTest {
    private static final CatalogLoader LOADER = new CatalogLoader(ProbeRegistry.load());
    /** A made-up sops ciphertext: the shape sops writes, no real data. */
    private static final String ENC = "ENC[AES256_GCM,data:q1Zx9bT0c2Vy,iv:3kqS0m9bZ1x2c3v4b5n6m7==,tag:Zm9vYmFyYmF6cXV4==,type:str]";

    @TempDir
    Path repo;

    private void write(String relative, String text) throws IOException {
        Path p = repo.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private static Check check(String params) throws InputException {
        return LOADER.parseFile("t.yaml", """
                section: T
                checks:
                  - id: t.store
                    title: Store
                    severity: critical
                    rationale: r
                    remediation: f
                    probe: {type: secret-store, %s}
                """.formatted(params)).get(0);
    }

    private Outcome run() throws InputException {
        return run("variable: RESEND_API_KEY, names: [resend]");
    }

    private Outcome run(String params) throws InputException {
        try (SharedClients clients = new SharedClients()) {
            return new SecretStoreProbe().run((SecretStoreSpec) check(params).spec(),
                    new ProbeContext(Env.empty(), repo, Targets.none(), Duration.ofSeconds(5), clients));
        }
    }

    private static final String EXTERNAL_SECRET = """
            # Resend key from AWS Secrets Manager, synced by the External Secrets Operator
            apiVersion: v1
            kind: Namespace
            metadata:
              name: app
            ---
            apiVersion: external-secrets.io/v1beta1
            kind: ExternalSecret
            metadata:
              name: resend-credentials
              namespace: app
            spec:
              refreshInterval: 1h
              secretStoreRef:
                kind: ClusterSecretStore
                name: aws-secrets-manager
              target:
                name: resend-credentials
                creationPolicy: Owner
              data:
                - secretKey: RESEND_API_KEY
                  remoteRef:
                    key: prod/app/email
                    property: api_key
            """;

    @Test
    void anExternalSecretWhoseSecretKeyIsTheVariablePasses() throws Exception {
        write("deploy/k8s/resend-external-secret.yaml", EXTERNAL_SECRET);
        Outcome o = run();
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals("ExternalSecret resend-credentials supplies RESEND_API_KEY from remote key prod/app/email "
                + "(deploy/k8s/resend-external-secret.yaml:21)", o.evidence());
        Finding f = o.findings().get(0);
        assertEquals("deploy/k8s/resend-external-secret.yaml:21", f.where());
    }

    @Test
    void anExternalSecretOfTheV1ApiThatExtractsANamedRemoteKeyPasses() throws Exception {
        write("deploy/es.yml", """
                apiVersion: external-secrets.io/v1
                kind: ExternalSecret
                metadata:
                  name: mail
                spec:
                  secretStoreRef: {kind: SecretStore, name: vault}
                  target: {name: mail}
                  dataFrom:
                    - extract:
                        key: secret/data/Resend
                """);
        Outcome o = run();
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals("ExternalSecret mail extracts remote key secret/data/Resend (for RESEND_API_KEY) (deploy/es.yml:10)", o.evidence());
    }

    @Test
    void anExternalSecretForAnotherKeyOrAnUnknownApiVersionDoesNotCount() throws Exception {
        write("deploy/k8s/resend-external-secret.yaml", EXTERNAL_SECRET
                .replace("secretKey: RESEND_API_KEY", "secretKey: SENDGRID_API_KEY"));
        write("deploy/k8s/old.yaml", EXTERNAL_SECRET.replace("external-secrets.io/v1beta1", "kubernetes-client.io/v1"));
        Outcome o = run("variable: RESEND_API_KEY");
        assertEquals(Status.FAIL, o.status());
        assertEquals("no ExternalSecret, SecretProviderClass or sops file supplies RESEND_API_KEY (2 candidate files read)", o.evidence());
    }

    @Test
    void aConfigMapIsNoSecretManager() throws Exception {
        write("deploy/k8s/config.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: resend-config   # ExternalSecret planned
                data:
                  RESEND_API_KEY: re_not_a_real_key_for_tests
                """);
        Outcome o = run();
        assertEquals(Status.FAIL, o.status());
        assertEquals("no ExternalSecret, SecretProviderClass or sops file supplies RESEND_API_KEY or names resend "
                + "(1 candidate file read)", o.evidence());
        assertFalse(o.evidence().contains("re_not"), "never a value");
    }

    private static final String PROVIDER_CLASS = """
            apiVersion: secrets-store.csi.x-k8s.io/v1
            kind: SecretProviderClass
            metadata:
              name: azure-kv-app
            spec:
              provider: azure
              secretObjects:
                - secretName: app-secrets
                  type: Opaque
                  data:
                    - objectName: resend-api-key
                      key: RESEND_API_KEY
              parameters:
                usePodIdentity: "false"
                clientID: "00000000-0000-0000-0000-000000000000"
                keyvaultName: kv-app-prod
                objects: |
                  array:
                    - |
                      objectName: resend-api-key
                      objectType: secret
                      objectVersion: ""
                tenantId: "00000000-0000-0000-0000-000000000000"
            """;

    @Test
    void anAzureKeyVaultSecretProviderClassThatSyncsTheVariablePasses() throws Exception {
        write("deploy/azure/secret-provider-class.yaml", PROVIDER_CLASS);
        Outcome o = run();
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().startsWith("SecretProviderClass azure-kv-app syncs RESEND_API_KEY from object resend-api-key "
                + "(deploy/azure/secret-provider-class.yaml:12)"), o.evidence());
    }

    @Test
    void aKeyVaultObjectNamedForTheSecretPassesEvenWithoutSyncedKeys() throws Exception {
        String mountOnly = PROVIDER_CLASS.substring(0, PROVIDER_CLASS.indexOf("  secretObjects:"))
                + PROVIDER_CLASS.substring(PROVIDER_CLASS.indexOf("  parameters:"));
        write("deploy/azure/spc.yaml", mountOnly);
        Outcome o = run();
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals("SecretProviderClass azure-kv-app mounts object resend-api-key (for RESEND_API_KEY) (deploy/azure/spc.yaml:14)",
                o.evidence());
        assertEquals(Status.FAIL, run("variable: RESEND_API_KEY").status(), "without names, a mounted object says nothing");
    }

    @Test
    void aSecretProviderClassForOtherObjectsDoesNotCount() throws Exception {
        write("deploy/azure/spc.yaml", PROVIDER_CLASS.replace("resend-api-key", "openai-api-key")
                .replace("key: RESEND_API_KEY", "key: AZURE_OPENAI_API_KEY"));
        assertEquals(Status.FAIL, run().status());
    }

    private static final String SOPS_YAML = """
            RESEND_API_KEY: %s
            RESEND_FROM_EMAIL: %s
            sops:
                kms: []
                age:
                    - recipient: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
                      enc: |
                        -----BEGIN AGE ENCRYPTED FILE-----
                        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBmYWtl
                        -----END AGE ENCRYPTED FILE-----
                lastmodified: "2026-11-02T10:15:00Z"
                mac: %s
                unencrypted_suffix: _unencrypted
                version: 3.9.1
            """.formatted(ENC, ENC, ENC);

    @Test
    void aSopsEncryptedYamlFileWithTheVariablePasses() throws Exception {
        write("secrets/resend.enc.yaml", SOPS_YAML);
        Outcome o = run("variable: RESEND_API_KEY");
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals("sops file secrets/resend.enc.yaml encrypts RESEND_API_KEY (secrets/resend.enc.yaml:1)", o.evidence());
    }

    @Test
    void aSopsEncryptedJsonFileWithTheVariablePasses() throws Exception {
        write("secrets/prod.json", "{\n\t\"RESEND_API_KEY\": \"" + ENC + "\",\n\t\"sops\": {\n\t\t\"mac\": \"" + ENC
                + "\",\n\t\t\"version\": \"3.9.1\"\n\t}\n}\n");
        Outcome o = run("variable: RESEND_API_KEY");
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertEquals("sops file secrets/prod.json encrypts RESEND_API_KEY (secrets/prod.json:2)", o.evidence());
    }

    @Test
    void aYamlFileThatLooksEncryptedButHasNoSopsMetadataDoesNotCount() throws Exception {
        // ENC[...] pasted by hand, and a "sops" key without a mac: nothing sops could decrypt.
        write("secrets/resend.enc.yaml", "RESEND_API_KEY: " + ENC + "\nsops:\n    version: 3.9.1\n");
        assertEquals(Status.FAIL, run("variable: RESEND_API_KEY").status());
    }

    @Test
    void aSopsFileThatHoldsTheVariableInPlainTextFailsWithoutShowingIt() throws Exception {
        write("secrets/resend.enc.yaml", SOPS_YAML.replaceFirst("RESEND_API_KEY: ENC\\[[^\\n]*", "RESEND_API_KEY: re_plain_text_value_1234"));
        write("deploy/k8s/resend-external-secret.yaml", EXTERNAL_SECRET);
        Outcome o = run();
        assertEquals(Status.FAIL, o.status(), "an unencrypted value in the repository fails whatever else supplies it");
        assertTrue(o.evidence().startsWith("secrets/resend.enc.yaml:1: sops file holds RESEND_API_KEY unencrypted"), o.evidence());
        assertFalse(o.evidence().contains("re_plain"), o.evidence());
        assertFalse(o.findings().toString().contains("re_plain"), o.findings().toString());
    }

    private static final String SOPS_DOTENV = """
            RESEND_API_KEY=%s
            RESEND_FROM_EMAIL=%s
            sops_age__list_0__map_recipient=age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p
            sops_lastmodified=2026-11-02T10:15:00Z
            sops_mac=%s
            sops_unencrypted_suffix=_unencrypted
            sops_version=3.9.1
            """.formatted(ENC, ENC, ENC);

    @Test
    void aSopsEncryptedDotenvFilePasses() throws Exception {
        write(".env.resend.production.sops", SOPS_DOTENV);
        write("config/resend.env", SOPS_DOTENV);
        Outcome o = run("variable: RESEND_API_KEY");
        assertEquals(Status.PASS, o.status(), o.evidence());
        assertTrue(o.evidence().startsWith("sops file "), o.evidence());
        assertTrue(o.findings().stream().anyMatch(f -> "config/resend.env:1".equals(f.where())), o.findings().toString());
    }

    @Test
    void aDotenvFileWithoutSopsMetadataOrWithAPlaintextValueDoesNotCount() throws Exception {
        write(".env.production", "RESEND_API_KEY=" + ENC + "\n");
        assertEquals(Status.FAIL, run("variable: RESEND_API_KEY").status(), "no sops_mac: not a sops file");
        write("config/resend.env", SOPS_DOTENV.replace("RESEND_API_KEY=" + ENC, "RESEND_API_KEY=re_plain_text_value_1234"));
        Outcome o = run("variable: RESEND_API_KEY");
        assertEquals(Status.FAIL, o.status());
        assertEquals("config/resend.env:1: sops file holds RESEND_API_KEY unencrypted; encrypt it with sops "
                + "(sops --encrypt --in-place config/resend.env)", o.evidence());
    }

    @Test
    void aBrokenCandidateManifestIsUndecidedUnlessAnotherFileSupplies() throws Exception {
        write("deploy/broken.yaml", "kind: ExternalSecret\nspec:\n  data: [\n");
        Outcome o = run();
        assertEquals(Status.ERROR, o.status());
        assertTrue(o.evidence().contains("deploy/broken.yaml:4 is not valid YAML"), o.evidence());
        write("deploy/k8s/resend-external-secret.yaml", EXTERNAL_SECRET);
        assertEquals(Status.PASS, run().status());
    }

    @Test
    void theSpecIsCheckedWhereItIsWritten() {
        InputException e = assertThrows(InputException.class, () -> check("variable: resend-key"));
        assertTrue(e.oneLine().startsWith("t.yaml:8:"), e.oneLine());
        assertTrue(e.oneLine().contains("environment variable name"), e.oneLine());
    }
}
