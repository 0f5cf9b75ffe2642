package io.ringzero.agent.record;

import io.ringzero.agent.count.Counters;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the run file every interval and at exit, from the agent's own threads (whose I/O is counted
 * apart). A write that fails is reported once on stderr and never reaches the application.
 */
public final class Recorder {
    static final int MAX_SNAPSHOTS = 3600;
    /**
     * The stack of the agent's two writer threads, whatever the application's {@code -Xss}: the final write has
     * async-profiler draw its flame graph, and its FlameGraph::printFrame recurses once per level of the deepest
     * sampled stack (up to 2048 Java frames plus native and kernel ones, 144 bytes a level on x64, about 300 KB).
     * On a thread of the application's size (-Xss256k) it ran off the stack: SIGSEGV, no hs_err
     * (docs/profiler/stack-overflow-repro.md). Only the pages touched are ever committed.
     */
    static final long STACK_BYTES = 8L << 20;

    /** A top-level section computed at each write (e.g. {@code profile}). */
    public interface Section {
        Map<String, Object> value(boolean isFinal);
    }

    /** Work the recorder thread polls for, about once a second, until {@link #poll} returns false. */
    public interface Poll {
        /** Returns whether to be called again. Runs on the recorder thread, whose I/O is the agent's. */
        boolean poll();
    }

    /** How often a {@link Poll} runs: the delay before an MBean appears once the platform MBeanServer exists. */
    static final long POLL_MS = 1000;

    /** What does not change during the run. */
    static final class Header {
        Map<String, Object> agent, process, machine, cpuStart;
        List<String> uncovered;
        /** What the counters held when this recorder's window opened. */
        Baseline since = Baseline.NONE;
        /** An attach window's number and start, or null for a run recorded from the JVM's start. */
        Map<String, Object> window;
    }

    private final Path out;
    private final long intervalMs;
    private final boolean quiet;
    private final PrintStream err;
    private final Header header = new Header();
    private final long startNanos = System.nanoTime();
    private final List<Map<String, Object>> snapshots = new ArrayList<>();
    private boolean warned;
    private volatile Section profile;
    private volatile Poll poll;
    /** Set by the final write: an interval write racing with shutdown must not replace the final file. */
    private boolean finished;
    private Thread exitHook, loop;

    public Recorder(Path out, double intervalSeconds, boolean quiet, Map<String, String> options, long installMs,
                    List<String> uncovered, PrintStream err) {
        this.out = out.toAbsolutePath();
        this.intervalMs = (long) (intervalSeconds * 1000);
        this.quiet = quiet;
        this.err = err;
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("version", version());
        agent.put("options", new LinkedHashMap<>(options));
        agent.put("latency_sample_every", Counters.latencySampleEvery());
        agent.put("site_sample_every", Counters.siteSampleEvery());
        agent.put("site_always_first", Counters.siteAlwaysFirst());
        agent.put("site_object_first", Counters.siteObjectFirst());
        agent.put("depth", io.ringzero.agent.count.CallSites.depth());
        agent.put("start_ms", System.currentTimeMillis());
        agent.put("install_ms", installMs);
        header.agent = agent;
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("pid", null); // with start_ms, from /proc on the recorder's thread
        process.put("command", System.getProperty("sun.java.command"));
        // -javaagent: the constructor runs on the thread that runs main(), which the JVM leaves unnamed for the kernel
        process.put("main_tid", null);
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("name", System.getProperty("java.vm.name"));
        jvm.put("vendor", System.getProperty("java.vendor"));
        jvm.put("version", System.getProperty("java.runtime.version"));
        jvm.put("home", System.getProperty("java.home"));
        process.put("jvm", jvm);
        process.put("start_ms", null);
        header.process = process;
        header.uncovered = uncovered;
    }

    /** Names the thread calling this as the one running {@code main()} (with -javaagent, in premain). */
    public void onMainThread() {
        header.process.put("main_tid", ProcStats.threadId());
    }

    /**
     * Makes this recorder an attach window's (before {@link #start()}): its run file holds what was counted from
     * now on, and says so in its {@code window} field.
     */
    public void openWindow(int number, boolean firstAttach) {
        header.since = firstAttach ? Baseline.NONE : Baseline.now();
        if (!firstAttach) io.ringzero.agent.count.Totals.openWindow();
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("number", number);
        w.put("start_ms", System.currentTimeMillis());
        header.window = w;
    }

    /** Adds the {@code profile} section to every write from now on. */
    public void setProfile(Section profile) { this.profile = profile; }

    /** Polls {@code p} from the recorder thread, from its start; to be set before {@link #start}. */
    public void setPoll(Poll p) { this.poll = p; }

    /**
     * Starts the recorder thread and registers the exit write. The start figures are read by that thread, off
     * the application's start-up path: they include the first milliseconds of the application.
     */
    public void start() {
        // Anonymous classes, not method references: each one's invokedynamic bootstrap costs milliseconds in a
        // JVM that is just starting.
        exitHook = new Thread(null, null, "ringzero-exit", STACK_BYTES) {
            @Override
            public void run() { writeFinal(); }
        };
        Runtime.getRuntime().addShutdownHook(exitHook);
        loop = new Thread(null, null, "ringzero-recorder", STACK_BYTES) {
            @Override
            public void run() { loop(); }
        };
        loop.setDaemon(true);
        loop.start();
    }

    /**
     * Ends an attach window: the final write, now, on the calling thread (the attach listener's, so that the
     * tool that ended the window finds the file complete), and no more writes from this recorder.
     *
     * @return false when the final write had happened already (the JVM is exiting) or failed
     */
    public boolean close() {
        boolean written = write(true) != null;
        loop.interrupt();
        try {
            Runtime.getRuntime().removeShutdownHook(exitHook);
        } catch (IllegalStateException exiting) {
            // the hook runs already and finds the window finished
        }
        return written;
    }

    /** Writes every interval and runs the poll in between, until neither is left to do. */
    private void loop() {
        Counters.markOwnThread();
        startFigures();
        boolean polling = poll != null;
        long nextWrite = intervalMs > 0 ? millis() + intervalMs : Long.MAX_VALUE;
        try {
            while (polling || intervalMs > 0) {
                if (polling) polling = poll();
                long now = millis();
                if (now >= nextWrite) {
                    write(false);
                    nextWrite += intervalMs;
                    now = millis();
                    if (nextWrite <= now) nextWrite = now + intervalMs; // a write slower than the interval: no burst after it
                }
                long wait = polling ? Math.min(POLL_MS, nextWrite - now) : nextWrite - now;
                if (wait > 0) Thread.sleep(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Under the writers' lock, and not after the exit write: a poll's I/O (its classes, loaded from the agent jar while
     * a short program may already be exiting) is the agent's own and must be in the exit write's figures, not after them.
     */
    private synchronized boolean poll() {
        if (finished) return false;
        try {
            return poll.poll();
        } catch (Throwable e) {
            if (!quiet) err.println("ringzero: " + e);
            return false;
        }
    }

    private static long millis() { return System.nanoTime() / 1_000_000; }

    private synchronized void startFigures() {
        if (header.cpuStart != null) return;
        header.cpuStart = ProcStats.process(seconds());
        // the machine facts too: on the recorder's thread at start, not on the exit path of a short run
        header.machine = ProcStats.machine();
        header.process.put("kml", ProcStats.kml());
        Long[] pidAndStart = ProcStats.pidAndStartMs();
        header.process.put("pid", pidAndStart[0] != null ? pidAndStart[0] : ProcessHandle.current().pid());
        header.process.put("start_ms", pidAndStart[1] != null ? pidAndStart[1] : System.currentTimeMillis());
    }

    private void writeFinal() {
        Counters.markOwnThread();
        Map<String, Object> doc = write(true);
        if (!quiet && doc != null) err.println(summary(doc, out));
    }

    synchronized Map<String, Object> write(boolean isFinal) {
        if (finished) return null;
        finished = isFinal;
        startFigures(); // a process that ends before the recorder thread ran
        try {
            Map<String, Object> now = ProcStats.process(seconds());
            snapshots.add(snapshot(now));
            if (snapshots.size() > MAX_SNAPSHOTS) thin();
            Map<String, Object> doc = document(now, snapshots, isFinal);
            OwnFiles.replace(out.toFile(), RunFile.toJson(doc).getBytes(StandardCharsets.UTF_8));
            return doc;
        } catch (IOException | RuntimeException | LinkageError e) {
            if (!warned) {
                warned = true;
                err.println("ringzero: cannot write run file " + out + ": " + e);
            }
            return null;
        }
    }

    /**
     * Writes the run file as it is now to {@code path} (not final; the interval snapshots, and one for now that the
     * run keeps no trace of) and returns the absolute path written. Its I/O is the agent's, whichever thread calls.
     */
    public synchronized String dump(Path path) throws IOException {
        boolean previous = Counters.setOwn(true);
        try {
            startFigures();
            Path target = path.toAbsolutePath();
            Map<String, Object> now = ProcStats.process(seconds());
            List<Map<String, Object>> snaps = new ArrayList<>(snapshots);
            snaps.add(snapshot(now));
            Map<String, Object> doc = document(now, snaps, false);
            OwnFiles.replace(target.toFile(), RunFile.toJson(doc).getBytes(StandardCharsets.UTF_8));
            return target.toString();
        } finally {
            Counters.setOwn(previous);
        }
    }

    private Map<String, Object> snapshot(Map<String, Object> now) {
        Map<String, Object> snap = new LinkedHashMap<>(now);
        snap.put("calls", RunFile.callsByKind(header.since));
        return snap;
    }

    private Map<String, Object> document(Map<String, Object> now, List<Map<String, Object>> snaps, boolean isFinal) {
        // read before the counters are: its reads are the agent's own I/O, which the file must hold
        List<Map<String, Object>> threads = ThreadTable.now();
        List<Map<String, Object>> codeMaps = CodeMaps.now();
        Map<String, Object> doc = RunFile.document(header, now, snaps, isFinal);
        doc.put("threads", threads);
        doc.put("code_maps", codeMaps);
        Section p = profile;
        if (p != null) doc.put("profile", p.value(isFinal));
        return doc;
    }

    /** Halves the snapshots (every second one dropped) so a long run keeps its whole timeline. */
    private void thin() {
        List<Map<String, Object>> kept = new ArrayList<>();
        for (int i = 0; i < snapshots.size(); i++) if (i % 2 == 0 || i == snapshots.size() - 1) kept.add(snapshots.get(i));
        snapshots.clear();
        snapshots.addAll(kept);
    }

    private double seconds() { return (System.nanoTime() - startNanos) / 1e9; }

    @SuppressWarnings("unchecked")
    static String summary(Map<String, Object> doc, Path out) {
        List<Map<String, Object>> sys = (List<Map<String, Object>>) doc.get("syscalls");
        StringBuilder top = new StringBuilder();
        for (int i = 0; i < Math.min(4, sys.size()); i++) {
            top.append(i == 0 ? "" : ", ").append(sys.get(i).get("name")).append(' ').append(sys.get(i).get("calls"));
        }
        Map<String, Object> totals = (Map<String, Object>) doc.get("totals");
        return "ringzero: " + totals.get("calls") + " syscalls from Java I/O" + (top.length() > 0 ? " (" + top + ")" : "")
                + "; run file " + out;
    }

    private static String version() {
        String v = Recorder.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
