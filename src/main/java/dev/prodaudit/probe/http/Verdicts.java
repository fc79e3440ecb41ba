package dev.prodaudit.probe.http;

import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.Outcome;
import java.util.List;

/** Folding findings into an outcome with a useful evidence line when everything passed. */
final class Verdicts {
    private Verdicts() {
    }

    /** The worst finding decides; when all pass, {@code passEvidence} is the evidence line. */
    static Outcome of(List<Finding> findings, String passEvidence) {
        Outcome folded = Outcome.from(findings);
        if (folded.status() == Status.PASS && passEvidence != null) {
            return new Outcome(Status.PASS, passEvidence, findings);
        }
        return folded;
    }

    /** The 1-based line of {@code text} at character {@code index}. */
    static int lineAt(String text, int index) {
        int line = 1;
        for (int i = 0; i < index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
