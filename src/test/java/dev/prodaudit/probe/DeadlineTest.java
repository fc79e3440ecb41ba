package dev.prodaudit.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one time budget of every network family (HTTP, MongoDB, Redis, Qdrant, TLS, DNS): a little under the timeout. */
class DeadlineTest {

    @Test
    void theBudgetKeepsATenthBackBetweenFiftyAnd250MsAndNeverMoreThanHalf() {
        assertEquals(9750, Deadline.budget(10_000));
        assertEquals(2750, Deadline.budget(3_000));
        assertEquals(1800, Deadline.budget(2_000));
        assertEquals(900, Deadline.budget(1_000));
        assertEquals(150, Deadline.budget(200));
        assertEquals(50, Deadline.budget(100));
        assertEquals(1, Deadline.budget(2));
        assertEquals(1, Deadline.budget(1));
    }

    @Test
    void aDeadlineEndsItsBudgetAfterItsStart() {
        Deadline d = Deadline.of(Duration.ofSeconds(10), 1_000_000_000L);
        assertEquals(9750, d.budgetMillis());
        assertEquals(1_000_000_000L + 9_750_000_000L, d.endNanos());
    }
}
