package dev.prodaudit.promql;

import dev.prodaudit.promql.Expr.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions Prometheus 2.x knows (promql/parser/functions.go), with the types of their arguments and result, so
 * that {@code rate(x)} is rejected as Prometheus rejects it.
 */
public final class Functions {

    /**
     * One function. {@code variadic}: 0 = exactly {@code args}; -1 = the last argument may be repeated any number of
     * times; n > 0 = up to n trailing arguments may be left out.
     */
    public record Function(String name, List<ValueType> args, int variadic, ValueType returns) {
        int minArgs() {
            return variadic > 0 ? args.size() - variadic : variadic < 0 ? args.size() - 1 : args.size();
        }
    }

    private static final ValueType S = ValueType.SCALAR;
    private static final ValueType STR = ValueType.STRING;
    private static final ValueType V = ValueType.VECTOR;
    private static final ValueType M = ValueType.MATRIX;
    /** Declared after the types it is built from: static fields initialise in the order they are written. */
    private static final Map<String, Function> ALL = table();

    /** Prometheus 2.42's functions (promql/parser/functions.go), with their argument and return types. */
    private static Map<String, Function> table() {
        Map<String, Function> all = new HashMap<>();
        for (String f : List.of("abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "deg",
                "exp", "floor", "histogram_count", "histogram_sum", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh",
                "sort", "sort_desc", "sqrt", "tan", "tanh", "timestamp", "absent")) {
            add(all, f, List.of(V), 0, V);
        }
        for (String f : List.of("absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv",
                "idelta", "increase", "irate", "last_over_time", "max_over_time", "min_over_time", "present_over_time",
                "rate", "resets", "stddev_over_time", "stdvar_over_time", "sum_over_time")) {
            add(all, f, List.of(M), 0, V);
        }
        for (String f : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month",
                "year")) {
            add(all, f, List.of(V), 1, V);
        }
        add(all, "clamp", List.of(V, S, S), 0, V);
        add(all, "clamp_max", List.of(V, S), 0, V);
        add(all, "clamp_min", List.of(V, S), 0, V);
        add(all, "histogram_fraction", List.of(S, S, V), 0, V);
        add(all, "histogram_quantile", List.of(S, V), 0, V);
        add(all, "holt_winters", List.of(M, S, S), 0, V);
        add(all, "label_join", List.of(V, STR, STR, STR), -1, V);
        add(all, "label_replace", List.of(V, STR, STR, STR, STR), 0, V);
        add(all, "pi", List.of(), 0, S);
        add(all, "predict_linear", List.of(M, S), 0, V);
        add(all, "quantile_over_time", List.of(S, M), 0, V);
        add(all, "round", List.of(V, S), 1, V);
        add(all, "scalar", List.of(V), 0, S);
        add(all, "time", List.of(), 0, S);
        add(all, "vector", List.of(S), 0, V);
        return Map.copyOf(all);
    }

    private Functions() {
    }

    private static void add(Map<String, Function> all, String name, List<ValueType> args, int variadic, ValueType returns) {
        all.put(name, new Function(name, args, variadic, returns));
    }

    public static Optional<Function> named(String name) {
        return Optional.ofNullable(ALL.get(name));
    }
}
