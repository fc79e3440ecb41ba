package dev.prodaudit.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prodaudit.probe.Deadline;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GitDatesTest {
    private static Deadline budget() {
        return Deadline.of(Duration.ofSeconds(20), System.nanoTime());
    }

    @TempDir
    Path tmp;

    private static long ageInDays(GitDates.Dated d) {
        return Duration.between(d.when(), Instant.now()).toDays();
    }

    @Test
    void aRestoreRecordCommitted445DaysAgoIs445DaysOldInAFreshClone() throws Exception {
        DatedRepo origin = DatedRepo.init(tmp.resolve("origin"))
                .write("docs/restore-test.md", "# Restore test\nRestored MongoDB in 40 minutes.\n")
                .commitDaysAgo(445, "docs/restore-test.md");
        DatedRepo clone = origin.cloneTo(tmp.resolve("clone"), false);

        GitDates.Dated d = GitDates.read(clone.dir, List.of("docs/restore-test.md"), budget(), Instant.now())
                .lastChanged("docs/restore-test.md").orElseThrow();

        assertEquals(GitDates.Source.COMMIT, d.source());
        assertEquals(445, ageInDays(d));
        assertTrue(d.describe().startsWith("last commit "), d.describe());
    }

    @Test
    void aDateInTheFileNameCountsWhenLaterThanTheCommitButNotWhenInTheFuture() throws Exception {
        String tenDaysAgo = LocalDate.now(ZoneOffset.UTC).minusDays(10).toString();
        String nextYear = LocalDate.now(ZoneOffset.UTC).plusYears(1).toString();
        DatedRepo repo = DatedRepo.init(tmp.resolve("r"))
                .write("docs/restore-test-" + tenDaysAgo + ".md", "# Restore\n")
                .write("docs/restore-test-" + nextYear + ".md", "# Planned\n")
                .commitDaysAgo(120, "docs");

        GitDates dates = GitDates.read(repo.dir, List.of("docs/restore-test-" + tenDaysAgo + ".md",
                "docs/restore-test-" + nextYear + ".md"), budget(), Instant.now());

        GitDates.Dated named = dates.lastChanged("docs/restore-test-" + tenDaysAgo + ".md").orElseThrow();
        assertEquals(GitDates.Source.FILE_NAME, named.source());
        assertTrue(ageInDays(named) >= 9 && ageInDays(named) <= 10, named.toString());
        GitDates.Dated future = dates.lastChanged("docs/restore-test-" + nextYear + ".md").orElseThrow();
        assertEquals(GitDates.Source.COMMIT, future.source(), "a future date in a name is not believed");
        assertEquals(120, ageInDays(future));
    }

    @Test
    void aFrontMatterDateCountsWithItsLine() throws Exception {
        String lastWeek = LocalDate.now(ZoneOffset.UTC).minusDays(7).toString();
        DatedRepo repo = DatedRepo.init(tmp.resolve("r"))
                .write("docs/recovery-drill.md", "---\ntitle: Recovery drill\ndate: " + lastWeek + "\n---\n# Drill\n")
                .commitDaysAgo(200, "docs/recovery-drill.md");

        GitDates.Dated d = GitDates.read(repo.dir, List.of("docs/recovery-drill.md"), budget(), Instant.now())
                .lastChanged("docs/recovery-drill.md").orElseThrow();

        assertEquals(GitDates.Source.FRONT_MATTER, d.source());
        assertEquals(Location.of("docs/recovery-drill.md", 3), d.at());
    }

    @Test
    void anUncommittedFileCountsFromItsModificationTimeWithANote() throws Exception {
        DatedRepo repo = DatedRepo.init(tmp.resolve("r"))
                .write("README.md", "# app\n").commitDaysAgo(300, "README.md")
                .write("docs/restore-test.md", "# Restore test, today\n");

        GitDates.Dated d = GitDates.read(repo.dir, List.of("docs/restore-test.md"), budget(), Instant.now())
                .lastChanged("docs/restore-test.md").orElseThrow();

        assertEquals(GitDates.Source.MTIME, d.source());
        assertTrue(d.describe().contains("not committed"), d.describe());
        assertEquals(0, ageInDays(d));
    }

    @Test
    void aShallowCloneWhoseHistoryStopsAfterTheFilesLastChangeSaysSoInsteadOfGivingTheBoundarysDate()
            throws Exception {
        DatedRepo origin = DatedRepo.init(tmp.resolve("origin"))
                .write("docs/restore-test.md", "# Restore test\n").commitDaysAgo(445, "docs/restore-test.md")
                .write("src/app.js", "start();\n").commitDaysAgo(1, "src/app.js");
        DatedRepo shallow = origin.cloneTo(tmp.resolve("shallow"), true);

        GitDates dates = GitDates.read(shallow.dir, List.of("docs/restore-test.md", "src/app.js"), budget(),
                Instant.now());

        GitDates.Undated u = assertInstanceOf(GitDates.Undated.class, dates.of("docs/restore-test.md").orElseThrow());
        assertTrue(u.why().contains("shallow") && u.why().contains("git fetch --deepen"), u.why());
        assertTrue(dates.lastChanged("docs/restore-test.md").isEmpty());
    }

    @Test
    void aFullCloneOfTheSameHistoryDatesTheFile() throws Exception {
        DatedRepo origin = DatedRepo.init(tmp.resolve("origin"))
                .write("docs/restore-test.md", "# Restore test\n").commitDaysAgo(445, "docs/restore-test.md")
                .write("src/app.js", "start();\n").commitDaysAgo(1, "src/app.js");
        DatedRepo full = origin.cloneTo(tmp.resolve("full"), false);

        GitDates.Dated d = GitDates.read(full.dir, List.of("docs/restore-test.md"), budget(), Instant.now())
                .lastChanged("docs/restore-test.md").orElseThrow();

        assertEquals(445, ageInDays(d));
    }
}
