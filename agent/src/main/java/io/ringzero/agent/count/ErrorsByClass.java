package io.ringzero.agent.count;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Failed calls by "syscall:class" (application) or "own:syscall:class" (agent): rare, so a shared map will do. */
public final class ErrorsByClass {
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private ErrorsByClass() { }

    static void increment(String key) {
        // get, then putIfAbsent: no lambda, whose bootstrap would cost milliseconds at the first error
        LongAdder n = COUNTS.get(key);
        if (n == null) {
            LongAdder fresh = new LongAdder();
            n = COUNTS.putIfAbsent(key, fresh);
            if (n == null) n = fresh;
        }
        n.increment();
    }

    /** The counts so far, sorted by key. */
    public static Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        for (Map.Entry<String, LongAdder> e : COUNTS.entrySet()) m.put(e.getKey(), e.getValue().sum());
        return m;
    }
}
