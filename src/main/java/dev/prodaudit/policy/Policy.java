package dev.prodaudit.policy;

import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies attestations and waivers to the results of a run, in one place, after the runner:
 * <ul>
 *   <li>an attested MANUAL check is PASS ("attested by X on D: evidence (expires E)"), WARN when the
 *       attestation expires within {@value #EXPIRY_WARNING_DAYS} days, FAIL once it has expired;</li>
 *   <li>a FAIL or WARN covered by an unexpired waiver is WAIVED (findings kept; WAIVED never gates);</li>
 *   <li>an ERROR stays ERROR even when waived, with a note that waivers do not cover errors;</li>
 *   <li>an expired waiver changes nothing but adds a warning; so does a waiver for a check that passes.</li>
 * </ul>
 * Attestations are applied first, so a waiver may cover an expired attestation. Both are valid through
 * their {@code expires} day. {@code today} is a parameter so that tests do not depend on the clock.
 */
public final class Policy {
    public static final int EXPIRY_WARNING_DAYS = 14;

    /** How an attestation stands on the day of the run. */
    public enum AttestationState {
        VALID, EXPIRING, EXPIRED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** An attestation that decided a check's status. */
    public record AppliedAttestation(Attestation attestation, AttestationState state) {
    }

    /**
     * A waiver that met a failing check: {@code applied} when it turned a FAIL or WARN into WAIVED, false
     * when the check is an ERROR it does not cover. {@code originalEvidence} is what the check said before.
     */
    public record AppliedWaiver(Waiver waiver, Status originalStatus, boolean applied, String originalEvidence) {

        /** "waived until 2026-12-15 by bob: why", the line reports lead with. */
        public String summary() {
            return "waived until " + waiver.expires() + (waiver.by() == null ? "" : " by " + waiver.by()) + ": " + waiver.justification();
        }
    }

    /** What the policy did to one check; either part may be null. */
    public record Note(AppliedAttestation attestation, AppliedWaiver waiver) {
    }

    /**
     * The results after the policy, in the same order; notes by check id for the checks it touched;
     * warnings about the attestations file itself (expired or unneeded waivers).
     */
    public record Applied(List<Result> results, Map<String, Note> notes, List<String> warnings) {
        public Applied {
            results = List.copyOf(results);
            notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
            warnings = List.copyOf(warnings);
        }
    }

    private Policy() {
    }

    public static Applied apply(List<Result> results, Attestations set, LocalDate today) {
        List<Result> out = new ArrayList<>();
        Map<String, Note> notes = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Result r : results) {
            String id = r.check().id();
            AppliedAttestation attested = null;
            AppliedWaiver waived = null;
            var attestation = set.attestationFor(id);
            if (attestation.isPresent() && r.status() == Status.MANUAL) {
                attested = attest(attestation.get(), today);
                r = attestedResult(r, attested, today);
            }
            var waiver = set.waiverFor(id);
            if (waiver.isPresent()) {
                Waiver w = waiver.get();
                if (today.isAfter(w.expires())) {
                    warnings.add(w.location() + ": the waiver for " + id + " expired on " + w.expires()
                            + " and no longer applies; renew it or fix the check");
                } else {
                    switch (r.status()) {
                        case FAIL, WARN -> {
                            waived = new AppliedWaiver(w, r.status(), true, r.evidence());
                            r = new Result(r.check(), Status.WAIVED, waived.summary() + " (was " + r.status() + ": " + r.evidence() + ")",
                                    r.findings(), r.durationMs());
                            long days = ChronoUnit.DAYS.between(today, w.expires());
                            if (days <= EXPIRY_WARNING_DAYS) {
                                warnings.add(w.location() + ": the waiver for " + id + " expires on " + w.expires()
                                        + " (" + inDays(days) + ")");
                            }
                        }
                        case ERROR -> {
                            waived = new AppliedWaiver(w, Status.ERROR, false, r.evidence());
                            r = new Result(r.check(), Status.ERROR, r.evidence() + " (waived until " + w.expires()
                                    + ", but a waiver does not cover ERROR: the check could not decide)", r.findings(), r.durationMs());
                        }
                        case PASS -> warnings.add(w.location() + ": the waiver for " + id
                                + " is no longer needed: the check passes; remove it");
                        case MANUAL -> warnings.add(w.location() + ": the waiver for " + id
                                + " does not apply: the check is MANUAL; attest it under 'attestations:' instead");
                        case SKIP, WAIVED -> {
                            // Disabled in audit.yaml: nothing was looked at, so there is nothing to say.
                        }
                    }
                }
            }
            if (attested != null || waived != null) {
                notes.put(id, new Note(attested, waived));
            }
            out.add(r);
        }
        return new Applied(out, notes, warnings);
    }

    static AppliedAttestation attest(Attestation a, LocalDate today) {
        AttestationState state = today.isAfter(a.expires()) ? AttestationState.EXPIRED
                : ChronoUnit.DAYS.between(today, a.expires()) <= EXPIRY_WARNING_DAYS ? AttestationState.EXPIRING
                : AttestationState.VALID;
        return new AppliedAttestation(a, state);
    }

    private static Result attestedResult(Result r, AppliedAttestation applied, LocalDate today) {
        Attestation a = applied.attestation();
        String said = "attested by " + a.by() + " on " + a.date() + ": " + a.evidence();
        return switch (applied.state()) {
            case VALID -> new Result(r.check(), Status.PASS, said + " (expires " + a.expires() + ")", r.findings(), r.durationMs());
            case EXPIRING -> new Result(r.check(), Status.WARN, said + " (expires " + a.expires() + ", "
                    + inDays(ChronoUnit.DAYS.between(today, a.expires())) + ": verify it again and renew the attestation)",
                    r.findings(), r.durationMs());
            case EXPIRED -> new Result(r.check(), Status.FAIL, "attestation expired on " + a.expires() + " (" + said
                    + "); verify it again and renew the attestation", r.findings(), r.durationMs());
        };
    }

    private static String inDays(long days) {
        return days == 0 ? "today" : days == 1 ? "tomorrow" : "in " + days + " days";
    }
}
