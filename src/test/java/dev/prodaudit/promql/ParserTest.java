package dev.prodaudit.promql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ParserTest {

    static final List<String> VALID = PromqlExamples.VALID;
    static final List<String> INVALID = PromqlExamples.INVALID;

    @ParameterizedTest
    @FieldSource("VALID")
    void realWorldAlertExpressionsParse(String expr) throws PromqlError {
        Parser.parse(expr);
    }

    @ParameterizedTest
    @FieldSource("INVALID")
    void malformedExpressionsAreRejected(String expr) {
        assertThrows(PromqlError.class, () -> Parser.parse(expr));
    }

    @Test
    void errorsNameTheLineAndColumnPromtoolNames() {
        for (PromqlExamples.Located l : PromqlExamples.LOCATED) {
            PromqlError e = assertThrows(PromqlError.class, () -> Parser.parse(l.expr()));
            assertEquals(List.of(l.line(), l.column()), List.of(e.line(), e.column()), l.expr() + ": " + e.getMessage());
        }
        PromqlError e = assertThrows(PromqlError.class, () -> Parser.parse("rate(x)"));
        assertEquals("column 6: expected type range vector in call to function \"rate\", got instant vector", e.getMessage());
    }

    @Test
    void powerIsRightAssociativeAndBindsTighterThanUnaryMinus() throws PromqlError {
        Expr.Binary pow = assertInstanceOf(Expr.Binary.class, Parser.parse("2 ^ 3 ^ 2"));
        assertEquals(2.0, assertInstanceOf(Expr.NumberLiteral.class, pow.lhs()).value());
        assertInstanceOf(Expr.Binary.class, pow.rhs());
        Expr.Unary neg = assertInstanceOf(Expr.Unary.class, Parser.parse("-2 ^ 2"));
        assertEquals("^", assertInstanceOf(Expr.Binary.class, neg.expr()).op());
        Expr.Binary times = assertInstanceOf(Expr.Binary.class, Parser.parse("-a * b"));
        assertEquals("*", times.op());
        assertInstanceOf(Expr.Unary.class, times.lhs());
    }

    @Test
    void precedenceOrderFromOrToMultiplication() throws PromqlError {
        Expr.Binary or = assertInstanceOf(Expr.Binary.class, Parser.parse("a or b and c > d + e * f"));
        assertEquals("or", or.op());
        Expr.Binary and = assertInstanceOf(Expr.Binary.class, or.rhs());
        assertEquals("and", and.op());
        Expr.Binary gt = assertInstanceOf(Expr.Binary.class, and.rhs());
        assertEquals(">", gt.op());
        Expr.Binary plus = assertInstanceOf(Expr.Binary.class, gt.rhs());
        assertEquals("+", plus.op());
        assertEquals("*", assertInstanceOf(Expr.Binary.class, plus.rhs()).op());
        Expr.Binary minus = assertInstanceOf(Expr.Binary.class, Parser.parse("a - b - c"));
        assertInstanceOf(Expr.Binary.class, minus.lhs());
    }

    @Test
    void selectorsMatchingAndModifiersAreKept() throws PromqlError {
        Expr.Binary b = assertInstanceOf(Expr.Binary.class,
                Parser.parse("a / on(job) group_left(team) b{status=~\"5..\", code!=\"200\"} offset 5m"));
        assertTrue(b.matching().on());
        assertEquals(List.of("job"), b.matching().labels());
        assertEquals("group_left", b.matching().group());
        assertEquals(List.of("team"), b.matching().include());
        Expr.VectorSelector s = assertInstanceOf(Expr.VectorSelector.class, b.rhs());
        assertEquals("b", s.name());
        assertEquals(Duration.ofMinutes(5), s.offset());
        assertTrue(s.matchers().contains(new Expr.Matcher("status", Expr.MatchOp.RE, "5..")));
        Expr.Subquery q = assertInstanceOf(Expr.Subquery.class,
                assertInstanceOf(Expr.Call.class, Parser.parse("max_over_time(rate(x[5m])[30m:1m])")).args().get(0));
        assertEquals(Duration.ofMinutes(30), q.range());
        assertEquals(Duration.ofMinutes(1), q.step());
        Expr.Aggregate agg = assertInstanceOf(Expr.Aggregate.class, Parser.parse("sum(x) without (instance, pod)"));
        assertTrue(agg.without());
        assertEquals(List.of("instance", "pod"), agg.grouping());
        Expr.Binary cmp = assertInstanceOf(Expr.Binary.class, Parser.parse("x > bool 1"));
        assertTrue(cmp.returnBool() && cmp.comparison());
    }
}
