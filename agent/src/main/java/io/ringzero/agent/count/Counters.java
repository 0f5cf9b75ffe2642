package io.ringzero.agent.count;

import io.ringzero.agent.hook.DescriptorNames;
import java.io.FileDescriptor;
import java.util.Objects;

/**
 * Per-thread syscall counters: the only class the hooks call. Lives in the bootstrap class loader.
 *
 * <p>Each platform thread (for virtual threads: each carrier thread) owns a plain {@code long[]} that only it
 * writes, so the hot path is a thread-local lookup and a few array increments: no lock, no CAS, no
 * allocation. Readers sum all arrays ({@link Totals}); which calls walk the stack is the {@link WalkSchedule}.
 */
public final class Counters {
    public static final int CALLS = 0, ERRORS = 1, REQUESTED = 2, BYTES = 3, TIMED = 4, SUM_NS = 5, HIST = 6;
    public static final int BUCKETS = 40;
    /** The call number at which this thread walks the stack next for this kind (not a count: never summed by readers). */
    static final int NEXT_WALK = HIST + BUCKETS;
    /**
     * Walks made for the first calls on an I/O object (budgeted), and calls of the last scheduled walk not yet
     * taken by them or handed over.
     */
    static final int OBJECT_WALKS = NEXT_WALK + 1, LENDABLE = NEXT_WALK + 2;
    /**
     * The call number at which the open attach window began for this thread and kind (0 without windows): the walk
     * schedule counts from there, so that each window walks its first calls again ({@link Totals#openWindow}).
     */
    static final int WINDOW_START = NEXT_WALK + 3;
    public static final int STRIDE = NEXT_WALK + 4;
    public static final int SIZE = Syscall.COUNT * STRIDE;

    /** Timing every call would double a cheap syscall's cost; time one call in latencyMask+1 per thread and kind. */
    static int latencyMask = 63;
    static WalkSchedule schedule = new WalkSchedule(32, 16384);
    static boolean sitesOn = true;
    private static final boolean DEBUG = System.getenv("RZ_DEBUG") != null;

    private static final ThreadLocal<Slot> LOCAL = ThreadSlots.create();

    /**
     * Calls whose hook ran out of stack before it reached its thread's counters, in the layout of a thread's
     * array (calls, requested and moved bytes only); the readers add them to the application's. A hook writes it
     * in a {@code synchronized (EDGE)} block with no method call: see "At the edge of the stack" in docs/agent.md.
     */
    public static final long[] EDGE = new long[SIZE];

    private Counters() { }

    /** Before the first hook runs: the sampling periods are powers of two. */
    public static void configure(int latencyEvery, int siteEvery, int siteAlwaysFirst, boolean sites) {
        latencyMask = latencyEvery - 1;
        schedule = new WalkSchedule(siteAlwaysFirst, siteEvery);
        sitesOn = sites;
    }

    static Slot slot() {
        Slot s = LOCAL.get();
        return s != null ? s : newSlot();
    }

    private static Slot newSlot() {
        // A virtual thread's slot belongs to its carrier, which outlives it: no owner to watch.
        Thread t = Thread.currentThread();
        Slot s = new Slot(ThreadSlots.isVirtual(t) ? null : t);
        // registered first: a stack overflow between the two leaves an empty slot behind, never a slot no reader sees
        Totals.register(s);
        LOCAL.set(s);
        return s;
    }

    /** Marks the calling thread as the agent's own: what it does is not counted as the application's. */
    public static void markOwnThread() { setOwn(true); }

    /** Counts what the calling thread does as the agent's ({@code true}) or the application's; returns the previous state. */
    public static boolean setOwn(boolean own) {
        Slot s = slot();
        boolean previous = s.own;
        s.own = own;
        s.c = own ? s.mine : s.app;
        return previous;
    }

    /** Before a native call: returns a start time when this call is to be timed, else 0. Only reads. */
    public static long begin(int k) {
        Slot s = LOCAL.get();
        if (s == null || (s.c[k * STRIDE] & latencyMask) == 0) return System.nanoTime();
        return 0L;
    }

    /** After a native call that succeeded. The slot is looked up again: a virtual thread may have moved. */
    public static void end(int k, long requested, long bytes, long t0) { end(k, requested, bytes, t0, null); }

    /**
     * After a native call on an I/O object (the FileDescriptor of a stream, channel or socket) that succeeded.
     * Its first calls are walked too, so a site that opens its own file or connection is seen however busy the
     * thread already is with the same kind. The object must not be one the JDK or the application may hold
     * locked: on JDK 17 the identity hash of a locked object inflates its lock.
     *
     * <p>All or nothing at the edge of the stack: either the call is counted and this returns normally, or a
     * StackOverflowError leaves before anything is counted (in the slot's lookup) and the hook counts the call in
     * {@link #EDGE}. Once the call is counted, an overflow in its latency sample or site walk loses only that.
     */
    public static void end(int k, long requested, long bytes, long t0, Object on) {
        Slot s = slot();
        long[] c = s.c;
        int b = k * STRIDE;
        long n = c[b]++;
        c[b + REQUESTED] += requested;
        c[b + BYTES] += bytes;
        try {
            after(s, c, k, n, t0, on);
        } catch (StackOverflowError e) {
            // the call is counted; its latency sample or site walk is what the stack had no room for
        }
    }

    /** As {@link #end(int, long, long, long, Object)} for a call of kind k that issued one more syscall, of kind {@code also}. */
    public static void end(int k, long t0, Object on, int also) {
        Slot s = slot();
        long[] c = s.c;
        long n = c[k * STRIDE]++, m = c[also * STRIDE]++;
        try {
            after(s, c, k, n, t0, on);
            after(s, c, also, m, 0L, null);
        } catch (StackOverflowError e) {
            // both are counted
        }
    }

    /**
     * A native call that issued several syscalls: {@code times[i]} of kind {@code kinds[i]}, the first kind being the
     * call's own (timed from t0). All or nothing as {@link #end(int, long, long, long, Object)}; a hook that catches
     * the overflow adds the same arrays to {@link #EDGE} in a loop.
     */
    public static void end(int[] kinds, int[] times, long t0) {
        Slot s = slot();
        long[] c = s.c;
        long first = c[kinds[0] * STRIDE];
        for (int i = 0; i < kinds.length; i++) c[kinds[i] * STRIDE] += times[i];
        try {
            if (times[0] > 0) after(s, c, kinds[0], first, t0, null);
            for (int i = 1; i < kinds.length; i++) if (times[i] > 0) after(s, c, kinds[i], c[kinds[i] * STRIDE] - 1, 0L, null);
        } catch (StackOverflowError e) {
            // all are counted
        }
    }

    /** The latency sample and the site walk of call n of kind k, once it is counted. */
    private static void after(Slot s, long[] c, int k, long n, long t0, Object on) {
        int b = k * STRIDE;
        if (t0 != 0L) time(c, b, t0);
        if (!sitesOn) return;
        // One comparison, true from the first call on, so the JIT compiles the walk in. The former tests, first
        // true at call 16,384, made it trap there and recompile every I/O path this was inlined into.
        // (>=, not ==: failed calls count without walking and may step over the number.)
        boolean due = n >= c[b + NEXT_WALK];
        if (on != null && WalkSchedule.firstCallOn(s.seen, k, System.identityHashCode(on)) && !due) objectWalk(s, c, k, n, on);
        else if (due) walk(s, c, k, n, on);
    }

    private static void walk(Slot s, long[] c, int k, long n, Object on) {
        int b = k * STRIDE;
        WalkSchedule ws = schedule;
        long start = c[b + WINDOW_START], i = Math.max(0, n - start);
        c[b + NEXT_WALK] = start + ws.next(i);
        long lendable = c[b + LENDABLE];
        c[b + LENDABLE] = 0;
        if (s.own || s.walking) {
            s.turnedTo[k] = null;
            return;
        }
        long w = ws.weight(i);
        CallSites.Site site = site(s, k, w, on);
        if (site != null) handOver(s, k, n, lendable, site, s.resource);
        s.turnedTo[k] = null;
        s.lastScheduled[k] = site;
        s.lastResource[k] = s.resource;
        if (site != null) c[b + LENDABLE] = w - 1;
    }

    /**
     * The thread turned to a new object in the gap that ends here (an object walk) and this walk finds it still
     * on it (the same resource; without one, the same site): the gap's calls from that turn on were the object's,
     * not the previous walk's, and go to this walk's site (a file opened at one line and read at another: the
     * reads). Without this, a thread that finishes with one file and goes on with another leaves up to a whole
     * period of the second file's calls on the first. A one-off call on a new object, after which the thread goes
     * back to its busy one, keeps only its own calls.
     */
    private static void handOver(Slot s, int k, long n, long lendable, CallSites.Site now, String resource) {
        CallSites.Site to = s.turnedTo[k];
        if (to == null || s.lastScheduled[k] == null) return;
        boolean still = resource != null ? resource.equals(s.turnedToResource[k]) : to == now && s.turnedToResource[k] == null;
        if (!still) return;
        long calls = Math.min(lendable, n - s.turnedAt[k] - s.turnedTaken[k]);
        if (calls <= 0) return;
        s.lastScheduled[k].take(calls, s.lastResource[k]);
        now.add(calls, resource);
    }

    /**
     * A walk off the schedule, within a budget (a thread that turns to a new object at every call must not walk
     * at every call). It stands for its own call only, which the last scheduled walk stood for until now, unless
     * the next scheduled walk finds the thread still on its resource ({@link #handOver}).
     */
    private static void objectWalk(Slot s, long[] c, int k, long n, Object on) {
        int b = k * STRIDE;
        if (s.own || s.walking || !schedule.objectWalkFits(c[b + OBJECT_WALKS], Math.max(0, n - c[b + WINDOW_START]))) return;
        c[b + OBJECT_WALKS]++;
        CallSites.Site site = site(s, k, 1, on);
        if (site == null || c[b + LENDABLE] <= 0) return;
        s.lastScheduled[k].take(1, s.lastResource[k]);
        c[b + LENDABLE]--;
        if (s.turnedTo[k] == site && Objects.equals(s.turnedToResource[k], s.resource)) {
            s.turnedTaken[k]++;
        } else {
            s.turnedTo[k] = site;
            s.turnedToResource[k] = s.resource;
            s.turnedAt[k] = n;
            s.turnedTaken[k] = 1;
        }
    }

    /** One more syscall of kind k that the same native issued (e.g. the fstat after an open). */
    public static void count(int k) { end(k, 0L, 0L, 0L); }

    /** After a native call that failed with an exception (the syscall returned -1). */
    public static void fail(int k, Throwable e, long t0) { failed(k, null, e, t0); }

    /** After a native call that reported a failure by status code (EAGAIN, EINTR). */
    public static void failed(int k, String code, long t0) { failed(k, code, null, t0); }

    /** All or nothing as {@link #end}: at the edge of the stack the error's class may be what is lost. */
    private static void failed(int k, String code, Throwable e, long t0) {
        Slot s = slot();
        long[] c = s.c;
        int b = k * STRIDE;
        c[b]++;
        c[b + ERRORS]++;
        try {
            if (t0 != 0L) time(c, b, t0);
            ErrorsByClass.increment((s.own ? "own:" : "") + Syscall.NAMES[k] + ":" + (code != null ? code : e.getClass().getName()));
        } catch (StackOverflowError overflow) {
            // the failed call is counted
        }
    }

    private static void time(long[] c, int b, long t0) {
        long ns = System.nanoTime() - t0;
        int bucket = Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros(ns | 1L));
        // no call below: an overflow above leaves the three consistent
        c[b + TIMED]++;
        c[b + SUM_NS] += ns;
        c[b + HIST + bucket]++;
    }

    /**
     * The walk of a call on {@code on} also names the descriptor's resource ({@link DescriptorNames}, whose reads
     * are the agent's own), or is the resource when a hook knows it without a descriptor (the selector's wakeup fd);
     * calls without one (path-based, epoll's) have none.
     */
    private static CallSites.Site site(Slot s, int k, long weight, Object on) {
        s.walking = true; // the walk may load classes, whose I/O must not recurse into a walk
        s.resource = null;
        try {
            CallSites.Site site = CallSites.record(k, weight);
            String r = on instanceof FileDescriptor ? DescriptorNames.of((FileDescriptor) on) : on instanceof String ? (String) on : null;
            if (r != null) site.used(r, weight);
            s.resource = r;
            SiteListener l = CallSites.listener();
            if (l != null) tell(s, l, k, site.api, weight);
            return site;
        } catch (Throwable e) {
            // a failed walk loses one site sample, never the application's call
            if (DEBUG) e.printStackTrace();
            return null;
        } finally {
            s.walking = false;
        }
    }

    /**
     * The listener's work (a JFR event, the classes it may load) is the agent's, not the application's; a listener
     * that fails loses its event, never the site.
     */
    private static void tell(Slot s, SiteListener l, int k, String api, long weight) {
        boolean own = s.own;
        long[] c = s.c;
        s.own = true;
        s.c = s.mine;
        try {
            l.walked(k, api, weight);
        } catch (Throwable e) {
            if (DEBUG) e.printStackTrace();
        } finally {
            s.own = own;
            s.c = c;
        }
    }

    public static int latencySampleEvery() { return latencyMask + 1; }
    public static int siteSampleEvery() { return schedule.period(); }
    public static int siteAlwaysFirst() { return schedule.first; }
    public static int siteObjectFirst() { return WalkSchedule.OBJECT_FIRST; }
}
