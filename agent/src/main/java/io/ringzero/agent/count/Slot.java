package io.ringzero.agent.count;

import java.lang.ref.WeakReference;

/**
 * One thread's counters: the application's and the agent's own, with {@code c} pointing at the one in use,
 * so that the hot path never tests whose call it is.
 */
final class Slot {
    final long[] app = new long[Counters.SIZE];
    final long[] mine = new long[Counters.SIZE];
    long[] c = app;
    /** Per kind and way: an object's identity hash (high half) and how many of its calls were walked (low half). */
    final long[] seen = new long[Syscall.COUNT * WalkSchedule.WAYS];
    /** Per kind: the site of the last scheduled walk, from which object walks in its gap take their calls. */
    final CallSites.Site[] lastScheduled = new CallSites.Site[Syscall.COUNT];
    /** Per kind: the resource of that walk (null if none), which gives up the same calls. */
    final String[] lastResource = new String[Syscall.COUNT];
    /** Per kind: the last object walk's site and resource in this gap, its first call's number and the calls it took. */
    final CallSites.Site[] turnedTo = new CallSites.Site[Syscall.COUNT];
    final String[] turnedToResource = new String[Syscall.COUNT];
    final long[] turnedAt = new long[Syscall.COUNT], turnedTaken = new long[Syscall.COUNT];
    /** The resource the walk in progress resolved. */
    String resource;
    /** Null for a carrier's slot, which outlives the virtual threads that use it. */
    final WeakReference<Thread> owner;
    boolean own;
    boolean walking;

    Slot(Thread owner) { this.owner = owner == null ? null : new WeakReference<>(owner); }
}
