package io.ringzero.agent.profile;

import io.ringzero.agent.count.Counters;
import io.ringzero.agent.record.OwnFiles;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import one.profiler.AsyncProfiler;

/**
 * async-profiler inside the agent: started from a background thread (loading the library and reading kernel
 * symbols takes hundreds of milliseconds), stopped and dumped at the final write. Whatever fails, the agent goes
 * on counting: one line on stderr when no profiler could run at all, and the reason in the run file.
 *
 * <p>Engines: {@code cpu} is perf_events' cpu-clock, the only one with kernel frames. When perf_event_open is
 * refused (perf_event_paranoid, seccomp, a container) it falls back to {@code ctimer}, then {@code itimer}, and
 * the run file says why. async-profiler's own {@code event=cpu} falls back silently, so the engine is chosen here.
 */
public final class ProfilerSession {
    static final String PARANOID = "/proc/sys/kernel/perf_event_paranoid";

    private final String requested;
    private final long intervalNs;
    private final String lib;
    private final Instrumentation inst;
    private final ProfilerFiles files;
    private final PrintStream err;
    private final int depth;
    private Thread starter;

    // Written by the starter thread, read by the recorder's threads after join or under the lock.
    private volatile String status;
    private volatile String engine, fallbackReason, error;
    private volatile Integer paranoid;
    private volatile ProfilerLog log = ProfilerLog.OFF;
    private long loadMs = -1, startMs = -1, loadCpuMs = -1, startCpuMs = -1;
    private boolean abandoned;
    private AsyncProfiler profiler;
    private boolean kernelFrames;
    private Path flameGraph, collapsed;

    private ProfilerSession(String requested, long intervalNs, String lib, Instrumentation inst, Path runFile, PrintStream err, int depth) {
        this.requested = requested;
        this.intervalNs = intervalNs;
        this.lib = lib;
        this.inst = inst;
        this.files = new ProfilerFiles(runFile);
        this.err = err;
        this.depth = depth;
        this.status = "off".equals(requested) ? "off" : "starting";
    }

    /**
     * Starts the profiler in the background ({@code requested} = cpu, ctimer, itimer or off: nothing starts).
     * {@code depth} is the call sites' depth: the run file's stacks keep as many Java frames.
     */
    public static ProfilerSession begin(String requested, long intervalNs, String lib, Instrumentation inst, Path runFile,
                                        PrintStream err, int depth) {
        ProfilerSession s = new ProfilerSession(requested, intervalNs, lib, inst, runFile, err, depth);
        if (!"off".equals(requested)) {
            s.starter = new Thread("ringzero-profiler") { // a class, not a method reference: no bootstrap at start-up
                @Override
                public void run() { s.startSafely(); }
            };
            s.starter.setDaemon(true);
            s.starter.start();
        }
        return s;
    }

    private void startSafely() {
        Counters.markOwnThread(); // extracting the .so and reading /proc are the agent's I/O, not the application's
        long t0 = System.nanoTime(), c0 = cpuNanos();
        try {
            start();
        } catch (Throwable e) {
            fail(describe(e));
        }
        synchronized (this) {
            startMs = (System.nanoTime() - t0) / 1_000_000;
            startCpuMs = (cpuNanos() - c0) / 1_000_000;
        }
    }

    private void start() throws Exception {
        if (abandonedBeforeStart()) return;
        paranoid = readParanoid();
        String other = ProfilerLibrary.otherCopy();
        if (other != null) {
            fail(other);
            return;
        }
        long t0 = System.nanoTime(), c0 = cpuNanos();
        ProfilerLibrary.enableNativeAccess(inst);
        AsyncProfiler p = ProfilerLibrary.load(lib);
        synchronized (this) {
            loadMs = (System.nanoTime() - t0) / 1_000_000;
            loadCpuMs = (cpuNanos() - c0) / 1_000_000;
        }
        // Starting reads the kernel's symbols under async-profiler's lock, which its own exit hook takes too: a
        // start begun after the exit write would hold the JVM's exit for its whole length, for nothing.
        if (abandonedBeforeStart()) return;
        log = ProfilerLog.in(files.log());
        // file=: should the JVM end with the profiler still running (it was abandoned at exit while starting),
        // async-profiler's own exit dump goes there instead of onto the application's stdout. A collapsed file, not
        // the HTML flame graph: that one is drawn recursively, on the exiting thread, whose stack is the
        // application's -Xss (docs/profiler/stack-overflow-repro.md).
        String common = ",interval=" + intervalNs + log.option() + ",file=" + files.collapsed();
        if ("cpu".equals(requested)) {
            try {
                // No separate "check": it costs a second perf set-up; a refused start leaves the profiler idle.
                p.execute("start,event=cpu-clock" + common);
                started(p, "cpu", true);
                return;
            } catch (IllegalStateException | IllegalArgumentException e) {
                String detail = log.firstLine("perf_event_open");
                fallbackReason = "perf_event_open failed: " + e.getMessage() + (detail == null ? "" : " [" + detail + "]")
                        + " (perf_event_paranoid=" + paranoid + ")";
            }
            for (String timer : new String[] {"ctimer", "itimer"}) {
                if (abandonedBeforeStart()) return;
                try {
                    p.execute("start,event=" + timer + common);
                    started(p, timer, false);
                    return;
                } catch (IllegalStateException | IllegalArgumentException e) {
                    fallbackReason += "; " + timer + " failed: " + e.getMessage();
                }
            }
            fail(fallbackReason);
        } else {
            p.execute("start,event=" + requested + common);
            started(p, requested, false);
        }
    }

    /** The exit write came first: nothing more is started (the section says abandoned already). */
    private synchronized boolean abandonedBeforeStart() { return abandoned; }

    private synchronized void started(AsyncProfiler p, String engine, boolean kernelFrames) {
        this.profiler = p;
        this.engine = engine;
        this.kernelFrames = kernelFrames;
        this.status = "running";
        if (abandoned) {
            p.stop();
            status = "abandoned";
        }
    }

    private synchronized void fail(String why) {
        error = why;
        status = "failed";
        if (!abandoned) err.println("ringzero: profiler not started: " + why + "; counting goes on");
    }

    static Integer readParanoid() {
        try {
            String text = OwnFiles.text(PARANOID);
            return text == null ? null : Integer.valueOf(text.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The run file's {@code profile} object. The final call stops the profiler and writes the flame graph and
     * the uncut samples beside the run file; an interval call dumps the samples so far. Called from the agent's
     * own threads.
     */
    public synchronized Map<String, Object> section(boolean isFinal) {
        if (isFinal && "starting".equals(status)) {
            // The exit does not wait for a start that can take a second on a busy machine: the profiler is
            // abandoned, and stopped by the starter as soon as it is up.
            abandoned = true;
            status = "abandoned";
            error = "the application ended before the profiler was up";
        }
        ProfileSection s = new ProfileSection(requested, intervalNs);
        s.engine = engine;
        s.kernelFrames = kernelFrames;
        s.fallbackReason = fallbackReason;
        s.error = error;
        s.paranoid = paranoid;
        s.loadMs = loadMs;
        s.loadCpuMs = loadCpuMs;
        s.startMs = startMs;
        s.startCpuMs = startCpuMs;
        if (profiler != null) dump(s, isFinal);
        s.status = status;
        s.flameGraph = flameGraph;
        s.collapsed = collapsed;
        s.warnings = log.warnings();
        return s.toMap();
    }

    private void dump(ProfileSection s, boolean isFinal) {
        long t0 = System.nanoTime();
        try {
            if (isFinal && "running".equals(status)) {
                profiler.stop();
                status = "stopped";
            }
            String text = profiler.execute("collapsed,ann" + log.option());
            CollapsedStacks samples = CollapsedStacks.parse(text);
            s.samples = samples.samples();
            s.stacks = InnermostStacks.of(samples, depth);
            if (isFinal) {
                OwnFiles.write(files.collapsed().toFile(), text.getBytes(StandardCharsets.UTF_8));
                collapsed = files.collapsed();
                try {
                    profiler.execute("flamegraph,file=" + files.flameGraph() + log.option());
                    flameGraph = files.flameGraph();
                } catch (Throwable e) {
                    // async-profiler writes the page itself: what a failed write left is no flame graph
                    if (files.flameGraph().toFile().isFile()) files.flameGraph().toFile().delete();
                    throw e;
                }
            }
        } catch (Throwable e) {
            s.error = "dump failed: " + describe(e);
        }
        s.dumpMs = (System.nanoTime() - t0) / 1_000_000;
    }

    private static long cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0L;
    }

    private static String describe(Throwable e) {
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.replace('\n', ' '));
    }
}
