package dev.prodaudit.audit;

import java.util.List;

/**
 * One audit, as a front end asks for it. Values are as the user wrote them (a severity, a span such as
 * {@code 5s}), so that a mistake is reported against what was written; each is named after the {@code audit
 * run} option that sets it, and errors name that option. Null means "audit.yaml's, else the default".
 *
 * @param setup            where the config, env files, repository and catalogues are
 * @param failOn           {@code --fail-on}: the lowest severity whose failures gate
 * @param allowErrors      {@code --allow-errors}: checks that could not run do not gate
 * @param only             {@code --only} selectors (empty: all checks)
 * @param skip             {@code --skip} selectors
 * @param timeout          {@code --timeout}: the default budget per check
 * @param concurrency      {@code --concurrency}: checks run at once
 * @param attestationsFile {@code --attestations}: the attestations file, relative to the working directory
 * @param requireAttested  {@code --require-attested}: the lowest severity whose unattested manual checks gate
 * @param release          {@code --release}: the audited release (a ref of the repository)
 * @param baselineFile     {@code --baseline}: a JSON report of an earlier run
 * @param historyDepth     {@code --history-depth}: how many of the newest commits the history walk reads
 * @param deployedAt       {@code --deployed-at}: when the audited release was deployed (ISO-8601)
 * @param offline          {@code --offline}: run only what needs no live service (null: audit.yaml's, else not)
 */
public record AuditRequest(AuditSetup.Request setup, String failOn, boolean allowErrors, List<String> only,
                           List<String> skip, String timeout, Integer concurrency, String attestationsFile,
                           String requireAttested, String release, String baselineFile, Integer historyDepth,
                           String deployedAt, Boolean offline) {

    public AuditRequest {
        only = List.copyOf(only);
        skip = List.copyOf(skip);
    }

    /** Without {@code --offline}: audit.yaml says. */
    public AuditRequest(AuditSetup.Request setup, String failOn, boolean allowErrors, List<String> only,
                        List<String> skip, String timeout, Integer concurrency, String attestationsFile,
                        String requireAttested, String release, String baselineFile, Integer historyDepth,
                        String deployedAt) {
        this(setup, failOn, allowErrors, only, skip, timeout, concurrency, attestationsFile, requireAttested, release,
                baselineFile, historyDepth, deployedAt, null);
    }

    /** Every check, every setting from audit.yaml or its default. */
    public static AuditRequest of(AuditSetup.Request setup) {
        return new AuditRequest(setup, null, false, List.of(), List.of(), null, null, null, null, null, null, null, null);
    }

    public AuditRequest withFailOn(String severity) {
        return new AuditRequest(setup, severity, allowErrors, only, skip, timeout, concurrency, attestationsFile,
                requireAttested, release, baselineFile, historyDepth, deployedAt, offline);
    }

    public AuditRequest withOnly(List<String> selectors) {
        return new AuditRequest(setup, failOn, allowErrors, selectors, skip, timeout, concurrency, attestationsFile,
                requireAttested, release, baselineFile, historyDepth, deployedAt, offline);
    }

    public AuditRequest withBaseline(String file) {
        return new AuditRequest(setup, failOn, allowErrors, only, skip, timeout, concurrency, attestationsFile,
                requireAttested, release, file, historyDepth, deployedAt, offline);
    }

    public AuditRequest withDeployedAt(String timestamp) {
        return new AuditRequest(setup, failOn, allowErrors, only, skip, timeout, concurrency, attestationsFile,
                requireAttested, release, baselineFile, historyDepth, timestamp, offline);
    }

    public AuditRequest withOffline(boolean on) {
        return new AuditRequest(setup, failOn, allowErrors, only, skip, timeout, concurrency, attestationsFile,
                requireAttested, release, baselineFile, historyDepth, deployedAt, on);
    }
}
