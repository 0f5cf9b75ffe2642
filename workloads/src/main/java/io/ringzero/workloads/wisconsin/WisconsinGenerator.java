package io.ringzero.workloads.wisconsin;

/**
 * Generates the Wisconsin relations as the Benchmark Handbook (DeWitt, 1993 edition) defines them.
 *
 * <p>unique1 comes from the Handbook's multiplicative congruential generator: the sequence
 * {@code seed = generator * seed mod prime}, with values above the relation size skipped, visits
 * every value 1..n exactly once because {@code generator} is a primitive root of {@code prime};
 * unique1 is that value minus one. So the permutation is pseudo-random but reproducible, and with
 * the default seed it is the same relation other Wisconsin implementations produce.
 */
public final class WisconsinGenerator {

    /** Handbook choice of (generator, prime) by relation size; prime must exceed the size. */
    private static final long[][] GENERATOR_AND_PRIME = {
        {1_000, 279, 1_009},
        {10_000, 2_969, 10_007},
        {100_000, 21_395, 100_003},
        {1_000_000, 2_107, 1_000_003},
    };

    private static final String[] STRING4_CYCLE = {
        pad("AAAA"), pad("HHHH"), pad("OOOO"), pad("VVVV"),
    };

    static final int STRING_LENGTH = 52;
    private static final int SIGNIFICANT_LETTERS = 7;

    private final int rows;
    private final long generator;
    private final long prime;
    private final long startSeed;

    private WisconsinGenerator(int rows, long generator, long prime, long startSeed) {
        this.rows = rows;
        this.generator = generator;
        this.prime = prime;
        this.startSeed = startSeed;
    }

    /** The Handbook generator for a relation of {@code rows} tuples, with the Handbook's seed. */
    public static WisconsinGenerator forRows(int rows) {
        long[] gp = parametersFor(rows);
        return new WisconsinGenerator(rows, gp[1], gp[2], gp[1]);
    }

    /**
     * The same generator started from another seed (1..prime-1): a different, still reproducible
     * permutation of unique1.
     */
    public static WisconsinGenerator forRows(int rows, long seed) {
        long[] gp = parametersFor(rows);
        if (seed < 1 || seed >= gp[2]) {
            throw new IllegalArgumentException("seed must be in 1.." + (gp[2] - 1) + ", was " + seed);
        }
        return new WisconsinGenerator(rows, gp[1], gp[2], seed);
    }

    private static long[] parametersFor(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("a relation needs at least one tuple, asked for " + rows);
        }
        for (long[] gp : GENERATOR_AND_PRIME) {
            if (rows <= gp[0]) {
                return gp;
            }
        }
        throw new IllegalArgumentException("at most 1,000,000 tuples supported, asked for " + rows);
    }

    public int rows() {
        return rows;
    }

    /** unique1 by position: element i is the unique1 of the tuple whose unique2 is i. */
    public int[] unique1ByUnique2() {
        int[] unique1 = new int[rows];
        long seed = startSeed;
        long steps = 0;
        for (int i = 0; i < rows; i++) {
            do {
                seed = (generator * seed) % prime;
                // A full cycle has prime-1 steps; more means the sequence repeats without
                // covering 1..rows, which a primitive-root generator never does.
                if (++steps > prime) {
                    throw new IllegalStateException("generator cycle closed before " + rows + " values");
                }
            } while (seed > rows);
            unique1[i] = (int) (seed - 1);
        }
        return unique1;
    }

    /** The whole relation in unique2 order. */
    public WisconsinTuple[] relation() {
        int[] unique1 = unique1ByUnique2();
        WisconsinTuple[] tuples = new WisconsinTuple[rows];
        for (int unique2 = 0; unique2 < rows; unique2++) {
            tuples[unique2] = WisconsinTuple.of(unique1[unique2], unique2);
        }
        return tuples;
    }

    /**
     * unique1/unique2 as the Handbook's 52-character string: the value in base 26 written with
     * letters A..Z, most significant letter first, right-aligned in 7 letters padded on the left
     * with 'A' (0 is AAAAAAA, 1 is AAAAAAB), then 45 'x'.
     */
    public static String uniqueString(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("unique values are non-negative, was " + value);
        }
        char[] letters = new char[SIGNIFICANT_LETTERS];
        java.util.Arrays.fill(letters, 'A');
        int rest = value;
        for (int i = SIGNIFICANT_LETTERS - 1; i >= 0 && rest > 0; i--) {
            letters[i] = (char) ('A' + rest % 26);
            rest /= 26;
        }
        if (rest > 0) {
            throw new IllegalArgumentException(value + " needs more than 7 letters");
        }
        return pad(new String(letters));
    }

    /** string4 of the tuple at position unique2: AAAA, HHHH, OOOO, VVVV, AAAA, ... padded with 'x'. */
    public static String string4(int unique2) {
        return STRING4_CYCLE[unique2 % STRING4_CYCLE.length];
    }

    private static String pad(String significant) {
        return significant + "x".repeat(STRING_LENGTH - significant.length());
    }
}
