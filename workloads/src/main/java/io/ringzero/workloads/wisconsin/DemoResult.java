package io.ringzero.workloads.wisconsin;

/**
 * What {@link Demo#run} saw.
 *
 * @param serverExitCode exit code of the server JVM; 0 when it stopped because its stdin closed
 * @param clientExitCode exit code of the client JVM; 0 when the whole query set ran
 * @param serverStop     how the server was stopped
 * @param clientSummary  the client's summary line (starts with {@code wisconsin: }), or empty if it printed none
 * @param serverStartSeconds from launching the server JVM to its READY line
 * @param clientSeconds  wall time of the client JVM, launch to exit
 * @param serverStopSeconds from asking the server to stop to its JVM's exit
 * @param totalSeconds   wall time of the whole demo
 */
public record DemoResult(
        int serverExitCode,
        int clientExitCode,
        ServerStop serverStop,
        String clientSummary,
        double serverStartSeconds,
        double clientSeconds,
        double serverStopSeconds,
        double totalSeconds) {

    /** How the server JVM ended, gentlest first. */
    public enum ServerStop {
        /** Its stdin was closed and it exited by itself. */
        STDIN_CLOSED,
        /** It got SIGTERM (Process.destroy) after not exiting on stdin close. */
        TERMINATED,
        /** It had to be killed; shutdown hooks did not run, so files (and an agent's run file) may be missing. */
        KILLED
    }

    /** True if both JVMs exited with 0 and the server stopped without being killed. */
    public boolean succeeded() {
        return serverExitCode == 0 && clientExitCode == 0 && serverStop != ServerStop.KILLED;
    }
}
