package dev.prodaudit.policy;

import dev.prodaudit.catalog.AttestationRule;
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
 *       attestation expires within {@value #EXPIRY_WARNING_DAYS} days (or a seventh of the check's
 *       {@code attestation.maxAge} when that is shorter, so a one-day attestation does not warn at once),
 *       FAIL once it has expired;</li>
 *   <li>an attestation that names a {@code release:} counts only when it resolves to the audited release's
 *       commit; otherwise the check stays MANUAL and says which release the attestation was for;</li>
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
        VALID, EXPIRING, EXPIRED,
        /** Made for another release than the audited one: it does not count. */
        OTHER_RELEASE,
        /** Names a release, but the audited release is unknown (no git repository): it does not count. */
        RELEASE_UNKNOWN;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** True when the attestation decides the check (PASS, WARN or FAIL); false when it does not count. */
        public boolean counts() {
            return this == VALID || this == EXPIRING || this == EXPIRED;
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

    /** Without a known release: attestations that name one do not count. */
    public static Applied apply(List<Result> results, Attestations set, LocalDate today) {
        return apply(results, set, today, AuditedRelease.unavailable(GitReleases.DEFAULT_REF, "no release was given"),
                ref -> java.util.Optional.empty());
    }

    /**
     * @param release  the audited release ({@code --release}, default HEAD)
     * @param resolver what commit an attestation's {@code release:} names
     */
    public static Applied apply(List<Result> results, Attestations set, LocalDate today, AuditedRelease release,
                                AuditedRelease.CommitResolver resolver) {
        List<Result> out = new ArrayList<>();
        Map<String, Note> notes = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (Result r : results) {
            String id = r.check().id();
            AppliedAttestation attested = null;
            AppliedWaiver waived = null;
            var attestation = set.attestationFor(id);
            if (attestation.isPresent() && r.status() == Status.MANUAL) {
                Attestation a = attestation.get();
                AttestationState releaseState = releaseState(a, release, resolver);
                if (releaseState != null) {
                    attested = new AppliedAttestation(a, releaseState);
                    r = new Result(r.check(), Status.MANUAL, notCounted(a, releaseState, release, resolver), r.findings(),
                            r.durationMs());
                } else {
                    attested = attest(a, today, warningDays(r.check().attestation()));
                    r = attestedResult(r, attested, today);
                }
            } else if (attestation.isPresent() && (r.status() == Status.PASS || r.status() == Status.FAIL
                    || r.status() == Status.WARN || r.status() == Status.ERROR)) {
                // An automatic check that can fall back to a person decided this time: its verdict stands.
                warnings.add(attestation.get().location() + ": the attestation of " + id + " does not apply: the check"
                        + " was decided automatically this run (" + r.status() + ")");
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
                                    r.findings(), r.durationMs(), r.facts());
                            long days = ChronoUnit.DAYS.between(today, w.expires());
                            if (days <= EXPIRY_WARNING_DAYS) {
                                warnings.add(w.location() + ": the waiver for " + id + " expires on " + w.expires()
                                        + " (" + inDays(days) + ")");
                            }
                        }
                        case ERROR -> {
                            waived = new AppliedWaiver(w, Status.ERROR, false, r.evidence());
                            r = new Result(r.check(), Status.ERROR, r.evidence() + " (waived until " + w.expires()
                                    + ", but a waiver does not cover ERROR: the check could not decide)", r.findings(), r.durationMs(), r.facts());
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
        return attest(a, today, EXPIRY_WARNING_DAYS);
    }

    private static AppliedAttestation attest(Attestation a, LocalDate today, long warningDays) {
        AttestationState state = today.isAfter(a.expires()) ? AttestationState.EXPIRED
                : warningDays > 0 && ChronoUnit.DAYS.between(today, a.expires()) <= warningDays ? AttestationState.EXPIRING
                : AttestationState.VALID;
        return new AppliedAttestation(a, state);
    }

    /** A warning window no longer than a seventh of the longest an attestation of the check may last. */
    static long warningDays(AttestationRule rule) {
        return rule.maxAgeDays() == null ? EXPIRY_WARNING_DAYS : Math.min(EXPIRY_WARNING_DAYS, rule.maxAgeDays() / 7);
    }

    /** Null when the attestation is for the audited release (or names none); else why it does not count. */
    private static AttestationState releaseState(Attestation a, AuditedRelease release, AuditedRelease.CommitResolver resolver) {
        if (a.release() == null) {
            return null;
        }
        if (!release.known()) {
            return AttestationState.RELEASE_UNKNOWN;
        }
        return resolver.commitOf(a.release()).filter(release.commit()::equals).isPresent() ? null : AttestationState.OTHER_RELEASE;
    }

    private static String notCounted(Attestation a, AttestationState state, AuditedRelease release,
                                     AuditedRelease.CommitResolver resolver) {
        String made = "the attestation by " + a.by() + " on " + a.date();
        if (state == AttestationState.RELEASE_UNKNOWN) {
            return "not attested for the audited release: " + made + " is for release " + a.release()
                    + ", but the audited release is unknown (" + release.unavailable()
                    + "); run the audit in the release's git checkout (--repo) so the release can be compared";
        }
        String other = resolver.commitOf(a.release())
                .map(commit -> release(a.release(), commit))
                .orElse("'" + a.release() + "', which names no commit of the audited repository");
        String attestAs = GitReleases.DEFAULT_REF.equals(release.ref()) ? release.commit().substring(0, 7) : release.ref();
        return "not attested for the audited release: " + made + " is for release " + other + ", the audited release is "
                + release.shown() + "; verify it for this release and attest it with release: " + attestAs;
    }

    private static String release(String ref, String commit) {
        return AuditedRelease.of(ref, commit).shown();
    }

    private static Result attestedResult(Result r, AppliedAttestation applied, LocalDate today) {
        Attestation a = applied.attestation();
        String said = "attested by " + a.by() + " on " + a.date() + (a.release() == null ? "" : " for release " + a.release())
                + ": " + a.evidence();
        return switch (applied.state()) {
            case VALID -> new Result(r.check(), Status.PASS, said + " (expires " + a.expires() + ")", r.findings(), r.durationMs());
            case EXPIRING -> new Result(r.check(), Status.WARN, said + " (expires " + a.expires() + ", "
                    + inDays(ChronoUnit.DAYS.between(today, a.expires())) + ": verify it again and renew the attestation)",
                    r.findings(), r.durationMs());
            case EXPIRED -> new Result(r.check(), Status.FAIL, "attestation expired on " + a.expires() + " (" + said
                    + "); verify it again and renew the attestation", r.findings(), r.durationMs());
            case OTHER_RELEASE, RELEASE_UNKNOWN -> throw new IllegalStateException("an attestation that does not count decides nothing");
        };
    }

    private static String inDays(long days) {
        return days == 0 ? "today" : days == 1 ? "tomorrow" : "in " + days + " days";
    }
}
