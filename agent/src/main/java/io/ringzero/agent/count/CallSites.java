package io.ringzero.agent.count;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

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
        List<StackWalker.StackFrame> stack = WALKER.walk(s -> s.limit(64 + depth).collect(Collectors.toList()));
        List<String> frames = new ArrayList<>(depth);
        for (StackWalker.StackFrame f : stack) {
            String cls = f.getClassName();
            if (isAgent(cls) || (frames.isEmpty() && isJdk(cls))) continue;
            frames.add(f.toStackTraceElement().toString());
            if (frames.size() == depth) break;
        }
        // No application frame: the JDK itself (class loading, JVM start-up) made the call.
        String api = frames.isEmpty() ? null : apiOf(stack);
        String key = kind + "|" + api + "|" + String.join("|", frames);
        Site site = SITES.computeIfAbsent(key, x -> new Site(kind, api, List.copyOf(frames)));
        site.walks.increment();
        site.weight.add(weight);
    }

    private static String apiOf(List<StackWalker.StackFrame> stack) {
        String api = null;
        for (StackWalker.StackFrame f : stack) {
            String cls = f.getClassName();
            if (isAgent(cls)) continue;
            if (!isJdk(cls)) return api;
            api = cls + "." + f.getMethodName();
        }
        return api;
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
