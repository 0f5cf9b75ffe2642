package io.ringzero.agent;

import io.ringzero.agent.count.CallSites;
import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.Syscall;
import io.ringzero.agent.instrument.BootInjector;
import io.ringzero.agent.instrument.Installer;
import io.ringzero.agent.instrument.JdkAbi;
import io.ringzero.agent.instrument.NativeBridges;
import io.ringzero.agent.live.LiveViews;
import io.ringzero.agent.profile.ProfilerSession;
import io.ringzero.agent.record.Recorder;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/** The start-up sequence, in the order it must happen. */
final class Startup {
    /** What installing left for the recordings: how long it took and what it could not instrument. */
    record Installed(long installMs, List<String> uncovered) { }

    /**
     * The JFR events and the MBean: one set for the JVM's life, whichever window records. Made with the first
     * recorder, not in a static initialiser: that runs before the bootstrap injection.
     */
    private static LiveViews live;

    private Startup() { }

    static Installed install(Options o, Instrumentation inst) throws Exception {
        long t0 = System.nanoTime();
        BootInjector.inject(inst, BootInjector.agentJar(Startup.class));
        boolean previous = Counters.setOwn(true); // the agent's own start-up I/O (loading its classes) is not the application's
        try {
            return install(o, inst, t0);
        } finally {
            Counters.setOwn(previous);
        }
    }

    private static Installed install(Options o, Instrumentation inst, long t0) throws ReflectiveOperationException {
        JdkAbi abi = JdkAbi.of(Paths.get(System.getProperty("java.home")));
        Syscall.useLegacyStatAbi(abi.legacyStat);
        Syscall.filesStat = abi.statx ? Syscall.STATX : Syscall.jdkStat;
        Counters.configure(o.latency, o.sample, o.first, o.sites);
        CallSites.configureDepth(o.depth);
        long t1 = System.nanoTime();
        NativeBridges.install();
        long t2 = System.nanoTime();
        Installer installer = new Installer();
        installer.install(inst);
        if (System.getenv("RZ_DEBUG") != null) System.err.println("inject+config " + (t1 - t0) / 1000000 + " ms, bridges " + (t2 - t1) / 1000000 + " ms, install " + (System.nanoTime() - t2) / 1000000 + " ms");
        return new Installed((System.nanoTime() - t0) / 1_000_000, installer.uncovered());
    }

    static void markOwnThread() { Counters.markOwnThread(); }

    /**
     * Starts writing a run file: from the JVM's start ({@code window} 0), or for an attach window (1 for the
     * first attach, then 2, 3, ...).
     */
    static Recorder record(Options o, Instrumentation inst, Installed installed, int window) {
        boolean previous = Counters.setOwn(true);
        try {
            Recorder recorder = new Recorder(Path.of(o.out), o.interval, o.quiet, o.given, installed.installMs(),
                    installed.uncovered(), System.err);
            if (window > 0) recorder.openWindow(window, window == 1);
            else recorder.onMainThread(); // premain runs on the thread that then runs main()
            if (live == null) live = new LiveViews();
            live.follow(recorder); // JFR events and the MBean, set up from the recorder thread
            recorder.start();
            // Last, after the exit write is registered: the profiler loads on its own thread, so its hundreds of
            // milliseconds are neither the application's start-up nor in the way of the agent's own.
            ProfilerSession profiler = ProfilerSession.begin(o.profile, o.profileIntervalNs, o.profileLib, inst, Path.of(o.out), System.err, o.depth);
            // an anonymous class, not a method reference: its invokedynamic bootstrap costs milliseconds here
            recorder.setProfile(new Recorder.Section() {
                @Override
                public Map<String, Object> value(boolean isFinal) {
                    return profiler.section(isFinal);
                }
            });
            return recorder;
        } finally {
            Counters.setOwn(previous);
        }
    }
}
