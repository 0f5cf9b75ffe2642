package io.ringzero.agent;

import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;

/**
 * Entry point: {@code -javaagent:ringzero-agent.jar[=options]} or dynamic attach. Whatever goes wrong here,
 * the application runs on: one line on stderr, and no exception leaves this class.
 */
public final class RingZeroAgent {
    private static volatile boolean started;

    private RingZeroAgent() { }

    public static void premain(String args, Instrumentation inst) { start(args, inst); }

    public static void agentmain(String args, Instrumentation inst) { start(args, inst); }

    /** /proc/self names this process; ProcessHandle.current() would set up ProcessHandleImpl's reaper (~10 ms). */
    static long pid() {
        try {
            return Long.parseLong(new File("/proc/self").getCanonicalFile().getName());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }

    private static synchronized void start(String args, Instrumentation inst) {
        if (started) {
            System.err.println("ringzero: agent already running; ignoring the second start");
            return;
        }
        Options options;
        try {
            options = Options.parse(args, pid());
        } catch (IllegalArgumentException e) {
            System.err.println("ringzero: " + e.getMessage() + "; the application runs without RingZero");
            return;
        }
        try {
            // Kept in a separate class: nothing from the bootstrap-injected packages may load before injection.
            Startup.run(options, inst);
            started = true;
        } catch (Throwable e) {
            System.err.println("ringzero: agent disabled: " + e + "; the application runs without RingZero");
        }
    }
}
