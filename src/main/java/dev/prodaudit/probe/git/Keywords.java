package dev.prodaudit.probe.git;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a few ASCII keywords occur in a text, found in one pass over it (an Aho-Corasick automaton), ignoring
 * ASCII letter case: the credential rules' prefilter. Asking each keyword in turn ({@code String.contains}) read
 * every line a dozen times, and that was most of a scan of a repository's history.
 *
 * <p>Only ASCII letters are folded, as a regex's {@code (?i)} does without {@code UNICODE_CASE}: a keyword occurs
 * wherever such a regex, or a case-sensitive one, could match it.
 */
final class Keywords {
    private static final int ASCII = 128;
    /** {@code next[state * ASCII + c]}: the state after reading (folded) character {@code c}. */
    private final int[] next;
    /** Per state: the keywords (bits, in the order given) that end there, its suffixes' included. */
    private final long[] found;

    /**
     * @param words at most 64 non-empty keywords, ASCII, lower case
     */
    Keywords(List<String> words) {
        if (words.size() > Long.SIZE) {
            throw new IllegalArgumentException("at most 64 keywords");
        }
        List<int[]> gotos = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        gotos.add(emptyRow());
        ends.add(0L);
        for (int w = 0; w < words.size(); w++) {
            String word = words.get(w);
            if (word.isEmpty() || !word.equals(fold(word))) {
                throw new IllegalArgumentException("a keyword is non-empty lower-case ASCII: '" + word + "'");
            }
            int state = 0;
            for (int i = 0; i < word.length(); i++) {
                int c = word.charAt(i);
                if (gotos.get(state)[c] < 0) {
                    gotos.get(state)[c] = gotos.size();
                    gotos.add(emptyRow());
                    ends.add(0L);
                }
                state = gotos.get(state)[c];
            }
            ends.set(state, ends.get(state) | 1L << w);
        }
        int states = gotos.size();
        next = new int[states * ASCII];
        found = new long[states];
        int[] failure = new int[states];
        // Breadth first, so a state's failure (a shorter suffix) is complete before the state itself.
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < ASCII; c++) {
            int child = gotos.get(0)[c];
            next[c] = Math.max(child, 0);
            if (child > 0) {
                queue.add(child);
            }
        }
        found[0] = ends.get(0);
        while (!queue.isEmpty()) {
            int state = queue.poll();
            found[state] = ends.get(state) | found[failure[state]];
            for (int c = 0; c < ASCII; c++) {
                int child = gotos.get(state)[c];
                if (child < 0) {
                    next[state * ASCII + c] = next[failure[state] * ASCII + c];
                } else {
                    next[state * ASCII + c] = child;
                    failure[child] = next[failure[state] * ASCII + c];
                    queue.add(child);
                }
            }
        }
        for (int s = 0; s < states; s++) {
            for (int c = 'A'; c <= 'Z'; c++) {
                next[s * ASCII + c] = next[s * ASCII + c + ('a' - 'A')];
            }
        }
    }

    /** The keywords (bit {@code i} for the i-th) that occur in {@code text} before index {@code end}. */
    long in(CharSequence text, int end) {
        long seen = 0;
        int state = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            state = c < ASCII ? next[state * ASCII + c] : 0;
            seen |= found[state];
        }
        return seen;
    }

    private static int[] emptyRow() {
        int[] row = new int[ASCII];
        java.util.Arrays.fill(row, -1);
        return row;
    }

    private static String fold(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= ASCII) {
                return "\u0000"; // not ASCII: never equal to the word
            }
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }
}
