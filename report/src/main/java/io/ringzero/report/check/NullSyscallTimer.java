package io.ringzero.report.check;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Times getppid through JNA on two threads of the launcher, one without and one with the filters (a
 * seccomp filter belongs to the thread that installs it), in alternating batches. The median difference
 * of the pairs is what the filters add to every syscall; the JNA path cancels out.
 *
 * <p>Each batch is timed by the wall clock and by the thread's own CPU clock; the check uses the CPU
 * clock's difference. Under load a batch is stretched by whatever else the scheduler runs on that CPU,
 * in wall time only: at load average 7-8 the wall clock read up to 1.6 times the CPU clock's delta for
 * the same filter, and N_eff fitted on it came out 0.61-0.93 N where the CPU clock's gave 0.99-1.04 N,
 * same runs (docs/check.md).
 *
 * <p>Why side by side rather than "before, then after": on the shared development machine the baseline
 * of one launcher moved between about 300, 420 and 560 ns from one run to the next, so a before/after
 * difference carried that jump; batches that alternate every few milliseconds see the same machine.
 */
final class NullSyscallTimer {

    private static final int WARM_UP_BATCHES = 300;
    private static final int WARM_UP_BATCH = 500;
    private static final int BATCH = 5_000;
    private static final int BATCHES = 40;
    private static final int SAMPLE_BATCH = 1_000;

    private static volatile int sink;

    private NullSyscallTimer() {
    }

    /**
     * ns per getppid on the unfiltered thread and with the filters (baseline + median difference), timed
     * by the wall clock and, batch for batch, by each thread's own CPU clock.
     */
    record Pair(double unfilteredNs, double filteredNs, double cpuUnfilteredNs, double cpuFilteredNs) {
        double deltaNs() {
            return filteredNs - unfilteredNs;
        }

        double cpuDeltaNs() {
            return cpuFilteredNs - cpuUnfilteredNs;
        }
    }

    /** Compiles the batch method before anything is timed, so both threads time the same compiled code. */
    static void warmUp() {
        for (int i = 0; i < WARM_UP_BATCHES; i++) {
            batch(WARM_UP_BATCH);
        }
    }

    /**
     * Alternates a batch on the calling (unfiltered) thread with one on {@code filteredThread} and takes
     * medians: of each side's batches, and of the differences of the pairs.
     *
     * <p>Medians, not the fastest batches: the machine flips between a fast and a slow state within
     * seconds, the fastest batch of 40 is nearly always a fast-state one, while the workload runs through
     * both. Seen here: minima gave 390 ns for a filter under which the workload's syscalls paid about
     * 520 ns, and N_eff came out 34 % above the counted N. A median of pairs follows the typical state
     * and still ignores a batch that was preempted.
     */
    static Pair sideBySide(ExecutorService filteredThread) {
        double[] unfiltered = new double[BATCHES];
        double[] differences = new double[BATCHES];
        double[] cpuUnfiltered = new double[BATCHES];
        double[] cpuDifferences = new double[BATCHES];
        Callable<long[]> filteredBatch = () -> timedBatch(BATCH);
        for (int b = 0; b < BATCHES; b++) {
            long[] u = timedBatch(BATCH);
            long[] f = on(filteredThread, filteredBatch);
            unfiltered[b] = u[0] / (double) BATCH;
            differences[b] = (f[0] - u[0]) / (double) BATCH;
            cpuUnfiltered[b] = u[1] / (double) BATCH;
            cpuDifferences[b] = (f[1] - u[1]) / (double) BATCH;
        }
        return new Pair(median(unfiltered), median(unfiltered) + median(differences),
                median(cpuUnfiltered), median(cpuUnfiltered) + median(cpuDifferences));
    }

    /** One small pair, taken while the workload runs: filtered minus unfiltered ns per call, wall and CPU clock. */
    static double[] samplePair(ExecutorService filteredThread) {
        long[] u = timedBatch(SAMPLE_BATCH);
        long[] f = on(filteredThread, () -> timedBatch(SAMPLE_BATCH));
        return new double[]{(f[0] - u[0]) / (double) SAMPLE_BATCH, (f[1] - u[1]) / (double) SAMPLE_BATCH};
    }

    /** Mean of the middle 60 %: the workload pays the mean over the machine's states, not a preempted pair. */
    static double trimmedMean(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int cut = s.length / 5;
        double sum = 0;
        for (int i = cut; i < s.length - cut; i++) {
            sum += s[i];
        }
        return sum / (s.length - 2 * cut);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static <T> T on(ExecutorService thread, Callable<T> task) {
        try {
            return thread.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("timing on the filtered thread failed", e.getCause());
        }
    }

    /** Wall ns and the calling thread's CPU ns of one batch. */
    private static long[] timedBatch(int calls) {
        long c0 = LauncherNatives.threadCpuNs();
        long wall = batch(calls);
        return new long[]{wall, LauncherNatives.threadCpuNs() - c0};
    }

    private static long batch(int calls) {
        int s = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            s += LauncherNatives.getppid();
        }
        long t = System.nanoTime() - t0;
        sink += s;
        return t;
    }
}
