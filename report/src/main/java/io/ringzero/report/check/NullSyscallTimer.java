package io.ringzero.report.check;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Times getppid through JNA on two threads of the launcher, one without and one with the filters (a
 * seccomp filter belongs to the thread that installs it), in alternating batches. The difference of the
 * two fastest batches is what the filters add to every syscall; the JNA path cancels out.
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

    private static volatile int sink;

    private NullSyscallTimer() {
    }

    /** The result: ns per getppid on the unfiltered and on the filtered thread (fastest batches). */
    record Pair(double unfilteredNs, double filteredNs) {
        double deltaNs() {
            return filteredNs - unfilteredNs;
        }
    }

    /** Compiles the batch method before anything is timed, so both threads time the same compiled code. */
    static void warmUp() {
        for (int i = 0; i < WARM_UP_BATCHES; i++) {
            batch(WARM_UP_BATCH);
        }
    }

    /**
     * Alternates a batch on the calling (unfiltered) thread with one on {@code filteredThread}; the
     * fastest batch of each side counts, so a batch during which a thread was preempted does not.
     */
    static Pair sideBySide(ExecutorService filteredThread) {
        long bestUnfiltered = Long.MAX_VALUE;
        long bestFiltered = Long.MAX_VALUE;
        Callable<Long> filteredBatch = () -> batch(BATCH);
        for (int b = 0; b < BATCHES; b++) {
            bestUnfiltered = Math.min(bestUnfiltered, batch(BATCH));
            bestFiltered = Math.min(bestFiltered, on(filteredThread, filteredBatch));
        }
        return new Pair(bestUnfiltered / (double) BATCH, bestFiltered / (double) BATCH);
    }

    private static long on(ExecutorService thread, Callable<Long> task) {
        try {
            return thread.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("timing on the filtered thread failed", e.getCause());
        }
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
