package dev.prodaudit.report;

import dev.prodaudit.engine.Gate;
import dev.prodaudit.engine.Result;
import dev.prodaudit.probe.Status;
import dev.prodaudit.policy.AuditedRelease;
import dev.prodaudit.policy.Baseline;
import dev.prodaudit.policy.Policy;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a reporter may print: the results in catalogue order and what the run was given.
 * Reporters read only this; they never call probes.
 */
public record AuditReport(
        String version,
        Instant startedAt,
        long durationMs,
        RunInfo run,
        List<Result> results,
        List<String> warnings,
        Gate gate,
        Map<String, Policy.Note> notes,
        Baseline baseline,
        boolean offline,
        SincePrevious sincePrevious) {

    /**
     * @param notes    what attestations and waivers did, by check id (only checks they touched)
     * @param baseline the comparison with {@code --baseline}, or null without one
     * @param offline  {@code --offline}: checks and parts that need a live service were not run
     * @param sincePrevious what changed since the previous run kept by {@code --history}, or null without one
     */
    public AuditReport {
        results = List.copyOf(results);
        warnings = List.copyOf(warnings);
        notes = notes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notes));
    }

    /** A report of a run with every part run and no history. */
    public AuditReport(String version, Instant startedAt, long durationMs, RunInfo run, List<Result> results,
                       List<String> warnings, Gate gate, Map<String, Policy.Note> notes, Baseline baseline) {
        this(version, startedAt, durationMs, run, results, warnings, gate, notes, baseline, false, null);
    }

    /** The same report, with what changed since the previous run. */
    public AuditReport withSincePrevious(SincePrevious since) {
        return new AuditReport(version, startedAt, durationMs, run, results, warnings, gate, notes, baseline, offline, since);
    }

    /**
     * What {@code --offline} decided: {@code decided} checks were decided statically (of them {@code partly} from their
     * static parts only, their live parts not run), {@code notRun} were not run at all (SKIP).
     */
    public record OfflineCounts(int decided, int partly, int notRun) {
    }

    /** The offline tally, or null when the run was not offline. */
    public OfflineCounts offlineCounts() {
        if (!offline) {
            return null;
        }
        int decided = 0;
        int partly = 0;
        int notRun = 0;
        for (Result r : results) {
            boolean leftOut = !r.facts(dev.prodaudit.probe.Fact.NotRunOffline.class).isEmpty();
            if (leftOut && r.status() == Status.SKIP) {
                notRun++;
            } else {
                decided++;
                partly += leftOut ? 1 : 0;
            }
        }
        return new OfflineCounts(decided, partly, notRun);
    }

    /** A report without attestations, waivers or baseline. */
    public AuditReport(String version, Instant startedAt, long durationMs, RunInfo run, List<Result> results,
                       List<String> warnings, Gate gate) {
        this(version, startedAt, durationMs, run, results, warnings, gate, Map.of(), null, false, null);
    }

    /** What attestations and waivers did to this check, if anything. */
    public java.util.Optional<Policy.Note> note(Result r) {
        return java.util.Optional.ofNullable(notes.get(r.check().id()));
    }

    /**
     * What the run audited. Targets are shown with passwords removed and only say which are configured.
     *
     * @param release the audited release ({@code --release}, default the repository's HEAD), or null when
     *                none was looked up
     * @param tracked what git tracks in the repository (SARIF places findings about untracked files on tracked
     *                ones), or null when the repository is not a git repository or git could not list it
     */
    public record RunInfo(String configFile, List<String> catalogues, List<String> envFiles, String repository,
                          Map<String, String> targets, AuditedRelease release, TrackedFiles tracked) {
        public RunInfo {
            catalogues = List.copyOf(catalogues);
            envFiles = List.copyOf(envFiles);
            targets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targets));
        }

        /** Without a release. */
        public RunInfo(String configFile, List<String> catalogues, List<String> envFiles, String repository,
                       Map<String, String> targets) {
            this(configFile, catalogues, envFiles, repository, targets, null, null);
        }

        /** Without the tracked files. */
        public RunInfo(String configFile, List<String> catalogues, List<String> envFiles, String repository,
                       Map<String, String> targets, AuditedRelease release) {
            this(configFile, catalogues, envFiles, repository, targets, release, null);
        }
    }

    /** Gating manual checks that nobody attested ({@code --require-attested}), in catalogue order. */
    public List<Result> unattested() {
        return results.stream().filter(gate::unattested).toList();
    }

    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        results.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        return counts;
    }

    public List<Result> gating() {
        return results.stream().filter(gate::gates).toList();
    }

    public int exitCode() {
        return gate.exitCode(results);
    }
}
