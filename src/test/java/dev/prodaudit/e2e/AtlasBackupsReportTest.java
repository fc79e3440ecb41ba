package dev.prodaudit.e2e;

import dev.prodaudit.testing.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.testing.AtlasReplayServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MongoDB backup items decided from Atlas through the CLI, in every report format: the verdict reaches the
 * reports and neither half of the API key does (both are secret-named variables the redactor masks), and every
 * request the run sent to the API was a GET.
 */
class AtlasBackupsReportTest {
    private static final String PUBLIC_KEY = "vkzqhtbd";
    private static final String PRIVATE_KEY = "0b7c5e1d-93af-4c28-8e6b-5a1f2d9c7e30";
    private static final String PROJECT = "64b1f2e3a4c5d6e7f8091a2b";

    @Test
    void atlasVerdictsReachEveryFormatAndTheKeyReachesNone(@TempDir Path dir) throws Exception {
        String cluster = "/groups/" + PROJECT + "/clusters/Cluster0";
        Instant newest = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        try (AtlasReplayServer atlas = new AtlasReplayServer(PUBLIC_KEY, PRIVATE_KEY)) {
            atlas.serve(cluster, 200, "{\"backupEnabled\":true,\"name\":\"Cluster0\",\"groupId\":\"" + PROJECT
                    + "\",\"connectionStrings\":{\"standardSrv\":\"mongodb+srv://cluster0.q7x2m.mongodb.net\"},\"stateName\":\"IDLE\"}");
            atlas.serve(cluster + "/backup/schedule", 200, "{\"clusterName\":\"Cluster0\",\"policies\":[{\"id\":\"64b1f2e3a4c5d6e7f8091a2c\","
                    + "\"policyItems\":[{\"frequencyInterval\":1,\"frequencyType\":\"daily\",\"id\":\"64b1f2e3a4c5d6e7f8091a2d\","
                    + "\"retentionUnit\":\"days\",\"retentionValue\":35}]}],\"referenceHourOfDay\":2,\"referenceMinuteOfHour\":30,"
                    + "\"restoreWindowDays\":7}");
            atlas.servePaged(cluster + "/backup/snapshots", List.of("{\"createdAt\":\"" + newest + "\",\"expiresAt\":\""
                    + newest.plus(35, ChronoUnit.DAYS) + "\",\"frequencyType\":\"daily\",\"id\":\"64b1f2e3a4c5d6e7f8091a2e\","
                    + "\"snapshotType\":\"scheduled\",\"status\":\"completed\",\"type\":\"replicaSet\",\"cloudProvider\":\"AWS\"}"));
            Files.writeString(dir.resolve(".env"), "MONGODB_URI=mongodb+srv://app:Zr8pL2vQ9sX4@cluster0.q7x2m.mongodb.net/enterprise_rag\n"
                    + "ATLAS_PUBLIC_KEY=" + PUBLIC_KEY + "\nATLAS_PRIVATE_KEY=" + PRIVATE_KEY + "\nATLAS_PROJECT_ID=" + PROJECT + "\n");
            Files.writeString(dir.resolve("audit.yaml"), "envFiles: [.env]\ntargets:\n  atlasApi: " + atlas.base()
                    + "\nchecks:\n  backup.mongodb-backups:\n    probe: {cluster: Cluster0}\n  infra.backup-strategy:\n"
                    + "    probe: {cluster: Cluster0}\n");
            Fixture f = new Fixture(dir);
            List<String> outputs = new ArrayList<>();
            for (String format : List.of("text", "json", "sarif", "junit", "markdown", "html")) {
                CliRun run = f.audit("run", "--only", "backup.mongodb-backups,infra.backup-strategy", "--format", format,
                        "--debug");
                assertEquals(0, run.exitCode(), run.out() + run.err());
                outputs.add(format + ":\n" + run.out() + run.err());
            }
            assertTrue(outputs.get(0).contains("PASS    MongoDB backups"), outputs.get(0));
            assertTrue(outputs.get(1).contains("Atlas cluster Cluster0 takes daily snapshots kept 35 days"), outputs.get(1));
            for (String output : outputs) {
                assertFalse(output.contains(PRIVATE_KEY), output.lines().findFirst().orElse(""));
                assertFalse(output.contains(PUBLIC_KEY), output.lines().findFirst().orElse(""));
            }
            for (AtlasReplayServer.Recorded r : atlas.requests()) {
                assertEquals("GET", r.method());
                assertFalse(String.join("\n", r.headerLines()).contains(PRIVATE_KEY));
            }
            assertFalse(Files.readString(dir.resolve(".env"), StandardCharsets.UTF_8).isEmpty());
        }
    }
}
