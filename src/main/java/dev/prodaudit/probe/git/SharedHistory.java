package dev.prodaudit.probe.git;

import dev.prodaudit.probe.TaskFailures;
import dev.prodaudit.repo.Git;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One walk of a repository's history for every check of a run that searches it. The run says which checks it will
 * run before the first starts ({@link dev.prodaudit.probe.SharedClients#planned}); the first of them to ask walks
 * once, with each check's own search ({@link HistoryScan.Search}), and the others wait for the walk and take their
 * reports, each what a walk of its own would have given. Three checks of the built-in catalogue search the history,
 * each for its own values and formats: that was the same {@code git log --patch} three times, on a real repository
 * the largest part of an audit.
 *
 * <p>The walk runs in a thread of its own, started by the first check to {@link #start} it, within that check's
 * deadline: meanwhile the checks scan the tracked files, which the walk does not need. A check that asks for its
 * report waits, and its own deadline still ends its wait (the run's watchdog). A failure to run git at all is every
 * asker's.
 */
final class SharedHistory {
    private final Map<GitSpec, HistoryScan.Search> planned;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Map<GitSpec, HistoryScan.Report>> reports = new CompletableFuture<>();

    /** @param planned the searches of the run's checks that walk the history, by their specs, in catalogue order */
    SharedHistory(Map<GitSpec, HistoryScan.Search> planned) {
        this.planned = new LinkedHashMap<>(planned);
    }

    /** The search planned for {@code spec}'s check; empty when the run did not plan it. */
    Optional<HistoryScan.Search> search(GitSpec spec) {
        return Optional.ofNullable(planned.get(spec));
    }

    /**
     * Starts the walk, unless it has started, when {@code spec}'s search is planned: {@code git} (the first starter's,
     * with its deadline) runs it.
     */
    void start(GitSpec spec, Git git, int depth) {
        if (planned.containsKey(spec) && started.compareAndSet(false, true)) {
            Thread walker = new Thread(() -> walk(git, depth), "prodaudit-history-walk");
            walker.setDaemon(true); // git is stopped at the deadline; nothing here may keep the JVM alive after the report
            walker.start();
        }
    }

    /** What the walk found for {@code spec}'s search (starting it if need be); empty when the run did not plan it. */
    Optional<HistoryScan.Report> report(GitSpec spec, Git git, int depth) throws Git.GitException {
        if (!planned.containsKey(spec)) {
            return Optional.empty();
        }
        start(spec, git, depth);
        try {
            return Optional.of(reports.get().get(spec));
        } catch (InterruptedException e) {
            // Only the run's watchdog interrupts a check: it has already decided this one (timed out).
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the history walk", e);
        } catch (ExecutionException e) {
            // The walk's own failure, as it met it.
            if (e.getCause() instanceof Git.GitException failure) {
                throw failure;
            }
            throw TaskFailures.unwrapped(e);
        }
    }

    private void walk(Git git, int depth) {
        try {
            List<HistoryScan.Report> found = HistoryScan.scan(git, List.copyOf(planned.values()), depth);
            Map<GitSpec, HistoryScan.Report> bySpec = new LinkedHashMap<>();
            for (GitSpec spec : planned.keySet()) {
                bySpec.put(spec, found.get(bySpec.size()));
            }
            reports.complete(bySpec);
        } catch (Git.GitException | RuntimeException | Error e) {
            reports.completeExceptionally(e);
        }
    }
}
