package dev.prodaudit.probe.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.catalog.CatalogLoader;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.config.Env;
import dev.prodaudit.config.Redactor;
import dev.prodaudit.config.Targets;
import dev.prodaudit.engine.Result;
import dev.prodaudit.engine.Runner;
import dev.prodaudit.probe.BoundProbe;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.ProbeContext;
import dev.prodaudit.probe.ProbeRegistry;
import dev.prodaudit.probe.ProbeSpec;
import dev.prodaudit.probe.SharedClients;
import dev.prodaudit.probe.all.AllSpec;
import dev.prodaudit.testing.MongoTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped catalogue's MongoDB items: their probes, and a run of them by the real engine. */
class MongoCatalogueTest {
    /** Item id to the mongodb {@code checks} it runs. */
    static final Map<String, List<String>> ITEMS = new LinkedHashMap<>();

    static {
        ITEMS.put("security.encryption-at-rest", List.of("encryptionAtRest"));
        ITEMS.put("security.audit-logging", List.of("auditLog"));
        ITEMS.put("infra.mongodb-replica-set", List.of("replicaSet"));
        ITEMS.put("infra.mongodb-auth", List.of("auth", "tls"));
        ITEMS.put("infra.mongodb-indexes", List.of("indexes"));
        ITEMS.put("compliance.data-retention", List.of("ttl"));
    }

    @TempDir
    Path dir;

    private static List<Check> shipped() throws Exception {
        List<Check> out = new ArrayList<>();
        for (Check c : new CatalogLoader(ProbeRegistry.load()).load(List.of(CatalogLoader.BUILTIN)).checks()) {
            if (ITEMS.containsKey(c.id())) {
                out.add(c);
            }
        }
        return out;
    }

    private static MongoSpec mongoSpecOf(Check c) {
        ProbeSpec spec = c.spec();
        if (spec instanceof AllSpec all) {
            for (BoundProbe p : all.probes()) {
                if (p.spec() instanceof MongoSpec m) {
                    return m;
                }
            }
        }
        return (MongoSpec) spec;
    }

    @Test
    void theItemsUseTheMongodbProbeWithTheirChecksAndTheSeedDefaults() throws Exception {
        List<Check> checks = shipped();
        assertEquals(ITEMS.size(), checks.size());
        for (Check c : checks) {
            MongoSpec m = mongoSpecOf(c);
            assertEquals(ITEMS.get(c.id()), m.checks(), c.id());
            assertEquals(MongoSpec.SEED_INDEXES, m.indexes(), c.id());
            assertTrue(c.remediation().contains("probe"), c.id() + " says what the probe checks");
        }
        assertEquals("all", checks.stream().filter(c -> c.id().equals("infra.mongodb-auth")).findFirst().orElseThrow().probeType());
        assertEquals("all", checks.stream().filter(c -> c.id().equals("compliance.data-retention")).findFirst().orElseThrow().probeType());
        String encryption = checks.stream().filter(c -> c.id().equals("security.encryption-at-rest")).findFirst().orElseThrow().remediation();
        assertTrue(encryption.contains("Qdrant's") && encryption.contains("no probe can see"), encryption);
    }

    @Test
    void aWellRunDeploymentPassesEveryMongoPartOfTheItems() throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("Test Mongo CA").build();
        HeldCertificate leaf = new HeldCertificate.Builder().signedBy(ca).commonName("127.0.0.1").addSubjectAlternativeName("127.0.0.1").build();
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, ca.certificatePem());
        Path repo = Files.createDirectories(dir.resolve("repo/src/models"));
        Files.writeString(repo.resolve("message.js"), "messageSchema.index({ createdAt: 1 }, { expireAfterSeconds: 7776000 });\n");
        try (MongoTestServer mongo = MongoTestServer.builder().tls(leaf.keyPair().getPrivate(), leaf.certificate(), ca.certificate())
                .replicaSet("rs0", 3).encryption(true).auditLog(true).requireAuth(true).seedIndexes(true).start();
             SharedClients clients = new SharedClients()) {
            Env env = Env.of(List.of(), Map.of("MONGODB_URI", mongo.uri()), Set.of(), List.of());
            Targets targets = MongoTestSupport.targets(mongo.uri(), caFile);
            Runner runner = new Runner(ProbeRegistry.load(), 8, Duration.ofSeconds(5), Redactor.none());
            List<Result> results = runner.run(shipped(), t -> new ProbeContext(env, dir.resolve("repo"), targets, t, clients), r -> { });
            for (Result r : results) {
                if (r.check().id().equals("infra.mongodb-auth")) {
                    // The env half rightly objects to a loopback host; the live half passes.
                    assertEquals(Status.FAIL, r.status(), r.evidence());
                    List<String> failing = r.findings().stream().filter(f -> f.status() == Status.FAIL).map(Finding::message).toList();
                    assertEquals(1, failing.size(), failing.toString());
                    assertTrue(failing.get(0).contains("expected a production host"), failing.toString());
                    assertTrue(r.findings().stream().anyMatch(f -> f.message().equals("TLS on: MONGODB_URI sets tls=true")), r.findings().toString());
                } else {
                    assertEquals(Status.PASS, r.status(), r.check().id() + ": " + r.evidence() + " " + r.findings());
                }
            }
            Set<String> unexpected = new java.util.TreeSet<>(mongo.commandNames());
            unexpected.removeAll(MongoReadOnlyTest.allowed());
            assertEquals(Set.of(), unexpected);
        }
    }
}
