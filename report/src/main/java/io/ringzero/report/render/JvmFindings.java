package io.ringzero.report.render;

import io.ringzero.report.attribution.Attribution;
import io.ringzero.report.attribution.Category;
import io.ringzero.report.runfile.Run;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Findings about the syscalls the JVM makes on its own, from the kernel's per-thread counts: what its compiler
 * threads ask the kernel for, and how often the application's threads hand work to each other. Each advice fits
 * the layer that makes the calls (a JDK version, a JVM flag, the application's threading), never a change to JDK
 * code. Silent without per-thread counts.
 */
final class JvmFindings {

    /** A JVM pattern must make at least this share of the process's syscalls to be worth a finding. */
    static final double MIN_SHARE = 0.05;
    /**
     * Every Java thread that sleeps or wakes another passes through futex (safepoints, the JIT's installs, monitors);
     * only a larger share says the application's threads wait for each other as a pattern.
     */
    static final double MIN_FUTEX_SHARE = 0.15;
    static final long MIN_CALLS = 1_000;

    private JvmFindings() {
    }

    static void add(String run, View v, Run.Jvm jvm, Attribution a, List<Finding> out) {
        if (a == null || a.total() == 0) {
            return;
        }
        int major = major(jvm);
        jitGettid(run, v, a, major, out);
        compilerMemoryPolling(run, v, a, out);
        threadHandoffs(run, v, a, out);
    }

    /** HotSpot's compilers on JDK 17-20 call gettid in every class lookup by name; JDK-8304743 (JDK 21) removed it. */
    private static void jitGettid(String run, View v, Attribution a, int major, List<Finding> out) {
        long n = callsOn(a, Category.JIT, "gettid");
        if (major < 17 || major > 20 || !worthIt(n, a)) {
            return;
        }
        out.add(new Finding(run, "The JIT compiler threads call gettid over and over", "gettid", List.of(
                Fmt.count(n) + " gettid calls from the JIT compiler threads: " + share(n, a) + " of the "
                        + Fmt.count(a.total()) + " syscalls the kernel counted in the process, "
                        + Fmt.rate(v.callsPerSecond(n)) + " per second.",
                "By thread: " + perThread(a, Category.JIT, "gettid") + ".",
                "The JVM is HotSpot " + major + ": its compilers ask for their thread id each time they take and give "
                        + "back the tty lock while resolving a class by name (ciEnv::get_klass_by_name_impl)."
                        + stackEvidence(a, Category.JIT, "gettid")),
                "Run on JDK 21 or later, where the compilers no longer make this call (JDK-8304743); no flag turns it off "
                        + "on JDK 17 to 20. It follows the amount of code compiled, not the application's I/O.",
                n, "on JDK 21 or later, whose compiler threads no longer call gettid", null));
    }

    /**
     * Dynamic compiler threads: each time compile tasks queue up, HotSpot asks how much memory is free (sysinfo,
     * and in a container the cgroup's memory files) to decide whether to start another compiler thread.
     */
    private static void compilerMemoryPolling(String run, View v, Attribution a, List<Finding> out) {
        long n = callsOn(a, Category.JIT, "sysinfo");
        if (n < MIN_CALLS) {
            return;
        }
        long opens = callsOn(a, Category.JIT, "openat");
        long files = opens + callsOn(a, Category.JIT, "close") + callsOn(a, Category.JIT, "newfstatat") + callsOn(a, Category.JIT, "fstat");
        out.add(new Finding(run, "The JIT compiler threads poll the free memory", "sysinfo", List.of(
                Fmt.count(n) + " sysinfo calls from the JIT compiler threads (" + share(n, a) + " of the process's syscalls), "
                        + Fmt.rate(v.callsPerSecond(n)) + " per second: " + perThread(a, Category.JIT, "sysinfo") + "."
                        + stackEvidence(a, Category.JIT, "sysinfo"),
                opens == 0 ? "They opened no file."
                        : "The same threads made " + Fmt.count(files) + " openat, stat and close calls: under a cgroup v1 "
                        + "memory controller the JVM reads the cgroup's memory.limit_in_bytes and memory.stat before a sysinfo."),
                "HotSpot starts and stops compiler threads by the memory free (CompileBroker::possibly_add_compiler_threads "
                        + "-> os::available_memory). -XX:-UseDynamicNumberOfCompilerThreads starts them all up front and "
                        + "stops the polling; JDK updates with JDK-8343205 poll less often.",
                n + files, "with -XX:-UseDynamicNumberOfCompilerThreads, with which the compiler threads make no sysinfo call "
                        + "and open no file (their reads not counted)", null));
    }

    /**
     * Park and unpark are futex calls once a thread has to sleep: a thread pool that receives work from another
     * thread makes at least one wake-up and one wait per task.
     */
    private static void threadHandoffs(String run, View v, Attribution a, List<Finding> out) {
        long n = a.byKind().getOrDefault("futex", java.util.Map.of()).getOrDefault(Category.THREAD_SYNC, 0L);
        if (n < MIN_CALLS || n < MIN_FUTEX_SHARE * a.total()) {
            return;
        }
        out.add(new Finding(run, "The application's threads wake each other up (futex)", "futex", List.of(
                Fmt.count(n) + " futex calls on the application's threads: " + share(n, a) + " of the process's syscalls, "
                        + Fmt.rate(v.callsPerSecond(n)) + " per second. A Java thread calls futex when it parks, waits "
                        + "for a monitor or a condition and is woken, and when it wakes another.",
                "Most on: " + perThread(a, Category.UNEXPLAINED, "futex") + "."),
                "Each task handed to another thread (an executor, a blocking queue, a lock or a future someone waits on) "
                        + "costs a futex wake and a futex wait once the receiving thread sleeps: hand over fewer, larger "
                        + "pieces of work, or do the work on the thread that received it.",
                n, "if no thread had to sleep and be woken (an upper bound: some waits are real)", null));
    }

    private static boolean worthIt(long n, Attribution a) {
        return n >= MIN_CALLS && n >= MIN_SHARE * a.total();
    }

    private static long callsOn(Attribution a, Category c, String kind) {
        return a.byKind().getOrDefault(kind, java.util.Map.of()).getOrDefault(c, 0L);
    }

    /**
     * " The kernel's stack of most of them (N calls): FRAMES." when the kernel recorded stacks, else "": the evidence a
     * reader can check against the JVM's sources.
     */
    static String stackEvidence(Attribution a, Category c, String kind) {
        java.util.Map<List<String>, Long> byFrames = new java.util.LinkedHashMap<>();
        for (Attribution.Stack s : a.stacks()) {
            if (s.category() == c && s.kind().equals(kind) && !s.frames().isEmpty()) {
                byFrames.merge(s.frames(), s.calls(), Long::sum);
            }
        }
        return byFrames.entrySet().stream().max(java.util.Map.Entry.comparingByValue())
                .map(e -> " The kernel's stack of " + Fmt.count(e.getValue()) + " of them: " + ResourceStats.shown(String.join(" \u2190 ", e.getKey())) + ".")
                .orElse("");
    }

    /** The threads of a category that made the kind, most first, three at most: "C2 CompilerThre (tid 12) 25,514, ...". */
    private static String perThread(Attribution a, Category c, String kind) {
        List<Attribution.Thread> ts = a.threads().stream().filter(t -> t.category() == c && t.syscalls().getOrDefault(kind, 0L) > 0)
                .sorted(Comparator.comparingLong((Attribution.Thread t) -> t.syscalls().get(kind)).reversed()).toList();
        StringBuilder sb = new StringBuilder();
        for (Attribution.Thread t : ts.stream().limit(3).toList()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.name() == null ? "(unnamed)" : ResourceStats.shown(t.name()))
                    .append(" (tid ").append(t.tid()).append(") ").append(Fmt.count(t.syscalls().get(kind)));
        }
        if (ts.size() > 3) {
            sb.append(" and ").append(ts.size() - 3).append(" more");
        }
        return sb.toString();
    }

    private static String share(long n, Attribution a) {
        return Fmt.percent((double) n / a.total());
    }

    private static final Pattern MAJOR = Pattern.compile("^(?:1\\.)?(\\d+)");

    /** "17.0.15+6-Debian-1deb12u1" -> 17, "1.8.0_402" -> 8; 0 when unknown. */
    static int major(Run.Jvm jvm) {
        if (jvm == null || jvm.version() == null) {
            return 0;
        }
        Matcher m = MAJOR.matcher(jvm.version());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
