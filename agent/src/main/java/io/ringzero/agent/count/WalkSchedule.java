package io.ringzero.agent.count;

/**
 * Which calls of a thread and kind have their stack walked, and how many calls each walk stands for: the first
 * {@code first} calls, then calls at powers of two (so a thread's early sites are seen at every scale), then one
 * call in each period. Besides the schedule, the first calls on each I/O object, within a budget.
 *
 * <p>The counters keep only the number of the next scheduled call per thread and kind: the hot path compares
 * the call number with it and calls {@link #next} only when a walk is due.
 */
final class WalkSchedule {
    /** The first calls walked on each I/O object a thread turns to (a new stream, socket or channel). */
    static final int OBJECT_FIRST = 4;
    /** Objects remembered per thread and kind (direct-mapped by identity hash): alternating among them walks nothing. */
    static final int WAYS = 8;
    /**
     * Object walks allowed per thread and kind: this many, then as many as the schedule makes (one per period). A walk
     * that is not yet compiled costs ~100 µs: a thread with a new stream at every call must not walk at every call.
     */
    static final int OBJECT_BUDGET_FIRST = 64;

    /** How many of a thread's first calls of a kind are all walked. */
    final int first;
    /** The period minus one: a power of two minus one, so that the period's multiples are a mask away. */
    final int periodMask;
    private final int periodShift;

    /** {@code period} must be a power of two. */
    WalkSchedule(int first, int period) {
        this.first = first;
        this.periodMask = period - 1;
        this.periodShift = Integer.bitCount(periodMask);
    }

    int period() { return periodMask + 1; }

    /** After a walk at call n, the call of the next. */
    long next(long n) {
        if (n + 1 < first) return n + 1;
        long power = Long.highestOneBit(n) << 1, periodic = (n | periodMask) + 1;
        return n == 0 ? 1 : Math.min(power, periodic);
    }

    /** How many calls a walk at call n stands for: the calls up to the next walk. */
    long weight(long n) {
        if (n < first) return 1;
        if (n <= periodMask) return Math.min(n, periodMask + 1 - n); // a power of two: n .. 2n, or up to the period
        return periodMask + 1;
    }

    /** Whether another object walk fits the budget at call n, after {@code made} of them. */
    boolean objectWalkFits(long made, long n) {
        return made < OBJECT_BUDGET_FIRST + (n >>> periodShift);
    }

    /**
     * Whether this is one of the first calls of kind k on the object with this identity hash, counting it if so.
     * {@code seen} holds, per kind and way, a hash (high half) and how many of its calls were walked (low half).
     */
    static boolean firstCallOn(long[] seen, int k, int hash) {
        int i = k * WAYS + (hash & (WAYS - 1));
        long e = seen[i];
        if ((int) (e >>> 32) != hash) e = (long) hash << 32; // another object in this way: its count starts
        else if ((int) e >= OBJECT_FIRST) return false;
        seen[i] = e + 1;
        return true;
    }
}
