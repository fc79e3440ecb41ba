package dev.prodaudit.probe.ci;

import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Status;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges one stage (tests, build, smoke) of the release from its CI results: every job named like the stage, and
 * every check branch protection requires of it, finished green.
 * <ul>
 *   <li>failed, timed out, action required, startup failure, cancelled: FAIL; a required check that never reported
 *       for the commit: FAIL;</li>
 *   <li>skipped, neutral, a manual job not started, a failure allowed to fail: WARN (it proves nothing either way);
 *       queued, in progress, pending: WARN "not finished";</li>
 *   <li>no job named like the stage at all: FAIL, naming what was seen.</li>
 * </ul>
 * A required check whose name matches no stage's patterns is judged with the tests: branch protection's required
 * checks are the project's own statement of what must pass before a change ships.
 */
final class StageVerdict {
    /** How many names a "seen" list shows before "(+N more)". */
    static final int SEEN = 10;

    private StageVerdict() {
    }

    static List<Finding> judge(String stage, Map<String, JobNames> stages, CiResults results, String where) {
        JobNames names = stages.get(stage);
        Set<String> requiredHere = new TreeSet<>();
        if (results.required() != null) {
            for (String r : results.required()) {
                boolean mine = names.matches(r);
                boolean nobodys = stages.values().stream().noneMatch(n -> n.matches(r));
                if (mine || (nobodys && stage.equals("tests"))) {
                    requiredHere.add(r);
                }
            }
        }
        List<Finding> out = new ArrayList<>();
        Set<String> present = new LinkedHashSet<>();
        for (CiJob job : results.jobs()) {
            boolean required = requiredHere.contains(job.name());
            if (!required && !names.matches(job.name())) {
                continue;
            }
            present.add(job.name());
            out.add(Finding.of(job.state().status(), where + " " + job.describe() + (required ? " (required)" : "")));
        }
        for (String r : requiredHere) {
            if (!present.contains(r)) {
                out.add(Finding.of(Status.FAIL, where + ": required check \"" + r
                        + "\" (branch protection) never reported for the release commit"));
            }
        }
        if (stage.equals("tests")) {
            out.addAll(results.testFailures());
        }
        if (present.isEmpty() && requiredHere.isEmpty()) {
            out.add(0, Finding.of(Status.FAIL, where + ": no CI job for the release named like " + stage + " ("
                    + names.shown() + "); seen: " + seen(results.jobs())));
        }
        return out;
    }

    /** The names of the jobs seen, bounded: "lint, build (+12 more)", or "none". */
    static String seen(List<CiJob> jobs) {
        List<String> all = jobs.stream().map(CiJob::name).distinct().toList();
        if (all.isEmpty()) {
            return "none";
        }
        String head = String.join(", ", all.subList(0, Math.min(SEEN, all.size())));
        return all.size() > SEEN ? head + " (+" + (all.size() - SEEN) + " more)" : head;
    }
}
