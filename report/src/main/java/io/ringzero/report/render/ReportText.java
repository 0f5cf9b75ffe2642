package io.ringzero.report.render;

/**
 * The report's fixed sentences, in plain text, so that index.html and report.md say the same thing; each format
 * adds only its markup (and escapes, though none of these holds anything from the run).
 */
final class ReportText {

    static final String WHO_TITLE = "Who makes the syscalls";
    static final String WHO_NOTE = "The kernel's exact count per thread (bpftrace), each thread in a category by the name "
            + "the JVM gave it; on the application's threads, the stack the kernel recorded with each call decides where its "
            + "innermost frames name a JVM subsystem or a native library, then the agent's Java-level counts of a kind are "
            + "java_io, and the rest is unexplained. Thread names are cut at 15 bytes by the kernel; main is the thread that runs main() "
            + "(the agent names it), (unnamed) one the JVM did not name, e.g. started by a native library.";
    static final String STACKS_TITLE = "The stacks behind each category";
    static final String STACKS_NOTE = "The innermost user-space frames of the kernel-recorded stacks, innermost first: the "
            + "syscall's own address (libc's wrapper), the return addresses found on top of the stack (the wrapper's caller, "
            + "which the frame-pointer walk skips), then the frames the frame pointers lead to. Compiled Java code is named "
            + "from the JVM's perf map at exit (jit), the interpreter as Interpreter; [unknown] is an address in no file the "
            + "process had mapped at its last run-file write and in no code the JVM still had. For unexplained: the "
            + "application threads' stacks that nothing placed, of the kinds with unexplained calls.";
    static final String NO_KERNEL_COUNTS = "No kernel counts: the counts above are the JDK's Java-level I/O only; the "
            + "syscalls the JVM makes on its own (JIT, GC, class loading, thread synchronisation) are not in them, nor in "
            + "the Ring 0 prediction, which is then a lower bound. ringzero run and demo record the kernel's counts with "
            + "bpftrace (per thread) or perf where the machine allows (root, or the tracing permissions); the terminal said "
            + "why not at the run. The Threads table below comes from /proc and needs neither.";
    static final String THREADS_TITLE = "Threads";
    static final String THREADS_NOTE = "Every thread of the process at the run file's last write, from /proc/self/task "
            + "(no privilege needed): CPU seconds and read- and write-family syscalls (the kernel's syscr and syscw) since "
            + "the thread started. Threads that ended earlier are only in the process's times. Java: a live Java thread "
            + "has this name; the others are the JVM's own (or a native library's).";
    static final String NOT_FINAL_TITLE = "Not a final run file";
    static final String NOT_FINAL = "it was written during the run (the process may still run or have been killed); "
            + "the counts stop at its last write.";
    static final String CPU_TIME_NOTE = "Whole process, from /proc/self/stat at the run file's last write, in seconds "
            + "(the layout of the KML article's Table 2).";
    static final String NO_FINDINGS = "No pattern crossed the thresholds (small transfers, sync storms, repeated opens "
            + "or stats, empty polls, failing calls, seeks).";
    static final String PREDICTED_FIGURES = "Predicted figures: central value with its range in brackets.";
    static final String CROSSING_TITLE = "Measured bound: system time in syscall entry/exit";
    static final String CROSSING_NOTE = "System time \u00d7 the CPU profile's entry/exit share of kernel samples (to its "
            + "high end, with the samples on syscall wrappers): all ring 0 can remove, measured without the calibration. "
            + "Beside it the call-path saving from the counts (calls \u00d7 per-call saving).";
    static final String SITES_FLAME_GRAPH = "Flame graph of the syscall call sites";
    static final String THREADS_FLAME_GRAPH = "Flame graph of all syscalls by thread";
    static final String FILES_AND_SOCKETS_TITLE = "Files and sockets";
    static final String FILES_AND_SOCKETS_NOTE = "What the sampled stack walks saw the calls use: a file's path, a socket's "
            + "protocol and local -> peer addresses, a pipe. Calls are estimates, like the call sites' (each walk's calls, "
            + "scaled to its kind's exact count); ± is two standard errors (2 × calls / √walks), left out "
            + "when every call was walked. Calls made by path (stat, unlink, mkdir), epoll's and those whose walk found no "
            + "open descriptor name no resource.";
    static final String NO_RESOURCES = "The run names no resources (its agent predates them, or no walked call had "
            + "a descriptor).";
    /** The resources shown per site and in the table. */
    static final int RESOURCES_PER_SITE = 3, RESOURCE_ROWS = 20;

    private ReportText() {
    }
}
