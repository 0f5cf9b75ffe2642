package io.ringzero.report.attribution;

import io.ringzero.report.runfile.LoadedRun;
import io.ringzero.report.runfile.Run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every syscall the kernel counted, per {@link Category}: the threads' names decide; on the application's threads,
 * in this order, the agent's Java-level counts of a kind are {@code java_io} (at most what the kernel saw on those
 * threads), the agent's own Java-level I/O beyond what its threads made is {@code agent}, the profiler's calls on the threads it samples are {@code agent} (with perf events, per sample two
 * {@code ioctl} and one {@code rt_sigreturn}; with the timer engines one {@code rt_sigreturn}), and the thread
 * synchronisation kinds are {@code thread_sync}; what is left is {@code unexplained}. Needs the kernel's per-thread
 * counts ({@code kernel_oracle.threads}) of every run it sums.
 *
 * @param byCategory calls per category, over all kinds
 * @param byKind     per kind, calls per category
 * @param threads    the threads, most syscalls first
 */
public record Attribution(Map<Category, Long> byCategory, Map<String, Map<Category, Long>> byKind, List<Thread> threads) {

    /** One thread of one run, with its category (by name) and its syscalls. */
    public record Thread(String run, long tid, String name, Category category, long calls, Map<String, Long> syscalls) {
        /** Its kinds, most calls first. */
        public List<Map.Entry<String, Long>> topKinds(int n) {
            return syscalls.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n).toList();
        }
    }

    /**
     * @param javaByKind the agent's application counts per kind, summed over the same runs
     * @return null unless every run carries per-thread kernel counts
     */
    public static Attribution of(List<LoadedRun> runs, Map<String, Long> javaByKind) {
        if (runs.isEmpty() || runs.stream().anyMatch(r -> r.run().kernelOracle() == null || r.run().kernelOracle().threads() == null)) {
            return null;
        }
        Map<String, Map<Category, Long>> byKind = new TreeMap<>();
        List<Thread> threads = new ArrayList<>();
        for (LoadedRun r : runs) {
            for (Run.KernelThread t : r.run().kernelOracle().threads()) {
                String name = r.run().threadName(t.tid(), t.name());
                Category c = Category.ofThread(name);
                threads.add(new Thread(r.label(), t.tid(), name, c, t.calls(), t.syscalls()));
                t.syscalls().forEach((kind, n) -> byKind.computeIfAbsent(kind, k -> new EnumMap<>(Category.class)).merge(c, n, Long::sum));
            }
        }
        // The application's threads made the Java-level calls: each kind's count moves from "unexplained" to java_io.
        for (Map.Entry<String, Map<Category, Long>> e : byKind.entrySet()) {
            move(e.getValue(), Category.JAVA_IO, javaByKind.getOrDefault(e.getKey(), 0L));
        }
        // The agent's own Java-level I/O made on the application's threads (premain, the attach listener): at least
        // its own count beyond what the kernel saw on its threads (a lower bound: those threads also make native calls).
        Map<String, Long> own = new TreeMap<>();
        for (LoadedRun r : runs) {
            if (r.run().agentOwn() != null && r.run().agentOwn().syscalls() != null) {
                r.run().agentOwn().syscalls().forEach(sc -> own.merge(sc.name(), sc.calls(), Long::sum));
            }
        }
        own.forEach((kind, n) -> {
            Map<Category, Long> m = byKind.get(kind);
            if (m != null) {
                move(m, Category.AGENT, n - m.getOrDefault(Category.AGENT, 0L));
            }
        });
        long samples = 0, perfSamples = 0;
        for (LoadedRun r : runs) {
            Run.Profile p = r.run().profile();
            if (p != null && p.samples() != null) {
                samples += p.samples();
                perfSamples += "cpu".equals(p.engine()) ? p.samples() : 0;
            }
        }
        move(byKind.getOrDefault("rt_sigreturn", new EnumMap<>(Category.class)), Category.AGENT, samples);
        move(byKind.getOrDefault("ioctl", new EnumMap<>(Category.class)), Category.AGENT, 2 * perfSamples);
        for (String kind : THREAD_SYNC_KINDS) {
            move(byKind.getOrDefault(kind, new EnumMap<>(Category.class)), Category.THREAD_SYNC, Long.MAX_VALUE);
        }
        byKind.values().forEach(m -> m.values().removeIf(v -> v == 0));
        Map<Category, Long> totals = new EnumMap<>(Category.class);
        byKind.values().forEach(m -> m.forEach((c, n) -> totals.merge(c, n, Long::sum)));
        threads.sort(Comparator.comparingLong(Thread::calls).reversed());
        return new Attribution(totals, byKind, List.copyOf(threads));
    }

    /** On an application thread, these are waits for other threads (park/unpark and monitors are futexes). */
    static final List<String> THREAD_SYNC_KINDS = List.of("futex", "nanosleep", "clock_nanosleep", "sched_yield");

    /** Moves up to {@code limit} of a kind's application-thread calls (still unexplained) to another category. */
    private static void move(Map<Category, Long> kind, Category to, long limit) {
        long app = kind.getOrDefault(Category.UNEXPLAINED, 0L), moved = Math.min(app, limit);
        if (moved > 0) {
            kind.merge(to, moved, Long::sum);
            kind.put(Category.UNEXPLAINED, app - moved);
        }
    }

    public long total() {
        return byCategory.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Calls in any category but {@code unexplained}. */
    public long explained() {
        return total() - byCategory.getOrDefault(Category.UNEXPLAINED, 0L);
    }

    /** Threads per category. */
    public long threadCount(Category c) {
        return threads.stream().filter(t -> t.category() == c).count();
    }

    /** A category's kinds, most calls first. */
    public List<Map.Entry<String, Long>> topKinds(Category c, int n) {
        Map<String, Long> m = new TreeMap<>();
        byKind.forEach((kind, cats) -> {
            Long v = cats.get(c);
            if (v != null) {
                m.put(kind, v);
            }
        });
        return m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n).toList();
    }
}
