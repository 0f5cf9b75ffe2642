package io.ringzero.report.attribution;

import java.util.List;

/**
 * Who made a syscall, as far as the kernel's per-thread counts and stacks tell: the Java-level I/O the agent counted,
 * the thread that made it, recognised by the name the JVM gave it, or on the application's threads the stack
 * ({@link StackCategory}). Thread names are HotSpot's (15 bytes, as the
 * kernel keeps them); a thread of another name is the application's.
 */
public enum Category {
    JAVA_IO("java_io", "Java-level I/O (the agent's counts)"),
    AGENT("agent", "RingZero: its threads, and its profiler's signals on the application's"),
    JIT("jit", "JIT compiler threads"),
    GC("gc", "GC threads"),
    CLASS_LOADING("class_loading", "class loading (jimage, jars, CDS) on any thread, by the stack"),
    NATIVE_LIBRARY("native_library", "other native libraries (JNI), by the stack; per library below"),
    JVM_OTHER("jvm_other", "other JVM threads (VM thread, periodic tasks, signals, reference handling)"),
    THREAD_SYNC("thread_sync", "application threads parking, waiting on monitors, sleeping, yielding"),
    UNEXPLAINED("unexplained", "application threads, outside Java-level I/O");

    public final String id;
    public final String label;

    Category(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** Whether threads are counted in it: the others are shares of the application threads' calls. */
    public boolean hasOwnThreads() {
        return this == AGENT || this == JIT || this == GC || this == JVM_OTHER || this == UNEXPLAINED;
    }

    private static final List<String> JIT_NAMES = List.of("C1 CompilerThre", "C2 CompilerThre", "Sweeper thread", "JVMCI");
    private static final List<String> GC_NAMES = List.of("GC Thread#", "G1 ", "ZWorker", "ZDirector", "ZDriver", "ZStat",
            "ZUncommitter", "ZUnmapper", "Shenandoah", "Parallel GC", "PS ", "GC ");
    private static final List<String> JVM_NAMES = List.of("VM Thread", "VM Periodic Tas", "Service Thread",
            "Monitor Deflati", "Signal Dispatch", "Reference Handl", "Finalizer", "Common-Cleaner", "Notification Th",
            "Attach Listener", "JFR ", "VM JFR ", "java");

    /**
     * The category of a thread's syscalls by its name alone: {@code UNEXPLAINED} stands for the application's
     * threads (their Java-level I/O is taken out of it by {@link Attribution}). {@code java} is the launcher's
     * primordial thread, which starts the JVM and waits.
     */
    public static Category ofThread(String name) {
        if (name == null) {
            return UNEXPLAINED;
        }
        if (name.startsWith("ringzero-")) {
            return AGENT;
        }
        if (JIT_NAMES.stream().anyMatch(name::startsWith)) {
            return JIT;
        }
        if (GC_NAMES.stream().anyMatch(name::startsWith)) {
            return GC;
        }
        if (JVM_NAMES.stream().anyMatch(p -> p.equals("java") ? name.equals(p) : name.startsWith(p))) {
            return JVM_OTHER;
        }
        return UNEXPLAINED;
    }
}
