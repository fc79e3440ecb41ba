package dev.prodaudit.probe.git;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick over bytes: finds every occurrence of any of many patterns in one left-to-right pass, each input byte
 * costing one array lookup whatever the number of patterns. This is what lets the history walk look for 30 secrets
 * (and their encodings) in a single {@code git log -p} stream instead of one walk, or one regex alternative, per
 * secret: a regex alternation backtracks per alternative, and a walk per secret multiplies git's diff work.
 *
 * <p>The automaton is a complete DFA (the failure links folded into the transition table at build time), over an
 * alphabet compressed to the bytes that occur in some pattern plus one class for every other byte, so the table
 * stays small: states x (distinct pattern bytes + 1) ints.
 */
final class SecretMatcher {
    private static final int[] NONE = new int[0];

    /** Byte value to alphabet class; 0 is "occurs in no pattern". */
    private final int[] classOf;
    private final int classes;
    /** transitions[state * classes + class] = next state. */
    private final int[] transitions;
    /** Pattern indexes recognised on entering each state (its own and those of its suffixes). */
    private final int[][] matchesAt;

    private SecretMatcher(int[] classOf, int classes, int[] transitions, int[][] matchesAt) {
        this.classOf = classOf;
        this.classes = classes;
        this.transitions = transitions;
        this.matchesAt = matchesAt;
    }

    /** A matcher for {@code patterns} (non-empty byte strings); a match reports the pattern's index in this list. */
    static SecretMatcher of(List<byte[]> patterns) {
        int[] classOf = new int[256];
        int classes = 1;
        for (byte[] p : patterns) {
            if (p.length == 0) {
                throw new IllegalArgumentException("empty pattern");
            }
            for (byte b : p) {
                if (classOf[b & 0xff] == 0) {
                    classOf[b & 0xff] = classes++;
                }
            }
        }
        // The trie, with -1 for "no edge yet".
        int[] next = new int[Math.max(1, patterns.stream().mapToInt(p -> p.length).sum() + 1) * classes];
        Arrays.fill(next, -1);
        List<int[]> own = new ArrayList<>();
        own.add(NONE);
        int states = 1;
        for (int i = 0; i < patterns.size(); i++) {
            int s = 0;
            for (byte b : patterns.get(i)) {
                int slot = s * classes + classOf[b & 0xff];
                if (next[slot] < 0) {
                    next[slot] = states++;
                    own.add(NONE);
                }
                s = next[slot];
            }
            own.set(s, append(own.get(s), i));
        }
        int[] transitions = Arrays.copyOf(next, states * classes);
        int[] fail = new int[states];
        int[][] matchesAt = new int[states][];
        matchesAt[0] = own.get(0);
        // Breadth first, so a state's failure target is complete before the state itself.
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < classes; c++) {
            int t = transitions[c];
            if (t < 0) {
                transitions[c] = 0;
            } else {
                fail[t] = 0;
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            int[] inherited = matchesAt[fail[s]];
            matchesAt[s] = inherited.length == 0 ? own.get(s) : concat(own.get(s), inherited);
            for (int c = 0; c < classes; c++) {
                int t = transitions[s * classes + c];
                int viaFail = transitions[fail[s] * classes + c];
                if (t < 0) {
                    transitions[s * classes + c] = viaFail;
                } else {
                    fail[t] = viaFail;
                    queue.add(t);
                }
            }
        }
        return new SecretMatcher(classOf, classes, transitions, matchesAt);
    }

    static int start() {
        return 0;
    }

    int step(int state, byte b) {
        return transitions[state * classes + classOf[b & 0xff]];
    }

    /** The patterns that end at the byte that led into {@code state}; empty for most states. */
    int[] matches(int state) {
        return matchesAt[state];
    }

    private static int[] append(int[] a, int v) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        if (a.length == 0) {
            return b;
        }
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
