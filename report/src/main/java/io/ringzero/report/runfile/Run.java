package io.ringzero.report.runfile;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * Typed view of a run file ({@code ringzero.run/1} and {@code /2}), field for field as in {@code docs/run-file.md}.
 * Boxed numbers are the ones the schema allows to be {@code null} (a /proc value that could not be read).
 */
public record Run(
        String schema,
        @JsonProperty("final") boolean isFinal,
        Agent agent,
        Process process,
        Machine machine,
        Cpu cpu,
        Totals totals,
        List<Syscall> syscalls,
        AgentOwn agentOwn,
        List<Snapshot> snapshots,
        List<String> uncovered,
        KernelOracle kernelOracle,
        Profile profile,
        Window window,
        List<ThreadFigures> threads,
        List<CodeMap> codeMaps) {

    /** The same run with another profile section (the reader's derived figures). */
    public Run withProfile(Profile p) {
        return new Run(schema, isFinal, agent, process, machine, cpu, totals, syscalls, agentOwn, snapshots, uncovered,
                kernelOracle, p, window, threads, codeMaps);
    }

    /**
     * One thread of the process at the run file's write, from /proc/self/task (since 2.2): its name as the kernel keeps
     * it (15 bytes), CPU seconds and read- and write-family syscalls since it started, and whether a live Java thread
     * has that name ({@code daemon} null when unknown or two such threads differ).
     */
    public record ThreadFigures(long tid, String name, Double userS, Double systemS, Long syscr, Long syscw,
                                Boolean java, Boolean daemon) {
    }

    /**
     * An executable file mapping of the process at the run file's write (since 2.3): addresses and file offset in
     * hexadecimal, as {@code /proc/self/maps} prints them.
     */
    public record CodeMap(String start, String end, String offset, String path) {
        public long from() {
            return Long.parseUnsignedLong(start, 16);
        }

        public long to() {
            return Long.parseUnsignedLong(end, 16);
        }

        public long fileOffset() {
            return Long.parseUnsignedLong(offset, 16);
        }
    }

    /**
     * A thread's name as the report shows it: the JVM leaves the thread that runs main() unnamed for the kernel
     * ("java", the launcher's), and the agent records its tid.
     */
    public String threadName(long tid, String kernelName) {
        Long main = process == null ? null : process.mainTid();
        return main != null && main == tid ? "main" : kernelName;
    }

    /** An attach window ({@code ringzero attach}): its number in the JVM's life and its start (epoch ms); null for a whole run. */
    public record Window(int number, Long startMs) {
    }

    public record Agent(String version, Map<String, String> options, long latencySampleEvery,
                        long siteSampleEvery, long siteAlwaysFirst, int depth, Long startMs, Long installMs) {
    }

    public record Process(Long pid, String command, Jvm jvm, Long startMs, Long nowMs, Double uptimeS, Kml kml, Long mainTid) {
    }

    public record Jvm(String name, String vendor, String version, String home) {
    }

    public record Kml(boolean ring0, String atSysinfo) {
    }

    public record Machine(String kernel, String cpuModel, Integer cpus, Map<String, String> vulnerabilities) {
    }

    public record Cpu(Figures start, Figures now) {
    }

    /** The process figures of docs/run-file.md: cumulative since the process started, except {@code t_s}. */
    public record Figures(Double tS, Double userS, Double systemS, Long syscr, Long syscw,
                          Long voluntaryCtxtSwitches, Long nonvoluntaryCtxtSwitches, Long threads) {
    }

    public record Totals(long calls, long errors, long bytesRequested, long bytes) {
    }

    public record Syscall(String name, long calls, long errors, long bytesRequested, long bytes,
                          Map<String, Long> errorsByClass, Latency latency, List<Site> sites) {
    }

    public record Latency(long timed, long sumNs, long[] log2Ns) {
    }

    /** {@code resources} since 2.1: empty for older files and for sites whose calls had no descriptor. */
    public record Site(long calls, long walked, String api, List<String> frames, List<Resource> resources) {
    }

    /** What a site's walked calls used (since 2.1): a file's path, a socket's addresses; calls scaled as the site's. */
    public record Resource(String resource, long calls, long walked) {
    }

    public record AgentOwn(List<Syscall> syscalls) {
    }

    public record Snapshot(Double tS, Double userS, Double systemS, Long syscr, Long syscw,
                           Long voluntaryCtxtSwitches, Long nonvoluntaryCtxtSwitches, Long threads,
                           Map<String, Long> calls) {
    }

    /**
     * The CPU profile (since 1.1; null in older files). The agent writes the samples' innermost {@code stacks}
     * (since 2.0) and the reader derives the kernel figures from them ({@link ProfileFigures}); files of major 1
     * carry the figures the agent derived. The kernel figures are null when the engine samples no kernel frames;
     * the side-file paths are null when the file was not written.
     */
    public record Profile(String requested, String engine, String status, Boolean kernelFrames, Long intervalNs,
                          String fallbackReason, String error, Long samples, Long kernelSamples, Double kernelShare,
                          Long syscallSamples, Long entryExitSamples, Double entryExitShareOfKernel, Long wrapperSamples,
                          Double entryExitShareOfKernelHigh, Long exitWorkSamples, Long bodySamples,
                          Long otherKernelSamples, List<ProfiledSyscall> bySyscall, String flamegraph, String collapsed,
                          List<String> warnings, List<String> stacks) {
    }

    /** A syscall kind whose body was sampled, with the Java chains into it (frames innermost first). */
    public record ProfiledSyscall(String name, long samples, Double shareOfKernel, List<Chain> chains) {
    }

    public record Chain(long samples, List<String> frames) {
    }

    /** Reserved field written by {@code ringzero run}: the kernel's own per-syscall totals for the process. */
    public record KernelOracle(String tool, Map<String, Long> syscalls, Long total, List<KernelThread> threads,
                               List<KernelStack> stacks, Double tracerS) {
        /** Without a per-thread breakdown (perf, strace). */
        public KernelOracle(String tool, Map<String, Long> syscalls, Long total) {
            this(tool, syscalls, total, null, null, null);
        }

        public KernelOracle(String tool, Map<String, Long> syscalls, Long total, List<KernelThread> threads,
                            List<KernelStack> stacks) {
            this(tool, syscalls, total, threads, stacks, null);
        }

        public KernelOracle withStacks(List<KernelStack> s) {
            return new KernelOracle(tool, syscalls, total, threads, s, tracerS);
        }
    }

    /**
     * The syscalls of one kind one thread made from one user-space stack ({@code kernel_oracle.stacks}, bpftrace
     * only, since 2.3): its innermost frames, innermost first, as "symbol (library)"; empty when the tracer could
     * not keep the stack (the calls are then only in the thread's counts).
     */
    public record KernelStack(long tid, String syscall, long calls, List<String> frames) {
    }

    /**
     * One thread's syscalls as the kernel saw them ({@code kernel_oracle.threads}, bpftrace only): its last name
     * (the JVM names its threads; 15 bytes, as the kernel keeps them); {@code tid} 0 for the row that sums the
     * threads beyond the first {@code MAX_THREADS}.
     */
    public record KernelThread(long tid, String name, long calls, Map<String, Long> syscalls) {
    }
}
