package io.ringzero.agent.count;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Sampled stack walks that attribute syscalls to the application code that caused them. Off the hot path:
 * {@link Counters} calls it for the first calls of each thread and kind, then for one call in N.
 */
public final class CallSites {
    static int depth = 8;
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final Map<String, Site> SITES = new ConcurrentHashMap<>();
    /** Hook method -> the JDK native it stands for, for hooks called from the application's own classes. */
    private static final Map<String, String> DIRECT_CALLS = new ConcurrentHashMap<>();

    /** One call site of one syscall kind. */
    public static final class Site {
        public final int kind;
        public final String api;
        public final List<String> frames;
        final LongAdder walks = new LongAdder();
        final LongAdder weight = new LongAdder();

        Site(int kind, String api, List<String> frames) {
            this.kind = kind;
            this.api = api;
            this.frames = frames;
        }

        /** How many of this site's calls had their stack walked. */
        public long walks() { return walks.sum(); }
        /** How many calls those walks stand for, before scaling to the exact count. */
        public long weight() { return weight.sum(); }


        /** Per resource its walks used (a file's path, a socket's addresses): {walked weight, walks}. Null until one. */
        private Map<String, long[]> resources;

        /** A walk of this site that used {@code resource}; past MAX_RESOURCES new ones are left out (the site's rest). */
        void used(String resource, long w) { used(resource, w, 1); }

        private synchronized void used(String resource, long w, int walked) {
            if (resources == null) resources = new java.util.HashMap<>();
            long[] r = resources.get(resource);
            if (r == null) {
                if (resources.size() >= MAX_RESOURCES) return;
                resources.put(resource, r = new long[2]);
            }
            r[0] += w;
            r[1] += walked;
        }

        /** Calls handed over from another site's walk (see Counters.handOver), with the resource they used. */
        void add(long calls, String resource) {
            weight.add(calls);
            if (resource != null) used(resource, calls, 0);
        }

        /** Gives up calls that this site's last walk (which used {@code resource}, or none) stood for to walks that saw them. */
        void take(long calls, String resource) {
            weight.add(-calls);
            if (resource == null) return;
            synchronized (this) {
                long[] r = resources == null ? null : resources.get(resource);
                if (r != null) r[0] -= calls;
            }
        }

        /** A copy: resource -> {walked weight, walks}. */
        public synchronized Map<String, long[]> resources() {
            Map<String, long[]> copy = new java.util.HashMap<>();
            if (resources != null) for (Map.Entry<String, long[]> e : resources.entrySet()) copy.put(e.getKey(), e.getValue().clone());
            return copy;
        }
    }

    /** Resources kept per site: a site that turns to a new file at every call keeps its first ones. */
    static final int MAX_RESOURCES = 16;

    /** Told of every walk from now on, or null; set once JFR runs (io.ringzero.agent.live.JfrEvents). */
    private static volatile SiteListener listener;

    private CallSites() { }

    public static void listen(SiteListener l) { listener = l; }

    static SiteListener listener() { return listener; }

    public static void configureDepth(int d) { depth = d; }

    /** A hook whose calls the application's classes make themselves: its sites name this JDK method as their api. */
    public static void nameDirectCall(String hook, String api) { DIRECT_CALLS.put(hook, api); }

    public static int depth() { return depth; }

    static Site record(int kind, long weight) {
        Walk walk = new Walk();
        List<String> frames = WALKER.walk(walk);
        String key = kind + "|" + walk.api + "|" + String.join("|", frames);
        Site site = SITES.get(key);
        if (site == null) {
            Site fresh = new Site(kind, walk.api, List.copyOf(frames));
            site = SITES.putIfAbsent(key, fresh);
            if (site == null) site = fresh;
        }
        site.walks.increment();
        site.weight.add(weight);
        return site;
    }

    /**
     * Skips the agent's and the JDK's frames, remembering the last JDK one (the API the application called),
     * then keeps up to {@code depth} frames and stops: walking further would materialise frames for nothing.
     * No application frame at all means the JDK itself made the call (class loading, start-up).
     * A class, not a lambda: a lambda's bootstrap would cost milliseconds at the first walk.
     */
    private static final class Walk implements Function<Stream<StackWalker.StackFrame>, List<String>> {
        String api;

        @Override
        public List<String> apply(Stream<StackWalker.StackFrame> stream) {
            List<String> frames = new ArrayList<>(depth);
            String lastJdk = null;
            for (Iterator<StackWalker.StackFrame> it = stream.iterator(); it.hasNext() && frames.size() < depth; ) {
                StackWalker.StackFrame f = it.next();
                String cls = f.getClassName();
                if (isAgent(cls)) {
                    if (!DIRECT_CALLS.isEmpty()) lastJdk = DIRECT_CALLS.get(cls + "." + f.getMethodName());
                    continue;
                }
                if (frames.isEmpty() && isJdk(cls)) {
                    lastJdk = cls + "." + f.getMethodName();
                    continue;
                }
                frames.add(f.toStackTraceElement().toString());
            }
            api = frames.isEmpty() ? null : lastJdk;
            return frames;
        }
    }

    private static boolean isAgent(String cls) {
        return cls.startsWith("io.ringzero.agent.count.") || cls.startsWith("io.ringzero.agent.hook.");
    }

    static boolean isJdk(String cls) {
        return cls.startsWith("java.") || cls.startsWith("javax.") || cls.startsWith("jdk.")
                || cls.startsWith("sun.") || cls.startsWith("com.sun.");
    }

    public static List<Site> sites() { return new ArrayList<>(SITES.values()); }
}
