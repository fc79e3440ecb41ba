package dev.prodaudit.probe.git;

import dev.prodaudit.repo.Git;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One walk over the reachable history (every branch, tag and remote-tracking ref) looking for known secret values,
 * and handing each added line to the format rules ({@link LineRules}).
 *
 * <p>Why {@code git log -p} rather than scanning unique blobs: a diff shows each line in the commit that added it,
 * so a hit already names the commit, its date and author, the path and the line number, with no second lookup per
 * hit ({@code git log --find-object}) and no re-reading of the unchanged parts of every version of every file.
 * Options that keep the stream small: {@code --unified=0} (no context lines; the hunk header gives the line
 * numbers), {@code --irreversible-delete} (a deleted file adds nothing; not {@code --diff-filter=d}, which would
 * drop commits that only delete from the walk and from {@code --max-count}), rename detection (a moved file adds
 * nothing). Merge
 * commits show no diff by default: what a merge brings in was added, and is found, in the merged branch's commits.
 *
 * <p>Bounded: the output is read as git writes it and never held; a secret is matched byte by byte as the line
 * streams past ({@link SecretMatcher}), so a very long line (minified code) is searched whole while only its first
 * {@value #MAX_LINE_BYTES} bytes are kept, and at most {@value #KEPT_PER_KEY} occurrences per secret or rule are
 * kept (the oldest, which say when the leak began) with a count of the rest. Git is stopped at the check's deadline.
 */
final class HistoryScan {
    /** Lines handed to {@link LineRules} are cut at this many characters. */
    static final int MAX_RULE_LINE = 4096;
    /** At most this many lines per {@link LineRules#find} call. */
    static final int MAX_RULE_BATCH = 1000;
    /** Occurrences kept per secret or rule. */
    static final int KEPT_PER_KEY = 3;
    private static final int MAX_LINE_BYTES = 4 * MAX_RULE_LINE;
    private static final byte COMMIT_MARK = 0x01;
    private static final byte FIELD_SEPARATOR = 0x1f;

    /** A commit as findings name it. */
    record Commit(String shortHash, String date, String author) {
        @Override
        public String toString() {
            return shortHash + " (" + date + ", " + author + ")";
        }
    }

    /** Where a secret or rule matched: the commit that added the line, and the line in that commit's file. */
    record Occurrence(Commit commit, String path, int line) {
        /**
         * Field by field, not through the record's own {@code equals}: that one is linked through method handles on
         * its first call, which spins some 80 classes at run time (about 15-30 ms of a cold start) for one comparison.
         */
        boolean sameAs(Occurrence other) {
            return other != null && line == other.line && java.util.Objects.equals(path, other.path)
                    && commit.shortHash.equals(other.commit.shortHash) && commit.date.equals(other.commit.date)
                    && commit.author.equals(other.commit.author);
        }
    }

    /** The occurrences of one secret (or rule): the oldest few, oldest first, and how many there were in all. */
    record Hits(String label, List<Occurrence> oldest, int total) {
    }

    /**
     * What the walk saw.
     *
     * @param commits    commits walked
     * @param depthLimit the {@code --history-depth} applied, 0 for the whole history
     * @param shallow    whether the repository is a shallow clone (older history is not there to walk)
     * @param secretHits per secret pattern that matched, in order of first sight
     * @param ruleHits   per format rule that matched
     * @param timedOut   whether git was stopped at the deadline before the walk ended
     * @param budget     the time the walk had, in milliseconds (what a timeout says)
     * @param error      why git failed, or null
     */
    record Report(int commits, int depthLimit, boolean shallow, List<Hits> secretHits, List<Hits> ruleHits,
                  boolean timedOut, long budget, String error) {
    }

    /**
     * What one check looks for in the walk: its known values and its format rules. Several searches share one walk
     * ({@link SharedHistory}), each with what it would have had from a walk of its own.
     */
    record Search(KnownSecrets secrets, LineRules rules) {
        /** Whether it looks for nothing: no value long enough to search, no format rule. */
        boolean isEmpty() {
            return secrets.isEmpty() && rules == LineRules.NONE;
        }
    }

    /** A search's state in the walk: its matcher's state on the current line, and what it has found. */
    private static final class Searching {
        final KnownSecrets secrets;
        final SecretMatcher matcher;
        final LineRules rules;
        final Map<String, Tally> secretTallies = new LinkedHashMap<>();
        final Map<String, Tally> ruleTallies = new LinkedHashMap<>();
        int state = SecretMatcher.start();
        /** The patterns already counted on the current line. */
        int[] seen = new int[8];
        int seenCount;

        Searching(Search search) {
            this.secrets = search.secrets();
            this.matcher = search.secrets().isEmpty() ? null : search.secrets().matcher();
            this.rules = search.rules();
        }
    }

    private final Searching[] searches;
    /** Whether any search has format rules, which get the added lines in batches. */
    private final boolean anyRules;

    // Parser state.
    private int commits;
    private Commit commit = new Commit("?", "?", "?");
    private String path;
    private int minusLeft;
    private int plusLeft;
    private int newLine;
    private final List<String> batch = new ArrayList<>();
    private final List<Integer> batchLines = new ArrayList<>();

    HistoryScan(List<Search> searches) {
        this.searches = searches.stream().map(Searching::new).toArray(Searching[]::new);
        this.anyRules = searches.stream().anyMatch(s -> s.rules() != LineRules.NONE);
    }

    /** The arguments of the one {@code git log} of a walk; {@code depth} 0 is the whole history. */
    static List<String> logArguments(int depth) {
        List<String> args = new ArrayList<>(List.of("log", "--all"));
        if (depth > 0) {
            args.add("--max-count=" + depth);
        }
        args.addAll(List.of("--no-color", "--no-ext-diff", "--no-textconv", "--no-notes", "--patch", "--unified=0",
                "--irreversible-delete", "--find-renames", "--src-prefix=a/", "--dst-prefix=b/",
                "--format=%x01%h%x1f%as%x1f%an"));
        return args;
    }

    /** Walks the history of {@code git}'s repository once. */
    static Report scan(Git git, KnownSecrets secrets, LineRules rules, int depth) throws Git.GitException {
        return scan(git, List.of(new Search(secrets, rules)), depth).get(0);
    }

    /** Walks the history of {@code git}'s repository once for all {@code searches}; their reports, in order. */
    static List<Report> scan(Git git, List<Search> searches, int depth) throws Git.GitException {
        Git.Result shallowAnswer = git.run("rev-parse", "--is-shallow-repository");
        boolean shallow = shallowAnswer.exitCode() == 0 && shallowAnswer.text().strip().equals("true");
        HistoryScan scan = new HistoryScan(searches);
        Git.Ended ended = git.stream(scan::read, logArguments(depth).toArray(String[]::new));
        String error = null;
        if (!ended.timedOut() && ended.exitCode() != 0) {
            String message = Git.firstLine(ended.stderr());
            // A repository without any commit has no history to leak anything: that is not a failure of the walk.
            if (!message.contains("does not have any commits")) {
                error = "git log failed: " + message;
            }
        }
        return scan.reports(depth, shallow, ended.timedOut(), git.budgetMillis(), error);
    }

    /** Per search, what the stream read so far showed it, with what is known of the walk ({@link Report}). */
    List<Report> reports(int depth, boolean shallow, boolean timedOut, long budget, String error) {
        List<Report> reports = new ArrayList<>();
        for (Searching s : searches) {
            reports.add(new Report(commits, depth, shallow, tallied(s.secretTallies), tallied(s.ruleTallies),
                    timedOut, budget, error));
        }
        return reports;
    }

    private static List<Hits> tallied(Map<String, Tally> tallies) {
        List<Hits> out = new ArrayList<>();
        tallies.forEach((label, t) -> {
            List<Occurrence> oldest = new ArrayList<>(t.kept);
            java.util.Collections.reverse(oldest); // the log runs newest first
            out.add(new Hits(label, List.copyOf(oldest), t.total));
        });
        return out;
    }

    /** The newest-first stream keeps replacing the kept occurrences, so the last ones kept are the oldest. */
    private static final class Tally {
        final ArrayDeque<Occurrence> kept = new ArrayDeque<>();
        int total;

        void add(Occurrence o) {
            if (o.sameAs(kept.peekLast())) {
                return;
            }
            total++;
            kept.addLast(o);
            if (kept.size() > KEPT_PER_KEY) {
                kept.removeFirst();
            }
        }
    }

    // ---- the stream ----

    /**
     * Reads the stream a line segment at a time: within one buffer, the bytes up to the next newline go through
     * each search's matcher in a loop of their own (a byte at a time through every search cost a tenth of a walk).
     */
    void read(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        byte[] line = new byte[MAX_LINE_BYTES];
        Searching[] matching = java.util.Arrays.stream(searches).filter(s -> s.matcher != null).toArray(Searching[]::new);
        int lineLength = 0;
        boolean atLineStart = true;
        boolean added = false;
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            int i = 0;
            while (i < n) {
                if (atLineStart) {
                    atLineStart = false;
                    added = buf[i] == '+' && plusLeft > 0;
                    if (added) {
                        for (Searching s : matching) {
                            s.state = SecretMatcher.start();
                            s.seenCount = 0;
                        }
                        i++;
                        continue;
                    }
                }
                int end = i;
                while (end < n && buf[end] != '\n') {
                    end++;
                }
                if (added) {
                    for (Searching s : matching) {
                        match(s, buf, i, end);
                    }
                }
                int kept = Math.min(end - i, line.length - lineLength);
                System.arraycopy(buf, i, line, lineLength, kept);
                lineLength += kept;
                if (end < n) {
                    endLine(line, lineLength, added);
                    lineLength = 0;
                    atLineStart = true;
                }
                i = end + 1;
            }
        }
        if (!atLineStart) {
            endLine(line, lineLength, added);
        }
        flushRules();
    }

    /** Bytes {@code from} to {@code to} of an added line through a search's matcher; each pattern counted once a line. */
    private void match(Searching s, byte[] bytes, int from, int to) {
        SecretMatcher matcher = s.matcher;
        int state = s.state;
        for (int k = from; k < to; k++) {
            state = matcher.step(state, bytes[k]);
            int[] found = matcher.matches(state);
            if (found.length > 0) {
                tally(s, found);
            }
        }
        s.state = state;
    }

    private void tally(Searching s, int[] found) {
        for (int p : found) {
            if (!contains(s.seen, s.seenCount, p)) {
                if (s.seenCount == s.seen.length) {
                    s.seen = java.util.Arrays.copyOf(s.seen, s.seenCount * 2);
                }
                s.seen[s.seenCount++] = p;
                s.secretTallies.computeIfAbsent(s.secrets.pattern(p).label(), k -> new Tally())
                        .add(new Occurrence(commit, path == null ? "?" : path, newLine));
            }
        }
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    private void endLine(byte[] line, int length, boolean added) {
        if (added) {
            if (anyRules && path != null) {
                String text = new String(line, 0, length, StandardCharsets.UTF_8);
                batch.add(text.length() > MAX_RULE_LINE ? text.substring(0, MAX_RULE_LINE) : text);
                batchLines.add(newLine);
                if (batch.size() >= MAX_RULE_BATCH) {
                    flushRules();
                }
            }
            plusLeft--;
            newLine++;
            return;
        }
        if (minusLeft > 0 || plusLeft > 0) {
            if (length > 0 && line[0] == '-' && minusLeft > 0) {
                minusLeft--;
                return;
            }
            if (length > 0 && line[0] == '\\') { // "\ No newline at end of file"
                return;
            }
            minusLeft = 0; // not what the hunk header announced: read it as a header line
            plusLeft = 0;
        }
        if (length > 0 && line[0] == COMMIT_MARK) {
            flushRules();
            commits++;
            commit = commitOf(new String(line, 1, length - 1, StandardCharsets.UTF_8));
            path = null;
        } else if (startsWith(line, length, "diff --git ")) {
            flushRules();
            path = null;
        } else if (startsWith(line, length, "+++ ")) {
            path = pathOf(line, 4, length);
        } else if (startsWith(line, length, "@@ ")) {
            hunk(new String(line, 0, length, StandardCharsets.US_ASCII));
        }
    }

    private static Commit commitOf(String header) {
        String[] f = header.split(String.valueOf((char) FIELD_SEPARATOR), 3);
        return new Commit(f[0], f.length > 1 ? f[1] : "?", f.length > 2 ? f[2] : "?");
    }

    /** {@code @@ -a[,b] +c[,d] @@}: b lines removed, d lines added from line c of the new file. */
    private void hunk(String header) {
        int minus = header.indexOf(" -");
        int plus = header.indexOf(" +");
        if (minus < 0 || plus < 0) {
            return;
        }
        minusLeft = count(header, minus + 2);
        int[] start = new int[1];
        plusLeft = count(header, plus + 2, start);
        newLine = start[0];
    }

    private static int count(String header, int from) {
        return count(header, from, new int[1]);
    }

    /** Parses {@code start[,count]} at {@code from}; the count defaults to 1. */
    private static int count(String header, int from, int[] start) {
        int i = from;
        long first = 0;
        while (i < header.length() && Character.isDigit(header.charAt(i))) {
            first = Math.min(Integer.MAX_VALUE, first * 10 + (header.charAt(i++) - '0'));
        }
        start[0] = (int) first;
        if (i < header.length() && header.charAt(i) == ',') {
            long n = 0;
            i++;
            while (i < header.length() && Character.isDigit(header.charAt(i))) {
                n = Math.min(Integer.MAX_VALUE, n * 10 + (header.charAt(i++) - '0'));
            }
            return (int) n;
        }
        return 1;
    }

    private static boolean startsWith(byte[] line, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (line[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The path of a {@code +++ b/path} line (C-quoted by git when it holds a quote, backslash or control char). */
    private static String pathOf(byte[] line, int from, int length) {
        if (startsWith(java.util.Arrays.copyOfRange(line, from, length), length - from, "/dev/null")) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (length > from && line[from] == '"') {
            for (int i = from + 1; i < length && line[i] != '"'; i++) {
                if (line[i] == '\\' && i + 1 < length) {
                    byte e = line[++i];
                    if (e >= '0' && e <= '7' && i + 2 < length) {
                        bytes.write(((e - '0') << 6) | ((line[i + 1] - '0') << 3) | (line[i + 2] - '0'));
                        i += 2;
                    } else {
                        bytes.write(switch (e) {
                            case 't' -> '\t';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 'a' -> 7;
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case 'v' -> 11;
                            default -> e;
                        });
                    }
                } else {
                    bytes.write(line[i]);
                }
            }
        } else {
            bytes.write(line, from, length - from);
        }
        String p = bytes.toString(StandardCharsets.UTF_8);
        return p.startsWith("b/") ? p.substring(2) : p;
    }

    private void flushRules() {
        if (batch.isEmpty()) {
            return;
        }
        List<String> lines = List.copyOf(batch);
        for (Searching s : searches) {
            if (s.rules == LineRules.NONE) {
                continue;
            }
            for (LineRules.Hit hit : s.rules.find(path, lines)) {
                int index = hit.line() - 1;
                if (index >= 0 && index < batchLines.size()) {
                    s.ruleTallies.computeIfAbsent(hit.description() + " [" + hit.ruleId() + "]", k -> new Tally())
                            .add(new Occurrence(commit, path, batchLines.get(index)));
                }
            }
        }
        batch.clear();
        batchLines.clear();
    }
}
