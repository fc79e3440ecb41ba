package dev.prodaudit.probe.ci;

import dev.prodaudit.probe.Finding;
import java.util.List;
import java.util.Set;

/**
 * What a provider holds about the release commit.
 *
 * @param jobs            every check run, status or job of the commit (newest attempt of each)
 * @param required        the names branch protection requires, or null when the token may not read them
 * @param requiredUnknown why {@code required} is null ("HTTP 403 ..."), or null
 * @param testFailures    findings from the provider's test report (GitLab), judged with the tests stage
 * @param testReport      one line on the test report ("412 tests, 0 failed"), or null when there is none
 */
record CiResults(List<CiJob> jobs, Set<String> required, String requiredUnknown, List<Finding> testFailures,
                 String testReport) {
    CiResults {
        jobs = List.copyOf(jobs);
        required = required == null ? null : Set.copyOf(required);
        testFailures = List.copyOf(testFailures);
    }
}
