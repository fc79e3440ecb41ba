package dev.prodaudit.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.prodaudit.config.TargetKind;
import dev.prodaudit.input.InputException;
import dev.prodaudit.testing.ProbeKit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which live targets a check reaches is asked of its probe ({@code Probe.targets}) and read from the loaded
 * {@link Check}: a probe that names its own endpoint reaches no configured target, and {@code all} reaches what its
 * parts reach, in their order, each once.
 */
class CheckTargetsTest {

    @Test
    void httpChecksReachTheApiByDefaultTheFrontEndWhenAskedAndNothingConfiguredWithTheirOwnUrl() throws InputException {
        assertEquals(List.of(TargetKind.BASE_URL), ProbeKit.loaded("http", "path: /health").targets());
        assertEquals(List.of(TargetKind.FRONTEND_URL), ProbeKit.loaded("http", "target: frontend, path: /").targets());
        assertEquals(List.of(), ProbeKit.loaded("http", "url: https://status.example.com/health").targets());
        assertEquals(List.of(TargetKind.BASE_URL), ProbeKit.loaded("cors", "").targets());
        assertEquals(List.of(TargetKind.FRONTEND_URL), ProbeKit.loaded("https-redirect", "target: frontend").targets());
    }

    @Test
    void tlsReachesTheTlsTargetUnlessTheSpecListsItsEndpoints() throws InputException {
        assertEquals(List.of(TargetKind.TLS), ProbeKit.loaded("tls", "").targets());
        assertEquals(List.of(), ProbeKit.loaded("tls", "endpoints: [db.example.com:443]").targets());
    }

    @Test
    void dnsAsksTheConfiguredResolverAboutTheMailDomainOrTheSpecsDomain() throws InputException {
        assertEquals(List.of(TargetKind.MAIL_DOMAIN, TargetKind.DNS_SERVER), ProbeKit.loaded("dns", "").targets());
        assertEquals(List.of(TargetKind.DNS_SERVER), ProbeKit.loaded("dns", "domain: mail.example.com").targets());
    }

    @Test
    void dataStoresReachTheirOwnTarget() throws InputException {
        assertEquals(List.of(TargetKind.MONGODB), ProbeKit.loaded("mongodb", "checks: [auth]").targets());
        assertEquals(List.of(TargetKind.REDIS), ProbeKit.loaded("redis", "checks: [auth]").targets());
        assertEquals(List.of(TargetKind.QDRANT), ProbeKit.loaded("qdrant", "checks: [auth]").targets());
    }

    @Test
    void repositoryChecksReachNoTarget() throws InputException {
        assertEquals(List.of(), ProbeKit.loaded("env", "vars: {NODE_ENV: {oneOf: [production]}}").targets());
        assertEquals(List.of(), ProbeKit.loaded("file", "paths: [Dockerfile], exists: true").targets());
    }

    @Test
    void allReachesItsPartsTargetsInOrderEachOnce() throws InputException {
        Check check = ProbeKit.loaded("all", """
                probes:
                  - {type: tls}
                  - {type: https-redirect}
                  - {type: http, path: /health}
                  - {type: env, vars: {NODE_ENV: {oneOf: [production]}}}
                  - {type: redis, checks: [auth]}
                """);

        assertEquals(List.of(TargetKind.TLS, TargetKind.BASE_URL, TargetKind.REDIS), check.targets());
    }
}
