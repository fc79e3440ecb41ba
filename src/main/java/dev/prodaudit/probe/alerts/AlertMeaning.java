package dev.prodaudit.probe.alerts;

import dev.prodaudit.promql.Durations;
import dev.prodaudit.promql.Expr;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What an alerting rule means, judged from its parsed expression and never from its name: which signals it watches
 * (a 5xx rate, a latency quantile, free disk, memory) and whether it compares them with a threshold. A rule named
 * HighErrorRate whose expression is {@code up == 0} watches none of them; a rule without a comparison fires for every
 * series it selects, so it is no threshold alert.
 *
 * @param thresholded the signals a comparison in a filtering position judges, each with how it reads
 * @param unthresholded the signals the expression reads with no comparison on them
 */
public record AlertMeaning(Map<AlertKind, String> thresholded, Map<AlertKind, String> unthresholded) {

    /** Labels that carry an HTTP status in the exporters people use (prom-client, Spring, nginx, Envoy, Traefik). */
    private static final Set<String> STATUS_LABELS = Set.of("status", "code", "status_code", "statuscode",
            "response_code", "http_status", "http_status_code", "http_response_status_code", "status_class");
    private static final Set<String> COUNTER_FUNCTIONS = Set.of("rate", "irate", "increase");
    private static final Set<String> DISK_METRICS = Set.of("node_filesystem_avail_bytes", "node_filesystem_free_bytes",
            "kubelet_volume_stats_available_bytes", "kubelet_volume_stats_used_bytes", "container_fs_usage_bytes",
            "windows_logical_disk_free_bytes", "node_filesystem_files_free");
    private static final Set<String> MEMORY_METRICS = Set.of("node_memory_MemAvailable_bytes", "node_memory_MemFree_bytes",
            "container_memory_working_set_bytes", "container_memory_usage_bytes", "container_memory_rss",
            "container_oom_events_total", "node_vmstat_oom_kill", "redis_memory_used_bytes",
            "windows_os_physical_memory_free_bytes");
    private static final Set<String> OOM_REASON_METRICS = Set.of("kube_pod_container_status_last_terminated_reason",
            "kube_pod_container_status_terminated_reason");

    public AlertMeaning {
        thresholded = Map.copyOf(thresholded);
        unthresholded = Map.copyOf(unthresholded);
    }

    /** Judges one expression. */
    public static AlertMeaning of(Expr expr) {
        Map<AlertKind, String> judged = new EnumMap<>(AlertKind.class);
        for (Expr.Binary comparison : filteringComparisons(expr, new ArrayList<>())) {
            Expr subject = comparison.lhs().type() == Expr.ValueType.SCALAR ? comparison.rhs() : comparison.lhs();
            Expr threshold = subject == comparison.lhs() ? comparison.rhs() : comparison.lhs();
            String tail = " " + (subject == comparison.lhs() ? comparison.op() : flipped(comparison.op())) + " "
                    + shown(threshold);
            signals(subject).forEach((kind, what) -> judged.putIfAbsent(kind, what + tail));
        }
        Map<AlertKind, String> loose = new EnumMap<>(AlertKind.class);
        signals(expr).forEach((kind, what) -> {
            if (!judged.containsKey(kind)) {
                loose.put(kind, what);
            }
        });
        return new AlertMeaning(judged, loose);
    }

    /**
     * The comparisons whose result is the alert's output: the expression itself, through parentheses, both sides of
     * {@code and}/{@code or} and the left of {@code unless}, and a comparison's own compared side (a chained
     * {@code x > 0.9 < 1}). A comparison with {@code bool} filters nothing.
     */
    private static List<Expr.Binary> filteringComparisons(Expr e, List<Expr.Binary> out) {
        if (e instanceof Expr.Paren p) {
            filteringComparisons(p.expr(), out);
        } else if (e instanceof Expr.Binary b) {
            switch (b.op()) {
                case "and", "or" -> {
                    filteringComparisons(b.lhs(), out);
                    filteringComparisons(b.rhs(), out);
                }
                case "unless" -> filteringComparisons(b.lhs(), out);
                default -> {
                    if (b.comparison() && !b.returnBool()) {
                        out.add(b);
                        filteringComparisons(b.lhs(), out);
                    }
                }
            }
        }
        return out;
    }

    /** The signals anywhere in {@code e}, each described by the selector and function that show it. */
    static Map<AlertKind, String> signals(Expr e) {
        Map<AlertKind, String> found = new EnumMap<>(AlertKind.class);
        walk(e, found, false);
        return found;
    }

    private static void walk(Expr e, Map<AlertKind, String> found, boolean underRatio) {
        if (e instanceof Expr.Call c) {
            if (COUNTER_FUNCTIONS.contains(c.name()) && c.args().get(0) instanceof Expr.MatrixSelector m
                    && isServerError(m.selector())) {
                found.putIfAbsent(AlertKind.ERROR_RATE, c.name() + "(" + selector(m.selector()) + "["
                        + Durations.format(m.range()) + "])" + (underRatio ? " as a share of all requests" : ""));
            }
            if (c.name().equals("histogram_quantile") && c.args().get(0) instanceof Expr.NumberLiteral q) {
                bucketRate(c.args().get(1)).ifPresent(bucket -> found.putIfAbsent(AlertKind.LATENCY,
                        "p" + percent(q.value()) + " of " + bucket.name().replaceFirst("_bucket$", "")
                                + " (histogram_quantile over rate of " + selector(bucket) + ")"));
            }
            if (c.name().equals("predict_linear") && c.args().get(0) instanceof Expr.MatrixSelector m
                    && DISK_METRICS.contains(String.valueOf(m.selector().name()))) {
                found.putIfAbsent(AlertKind.DISK, "predict_linear(" + selector(m.selector()) + "["
                        + Durations.format(m.range()) + "], ...)");
            }
            c.args().forEach(a -> walk(a, found, underRatio));
        } else if (e instanceof Expr.Binary b) {
            boolean ratio = b.op().equals("/");
            walk(b.lhs(), found, underRatio || ratio && total(b.rhs()));
            walk(b.rhs(), found, underRatio);
        } else if (e instanceof Expr.Aggregate a) {
            walk(a.expr(), found, underRatio);
        } else if (e instanceof Expr.Paren p) {
            walk(p.expr(), found, underRatio);
        } else if (e instanceof Expr.Unary u) {
            walk(u.expr(), found, underRatio);
        } else if (e instanceof Expr.Subquery q) {
            walk(q.expr(), found, underRatio);
        } else if (e instanceof Expr.MatrixSelector m) {
            walk(m.selector(), found, underRatio);
        } else if (e instanceof Expr.VectorSelector s) {
            String name = String.valueOf(s.name());
            if (DISK_METRICS.contains(name)) {
                found.putIfAbsent(AlertKind.DISK, selector(s));
            }
            if (MEMORY_METRICS.contains(name)) {
                found.putIfAbsent(AlertKind.MEMORY, selector(s));
            }
            if (OOM_REASON_METRICS.contains(name) && s.matchers().stream().anyMatch(m -> m.label().equals("reason")
                    && accepts(m, "OOMKilled"))) {
                found.putIfAbsent(AlertKind.MEMORY, selector(s));
            }
            if (name.endsWith("_duration_seconds") || name.contains("latency")) {
                s.matchers().stream().filter(m -> m.label().equals("quantile") && m.op() == Expr.MatchOp.EQ)
                        .findFirst().ifPresent(m -> found.putIfAbsent(AlertKind.LATENCY,
                                "summary quantile " + selector(s)));
            }
        }
    }

    /** A request counter selector filtered to 5xx: a status label matcher accepting 500/503 and not 200/404. */
    private static boolean isServerError(Expr.VectorSelector s) {
        String name = String.valueOf(s.name());
        if (name.endsWith("_bucket") || s.matchers().stream().anyMatch(m -> m.label().equals("le"))) {
            return false;
        }
        return s.matchers().stream().anyMatch(m -> STATUS_LABELS.contains(m.label().toLowerCase(Locale.ROOT))
                && Stream.of("500", "502", "503", "504", "5xx").anyMatch(v -> accepts(m, v))
                && Stream.of("200", "302", "404", "429", "2xx", "4xx").noneMatch(v -> accepts(m, v)));
    }

    private static boolean accepts(Expr.Matcher m, String value) {
        return switch (m.op()) {
            case EQ -> m.value().equals(value);
            case NEQ -> !m.value().equals(value);
            case RE -> Pattern.compile(m.value(), Pattern.DOTALL).matcher(value).matches();
            case NRE -> !Pattern.compile(m.value(), Pattern.DOTALL).matcher(value).matches();
        };
    }

    /** Whether the divisor of a ratio reads requests in general (a counter rate without a 5xx filter). */
    private static boolean total(Expr e) {
        List<Expr.VectorSelector> selectors = new ArrayList<>();
        collectRated(e, selectors);
        return !selectors.isEmpty() && selectors.stream().noneMatch(AlertMeaning::isServerError);
    }

    private static void collectRated(Expr e, List<Expr.VectorSelector> out) {
        if (e instanceof Expr.Call c) {
            if (COUNTER_FUNCTIONS.contains(c.name()) && c.args().get(0) instanceof Expr.MatrixSelector m) {
                out.add(m.selector());
            }
            c.args().forEach(a -> collectRated(a, out));
        } else if (e instanceof Expr.Aggregate a) {
            collectRated(a.expr(), out);
        } else if (e instanceof Expr.Paren p) {
            collectRated(p.expr(), out);
        } else if (e instanceof Expr.Binary b) {
            collectRated(b.lhs(), out);
            collectRated(b.rhs(), out);
        }
    }

    /** The bucket selector a histogram_quantile reads through rate/irate/increase, if it does. */
    private static java.util.Optional<Expr.VectorSelector> bucketRate(Expr e) {
        if (e instanceof Expr.Call c) {
            if (COUNTER_FUNCTIONS.contains(c.name()) && c.args().get(0) instanceof Expr.MatrixSelector m
                    && String.valueOf(m.selector().name()).endsWith("_bucket")) {
                return java.util.Optional.of(m.selector());
            }
            return c.args().stream().map(AlertMeaning::bucketRate).flatMap(java.util.Optional::stream).findFirst();
        }
        if (e instanceof Expr.Aggregate a) {
            return bucketRate(a.expr());
        }
        if (e instanceof Expr.Paren p) {
            return bucketRate(p.expr());
        }
        if (e instanceof Expr.Binary b) {
            return bucketRate(b.lhs()).or(() -> bucketRate(b.rhs()));
        }
        return java.util.Optional.empty();
    }

    private static String percent(double q) {
        double p = q * 100;
        return p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p);
    }

    /** {@code name{label=~"value"}} without the name matcher. */
    static String selector(Expr.VectorSelector s) {
        List<String> matchers = s.matchers().stream().filter(m -> !m.label().equals("__name__") || s.name() == null)
                .map(Expr.Matcher::toString).toList();
        return (s.name() == null ? "" : s.name()) + (matchers.isEmpty() ? "" : "{" + String.join(",", matchers) + "}");
    }

    private static String shown(Expr threshold) {
        Expr e = threshold;
        while (e instanceof Expr.Paren p) {
            e = p.expr();
        }
        if (e instanceof Expr.NumberLiteral n) {
            double v = n.value();
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
        }
        return e instanceof Expr.VectorSelector s ? selector(s) : "an expression";
    }

    private static String flipped(String op) {
        return switch (op) {
            case ">" -> "<";
            case "<" -> ">";
            case ">=" -> "<=";
            case "<=" -> ">=";
            default -> op;
        };
    }
}
