package dev.prodaudit.policy;

import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run compared with an earlier report ({@code audit run --baseline previous.json}): which of today's
 * failures are new and which are known, and which of the baseline's failures are fixed. Only new failures
 * gate. "Failing" is FAIL, and ERROR unless errors are allowed; a check absent from the baseline was not
 * failing there.
 *
 * @param file          the baseline report, as shown to the user
 * @param newFailures   ids failing now and not in the baseline, in run order
 * @param knownFailures ids failing now and in the baseline ("also failing in baseline"): they do not gate
 * @param fixed         ids failing in the baseline and not now (among the checks of this run)
 */
public record Baseline(String file, List<String> newFailures, List<String> knownFailures, List<String> fixed) {

    public Baseline {
        newFailures = List.copyOf(newFailures);
        knownFailures = List.copyOf(knownFailures);
        fixed = List.copyOf(fixed);
    }

    public static boolean failing(Status status, boolean allowErrors) {
        return status.gates(allowErrors);
    }

    public static Baseline compare(SavedReport baseline, List<Result> results, boolean allowErrors) {
        Map<String, SavedReport.SavedCheck> before = baseline.byId();
        List<String> fresh = new ArrayList<>();
        List<String> known = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        for (Result r : results) {
            String id = r.check().id();
            SavedReport.SavedCheck old = before.get(id);
            boolean wasFailing = old != null && failing(old.status(), allowErrors);
            if (failing(r.status(), allowErrors)) {
                (wasFailing ? known : fresh).add(id);
            } else if (wasFailing) {
                fixed.add(id);
            }
        }
        return new Baseline(baseline.file(), fresh, known, fixed);
    }

    public Set<String> knownSet() {
        return Set.copyOf(knownFailures);
    }
}
