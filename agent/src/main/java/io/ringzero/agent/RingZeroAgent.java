package io.ringzero.agent;

import io.ringzero.agent.record.Recorder;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;

/**
 * Entry point: {@code -javaagent:ringzero-agent.jar[=options]} or dynamic attach. Whatever goes wrong here,
 * the application runs on: one line on stderr, and no exception leaves this class.
 *
 * <p>Attached, the agent counts in windows: the first attach installs the hooks and opens window 1; option
 * {@code stop} ends the open window (its final run file is written before the attach returns); a later attach
 * opens the next window with the hooks already in place. The state is published in system properties, which
 * {@code ringzero attach} reads through the Attach API before it loads anything.
 */
public final class RingZeroAgent {
    /** This agent's version, set at its start. */
    public static final String VERSION_PROPERTY = "ringzero.agent.version";
    /** {@code javaagent} (counting from the JVM's start) or {@code attach} (counting in windows). */
    public static final String MODE_PROPERTY = "ringzero.agent.mode";
    /** The run file of the open window; absent when no window is open. */
    public static final String WINDOW_PROPERTY = "ringzero.window";

    private static boolean started, attached;
    private static Startup.Installed installed;
    private static Recorder window;
    private static int windows;

    private RingZeroAgent() { }

    public static void premain(String args, Instrumentation inst) { start(args, inst, false); }

    public static void agentmain(String args, Instrumentation inst) { start(args, inst, true); }

    /** /proc/self names this process; ProcessHandle.current() would set up ProcessHandleImpl's reaper (~10 ms). */
    static long pid() {
        try {
            return Long.parseLong(new File("/proc/self").getCanonicalFile().getName());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }

    private static synchronized void start(String args, Instrumentation inst, boolean attach) {
        Options options;
        try {
            options = Options.parse(args, pid());
            if (options.stop && !attach) throw new IllegalArgumentException("option 'stop' ends an attach window; it has no use with -javaagent");
        } catch (IllegalArgumentException e) {
            System.err.println("ringzero: " + e.getMessage() + "; the application runs without RingZero");
            return;
        }
        if (started && !(attach && attached)) {
            System.err.println("ringzero: agent already running; ignoring the second start");
            return;
        }
        try {
            if (options.stop) {
                stopWindow();
                return;
            }
            if (!started) {
                // Kept in a separate class: nothing from the bootstrap-injected packages may load before injection.
                installed = Startup.install(options, inst);
                started = true;
                attached = attach;
                System.setProperty(VERSION_PROPERTY, version());
                System.setProperty(MODE_PROPERTY, attach ? "attach" : "javaagent");
                // The JVM's attach listener: its later work for us (reading the jar at each load, the final write
                // of a window) is the agent's, as is anything a tool asks of it (jcmd), never the application's.
                if (attach) Startup.markOwnThread();
            } else if (window != null) {
                System.err.println("ringzero: a window is open already (" + System.getProperty(WINDOW_PROPERTY) + "); ignoring the attach");
                return;
            }
            window = Startup.record(options, inst, installed, attach ? ++windows : 0);
            if (attach) System.setProperty(WINDOW_PROPERTY, new File(options.out).getAbsolutePath());
        } catch (Throwable e) {
            System.err.println("ringzero: agent disabled: " + e + "; the application runs without RingZero");
        }
    }

    private static void stopWindow() {
        if (window == null) {
            System.err.println("ringzero: no window is open; nothing to stop");
            return;
        }
        Recorder closing = window;
        window = null;
        System.clearProperty(WINDOW_PROPERTY);
        closing.close();
    }

    private static String version() {
        String v = RingZeroAgent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
