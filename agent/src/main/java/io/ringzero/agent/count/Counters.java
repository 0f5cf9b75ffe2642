package io.ringzero.agent.count;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-thread syscall counters: the only class the hooks call. Lives in the bootstrap class loader.
 *
 * <p>Each platform thread (for virtual threads: each carrier thread) owns a plain {@code long[]} that only it
 * writes, so the hot path is a thread-local lookup and a few array increments: no lock, no CAS, no
 * allocation. Readers sum all arrays; the arrays of dead threads are folded into {@link #retired}.
 */
public final class Counters {
    public static final int CALLS = 0, ERRORS = 1, REQUESTED = 2, BYTES = 3, TIMED = 4, SUM_NS = 5, HIST = 6;
    public static final int BUCKETS = 40;
    /** The call number at which this thread walks the stack next for this kind (not a count: never summed by readers). */
    static final int NEXT_WALK = HIST + BUCKETS;
    /** Walks made for the first calls on an I/O object (budgeted), and calls of the last scheduled walk not yet taken by them. */
    static final int OBJECT_WALKS = NEXT_WALK + 1, LENDABLE = NEXT_WALK + 2;
    public static final int STRIDE = NEXT_WALK + 3;
    public static final int SIZE = Syscall.COUNT * STRIDE;

    /** Timing every call would double a cheap syscall's cost; time one call in latencyMask+1 per thread and kind. */
    static int latencyMask = 63;
    static int siteMask = 16383;
    static int siteFirst = 32;
    static boolean sitesOn = true;
    /** The first calls walked on each I/O object a thread turns to (a new stream, socket or channel). */
    static final int OBJECT_FIRST = 4;
    /** Objects remembered per thread and kind (direct-mapped by identity hash): alternating among them walks nothing. */
    static final int WAYS = 8;
    /**
     * Object walks allowed per thread and kind: this many, then as many as the schedule makes (one per period). A walk
     * that is not yet compiled costs ~100 µs: a thread with a new stream at every call must not walk at every call.
     */
    static final int OBJECT_BUDGET_FIRST = 64;
    private static final boolean DEBUG = System.getenv("RZ_DEBUG") != null;

    private static final ThreadLocal<Slot> LOCAL = ThreadSlots.create();
    private static final ConcurrentLinkedQueue<Slot> SLOTS = new ConcurrentLinkedQueue<>();
    private static final long[] retired = new long[SIZE];
    private static final long[] retiredOwn = new long[SIZE];
    private static final Map<String, LongAdder> ERRORS_BY_CLASS = new ConcurrentHashMap<>();

    /**
     * One thread's counters: the application's and the agent's own, with {@code c} pointing at the one in use,
     * so that the hot path never tests whose call it is.
     */
    public static final class Slot {
        final long[] app = new long[SIZE];
        final long[] mine = new long[SIZE];
        long[] c = app;
        /** Per kind and way: an object's identity hash (high half) and how many of its calls were walked (low half). */
        final long[] seen = new long[Syscall.COUNT * WAYS];
        /** Per kind: the site of the last scheduled walk, from which object walks in its gap take their calls. */
        final CallSites.Site[] lastScheduled = new CallSites.Site[Syscall.COUNT];
        final WeakReference<Thread> owner;
        boolean own;
        boolean walking;

        Slot(Thread owner) { this.owner = owner == null ? null : new WeakReference<>(owner); }
    }

    private Counters() { }

    public static void configure(int latencyEvery, int siteEvery, int siteAlwaysFirst, boolean sites) {
        latencyMask = latencyEvery - 1;
        siteMask = siteEvery - 1;
        siteFirst = siteAlwaysFirst;
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
        LOCAL.set(s);
        SLOTS.add(s);
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
     */
    public static void end(int k, long requested, long bytes, long t0, Object on) {
        Slot s = slot();
        long[] c = s.c;
        int b = k * STRIDE;
        long n = c[b]++;
        c[b + REQUESTED] += requested;
        c[b + BYTES] += bytes;
        if (t0 != 0L) time(c, b, t0);
        if (!sitesOn) return;
        // One comparison, true from the first call on, so the JIT compiles the walk in. The former tests, first
        // true at call 16,384, made it trap there and recompile every I/O path this was inlined into.
        // (>=, not ==: failed calls count without walking and may step over the number.)
        boolean due = n >= c[b + NEXT_WALK];
        if (on != null && firstCallOn(s, k, System.identityHashCode(on)) && !due) objectWalk(s, c, k, n);
        else if (due) walk(s, c, k, n);
    }

    /** Whether this is one of the first calls of its kind on this object, counting it if so. */
    private static boolean firstCallOn(Slot s, int k, int hash) {
        int i = k * WAYS + (hash & (WAYS - 1));
        long e = s.seen[i];
        if ((int) (e >>> 32) != hash) e = (long) hash << 32; // another object in this way: its count starts
        else if ((int) e >= OBJECT_FIRST) return false;
        s.seen[i] = e + 1;
        return true;
    }

    private static void walk(Slot s, long[] c, int k, long n) {
        int b = k * STRIDE;
        c[b + NEXT_WALK] = nextWalk(n);
        c[b + LENDABLE] = 0;
        if (s.own || s.walking) return;
        long w = weight(n);
        CallSites.Site site = site(s, k, w);
        s.lastScheduled[k] = site;
        if (site != null) c[b + LENDABLE] = w - 1;
    }

    /**
     * A walk off the schedule, within a budget (a thread that turns to a new object at every call must not walk
     * at every call). It stands for its own call only, which the last scheduled walk stood for until now.
     */
    private static void objectWalk(Slot s, long[] c, int k, long n) {
        int b = k * STRIDE;
        if (s.own || s.walking || c[b + OBJECT_WALKS] >= OBJECT_BUDGET_FIRST + (n >>> Integer.bitCount(siteMask))) return;
        c[b + OBJECT_WALKS]++;
        if (site(s, k, 1) == null || c[b + LENDABLE] <= 0) return;
        c[b + LENDABLE]--;
        s.lastScheduled[k].take(1);
    }

    /**
     * After a walk at call n, the next: the first siteFirst calls of a thread and kind, then calls at powers of two
     * (so a thread's early sites are seen at every scale), then one in siteMask+1.
     */
    static long nextWalk(long n) {
        if (n + 1 < siteFirst) return n + 1;
        long power = Long.highestOneBit(n) << 1, period = (n | siteMask) + 1;
        return n == 0 ? 1 : Math.min(power, period);
    }

    /** How many calls a walk at call n stands for: the calls up to the next walk of the same thread and kind. */
    static long weight(long n) {
        if (n < siteFirst) return 1;
        if (n <= siteMask) return Math.min(n, siteMask + 1 - n); // a power of two: n .. 2n, or up to the period
        return siteMask + 1;
    }

    /** One more syscall of kind k that the same native issued (e.g. the fstat after an open). */
    public static void count(int k) { end(k, 0L, 0L, 0L); }

    /** After a native call that failed with an exception (the syscall returned -1). */
    public static void fail(int k, Throwable e, long t0) { failed(k, e.getClass().getName(), t0); }

    /** After a native call that reported a failure by status code (EAGAIN, EINTR). */
    public static void failed(int k, String code, long t0) {
        Slot s = slot();
        long[] c = s.c;
        int b = k * STRIDE;
        c[b]++;
        c[b + ERRORS]++;
        if (t0 != 0L) time(c, b, t0);
        // get, then putIfAbsent: no lambda, whose bootstrap would cost milliseconds at the first error
        String key = (s.own ? "own:" : "") + Syscall.NAMES[k] + ":" + code;
        LongAdder n = ERRORS_BY_CLASS.get(key);
        if (n == null) {
            LongAdder fresh = new LongAdder();
            n = ERRORS_BY_CLASS.putIfAbsent(key, fresh);
            if (n == null) n = fresh;
        }
        n.increment();
    }

    private static void time(long[] c, int b, long t0) {
        long ns = System.nanoTime() - t0;
        c[b + TIMED]++;
        c[b + SUM_NS] += ns;
        c[b + HIST + Math.min(BUCKETS - 1, 63 - Long.numberOfLeadingZeros(ns | 1L))]++;
    }

    private static CallSites.Site site(Slot s, int k, long weight) {
        s.walking = true; // the walk may load classes, whose I/O must not recurse into a walk
        try {
            return CallSites.record(k, weight);
        } catch (Throwable e) {
            // a failed walk loses one site sample, never the application's call
            if (DEBUG) e.printStackTrace();
            return null;
        } finally {
            s.walking = false;
        }
    }

    /** Sums of every thread's counters: the application's ({@code own=false}) or the agent's. */
    public static long[] totals(boolean own) {
        long[] sum = new long[SIZE];
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
        return sum;
    }

    private static void add(long[] into, long[] from) {
        for (int i = 0; i < into.length; i++) into[i] += from[i];
    }

    /** Error counts by "syscall:class" (application) or "own:syscall:class" (agent). */
    public static Map<String, Long> errors() {
        Map<String, Long> m = new java.util.TreeMap<>();
        for (Map.Entry<String, LongAdder> e : ERRORS_BY_CLASS.entrySet()) m.put(e.getKey(), e.getValue().sum());
        return m;
    }

    public static int latencySampleEvery() { return latencyMask + 1; }
    public static int siteSampleEvery() { return siteMask + 1; }
    public static int siteAlwaysFirst() { return siteFirst; }
    public static int siteObjectFirst() { return OBJECT_FIRST; }
}
