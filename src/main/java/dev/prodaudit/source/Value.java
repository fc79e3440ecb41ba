package dev.prodaudit.source;

import java.util.Locale;
import java.util.Optional;

/**
 * The value of an expression as far as the code alone decides it: a constant, a value read from an environment
 * variable (with the default the code falls back to), or unknown with the reason.
 */
public sealed interface Value {

    record Number(double value) implements Value {
        @Override
        public String toString() {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : Double.toString(value);
        }
    }

    record Text(String value) implements Value {
        @Override
        public String toString() {
            return "'" + value + "'";
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /**
     * {@code process.env.NAME}, possibly with {@code ?? fallback} / {@code || fallback}; {@code numeric} when the
     * code converts it to a number, then multiplied by {@code scale} ({@code Number(process.env.WINDOW_MIN) * 60000}).
     * The fallback is the value the code ends up with, scale applied.
     */
    record FromEnv(String variable, Value fallback, boolean numeric, double scale) implements Value {
        public FromEnv(String variable, Value fallback, boolean numeric) {
            this(variable, fallback, numeric, 1);
        }

        @Override
        public String toString() {
            return "from env " + variable + (scale == 1 ? "" : " x " + new Number(scale))
                    + (fallback == null ? "" : ", default " + fallback);
        }

        /**
         * The value given the environment's setting of the variable (null when unset): the setting when set, else
         * the fallback. Numeric reads parse the setting as JavaScript's {@code Number()} would.
         */
        public Value given(String setting) {
            if (setting == null || setting.isEmpty()) {
                return fallback == null ? new Unknown(variable + " is not set and the code has no default") : fallback;
            }
            if (!numeric) {
                return new Text(setting);
            }
            try {
                return new Number(Double.parseDouble(setting.strip()) * scale);
            } catch (NumberFormatException e) {
                return new Unknown(variable + " is not a number");
            }
        }
    }

    record Unknown(String why) implements Value {
        @Override
        public String toString() {
            return "unknown (" + why + ")";
        }
    }

    /** The number, when this value is one. */
    default Optional<Double> number() {
        return this instanceof Number n ? Optional.of(n.value()) : Optional.empty();
    }

    /** The text, when this value is one. */
    default Optional<String> text() {
        return this instanceof Text t ? Optional.of(t.value()) : Optional.empty();
    }

    /** Whether JavaScript would treat the value as true, when the code decides it. */
    default Optional<Boolean> truthy() {
        if (this instanceof Bool b) {
            return Optional.of(b.value());
        }
        if (this instanceof Number n) {
            return Optional.of(n.value() != 0 && !Double.isNaN(n.value()));
        }
        if (this instanceof Text t) {
            return Optional.of(!t.value().isEmpty());
        }
        return Optional.empty();
    }

    /** A duration in milliseconds written as a number, for messages: "15 min", "1 h", "900 ms". */
    static String millis(double ms) {
        if (ms >= 3_600_000 && ms % 3_600_000 == 0) {
            return (long) (ms / 3_600_000) + " h";
        }
        if (ms >= 60_000 && ms % 60_000 == 0) {
            return (long) (ms / 60_000) + " min";
        }
        if (ms >= 1000 && ms % 1000 == 0) {
            return (long) (ms / 1000) + " s";
        }
        return String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
