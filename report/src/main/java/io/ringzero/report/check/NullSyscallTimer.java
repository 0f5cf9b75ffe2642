package io.ringzero.report.check;

/**
 * Times getppid through JNA. The launcher takes it before and after installing its filters: the
 * difference is what the filters add to every syscall, the JNA path cancelling out.
 */
final class NullSyscallTimer {

    private static final int WARM_UP_CALLS = 60_000;
    private static final int BATCH = 5_000;
    private static final int BATCHES = 40;

    private NullSyscallTimer() {
    }

    /**
     * Nanoseconds per getppid: the fastest of several batches, so a batch during which this thread was
     * preempted (the machine is shared) does not count.
     */
    static double nsPerCall() {
        int sink = 0;
        // The loop must be compiled before it is timed, as it will be when timed after the filter.
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            sink += LauncherNatives.getppid();
        }
        double best = Double.MAX_VALUE;
        for (int b = 0; b < BATCHES; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < BATCH; i++) {
                sink += LauncherNatives.getppid();
            }
            best = Math.min(best, (System.nanoTime() - t0) / (double) BATCH);
        }
        if (sink == 42) {
            System.err.print("");   // keeps the calls alive
        }
        return best;
    }
}
