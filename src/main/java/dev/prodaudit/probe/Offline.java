package dev.prodaudit.probe;

import java.util.List;
import java.util.Set;

/**
 * {@code --offline}: for pull-request CI that cannot reach production. A check or part whose evidence is a live
 * service or a provider's API ({@link Evidence#LIVE}, {@link Evidence#PROVIDER_API}) is not run, whatever else it
 * reads: a part that reads the code and the live database (migrations applied) needs the database to decide. It is
 * SKIP with {@link #NOT_RUN}, which never gates.
 */
public final class Offline {
    /** The evidence of every check or part not run offline. */
    public static final String NOT_RUN = "live part not run (--offline)";

    private Offline() {
    }

    /** Whether a check or part with this evidence needs a live service or a provider's API. */
    public static boolean needsLive(Set<Evidence> evidence) {
        return evidence.contains(Evidence.LIVE) || evidence.contains(Evidence.PROVIDER_API);
    }

    /** The outcome of a check or part of {@code type} not run offline. */
    public static Outcome notRun(String type) {
        return new Outcome(Status.SKIP, NOT_RUN, List.of(), List.of(new Fact.NotRunOffline(List.of(type))));
    }

    /**
     * The outcome of a probe that decided from its static sources alone because its live ones ({@code skipped}, as
     * "prometheus") were left out offline: never a bare PASS, the evidence says what was not asked.
     */
    public static Outcome partly(Outcome decided, List<String> skipped) {
        List<Fact> facts = new java.util.ArrayList<>(decided.facts());
        facts.add(new Fact.NotRunOffline(skipped));
        return new Outcome(decided.status(), decided.evidence() + "; " + NOT_RUN + ": " + String.join(", ", skipped),
                decided.findings(), facts);
    }

    /** The probe types of the parts not run offline, from their outcomes' facts. */
    public static List<String> notRunParts(List<Outcome> outcomes) {
        return outcomes.stream().flatMap(o -> o.facts().stream())
                .flatMap(f -> f instanceof Fact.NotRunOffline n ? n.parts().stream() : java.util.stream.Stream.empty())
                .distinct().toList();
    }
}
