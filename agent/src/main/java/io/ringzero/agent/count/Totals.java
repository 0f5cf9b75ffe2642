package io.ringzero.agent.count;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The readers' side of the counters: every thread's slot, summed on demand. The slots of dead threads are folded
 * into the retired sums, so that a program that starts a thread per task does not keep every array alive.
 */
public final class Totals {
    private static final ConcurrentLinkedQueue<Slot> SLOTS = new ConcurrentLinkedQueue<>();
    private static final long[] retired = new long[Counters.SIZE];
    private static final long[] retiredOwn = new long[Counters.SIZE];

    private Totals() { }

    static void register(Slot s) { SLOTS.add(s); }

    /** Sums of every thread's counters: the application's ({@code own=false}) or the agent's. */
    public static long[] of(boolean own) {
        long[] sum = new long[Counters.SIZE];
        synchronized (retired) {
            for (Iterator<Slot> it = SLOTS.iterator(); it.hasNext(); ) {
                Slot s = it.next();
                Thread t = s.owner == null ? null : s.owner.get();
                boolean dead = s.owner != null && (t == null || !t.isAlive());
                if (dead) {
                    add(retired, s.app);
                    add(retiredOwn, s.mine);
                    it.remove();
                } else {
                    add(sum, own ? s.mine : s.app);
                }
            }
            add(sum, own ? retiredOwn : retired);
        }
        if (!own) synchronized (Counters.EDGE) { add(sum, Counters.EDGE); }
        return sum;
    }

    /**
     * Restarts every live thread's walk schedule at its current call numbers, for an attach window that opens now:
     * its sites then come from walks of its own calls, each standing for calls of the window only. The one write
     * into another thread's counters: a race with that thread's own walk costs the placement of one walk, never a
     * count (counts are not touched).
     */
    public static void openWindow() {
        synchronized (retired) {
            for (Slot s : SLOTS) {
                long[] c = s.app;
                for (int b = 0; b < Counters.SIZE; b += Counters.STRIDE) {
                    long calls = c[b + Counters.CALLS];
                    c[b + Counters.WINDOW_START] = calls;
                    c[b + Counters.NEXT_WALK] = calls;
                    c[b + Counters.OBJECT_WALKS] = 0;
                }
            }
        }
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) into[i] += from[i];
    }
}
