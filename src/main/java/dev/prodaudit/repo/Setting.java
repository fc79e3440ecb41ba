package dev.prodaudit.repo;

import java.util.Optional;

/**
 * One setting of a workload as the repository states it. A setting is {@link Stated} (a value, and where it is
 * written), {@link Defaulted} (not written, so the runtime's default applies, e.g. the base image's user),
 * {@link Missing} (not written and no default helps: no health check) or {@link Undecided} (written in a form the
 * audit could not evaluate, e.g. a Helm expression it does not know): a probe judges the first three and says
 * so of the last, never guessing a PASS.
 */
public sealed interface Setting<T> {

    /** A value written in the repository, at {@code at}. */
    record Stated<T>(T value, Location at) implements Setting<T> {
    }

    /** Not written: {@code value} is what applies by default, for the reason given (e.g. "the node image runs as root"). */
    record Defaulted<T>(T value, String reason, Location at) implements Setting<T> {
    }

    /** Not written, and nothing applies in its place. {@code at} is the workload's own location. */
    record Missing<T>(Location at) implements Setting<T> {
    }

    /** Written, but in a form the audit could not evaluate; {@code why} says what and where. */
    record Undecided<T>(String why, Location at) implements Setting<T> {
    }

    static <T> Setting<T> stated(T value, Location at) {
        return new Stated<>(value, at);
    }

    static <T> Setting<T> missing(Location at) {
        return new Missing<>(at);
    }

    static <T> Setting<T> undecided(String why, Location at) {
        return new Undecided<>(why, at);
    }

    /** The value, stated or defaulted; empty when missing or undecided. */
    default Optional<T> known() {
        if (this instanceof Stated<T> s) {
            return Optional.ofNullable(s.value());
        }
        if (this instanceof Defaulted<T> d) {
            return Optional.ofNullable(d.value());
        }
        return Optional.empty();
    }

    Location at();
}
