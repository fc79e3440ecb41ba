package dev.prodaudit.testing;

/**
 * Answers of the npm registry's bulk advisory endpoint ({@code POST /-/npm/v1/security/advisories/bulk}), as the
 * dependencies probe's tests and the end-to-end live app replay them.
 */
public final class NpmAdvisories {
    /** What registry.npmjs.org answers for lodash: every advisory of the package, applicable or not. */
    public static final String LODASH = """
            {"lodash": [
              {"id": 1106913, "url": "https://github.com/advisories/GHSA-p6mc-m468-83gw",
               "title": "Prototype Pollution in lodash", "severity": "high", "vulnerable_versions": ">=3.7.0 <4.17.19",
               "cwe": ["CWE-770", "CWE-1321"],
               "cvss": {"score": 7.4, "vectorString": "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H"}},
              {"id": 1106918, "url": "https://github.com/advisories/GHSA-29mw-wpgm-hmr9",
               "title": "Regular Expression Denial of Service (ReDoS) in lodash", "severity": "moderate",
               "vulnerable_versions": "<4.17.21", "cwe": ["CWE-400", "CWE-1333"],
               "cvss": {"score": 5.3, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"}},
              {"id": 1094500, "url": "https://github.com/advisories/GHSA-jf85-cpcp-j695",
               "title": "Prototype Pollution in lodash", "severity": "critical", "vulnerable_versions": "<4.17.12",
               "cwe": ["CWE-20", "CWE-1321"],
               "cvss": {"score": 9.1, "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H"}}
            ]}
            """;

    private NpmAdvisories() {
    }
}
