package dev.prodaudit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.audit.Audit;
import dev.prodaudit.audit.AuditRequest;
import dev.prodaudit.audit.AuditSetup;
import dev.prodaudit.input.InputException;
import dev.prodaudit.config.TargetKind;
import dev.prodaudit.report.AuditReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every consumer reads the one target table: for each {@link TargetKind}, audit.yaml accepts its key, a
 * malformed value is a configuration error at file:line:col naming its setting (and not repeating a secret),
 * the run header shows it (password masked), {@code audit init} writes it, and its checks say how to
 * configure it. Parameterised over the table, so a new entry is covered without a new test.
 *
 * <p>Measured while reshaping (issue 10): a throwaway {@code PUSHGATEWAY("pushgateway", VALUE,
 * "PUSHGATEWAY_URL", 9091, TargetRules::httpUrl, URL_CREDENTIALS, ...)} entry passed every case here with
 * no other change: the target costs 1 file (TargetKind.java). Its probe adds its own files (the probe and
 * its spec, a META-INF/services line, the catalogue check that uses it), where it reads
 * {@code ctx.targets().value(TargetKind.PUSHGATEWAY)} and answers {@code TargetKind.PUSHGATEWAY.notConfigured()}.
 */
class TargetTableTest {
    private static final String PASSWORD = "hunter2-table-secret";

    /** A value each kind rejects; URLs carry a password the error must not repeat. */
    private static String malformed(TargetKind kind) {
        return kind.redaction() == TargetKind.Redaction.URL_CREDENTIALS ? "ftp://ops:" + PASSWORD + "@host.internal" : "a b";
    }

    /** A value each kind accepts. */
    private static String valid(TargetKind kind) {
        return switch (kind) {
            case MONGODB -> "mongodb://ops:" + PASSWORD + "@db.internal:27017/app";
            case REDIS -> "redis://:" + PASSWORD + "@cache.internal:6379/0";
            case TLS -> "api.internal:443";
            case MAIL_DOMAIN -> "mail.internal";
            case DNS_SERVER -> "127.0.0.1:53";
            default -> kind.redaction() == TargetKind.Redaction.URL_CREDENTIALS
                    ? "https://ops:" + PASSWORD + "@" + kind.key().toLowerCase(java.util.Locale.ROOT) + ".internal" : "x.internal";
        };
    }

    /** {@code targets:} with one key, in the shape the kind is written. */
    private static String yaml(TargetKind kind, String value) {
        String v = "\"" + value + "\"";
        return "targets:\n  " + kind.key() + ": " + switch (kind.shape()) {
            case LIST -> "[" + v + "]";
            case QDRANT -> "{url: " + v + "}";
            case VALUE, DOMAIN_OF_ADDRESS -> v;
        } + "\n";
    }

    @ParameterizedTest
    @EnumSource(TargetKind.class)
    void aMalformedValueIsAConfigErrorAtItsKey(TargetKind kind, @TempDir Path tmp) throws Exception {
        Fixture.good(tmp);
        Files.writeString(tmp.resolve("audit.yaml"), yaml(kind, malformed(kind)));
        InputException e = assertThrows(InputException.class,
                () -> AuditSetup.load(AuditSetup.Request.in(tmp, Map.of())));
        assertTrue(e.location().startsWith("audit.yaml:2:"), e.oneLine());
        assertTrue(e.getMessage().startsWith(kind.label()), e.oneLine());
        assertFalse(e.oneLine().contains(PASSWORD), e.oneLine());
    }

    @ParameterizedTest
    @EnumSource(TargetKind.class)
    void theRunHeaderShowsTheTargetWithoutItsPassword(TargetKind kind, @TempDir Path tmp) throws Exception {
        Fixture.good(tmp);
        Files.writeString(tmp.resolve("audit.yaml"), yaml(kind, valid(kind)));
        AuditReport report = Audit.run(AuditRequest.of(AuditSetup.Request.in(tmp, Map.of()))
                .withOnly(java.util.List.of("compliance.gdpr")));
        Map<String, String> header = report.run().targets();
        assertEquals(TargetKind.values().length, header.size(), header.toString());
        String shown = header.get(kind.key());
        assertTrue(shown != null && !shown.equals(kind.absentShownAs()), header.toString());
        assertFalse(header.toString().contains(PASSWORD), header.toString());
    }

    @ParameterizedTest
    @EnumSource(TargetKind.class)
    void initWritesTheTargetAndItsChecksSayHowToConfigureIt(TargetKind kind, @TempDir Path tmp) throws Exception {
        Fixture good = Fixture.good(tmp);
        assertEquals(0, good.audit("init").exitCode());
        String yaml = Files.readString(tmp.resolve("audit.yaml"));
        assertTrue(yaml.contains(kind.initYaml()), yaml);
        kind.variable().ifPresent(variable -> assertTrue(yaml.contains(variable), yaml));
        if (kind.absentShownAs().equals("not configured")) {
            assertTrue(kind.notConfigured().startsWith("not configured: set "), kind.notConfigured());
            assertTrue(kind.notConfigured().contains(kind.label()), kind.notConfigured());
            kind.variable().ifPresent(variable -> assertTrue(kind.notConfigured().contains(variable), kind.notConfigured()));
        }
    }
}
