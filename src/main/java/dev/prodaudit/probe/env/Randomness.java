package dev.prodaudit.probe.env;

/**
 * Facts about a sequence of symbols (a secret's decoded bytes, or the characters it is written with), each
 * next to what uniformly random symbols of the same length and alphabet would show. Nothing here is a rule's
 * threshold: the floors are properties of the sample size, chosen so that a truly random value falls below
 * one with a probability of at most {@link #FALSE_ALARM} per test.
 *
 * <p>Why not Shannon entropy per character: it measures the encoding (hex is at most 4 bits per character
 * however random), and over 32-64 bytes even perfectly random bytes cannot show more than log2(n) bits per
 * byte. The tests below each have a sample-size-aware bound instead.
 *
 * @param length        symbols examined
 * @param alphabet      symbols a random value would be drawn from (256 for bytes, 16 for hex text, ...)
 * @param distinct      different symbols seen
 * @param distinctFloor fewer distinct symbols than this is below what random values show
 * @param repeat        longest stretch that occurs twice (overlap allowed)
 * @param repeatFloor   a repeated stretch this long or longer is below what random values show
 * @param period        smallest block the whole sequence repeats, 0 when it does not
 * @param run           longest run of symbols in constant steps (same symbol, counting up or down)
 * @param runStep       the step of that run (0: one symbol repeated)
 * @param runFloor      a run this long or longer is below what random values show
 * @param printable     symbols that are printable ASCII text (space to ~, tab, CR, LF)
 */
public record Randomness(int length, int alphabet, int distinct, int distinctFloor, int repeat, int repeatFloor,
                         int period, int run, int runStep, int runFloor, int printable) {

    /** Per-test chance that a truly random value is flagged; see SecretStrengthStatisticsTest. */
    static final double FALSE_ALARM = 1e-7;
    /** Values longer than this are not keys; the first symbols are examined so the cost stays bounded. */
    private static final int MAX_SYMBOLS = 4096;
    /** Share of printable ASCII above which decoded bytes are text (random bytes: 98/256, about 38%). */
    static final double TEXT_SHARE = 0.9;

    /**
     * @param wraps steps are counted modulo the alphabet (bytes: 0xff then 0x00 counts up by 1); characters do
     *              not wrap, their code points are not the alphabet's positions
     */
    public static Randomness of(int[] all, int alphabet, boolean wraps) {
        int[] s = all.length > MAX_SYMBOLS ? java.util.Arrays.copyOf(all, MAX_SYMBOLS) : all;
        int n = s.length;
        int distinct = (int) java.util.Arrays.stream(s).distinct().count();
        int repeat = 0;
        int period = 0;
        for (int d = 1; d < n; d++) {
            int current = 0;
            int longest = 0;
            for (int i = 0; i + d < n; i++) {
                current = s[i] == s[i + d] ? current + 1 : 0;
                longest = Math.max(longest, current);
            }
            repeat = Math.max(repeat, longest);
            if (period == 0 && d <= n / 2 && longest == n - d) {
                period = d;
            }
        }
        int run = Math.min(n, 1);
        int runStep = 0;
        for (int i = 0; i + 1 < n; ) {
            int step = step(s[i], s[i + 1], alphabet, wraps);
            int j = i + 1;
            while (j + 1 < n && step(s[j], s[j + 1], alphabet, wraps) == step) {
                j++;
            }
            if (j - i + 1 > run) {
                run = j - i + 1;
                runStep = step;
            }
            i = j;
        }
        int printable = 0;
        for (int c : s) {
            if ((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r') {
                printable++;
            }
        }
        return new Randomness(n, alphabet, distinct, distinctFloor(n, alphabet), repeat, repeatFloor(n, alphabet),
                period, run, runStep, runFloor(n, alphabet), printable);
    }

    /** The step from a to b; modulo the alphabet as the smallest signed step when the values wrap. */
    private static int step(int a, int b, int alphabet, boolean wraps) {
        int d = b - a;
        if (!wraps) {
            return d;
        }
        d = Math.floorMod(d, alphabet);
        return d > alphabet / 2 ? d - alphabet : d;
    }

    /** One block repeated, or a stretch that occurs twice, longer than random values give. */
    public boolean repeats() {
        return period > 0 || repeat >= repeatFloor;
    }

    /** A run in constant steps (0123, abcd, 9876, aaaa) longer than random values give. */
    public boolean sequential() {
        return run >= runFloor;
    }

    /** Fewer different symbols than random values give. */
    public boolean lowDiversity() {
        return distinct < distinctFloor;
    }

    /**
     * At least 90% printable ASCII, and long enough that random bytes could not plausibly be: below 16 bytes
     * random bytes are 90% printable too often for the test to mean anything.
     */
    public boolean mostlyPrintable() {
        return length > 0 && printable >= Math.ceil(TEXT_SHARE * length) && printableTail(length) <= FALSE_ALARM;
    }

    /** Percentage of printable symbols, rounded down. */
    public int printablePercent() {
        return length == 0 ? 0 : printable * 100 / length;
    }

    /**
     * Smallest L with (n^2/2) * A^-L <= alpha: the union bound over all pairs of positions that two random
     * stretches of length L are equal.
     */
    static int repeatFloor(int n, int alphabet) {
        double pairs = Math.max(1.0, n * (double) n / 2);
        return Math.max(2, (int) Math.ceil(Math.log(pairs / FALSE_ALARM) / Math.log(alphabet)));
    }

    /**
     * Smallest k with n * A^-(k-2) <= alpha: a run of k symbols fixes k-2 steps after its first step, at each of
     * at most n starting points.
     */
    static int runFloor(int n, int alphabet) {
        return 2 + Math.max(1, (int) Math.ceil(Math.log(Math.max(1, n) / FALSE_ALARM) / Math.log(alphabet)));
    }

    /**
     * Largest d + 1 such that n uniform draws from {@code alphabet} symbols show at most d distinct symbols with
     * probability at most alpha; exact, from the occupancy distribution.
     */
    static int distinctFloor(int n, int alphabet) {
        int max = Math.min(n, alphabet);
        double[] p = new double[max + 1];
        p[0] = 1;
        for (int draw = 0; draw < n; draw++) {
            for (int j = Math.min(draw + 1, max); j >= 1; j--) {
                p[j] = p[j] * j / alphabet + p[j - 1] * (alphabet - j + 1) / alphabet;
            }
            p[0] = 0;
        }
        double tail = 0;
        int floor = 0;
        for (int d = 1; d <= max; d++) {
            tail += p[d];
            if (tail > FALSE_ALARM) {
                break;
            }
            floor = d + 1;
        }
        return floor;
    }

    /** P(at least 90% of n random bytes are printable ASCII), binomial with p = 98/256. */
    static double printableTail(int n) {
        double p = 98.0 / 256;
        int k0 = (int) Math.ceil(TEXT_SHARE * n);
        double tail = 0;
        for (int k = k0; k <= n; k++) {
            tail += Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
        }
        return tail;
    }

    private static double logChoose(int n, int k) {
        double r = 0;
        for (int i = 1; i <= k; i++) {
            r += Math.log(n - k + i) - Math.log(i);
        }
        return r;
    }
}
