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
 * Every syscall the kernel counted, per {@link Category}: the threads' names decide (but where the stack of a JVM
 * thread's call names a subsystem, the JDK's natives, a library or the profiler); on the application's threads,
 * in this order, the stacks the kernel recorded (where one decides: {@link StackCategory}; calls through the JDK's
 * natives are {@code java_io} by their stack), the agent's Java-level counts of a kind are {@code java_io} (at most what the kernel saw on those
 * threads), the agent's own Java-level I/O beyond what its threads made is {@code agent}, the profiler's calls on the threads it samples are {@code agent} (with perf events, per sample two
 * {@code ioctl} and one {@code rt_sigreturn}; with the timer engines one {@code rt_sigreturn}; the tracer's
 * {@code uretprobe} returns), and the thread
 * synchronisation kinds are {@code thread_sync}; what is left is {@code unexplained}. Needs the kernel's per-thread
 * counts ({@code kernel_oracle.threads}) of every run it sums.
 *
 * @param byCategory calls per category, over all kinds
 * @param byKind     per kind, calls per category
 * @param threads    the threads, most syscalls first
 * @param libraries  the calls of {@code native_library} per library file
 * @param stacks     the kernel's stacks with their categories, most calls first (empty without stacks)
 */
public record Attribution(Map<Category, Long> byCategory, Map<String, Map<Category, Long>> byKind, List<Thread> threads,
                          Map<String, Long> libraries, List<Stack> stacks) {

    /**
     * Calls of one kind from one user-space stack on one thread, and the category their thread's name or their stack
     * gave them; null when neither did (the Java-level counts and the kind place them, or they stay unexplained).
     */
    public record Stack(String run, String thread, String kind, long calls, Category category, String library, List<String> frames) {
    }

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
        List<Stack> stacks = new ArrayList<>();
        Map<String, Long> libraries = new TreeMap<>();
        Map<String, Long> agentByStack = new TreeMap<>();
        Map<String, Long> javaByStack = new TreeMap<>();
        for (LoadedRun r : runs) {
            Map<Long, String> names = new java.util.HashMap<>();
            for (Run.KernelThread t : r.run().kernelOracle().threads()) {
                String name = r.run().threadName(t.tid(), t.name());
                names.put(t.tid(), name);
                Category c = Category.ofThread(name);
                threads.add(new Thread(r.label(), t.tid(), name, c, t.calls(), t.syscalls()));
                t.syscalls().forEach((kind, n) -> byKind.computeIfAbsent(kind, k -> new EnumMap<>(Category.class)).merge(c, n, Long::sum));
            }
            stacks.addAll(stacksOf(r, names, byKind, libraries, agentByStack, javaByStack));
        }
        // The application's threads made the Java-level calls: each kind's count moves from "unexplained" to java_io.
        for (Map.Entry<String, Map<Category, Long>> e : byKind.entrySet()) {
            // (less what the stacks placed there already: the agent counted those calls too)
            move(e.getValue(), Category.JAVA_IO, javaByKind.getOrDefault(e.getKey(), 0L) - javaByStack.getOrDefault(e.getKey(), 0L));
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
                long left = n - m.getOrDefault(Category.AGENT, 0L);
                // with stacks, its calls through the JDK's natives were java_io by their stack: what the stacks put
                // there beyond the agent's count of the application's calls comes back first
                long beyond = javaByStack.getOrDefault(kind, 0L) - javaByKind.getOrDefault(kind, 0L);
                move(m, Category.AGENT, left - move(m, Category.JAVA_IO, Category.AGENT, Math.min(left, beyond)));
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
        // the profiler's calls its own stacks already placed are not placed twice
        move(byKind.getOrDefault("rt_sigreturn", new EnumMap<>(Category.class)), Category.AGENT,
                samples - agentByStack.getOrDefault("rt_sigreturn", 0L));
        move(byKind.getOrDefault("ioctl", new EnumMap<>(Category.class)), Category.AGENT,
                2 * perfSamples - agentByStack.getOrDefault("ioctl", 0L));
        for (String kind : TRACER_KINDS) {
            move(byKind.getOrDefault(kind, new EnumMap<>(Category.class)), Category.AGENT, Long.MAX_VALUE);
        }
        for (String kind : THREAD_SYNC_KINDS) {
            move(byKind.getOrDefault(kind, new EnumMap<>(Category.class)), Category.THREAD_SYNC, Long.MAX_VALUE);
        }
        byKind.values().forEach(m -> m.values().removeIf(v -> v == 0));
        Map<Category, Long> totals = new EnumMap<>(Category.class);
        byKind.values().forEach(m -> m.forEach((c, n) -> totals.merge(c, n, Long::sum)));
        threads.sort(Comparator.comparingLong(Thread::calls).reversed());
        stacks.sort(Comparator.comparingLong(Stack::calls).reversed());
        return new Attribution(totals, byKind, List.copyOf(threads), libraries, List.copyOf(stacks));
    }

    /**
     * A run's stacks with their categories: on a JVM or RingZero thread its name's, on the application's the stack's
     * where it decides (those calls move out of {@code unexplained} at once), else {@code unexplained} for now (the
     * Java-level counts and the kinds place them below).
     */
    private static List<Stack> stacksOf(LoadedRun r, Map<Long, String> names, Map<String, Map<Category, Long>> byKind,
                                        Map<String, Long> libraries, Map<String, Long> agentByStack,
                                        Map<String, Long> javaByStack) {
        List<Run.KernelStack> kernel = r.run().kernelOracle().stacks();
        if (kernel == null) {
            return List.of();
        }
        List<Stack> out = new ArrayList<>(kernel.size());
        for (Run.KernelStack s : kernel) {
            String name = names.getOrDefault(s.tid(), "(unnamed)");
            Category thread = Category.ofThread(name), c = thread == Category.UNEXPLAINED ? null : thread;
            String library = null;
            if (thread == Category.UNEXPLAINED || JVM_THREADS.contains(thread)) {
                StackCategory.Decision d = TRACER_KINDS.contains(s.syscall()) ? new StackCategory.Decision(Category.AGENT, null)
                        : StackCategory.of(s.frames());
                if (d != null && d.category() != thread && (thread == Category.UNEXPLAINED || ON_JVM_THREADS.contains(d.category()))) {
                    long moved = move(byKind.computeIfAbsent(s.syscall(), k -> new EnumMap<>(Category.class)), thread, d.category(), s.calls());
                    if (moved > 0) {
                        c = d.category();
                        library = d.library();
                        if (library != null) {
                            libraries.merge(library, moved, Long::sum);
                        }
                        if (c == Category.AGENT) {
                            agentByStack.merge(s.syscall(), moved, Long::sum);
                        } else if (c == Category.JAVA_IO) {
                            javaByStack.merge(s.syscall(), moved, Long::sum);
                        }
                    }
                }
            }
            out.add(new Stack(r.label(), name, s.syscall(), s.calls(), c, library, s.frames()));
        }
        return out;
    }

    /** The JVM's threads, whose stacks decide over their names where they say more than "the JVM". */
    private static final List<Category> JVM_THREADS = List.of(Category.JIT, Category.GC, Category.JVM_OTHER);
    /**
     * What a stack may decide on a JVM thread: a subsystem (the VM thread's GC pauses are {@code gc}), the JDK's
     * natives (the JDK's own Java threads' I/O), a native library, the profiler's signal handler; not the JVM's
     * helpers alone ({@code jvm_other}: the name says more) nor waits (the JVM's threads' own).
     */
    private static final List<Category> ON_JVM_THREADS = List.of(Category.GC, Category.JIT, Category.CLASS_LOADING,
            Category.JAVA_IO, Category.NATIVE_LIBRARY, Category.AGENT);

    /**
     * RingZero's tracer's own, whatever the stack: the return through a uretprobe, a syscall on Linux 6.11 and later
     * (run files recorded before the tracer gave up its uretprobe on {@code realpath}).
     */
    static final List<String> TRACER_KINDS = List.of("uretprobe");

    /** On an application thread, these are waits for other threads (park/unpark and monitors are futexes). */
    static final List<String> THREAD_SYNC_KINDS = List.of("futex", "nanosleep", "clock_nanosleep", "sched_yield");

    /** Moves up to {@code limit} of a kind's application-thread calls (still unexplained) to another category. */
    private static long move(Map<Category, Long> kind, Category to, long limit) {
        return move(kind, Category.UNEXPLAINED, to, limit);
    }

    /** Moves up to {@code limit} of a kind's calls from one category to another; returns how many moved. */
    private static long move(Map<Category, Long> kind, Category from, Category to, long limit) {
        long there = kind.getOrDefault(from, 0L), moved = Math.min(there, limit);
        if (moved <= 0) {
            return 0;
        }
        kind.merge(to, moved, Long::sum);
        kind.put(from, there - moved);
        return moved;
    }

    public long total() {
        return byCategory.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Calls in any category but {@code unexplained}. */
    public long explained() {
        return total() - byCategory.getOrDefault(Category.UNEXPLAINED, 0L);
    }

    /**
     * A category's biggest stacks that have frames; for {@code unexplained}, the application threads' stacks nothing
     * placed, of the kinds that still have unexplained calls (which of those calls stayed unexplained is not known).
     */
    public List<Stack> topStacks(Category c, int n) {
        return stacks.stream().filter(s -> !s.frames().isEmpty())
                .filter(s -> c == Category.UNEXPLAINED
                        ? s.category() == null && byKind.getOrDefault(s.kind(), Map.of()).getOrDefault(Category.UNEXPLAINED, 0L) > 0
                        : s.category() == c)
                .limit(n).toList();
    }

    /** A native library's kinds by its stacks, most calls first. */
    public List<Map.Entry<String, Long>> libraryKinds(String library, int n) {
        Map<String, Long> m = new TreeMap<>();
        stacks.stream().filter(s -> s.category() == Category.NATIVE_LIBRARY && library.equals(s.library()))
                .forEach(s -> m.merge(s.kind(), s.calls(), Long::sum));
        return m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n).toList();
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
