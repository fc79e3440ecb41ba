package dev.prodaudit.policy;

import dev.prodaudit.catalog.Check;
import dev.prodaudit.catalog.Severity;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.probe.Finding;
import dev.prodaudit.probe.manual.ManualSpec;
import dev.prodaudit.testing.ProbeKit;
import java.time.LocalDate;
import java.util.List;

/** Checks, results and entries for the policy tests; dates are always relative to a given day. */
final class PolicyTesting {
    static final LocalDate TODAY = LocalDate.now();

    private PolicyTesting() {
    }

    static Check manual(String id) {
        return check(id, "manual", Severity.HIGH);
    }

    static Check automatic(String id) {
        return check(id, "env", Severity.HIGH);
    }

    static Check check(String id, String probeType, Severity severity) {
        return ProbeKit.check(id).severity(severity).remediation("how to fix")
                .type(probeType, probeType.equals("manual") ? new ManualSpec("look") : null).build();
    }

    static Result result(Check c, Status status, String evidence, Finding... findings) {
        return new Result(c, status, evidence, List.of(findings), 3);
    }

    static Attestation attestation(String id, LocalDate date, LocalDate expires) {
        return new Attestation(id, "alice@example.com", date, "https://wiki.example.com/drill", expires, "a.yaml:2:5");
    }

    static Waiver waiver(String id, LocalDate expires) {
        return new Waiver(id, "accepted until the gateway migration (OPS-231)", "bob@example.com", expires, "a.yaml:9:5");
    }

    static String date(int daysFromToday) {
        return TODAY.plusDays(daysFromToday).toString();
    }
}
