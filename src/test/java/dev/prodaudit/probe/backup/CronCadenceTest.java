package dev.prodaudit.probe.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Daily or not, as Kubernetes, Velero and ofelia read their schedules; and the shell words of a backup script. */
class CronCadenceTest {

    private static String read(String cron) throws Exception {
        CronCadence c = CronCadence.of(cron);
        return (c.daily() ? "daily: " : "not daily: ") + c.words();
    }

    @Test
    void everyDayAtLeastOnceIsDaily() throws Exception {
        assertEquals("daily: daily at 03:00", read("0 3 * * *"));
        assertEquals("daily: daily at 02:30", read("CRON_TZ=Europe/Paris 30 2 * * *"));
        assertEquals("daily: 4 times a day", read("15 */6 * * *"));
        assertEquals("daily: hourly", read("@hourly"));
        assertEquals("daily: daily at 00:00", read("@midnight"));
        assertEquals("daily: daily at 01:00", read("0 0 1 * * *"), "ofelia's seconds field");
        assertEquals("daily: every 24h", read("@every 24h"));
        assertEquals("daily: daily at 04:00", read("0 4 * * 0-6"), "all seven days listed");
        assertEquals("daily: daily at 04:00", read("0 4 * * SUN,MON,TUE,WED,THU,FRI,SAT"));
    }

    @Test
    void anythingThatSkipsADayIsNotDaily() throws Exception {
        assertEquals("not daily: weekly (on sun)", read("0 3 * * 0"));
        assertEquals("not daily: weekly (on sun)", read("@weekly"));
        assertEquals("not daily: on 5 days of the week", read("0 3 * * 1-5"));
        assertEquals("not daily: monthly (day 1)", read("0 3 1 * *"));
        assertEquals("not daily: on 16 days of the month", read("0 3 */2 * *"));
        assertEquals("not daily: every 48h", read("@every 48h"));
        assertEquals("not daily: only in 1 month(s) of the year", read("@yearly"));
    }

    @Test
    void unreadableSchedulesSayWhy() {
        assertEquals("'0 3 * *' is not a cron expression (5 fields, or 6 with seconds)",
                assertThrows(CronCadence.Unreadable.class, () -> CronCadence.of("0 3 * *")).getMessage());
        assertEquals("the hour '25' is out of range 0-23",
                assertThrows(CronCadence.Unreadable.class, () -> CronCadence.of("0 25 * * *")).getMessage());
    }

    @Test
    void goDurationsAsVeleroWritesThem() throws Exception {
        assertEquals(Duration.ofHours(720), CronCadence.goDuration("720h0m0s"));
        assertEquals(Duration.ofMinutes(90), CronCadence.goDuration("1h30m"));
        assertThrows(CronCadence.Unreadable.class, () -> CronCadence.goDuration("30d"));
    }

    @Test
    void shellWordsSplitCommandsAndDropQuotes() {
        assertEquals(List.of(List.of("mongodump", "--uri", "$MONGODB_URI", "--archive"), List.of("gzip"),
                        List.of("aws", "s3", "cp", "-", "s3://b/x.gz")),
                ShellWords.commands("mongodump --uri \"$MONGODB_URI\" --archive | gzip && aws s3 cp - 's3://b/x.gz' # done"));
        assertEquals(List.of(List.of("echo", "run mongodump later")), ShellWords.commands("echo 'run mongodump later'"));
        assertEquals("mongodump", ShellWords.program(List.of("TZ=UTC", "exec", "/usr/bin/mongodump", "--oplog")));
        assertEquals(List.of(List.of("mongodump", "--archive=/d.gz"), List.of("find", "/d", "-mtime", "+6", "-delete")),
                RepoBackups.commands(List.of("/bin/bash", "-ec", "mongodump --archive=/d.gz\nfind /d -mtime +6 -delete")));
        assertEquals(List.of(List.of("mongodump", "2>&1")), RepoBackups.commands(List.of("sh -c 'mongodump 2>&1'")));
    }
}
