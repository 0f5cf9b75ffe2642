package io.ringzero.agent.count;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sampled stack walks that attribute syscalls to the application code that caused them. Off the hot path:
 * {@link Counters} calls it for the first calls of each thread and kind, then for one call in N.
 */
public final class CallSites {
    static int depth = 8;
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final Map<String, Site> SITES = new ConcurrentHashMap<>();

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
    }

    private CallSites() { }

    public static void configureDepth(int d) { depth = d; }

    public static int depth() { return depth; }

    static void record(int kind, long weight) {
        String[] api = new String[1];
        List<String> frames = WALKER.walk(stream -> collect(stream, api));
        String key = kind + "|" + api[0] + "|" + String.join("|", frames);
        Site site = SITES.computeIfAbsent(key, x -> new Site(kind, api[0], List.copyOf(frames)));
        site.walks.increment();
        site.weight.add(weight);
    }

    /**
     * Skips the agent's and the JDK's frames, remembering the last JDK one (the API the application called),
     * then keeps up to {@code depth} frames and stops: walking further would materialise frames for nothing.
     * No application frame at all means the JDK itself made the call (class loading, start-up).
     */
    private static List<String> collect(java.util.stream.Stream<StackWalker.StackFrame> stream, String[] api) {
        List<String> frames = new ArrayList<>(depth);
        String lastJdk = null;
        for (java.util.Iterator<StackWalker.StackFrame> it = stream.iterator(); it.hasNext() && frames.size() < depth; ) {
            StackWalker.StackFrame f = it.next();
            String cls = f.getClassName();
            if (isAgent(cls)) continue;
            if (frames.isEmpty() && isJdk(cls)) {
                lastJdk = cls + "." + f.getMethodName();
                continue;
            }
            frames.add(f.toStackTraceElement().toString());
        }
        api[0] = frames.isEmpty() ? null : lastJdk;
        return frames;
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
