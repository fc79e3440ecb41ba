package dev.prodaudit.report;

import dev.prodaudit.policy.ReportDiff;
import java.util.ArrayList;
import java.util.List;

/**
 * What changed since the previous run kept by {@code --history}: {@code audit diff} of its JSON report and this
 * run's. Evidence that changed with the same status (a certificate one day nearer its expiry) is not a change here.
 *
 * @param previous the previous report's file name in the history folder
 */
public record SincePrevious(String previous, ReportDiff diff) {

    /** The checks whose status changed, appeared or went away since the previous run. */
    public int changedChecks() {
        return diff.newFailures().size() + diff.fixed().size() + diff.changed().size()
                + (int) diff.added().stream().filter(a -> diff.newFailures().stream().noneMatch(n -> n.id().equals(a.id()))).count()
                + diff.removed().size();
    }

    /** "security.tls PASS → FAIL", one per changed check, new failures first. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (List<ReportDiff.Change> group : List.of(diff.newFailures(), diff.fixed(), diff.changed())) {
            for (ReportDiff.Change c : group) {
                lines.add(c.id() + " " + (c.oldStatus() == null ? "(new)" : c.oldStatus().label()) + " → "
                        + c.newStatus().label());
            }
        }
        diff.added().stream().filter(a -> diff.newFailures().stream().noneMatch(n -> n.id().equals(a.id())))
                .forEach(a -> lines.add(a.id() + " (new) " + a.status().label()));
        diff.removed().forEach(r -> lines.add(r.id() + " removed (was " + r.status().label() + ")"));
        return lines;
    }
}
