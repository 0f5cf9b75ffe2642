package io.ringzero.agent.profile;

import io.ringzero.agent.count.Counters;
import io.ringzero.agent.record.OwnFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    public static final String PARANOID = "/proc/sys/kernel/perf_event_paranoid";
    private static final int MAX_WARNINGS = 20;

    private final String requested;
    private final long intervalNs;
    private final String lib;
    private final Instrumentation inst;
    private final Path runFile;
    private final PrintStream err;
    private final int depth;
    private Thread starter;

    // Written by the starter thread, read by the recorder's threads after join or under the lock.
    private volatile String status;
    private volatile String engine, fallbackReason, error;
    private volatile Integer paranoid;
    private long loadMs = -1, startMs = -1, loadCpuMs = -1, startCpuMs = -1;
    private boolean abandoned;
    private AsyncProfiler profiler;
    private boolean kernelFrames;
    private Path flameGraph, collapsedPath;
    private volatile Path log;

    private ProfilerSession(String requested, long intervalNs, String lib, Instrumentation inst, Path runFile, PrintStream err, int depth) {
        this.requested = requested;
        this.intervalNs = intervalNs;
        this.lib = lib;
        this.inst = inst;
        this.runFile = runFile.toAbsolutePath();
        this.err = err;
        this.depth = depth;
        this.status = "off".equals(requested) ? "off" : "starting";
    }

    /** Starts the profiler in the background ({@code requested} = cpu, ctimer, itimer or off: nothing starts). */
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
        String other = otherCopy();
        if (other != null) {
            fail(other);
            return;
        }
        long t0 = System.nanoTime(), c0 = cpuNanos();
        enableNativeAccess();
        AsyncProfiler p = load();
        synchronized (this) {
            loadMs = (System.nanoTime() - t0) / 1_000_000;
            loadCpuMs = (cpuNanos() - c0) / 1_000_000;
        }
        // Starting reads the kernel's symbols under async-profiler's lock, which its own exit hook takes too: a
        // start begun after the exit write would hold the JVM's exit for its whole length, for nothing.
        if (abandonedBeforeStart()) return;
        // file=: should the JVM end with the profiler still running (it was abandoned at exit while starting),
        // async-profiler's own exit dump goes there instead of onto the application's stdout.
        logArg = logOption();
        String common = ",interval=" + intervalNs + logArg + ",file=" + flameGraphFile();
        if ("cpu".equals(requested)) {
            try {
                // No separate "check": it costs a second perf set-up; a refused start leaves the profiler idle.
                p.execute("start,event=cpu-clock" + common);
                started(p, "cpu", true);
                return;
            } catch (IllegalStateException | IllegalArgumentException e) {
                String detail = firstLogLine("perf_event_open");
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

    /**
     * The library from {@code profile_lib}, else extracted from the agent jar by the agent itself: async-profiler's
     * own extraction names the file with File.createTempFile, whose SecureRandom initialises java.security (some
     * twenty reads of JDK files) on whichever thread gets there first; done here, the profiler's thread never
     * takes that one-time work away from the application, and start-up is shorter. The copy is kept and reused by
     * later runs ({@link LibraryCopy}); only when that fails is a copy extracted for this run alone.
     */
    private AsyncProfiler load() throws IOException {
        if (lib != null) return AsyncProfiler.getInstance(lib);
        String arch = System.getProperty("os.arch", "");
        String platform = !System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux") ? null
                : arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64" : arch.equals("aarch64") ? "linux-arm64" : null;
        java.net.URL url = platform == null ? null : ProfilerSession.class.getResource("/" + platform + "/libasyncProfiler.so");
        if (url == null) return AsyncProfiler.getInstance(); // its own lookup, and its own error for an unknown platform
        Path kept = LibraryCopy.of(url);
        if (kept != null) return AsyncProfiler.getInstance(kept.toString());
        Path so = Paths.get(System.getProperty("java.io.tmpdir"),
                "ringzero-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-libasyncProfiler.so");
        // The exit does not wait for this thread: a JVM that ends during the copy or the load would leave the file.
        so.toFile().deleteOnExit();
        try (java.io.InputStream in = url.openStream()) {
            Files.copy(in, so);
            return AsyncProfiler.getInstance(so.toString());
        } finally {
            Files.deleteIfExists(so); // the mapping outlives the file
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

    /**
     * A second copy of async-profiler must not be touched: one the application loaded (its native library is
     * mapped already, e.g. {@code -agentpath}) or ships on the class path (our {@code one.profiler} classes would be
     * its, and its own start would then fail).
     */
    private static String otherCopy() throws IOException {
        byte[] maps = OwnFiles.bytes("/proc/self/maps");
        if (maps == null) throw new IOException("cannot read /proc/self/maps");
        for (String line : new String(maps, StandardCharsets.ISO_8859_1).split("\n")) {
            int i = line.indexOf('/');
            if (i >= 0 && line.contains("libasyncProfiler")) return "another async-profiler is already in this process (" + line.substring(i) + ")";
        }
        java.security.CodeSource mine = ProfilerSession.class.getProtectionDomain().getCodeSource();
        java.security.CodeSource theirs = AsyncProfiler.class.getProtectionDomain().getCodeSource();
        if (mine != null && theirs != null && !mine.getLocation().equals(theirs.getLocation())) {
            return "the application's class path has its own async-profiler (" + theirs.getLocation() + ")";
        }
        return null;
    }

    /**
     * JDK 22+ warns on stderr when code without native access calls System.load. The agent's classes share the
     * class path's unnamed module, and JDK 25 decides native access for every unnamed module through one flag
     * (ALL-UNNAMED), so that flag is set, as {@code --enable-native-access=ALL-UNNAMED} would (side effect: the
     * application's own System.load calls no longer warn either). The methods are JDK-internal; their names
     * differ between releases, so each known one is tried.
     */
    private void enableNativeAccess() {
        if (Runtime.version().feature() < 22 || inst == null) return;
        try {
            Module mine = ProfilerSession.class.getModule();
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(mine)), Set.of(), Map.of());
            for (String name : new String[] {"implAddEnableNativeAccessToAllUnnamed", "implAddEnableNativeAccessAllUnnamed"}) {
                try {
                    Method m = Module.class.getDeclaredMethod(name);
                    m.setAccessible(true);
                    m.invoke(null);
                } catch (NoSuchMethodException e) {
                    // not this release's name
                }
            }
            Method m = Module.class.getDeclaredMethod("implAddEnableNativeAccess");
            m.setAccessible(true);
            m.invoke(mine);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the JDK then prints its own warning; the profiler still loads
        }
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
     * async-profiler prints its warnings on the application's stdout, including "Could not open log file": the
     * log is {@code <run>.profiler.log}, created (emptied) by the agent first, or, if that fails, logging is off.
     * It stays beside the run file: async-profiler may still write to it at the very end of the JVM.
     */
    /** Every command needs its own log option: a dump without one prints "No samples were collected" on stdout. */
    private String logArg = ",loglevel=none";

    private String logOption() {
        Path p = runFile.resolveSibling(runFile.getFileName() + ".profiler.log");
        try {
            OwnFiles.write(p.toFile(), new byte[0]);
            log = p;
            return ",log=" + p;
        } catch (IOException | RuntimeException e) {
            return ",loglevel=none";
        }
    }

    public Path flameGraphFile() { return runFile.resolveSibling(runFile.getFileName() + ".cpu.html"); }

    public Path collapsedFile() { return runFile.resolveSibling(runFile.getFileName() + ".cpu.collapsed"); }

    public Path sitesFile() { return runFile.resolveSibling(runFile.getFileName() + ".sites.collapsed"); }

    /**
     * The run file's {@code profile} object. The final call stops the profiler and writes the flame graphs; an
     * interval call dumps the samples so far. Called from the agent's own threads.
     */
    public synchronized Map<String, Object> section(boolean isFinal, List<Map<String, Object>> syscalls) {
        if (isFinal && "starting".equals(status)) {
            // The exit does not wait for a start that can take a second on a busy machine: the profiler is
            // abandoned, and stopped by the starter as soon as it is up.
            abandoned = true;
            status = "abandoned";
            error = "the application ended before the profiler was up";
        }
        return sectionLocked(isFinal, syscalls);
    }

    private Map<String, Object> sectionLocked(boolean isFinal, List<Map<String, Object>> syscalls) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requested", requested);
        m.put("engine", engine);
        m.put("status", status);
        m.put("kernel_frames", kernelFrames);
        m.put("interval_ns", intervalNs);
        m.put("fallback_reason", fallbackReason);
        m.put("error", error);
        m.put("perf_event_paranoid", paranoid);
        m.put("load_ms", loadMs < 0 ? null : loadMs);
        m.put("load_cpu_ms", loadCpuMs < 0 ? null : loadCpuMs);
        m.put("start_ms", startMs < 0 ? null : startMs);
        m.put("start_cpu_ms", startCpuMs < 0 ? null : startCpuMs);
        Map<String, Object> figures = null;
        if (profiler != null) {
            long t0 = System.nanoTime();
            try {
                if (isFinal && "running".equals(status)) {
                    profiler.stop();
                    status = "stopped";
                    m.put("status", status);
                }
                String collapsed = profiler.execute("collapsed,ann" + logArg);
                figures = KernelShare.of(CollapsedStacks.parse(collapsed), depth).toMap(kernelFrames);
                if (isFinal) {
                    // The raw samples, so that a reader can classify them differently than KernelShare does.
                    OwnFiles.write(collapsedFile().toFile(), collapsed.getBytes(StandardCharsets.UTF_8));
                    collapsedPath = collapsedFile();
                    profiler.execute("flamegraph,file=" + flameGraphFile() + logArg);
                    flameGraph = flameGraphFile();
                }
            } catch (Throwable e) {
                m.put("error", "dump failed: " + describe(e));
            }
            m.put("dump_ms", (System.nanoTime() - t0) / 1_000_000);
        }
        m.putAll(figures != null ? figures : new KernelShare().toMap(false)); // no samples: nothing to parse
        m.put("flamegraph", flameGraph == null ? null : flameGraph.toString());
        m.put("collapsed", collapsedPath == null ? null : collapsedPath.toString());
        Path sites = null;
        if (isFinal) {
            try {
                SitesCollapsed.write(sitesFile(), syscalls);
                sites = sitesFile();
            } catch (IOException | RuntimeException e) {
                m.put("error", "cannot write " + sitesFile() + ": " + e);
            }
        }
        m.put("sites_collapsed", sites == null ? null : sites.toString());
        m.put("warnings", warnings());
        return m;
    }

    /** The first line of async-profiler's log that mentions {@code what}: the errno behind a refused start. */
    private String firstLogLine(String what) {
        for (String line : logLines(log)) if (line.contains(what)) return line.trim();
        return null;
    }

    /** async-profiler's warnings go to its log, never to the application's stdout or stderr. */
    private List<String> warnings() {
        List<String> w = new ArrayList<>();
        for (String line : logLines(log)) { // the warnings are a courtesy: no log, no warnings
            if (!line.isBlank() && w.size() < MAX_WARNINGS) w.add(line.trim());
        }
        return w;
    }

    /** The log's lines (none when there is no log); a line break is \n or \r\n, as async-profiler writes them. */
    private static String[] logLines(Path log) {
        String text = log == null ? null : OwnFiles.text(log.toString());
        return text == null || text.isEmpty() ? new String[0] : text.split("\n");
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
