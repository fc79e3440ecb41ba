package dev.prodaudit.probe.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading npm audit's JSON report (npm 7 and later, auditReportVersion 2), as npm 10 writes it. */
class NpmAuditReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** npm audit --json --package-lock-only --omit=dev on the minimist 1.2.5 lock of {@link Packages}. */
    private static final String MINIMIST_REPORT = """
            {
              "auditReportVersion": 2,
              "vulnerabilities": {
                "minimist": {
                  "name": "minimist", "severity": "critical", "isDirect": false,
                  "via": [{"source": 1097678, "name": "minimist", "dependency": "minimist",
                           "title": "Prototype Pollution in minimist", "url": "https://github.com/advisories/GHSA-xvch-5gv4-984h",
                           "severity": "critical", "cwe": ["CWE-1321"],
                           "cvss": {"score": 9.8, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
                           "range": ">=1.0.0 <1.2.6"}],
                  "effects": ["mkdirp"], "range": "1.0.0 - 1.2.5", "nodes": ["node_modules/minimist"], "fixAvailable": true
                },
                "mkdirp": {
                  "name": "mkdirp", "severity": "critical", "isDirect": true, "via": ["minimist"], "effects": [],
                  "range": "0.4.1 - 0.5.1", "nodes": ["node_modules/mkdirp"], "fixAvailable": true
                }
              },
              "metadata": {
                "vulnerabilities": {"info": 0, "low": 0, "moderate": 0, "high": 0, "critical": 2, "total": 2},
                "dependencies": {"prod": 3, "dev": 0, "optional": 0, "peer": 0, "peerOptional": 0, "total": 2}
              }
            }
            """;

    @Test
    void eachAdvisoryIsReportedOnceWithItsLockedVersionAndTopLevelDependency() throws Exception {
        JsonNode lockJson = JSON.readTree(Packages.MINIMIST_LOCK);
        Lockfile lock = Lockfile.parse(lockJson);
        Advisory.Report report = NpmAudit.read(JSON.readTree(MINIMIST_REPORT), lock, new DependencyGraph(lockJson, lock));
        assertEquals(3, report.audited());
        assertEquals(List.of(new Advisory("minimist", "1.2.5", "critical", "1097678", "Prototype Pollution in minimist",
                "https://github.com/advisories/GHSA-xvch-5gv4-984h", "mkdirp")), report.advisories());
    }

    @Test
    void npmsErrorReportIsAnAuditFailureWithItsMessage() throws Exception {
        JsonNode lockJson = JSON.readTree(Packages.MINIMIST_LOCK);
        Lockfile lock = Lockfile.parse(lockJson);
        // What npm 11 writes when the registry refuses the bulk endpoint.
        String error = """
                {"message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
                 "method": "POST", "statusCode": 405, "body": "", "error": {"summary": "", "detail": ""}}
                """;
        Advisory.AuditFailed failed = assertThrows(Advisory.AuditFailed.class,
                () -> NpmAudit.read(JSON.readTree(error), lock, new DependencyGraph(lockJson, lock)));
        assertEquals("npm audit failed: 405 Method Not Allowed - POST "
                + "https://registry.npmjs.org/-/npm/v1/security/advisories/bulk", failed.getMessage());
    }
}
