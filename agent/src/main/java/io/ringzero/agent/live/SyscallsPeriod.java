package io.ringzero.agent.live;

import io.ringzero.agent.count.Counters;
import io.ringzero.agent.count.Syscall;
import io.ringzero.agent.count.Totals;

/**
 * JFR's periodic hook for {@link SyscallsEvent}, on JFR's periodic thread: one event per kind the application has
 * called, with what changed since the previous run of the hook, so that the events' calls add up to the totals.
 */
final class SyscallsPeriod implements Runnable {
    private long[] last = new long[Counters.SIZE];

    @Override
    public synchronized void run() {
        boolean previous = Counters.setOwn(true);
        try {
            long[] now = Totals.of(false);
            for (int k = 0; k < Syscall.COUNT; k++) {
                int b = k * Counters.STRIDE;
                if (now[b + Counters.CALLS] == 0) continue;
                SyscallsEvent e = new SyscallsEvent();
                e.kind = Syscall.NAMES[k];
                e.calls = now[b + Counters.CALLS] - last[b + Counters.CALLS];
                e.bytes = now[b + Counters.BYTES] - last[b + Counters.BYTES];
                e.errors = now[b + Counters.ERRORS] - last[b + Counters.ERRORS];
                e.totalCalls = now[b + Counters.CALLS];
                e.totalBytes = now[b + Counters.BYTES];
                e.totalErrors = now[b + Counters.ERRORS];
                e.commit();
            }
            last = now;
        } finally {
            Counters.setOwn(previous);
        }
    }
}
