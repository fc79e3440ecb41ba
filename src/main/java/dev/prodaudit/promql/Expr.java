package dev.prodaudit.promql;

import java.time.Duration;
import java.util.List;

/**
 * A parsed PromQL expression, node by node as Prometheus's grammar (promql/parser/generated_parser.y) builds it.
 * Every node knows the 0-based offset in the source where it starts, so that what a rule's meaning is judged on
 * can be named.
 */
public sealed interface Expr {

    /** The 0-based offset of the node's first character in the parsed text. */
    int pos();

    /** The type of value the node evaluates to. */
    ValueType type();

    /** The four PromQL value types. */
    enum ValueType {
        SCALAR("scalar"), STRING("string"), VECTOR("instant vector"), MATRIX("range vector");

        private final String label;

        ValueType(String label) {
            this.label = label;
        }

        /** As Prometheus's messages name it. */
        public String label() {
            return label;
        }
    }

    /** {@code 0.05}, {@code 1e3}, {@code 0x1f}, {@code Inf}, {@code NaN}. */
    record NumberLiteral(double value, int pos) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.SCALAR;
        }
    }

    /** {@code "5.."}, {@code '...'} or {@code `raw`}, unescaped. */
    record StringLiteral(String value, int pos) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /** One label matcher of a selector: {@code status=~"5.."}. */
    record Matcher(String label, MatchOp op, String value) {
        /** Whether the matcher accepts the empty value (a selector needs one matcher that does not). */
        public boolean matchesEmpty() {
            return switch (op) {
                case EQ -> value.isEmpty();
                case NEQ -> !value.isEmpty();
                case RE -> java.util.regex.Pattern.compile(value, java.util.regex.Pattern.DOTALL).matcher("").matches();
                case NRE -> !java.util.regex.Pattern.compile(value, java.util.regex.Pattern.DOTALL).matcher("").matches();
            };
        }

        @Override
        public String toString() {
            return label + op.symbol() + '"' + value + '"';
        }
    }

    enum MatchOp {
        EQ("="), NEQ("!="), RE("=~"), NRE("!~");

        private final String symbol;

        MatchOp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * {@code http_requests_total{status=~"5.."} offset 5m @ 1609746000}. {@code name} is the metric name written
     * before the braces, or the value of an equality matcher on {@code __name__}; null when neither.
     */
    record VectorSelector(String name, List<Matcher> matchers, Duration offset, String at, int pos) implements Expr {
        public VectorSelector {
            matchers = List.copyOf(matchers);
        }

        @Override
        public ValueType type() {
            return ValueType.VECTOR;
        }
    }

    /** {@code selector[5m]}. */
    record MatrixSelector(VectorSelector selector, Duration range, int pos) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    /** {@code expr[30m:1m]}; step is null when omitted ({@code [30m:]}). */
    record Subquery(Expr expr, Duration range, Duration step, Duration offset, String at, int pos) implements Expr {
        @Override
        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    /** {@code rate(x[5m])}. */
    record Call(Functions.Function function, List<Expr> args, int pos) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        public String name() {
            return function.name();
        }

        @Override
        public ValueType type() {
            return function.returns();
        }
    }

    /** {@code sum by (job) (x)}, {@code topk(5, x)}; {@code param} is null for aggregations without one. */
    record Aggregate(String op, Expr param, Expr expr, List<String> grouping, boolean without, int pos) implements Expr {
        public Aggregate {
            grouping = List.copyOf(grouping);
        }

        @Override
        public ValueType type() {
            return ValueType.VECTOR;
        }
    }

    /** {@code on(job) group_left(team)}; {@code on} false means {@code ignoring}. */
    record VectorMatching(boolean on, List<String> labels, String group, List<String> include) {
        public VectorMatching {
            labels = List.copyOf(labels);
            include = List.copyOf(include);
        }
    }

    /** {@code a / on(job) b}, {@code a > bool 1}; {@code matching} is null when no modifier was written. */
    record Binary(String op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching, int pos) implements Expr {
        /** Whether the operator is one of the six comparisons. */
        public boolean comparison() {
            return Operators.COMPARISONS.contains(op);
        }

        @Override
        public ValueType type() {
            return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
        }
    }

    /** {@code -x}, {@code +x}. */
    record Unary(String op, Expr expr, int pos) implements Expr {
        @Override
        public ValueType type() {
            return expr.type();
        }
    }

    /** {@code (x)}. */
    record Paren(Expr expr, int pos) implements Expr {
        @Override
        public ValueType type() {
            return expr.type();
        }
    }
}
