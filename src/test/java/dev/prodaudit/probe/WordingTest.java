package dev.prodaudit.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one wording of counts, ages, spans and sizes that every probe family's evidence uses. */
class WordingTest {

    @Test
    void countsTakeARegularPlural() {
        assertEquals("1 snapshot", Wording.count(1, "snapshot"));
        assertEquals("0 snapshots", Wording.count(0, "snapshot"));
        assertEquals("3 data-bearing members", Wording.count(3, "data-bearing member"));
    }

    @Test
    void anAgeShowsAtMostTwoUnits() {
        // Redis's backup and worker ages: days from one day on.
        assertEquals("45s", Wording.age(45));
        assertEquals("12m", Wording.age(12 * 60 + 5));
        assertEquals("3h", Wording.age(3 * 3600 + 30));
        assertEquals("3h 5m", Wording.age(3 * 3600 + 5 * 60));
        assertEquals("1d 12h", Wording.age(36 * 3600));
        assertEquals("2d 4h", Wording.age(2 * 86_400 + 4 * 3600));
        assertEquals("7d", Wording.age(7 * 86_400 + 59 * 60));
    }

    @Test
    void anAgeCanKeepHoursUpToTwoDaysAsQdrantSnapshotAgesDo() {
        Duration twoDays = Duration.ofDays(2);
        assertEquals("36h", Wording.age(36 * 3600, twoDays));
        assertEquals("47h 59m", Wording.age(2 * 86_400 - 60, twoDays));
        assertEquals("2d", Wording.age(2 * 86_400, twoDays));
        assertEquals("3d 4h", Wording.age(3 * 86_400 + 4 * 3600 + 10, twoDays));
    }

    @Test
    void aSpanIsSpelledInItsLargestWholeUnit() {
        assertEquals("90 days", Wording.span(7_776_000));
        assertEquals("1 day", Wording.span(86_400));
        assertEquals("1 hour", Wording.span(3_600));
        assertEquals("36 hours", Wording.span(36 * 3_600));
        assertEquals("2 minutes", Wording.span(120));
        assertEquals("90 seconds", Wording.span(90));
        assertEquals("1 second", Wording.span(1));
    }

    @Test
    void daysAgoReadsTodayForLessThanADay() {
        assertEquals("today", Wording.daysAgo(0));
        assertEquals("1 day ago", Wording.daysAgo(1));
        assertEquals("12 days ago", Wording.daysAgo(12));
    }

    @Test
    void sizesInBinaryUnitsHaveOneDecimal() {
        assertEquals("512 B", Wording.size(512));
        assertEquals("1.0 KiB", Wording.size(1024));
        assertEquals("1.5 MiB", Wording.size(3L << 19));
        assertEquals("2.0 GiB", Wording.size(2L << 30));
        assertEquals("3.0 TiB", Wording.size(3L << 40));
        assertEquals("2048.0 TiB", Wording.size(2L << 50));
    }

    @Test
    void sizesInServerConfigUnitsAreExactWhenTheyCanBe() {
        assertEquals("64mb", Wording.configSize(64L << 20));
        assertEquals("2gb", Wording.configSize(2L << 30));
        assertEquals("1536kb", Wording.configSize(3L << 19));
        assertEquals("1.5mb", Wording.configSize((3L << 19) + 1));
        assertEquals("100 bytes", Wording.configSize(100));
    }
}
