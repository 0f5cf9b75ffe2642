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

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) into[i] += from[i];
    }
}
