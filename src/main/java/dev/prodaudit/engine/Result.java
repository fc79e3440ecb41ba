package dev.prodaudit.engine;

import dev.prodaudit.probe.Status;
import dev.prodaudit.catalog.Check;
import dev.prodaudit.probe.Finding;
import java.util.List;

/** The verdict on one check: status, one-line evidence, the findings behind it and how long it took. */
public record Result(Check check, Status status, String evidence, List<Finding> findings, long durationMs) {

    public Result {
        findings = List.copyOf(findings);
    }
}
